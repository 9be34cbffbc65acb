"""Migration 0005 stores on each test the thresholds the report used to apply from constants:
every test that existed before it is judged exactly as it was."""

from decimal import Decimal

import pytest

from assessments.comparison import Better, Ordinal, Scale
from assessments.models import TestDefinition
from assessments.report import facts_for
from tests.assessments.helpers import remove_shipped_library
from tests.assessments.test_thresholds import SHIPPED_NPRS
from tests.migrating import migrate, migrate_to_latest

BEFORE = [("assessments", "0004_intervention_dose_shared_with_exercises")]

# What the report applied to pain before 0005: to a shipped pain test and to the pain recorded
# beside any test, MDC 2, MCID 2, the NPRS bands and 30 %; to a clinic's own pain test, its own
# MDC and MCID or else 2 each, with neither bands nor percent.
OWN_PAIN = Scale(better=Better.LOWER, unit="/10", minimum=0, maximum=10, mdc=2, mcid=2)
SOURCED_PAIN = Scale(better=Better.LOWER, unit="/10", minimum=0, maximum=10, mdc=1.5, mcid=3)


def number(unit: str, low: int, high: int, **fields) -> dict:
    return {"kind": "number", "unit": unit, "value_min": low, "value_max": high, **fields}


PAIN = {"kind": "pain", "better": "lower"}
SOURCES = {"mdc_source": "Our audit.", "mcid_source": "Our audit."}
# The clinic's tests as they stood before 0005, by slug, and the facts they were judged by;
# pain beside them is judged on the shipped NPRS row, which carries the checked figures (0009).
# fmt: off
OWN_TESTS = {
    "own-pain": (PAIN, {"value": OWN_PAIN}),
    "own-pain-sourced": (PAIN | {"mdc": Decimal("1.5"), "mcid": 3, **SOURCES},
                         {"value": SOURCED_PAIN}),
    "own-step-down": (
        {"kind": "grade", "better": "lower", "grade_labels": ["0 good", "1 fair", "2 poor"],
         "records_pain": True},
        {"value": Ordinal(("0 good", "1 fair", "2 poor")), "pain": SHIPPED_NPRS},
    ),
    "own-bridge": (
        {"kind": "grade", "better": "higher", "grade_labels": ["Poor", "Fair", "Good"]},
        {"value": Ordinal(("Good", "Fair", "Poor"))},
    ),
    # A grade beside a number was read worst first whichever way the number improves.
    "own-hold": (
        number("seconds", 0, 600, better="lower", grade_labels=["Poor", "Good"],
               records_pain=True),
        {"value": Scale(better=Better.LOWER, unit="s", minimum=0, maximum=600),
         "grade": Ordinal(("Good", "Poor")), "pain": SHIPPED_NPRS},
    ),
    "own-angle": (
        number("degrees", -30, 50, better="higher"),
        {"value": Scale(better=Better.HIGHER, unit="°", minimum=-30, maximum=50,
                        percent_meaningful=False)},
    ),
    "own-score": (
        number("score", 0, 80, better="higher", mdc=9, mcid=9, **SOURCES),
        {"value": Scale(better=Better.HIGHER, unit="points", minimum=0, maximum=80, mdc=9,
                        mcid=9, percent_meaningful=False)},
    ),
    "own-percent": (
        number("percent", 0, 100, better="lower", mdc=10, mcid=10, **SOURCES),
        {"value": Scale(better=Better.LOWER, unit="%", minimum=0, maximum=100, mdc=10, mcid=10,
                        percent_meaningful=False)},
    ),
    "own-reps": (
        number("reps", 0, 150, better="higher"),
        {"value": Scale(better=Better.HIGHER, unit="reps", minimum=0, maximum=150)},
    ),
}
# fmt: on


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("library_loaded", [True, False], ids=["library-loaded", "no-library"])
def test_every_existing_test_is_judged_as_before_the_migration(library_loaded):
    remove_shipped_library()
    old = migrate(BEFORE, policies=False)
    try:
        clinic = old.get_model("clinic", "Clinic").objects.create(name="North", slug="north")
        tests = old.get_model("assessments", "TestDefinition").objects
        basics = {"body_region": "general", "protocol": "As taught.", "sort_order": 1}
        if library_loaded:
            for slug in ("nprs-rest", "nprs-movement"):
                tests.create(slug=slug, name=slug, mdc=2, mcid=2, **SOURCES, **PAIN, **basics)
        for slug, (fields, _) in OWN_TESTS.items():
            tests.create(clinic_id=clinic.pk, slug=slug, name=slug, **basics, **fields)
    finally:
        # 0005 and every migration after it, so the tests that follow find the schema whole.
        migrate_to_latest()

    for slug, (_, expected) in OWN_TESTS.items():
        facts = facts_for(TestDefinition.objects.get(clinic__isnull=False, slug=slug))
        assert facts.value == expected["value"], slug
        assert facts.grade == expected.get("grade"), slug
        assert facts.pain == expected.get("pain"), slug
    shipped = TestDefinition.objects.filter(clinic__isnull=True)
    assert {t.slug for t in shipped} == (
        {"nprs-rest", "nprs-movement"} if library_loaded else {"nprs-movement"}
    )
    # The shipped rows then carry the figures checked in their sources (0009).
    for test in shipped:
        assert facts_for(test).value == SHIPPED_NPRS, test.slug
