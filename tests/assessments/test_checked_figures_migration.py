"""Migration 0010 writes the figures checked in their sources onto the shipped tests of a
database that is migrated without loading the library again; a clinic's own tests keep theirs."""

import pytest

from assessments.models import TestDefinition
from tests.assessments.helpers import remove_shipped_library
from tests.migrating import migrate, migrate_to_latest

BEFORE = [("assessments", "0009_threshold_population")]
BASICS = {"body_region": "lumbar", "protocol": "As taught.", "sort_order": 1}
# The ODI as the library shipped it before the figures were checked.
OLD_ODI = {
    "kind": "number", "unit": "percent", "value_min": 0, "value_max": 100, "better": "lower",
    "mdc": 10, "mdc_source": "MDC90 ≈ 10–11 points.", "mcid": 10, "mcid_percent": 30,
    "mcid_source": "10 points or 30 %.", "evidence_to_check": True,
}  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_shipped_rows_receive_the_checked_figures_and_clinic_rows_keep_theirs():
    remove_shipped_library()
    old = migrate(BEFORE)
    try:
        clinic = old.get_model("clinic", "Clinic").objects.create(name="North", slug="north")
        tests = old.get_model("assessments", "TestDefinition").objects
        tests.create(slug="odi", name="Oswestry Disability Index", **OLD_ODI, **BASICS)
        tests.create(clinic_id=clinic.pk, slug="odi", name="Our ODI", **OLD_ODI, **BASICS)
    finally:
        migrate_to_latest()

    odi = TestDefinition.objects.get(clinic__isnull=True, slug="odi")
    # MDC90 10.5–15 → 15, MCID 10–12 → 12: the conservative ends; the sources say so.
    assert (odi.mdc, odi.mcid, odi.mcid_percent) == (15, 12, 30)
    assert "15 used, the conservative end" in odi.mdc_source
    assert (odi.threshold_population, odi.mdc_same_rater, odi.evidence_to_check) == (
        "low back pain",
        False,
        False,
    )
    own = TestDefinition.objects.get(clinic__isnull=False, slug="odi")
    assert (own.mdc, own.mcid, own.mdc_source) == (10, 10, "MDC90 ≈ 10–11 points.")
    assert own.evidence_to_check and own.threshold_population == ""
