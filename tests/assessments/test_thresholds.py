"""Every threshold the comparison applies comes from the test's definition, table by table.

Each row is a test definition's thresholds, a baseline and a retest, and the verdict; the
definition goes through `facts_for` exactly as the report builds it.
"""

import datetime
from dataclasses import replace
from decimal import Decimal

import pytest

from assessments import services
from assessments.comparison import Band, Ordinal, judge_scale
from assessments.models import AssessmentTest, TestDefinition
from assessments.report import facts_for
from tests.assessments.test_comparison import NPRS
from tests.factories import TestDefinitionFactory

SOURCE = {"mdc_source": "Our audit, 2025.", "mcid_source": "Our audit, 2025."}
# A clinic's own hop test in cm, 0–300, higher is better.
HOP = {"unit": "cm", "value_min": Decimal(0), "value_max": Decimal(300), **SOURCE}
BANDS = [{"low": 0, "high": 100, "mcid": 10}, {"low": 101, "high": 300, "mcid": 30}]
# A clinic's own pain test: kind pain, 0–10, lower is better.
PAIN = {"pain": True, **SOURCE}


# fmt: off
CLINIC_CASES = [
    # MCID 20 and no MDC: 100 → 115 falls short of the MCID.
    pytest.param(HOP | {"mcid": Decimal(20)}, 100, 115, "within measurement error", 15.0,
                 id="mcid-not-reached"),
    # The same change is 15 % of the baseline: a percent MCID of 10 makes it important.
    pytest.param(HOP | {"mcid": Decimal(20), "mcid_percent": Decimal(10)}, 100, 115,
                 "beyond MCID", 15.0, id="percent-mcid-reached"),
    # Bands: 50 → 62 gains 12 ≥ the band's 10, though below the test's MCID of 20 …
    pytest.param(HOP | {"mcid": Decimal(20), "mcid_bands": BANDS}, 50, 62, "beyond MCID", 24.0,
                 id="low-band"),
    # … and 150 → 170 gains 20 = the test's MCID, but its band asks for 30.
    pytest.param(HOP | {"mcid": Decimal(20), "mcid_bands": BANDS}, 150, 170,
                 "within measurement error", 13.33, id="high-band"),
    # Percent change is shown only where the definition says it means something.
    pytest.param(HOP | {"mdc": Decimal(10), "percent_meaningful": False}, 100, 115,
                 "beyond MDC", None, id="no-percent"),
    # A clinic's pain test with an MDC of 1 and an MCID of 2: 3 → 2 is real but small …
    pytest.param(PAIN | {"mdc": Decimal(1), "mcid": Decimal(2)}, 3, 2, "beyond MDC", -33.33,
                 id="pain-own-mcid"),
    # … unless its own band says 1 point matters from a baseline of 0–3.
    pytest.param(PAIN | {"mdc": Decimal(1), "mcid": Decimal(2),
                         "mcid_bands": [{"low": 0, "high": 3, "mcid": 1}]},
                 3, 2, "beyond MCID", -33.33, id="pain-own-band"),
    # A clinic's pain test with no threshold of its own gets none: no NPRS default applies.
    pytest.param(PAIN, 6, 2, "no threshold known", -66.67, id="pain-without-thresholds"),
]
# fmt: on


@pytest.mark.parametrize(("fields", "before", "after", "threshold", "percent"), CLINIC_CASES)
def test_a_clinics_own_test_is_judged_on_its_own_thresholds(
    northside, fields, before, after, threshold, percent
):
    test = TestDefinitionFactory.build(clinic=northside, **fields)
    test.full_clean()
    step = judge_scale(facts_for(test).value, before, after)
    assert step.threshold == threshold
    assert step.percent == (pytest.approx(percent, abs=0.01) if percent is not None else None)


# Either end of the labels may be the best; the core always reads them best first.
@pytest.mark.parametrize(
    ("labels", "better", "best_grade"),
    [
        (["Poor", "Fair", "Good"], "higher", "last"),
        (["Good", "Fair", "Poor"], "lower", "first"),
    ],
)
def test_the_grade_order_is_read_from_the_definition(db, labels, better, best_grade):
    test = TestDefinitionFactory.build(
        kind="grade",
        unit="",
        value_min=None,
        value_max=None,
        grade_labels=labels,
        better=better,
        best_grade=best_grade,
    )
    test.full_clean()
    assert facts_for(test).value == Ordinal(("Good", "Fair", "Poor"))


@pytest.mark.parametrize(
    ("labels", "best_grade"),
    [(["Poor", "Fair", "Good"], "last"), (["Good", "Fair", "Poor"], "first")],
)
def test_a_quality_grade_beside_a_number_follows_its_best_grade(db, labels, best_grade):
    test = TestDefinitionFactory.build(grade_labels=labels, best_grade=best_grade)
    test.full_clean()
    assert facts_for(test).grade == Ordinal(("Good", "Fair", "Poor"))


# The shipped NPRS row as loaded: MDC 2, MCID 2.2, bands 1–4: 1, 5–7: 2, 8–10: 4, or 30 %.
# fmt: off
SHIPPED_PAIN_CASES = [
    # 9 → 6: 3 is below the 8–10 band's 4, but 33 % ≥ 30 % makes it important.
    pytest.param({}, 9, 6, "beyond MCID", id="as-shipped"),
    # Without the percent rule on the row, the same change is only beyond the MDC.
    pytest.param({"mcid_percent": None}, 9, 6, "beyond MDC", id="row-without-percent"),
    # With a band of 8–10: 3 on the row, 3 points are important again.
    pytest.param({"mcid_percent": None, "mcid_bands": [{"low": 8, "high": 10, "mcid": 3}]},
                 9, 6, "beyond MCID", id="row-with-other-band"),
    # 3 → 1 reaches the 1–4 band's MCID of 1; without bands, 2 falls short of the row's MCID of
    # 2.2, and 67 % passes its 30 % …
    pytest.param({"mcid_bands": []}, 3, 1, "beyond MCID", id="row-without-bands"),
    # … so without bands and without the percent rule, 2 points are only beyond the MDC.
    pytest.param({"mcid_bands": [], "mcid_percent": None}, 3, 1, "beyond MDC",
                 id="row-without-bands-or-percent"),
    # … and with an MDC of 3 on the row, 2 points are within measurement error.
    pytest.param({"mdc": Decimal(3)}, 3, 1, "within measurement error", id="row-with-other-mdc"),
]
# fmt: on


@pytest.mark.parametrize(("row", "before", "after", "threshold"), SHIPPED_PAIN_CASES)
def test_a_shipped_pain_test_reads_its_thresholds_from_its_row(
    library, row, before, after, threshold
):
    TestDefinition.objects.filter(pk=library["nprs-rest"].pk).update(**row)
    nprs = TestDefinition.objects.get(pk=library["nprs-rest"].pk)
    assert judge_scale(facts_for(nprs).value, before, after).threshold == threshold


@pytest.mark.parametrize(("row", "before", "after", "threshold"), SHIPPED_PAIN_CASES)
def test_pain_beside_a_movement_is_judged_on_its_pain_tests_row(
    library, row, before, after, threshold
):
    bridge = library["glute-bridge"]
    assert bridge.pain_test == library["nprs-movement"]
    TestDefinition.objects.filter(pk=bridge.pain_test_id).update(**row)
    bridge = TestDefinition.objects.select_related("pain_test").get(pk=bridge.pk)
    assert judge_scale(facts_for(bridge).pain, before, after).threshold == threshold


def test_the_report_follows_the_pain_tests_row(alice_http, ana, alice, library):
    bridge = library["glute-bridge"]
    baseline = services.assessment_create_baseline(client=ana, clinician=alice.user, tests=[bridge])
    retest = services.assessment_create_retest(
        baseline=baseline,
        clinician=alice.user,
        performed_at=baseline.performed_at + datetime.timedelta(days=7),
    )
    for round_, pain in ((baseline, 9), (retest, 6)):
        item = AssessmentTest.objects.select_related("test", "assessment__client").get(
            assessment=round_, test=bridge
        )
        services.finding_save(item=item, side="none", pain=pain)
    url = f"/assessments/{baseline.pk}/report/"
    assert "better, clinically important" in alice_http.get(url).content.decode()
    TestDefinition.objects.filter(slug="nprs-movement").update(mcid_percent=None)
    assert "better, beyond measurement error" in alice_http.get(url).content.decode()


# The comparison tables' NPRS with the shipped row's checked figures: the MCID's range of
# 1.5–2.2 points and the 8–10 band's range of 3–4 points at their conservative ends, and the
# population the thresholds were measured in.
SHIPPED_NPRS = replace(
    NPRS,
    mcid=2.2,
    mcid_bands=(Band(1, 4, 1), Band(5, 7, 2), Band(8, 10, 4)),
    population="low back pain",
)


def test_the_shipped_nprs_rows_give_the_scale_the_comparison_tables_use(library):
    assert facts_for(library["nprs-rest"]).value == SHIPPED_NPRS
    assert facts_for(library["nprs-movement"]).value == SHIPPED_NPRS
    assert facts_for(library["single-leg-squat"]).pain == SHIPPED_NPRS
    # For a client whose problem is low back pain, the population goes unsaid.
    assert facts_for(library["nprs-rest"], "Low back pain").value == replace(
        SHIPPED_NPRS, population=""
    )
