"""A clinic adds its own test; it is the clinic's alone and as coherent as a shipped one."""

from decimal import Decimal

import pytest
from django.utils.html import escape

from assessments.forms import BAND_EXPECTED
from assessments.models import (
    BAND_MCID_NOT_POSITIVE,
    BAND_OUT_OF_RANGE,
    BAND_UPSIDE_DOWN,
    BANDS_OVERLAP,
    GRADE_ORDER_AGAINST_BETTER,
    MCID_PERCENT_NOT_FOR_KIND,
    MCID_PERCENT_RANGE,
    PAIN_TEST_NEEDED,
    THRESHOLD_NEEDS_SOURCE,
    TestDefinition,
)
from tests.factories import TestDefinitionFactory

HOP = {
    "name": "Single-leg hop for distance",
    "body_region": "lower_limb",
    "kind": "number",
    "unit": "cm",
    "value_min": "0",
    "value_max": "300",
    "decimals": "0",
    "sided": "on",
    "better": "higher",
    "grade_labels": "",
    "compensations": "Knee valgus on landing\n\nTrunk lean\n",
    "evidence_note": "No threshold known.",
}


def test_a_clinician_adds_a_test_to_the_clinics_library(alice_http, northside):
    response = alice_http.post("/tests/new/", HOP)
    test = TestDefinition.objects.get(clinic__isnull=False)
    assert response.status_code == 302
    assert response["Location"] == "/tests/#test-single-leg-hop-for-distance"
    assert (test.clinic, test.slug, test.unit, test.value_max) == (
        northside,
        "single-leg-hop-for-distance",
        "cm",
        Decimal(300),
    )
    assert test.sided and test.compensations == ["Knee valgus on landing", "Trunk lean"]
    assert "Single-leg hop for distance" in alice_http.get("/tests/").content.decode()


def test_an_incoherent_test_is_refused_with_reasons(alice_http):
    cases = [
        ({"unit": ""}, "A number needs its unit."),
        ({"value_min": "400"}, "above the lowest"),
        ({"kind": "grade", "unit": "", "value_min": "", "value_max": ""}, "at least two steps"),
        ({"mdc": "12"}, "Give the source of this threshold."),
    ]
    for change, message in cases:
        response = alice_http.post("/tests/new/", {**HOP, **change})
        assert response.status_code == 200
        assert message in response.content.decode(), message
    assert not TestDefinition.objects.filter(clinic__isnull=False).exists()


def test_a_second_test_with_the_same_name_is_refused(alice_http):
    alice_http.post("/tests/new/", HOP)
    response = alice_http.post("/tests/new/", HOP)
    assert "already has a test with this name" in response.content.decode()
    assert TestDefinition.objects.filter(clinic__isnull=False).count() == 1


def test_another_clinic_never_sees_the_test(alice_http, charlie_http):
    alice_http.post("/tests/new/", HOP)
    assert "Single-leg hop" not in charlie_http.get("/tests/").content.decode()


def test_a_read_only_member_cannot_add_a_test(bob_http):
    assert bob_http.post("/tests/new/", HOP).status_code == 403
    assert "/tests/new/" not in bob_http.get("/tests/").content.decode()
    assert not TestDefinition.objects.filter(clinic__isnull=False).exists()


def test_a_clinics_test_carries_its_own_thresholds_and_pain_test(alice_http, library):
    nprs = library["nprs-movement"]
    response = alice_http.post(
        "/tests/new/",
        {
            **HOP,
            "percent_meaningful": "on",
            "records_pain": "on",
            "pain_test": str(nprs.pk),
            "mcid": "20",
            "mcid_percent": "15",
            "mcid_bands": "0–100: 10\n\n101-300: 30\n",
            "mcid_source": "Our audit, 2025.",
        },
    )
    assert response.status_code == 302
    test = TestDefinition.objects.get(clinic__isnull=False)
    assert (test.mcid, test.mcid_percent, test.percent_meaningful) == (20, 15, True)
    assert test.mcid_bands == [
        {"low": 0, "high": 100, "mcid": 10},
        {"low": 101, "high": 300, "mcid": 30},
    ]
    assert test.records_pain and test.pain_test == nprs
    page = alice_http.get("/tests/").content.decode()
    assert "MCID 20 cm; by baseline 0–100: 10 · 101–300: 30; or 15 %" in page
    assert "judged as Pain with the provoking movement (NPRS)" in page


def test_a_pain_test_left_chosen_after_unticking_pain_is_dropped(alice_http, library):
    response = alice_http.post("/tests/new/", {**HOP, "pain_test": library["nprs-rest"].pk})
    assert response.status_code == 302
    test = TestDefinition.objects.get(clinic__isnull=False)
    assert not test.records_pain and test.pain_test is None


SOURCED = {"mcid_source": "Our audit, 2025."}


# fmt: off
BAD_THRESHOLDS = [
    pytest.param({"mcid_bands": "5 to seven"}, "mcid_bands", BAND_EXPECTED.format(line=1),
                 id="band-not-understood"),
    pytest.param({"mcid_bands": "0–100: 10\nlots", **SOURCED}, "mcid_bands",
                 BAND_EXPECTED.format(line=2), id="second-line-not-understood"),
    pytest.param({"mcid_bands": "0–100: 10\n50–300: 20", **SOURCED}, "mcid_bands", BANDS_OVERLAP,
                 id="bands-overlap"),
    pytest.param({"mcid_bands": "0–400: 10", **SOURCED}, "mcid_bands",
                 BAND_OUT_OF_RANGE.format(low=0, high=300), id="band-outside-the-range"),
    pytest.param({"mcid_bands": "10–0: 10", **SOURCED}, "mcid_bands", BAND_UPSIDE_DOWN,
                 id="band-upside-down"),
    pytest.param({"mcid_bands": "0–100: 0", **SOURCED}, "mcid_bands", BAND_MCID_NOT_POSITIVE,
                 id="band-mcid-zero"),
    pytest.param({"mcid_bands": "0–100: 10"}, "mcid_source", THRESHOLD_NEEDS_SOURCE,
                 id="bands-without-source"),
    pytest.param({"mcid_percent": "150", **SOURCED}, "mcid_percent", MCID_PERCENT_RANGE,
                 id="percent-above-100"),
    pytest.param({"mcid_percent": "lots"}, "mcid_percent", "Type a number, like 12 or 12.25.",
                 id="percent-not-a-number"),
    pytest.param({"mcid_percent": "1,500", **SOURCED}, "mcid_percent",
                 "“1,500” could be 1.5 or 1500", id="percent-thousands"),
    pytest.param({"mcid_percent": "30"}, "mcid_source", THRESHOLD_NEEDS_SOURCE,
                 id="percent-without-source"),
    pytest.param({"kind": "sign", "unit": "", "value_min": "", "value_max": "", "better": "lower",
                  "mcid_percent": "30", **SOURCED},
                 "mcid_percent", MCID_PERCENT_NOT_FOR_KIND, id="percent-on-a-sign"),
    pytest.param({"records_pain": "on"}, "pain_test", PAIN_TEST_NEEDED,
                 id="pain-without-pain-test"),
    pytest.param({"kind": "grade", "unit": "", "value_min": "", "value_max": "",
                  "grade_labels": "0 good\n1 fair\n2 poor", "better": "lower",
                  "best_grade": "last"},
                 "best_grade", GRADE_ORDER_AGAINST_BETTER, id="grade-order-against-better"),
    pytest.param({"best_grade": "middle"}, "best_grade", "Select a valid choice.",
                 id="best-grade-unknown"),
]
# fmt: on


@pytest.mark.parametrize(("change", "field", "message"), BAD_THRESHOLDS)
def test_a_bad_threshold_is_refused_with_its_reason_beside_the_field(
    alice_http, library, change, field, message
):
    response = alice_http.post("/tests/new/", {**HOP, **change})
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<p class="field-error" id="id_{field}_error">{escape(message)}' in body, body
    assert not TestDefinition.objects.filter(clinic__isnull=False).exists()


GRADE = {
    "kind": "grade",
    "unit": "",
    "value_min": "",
    "value_max": "",
    "grade_labels": "0 good\n1 fair\n2 poor",
}


# fmt: off
# What the form settles when the clinician leaves it: a percent change only where it can mean
# something, and the best grade at the end the test's direction names.
DERIVED = [
    pytest.param({"percent_meaningful": "on"}, True, "last", id="cm-ticked"),
    pytest.param({}, False, "last", id="cm-unticked"),
    pytest.param({"unit": "score", "percent_meaningful": "on"}, False, "last", id="score"),
    pytest.param({"unit": "percent", "percent_meaningful": "on"}, False, "last", id="percentage"),
    pytest.param({"value_min": "-10", "percent_meaningful": "on"}, False, "last",
                 id="range-below-zero"),
    pytest.param({**GRADE, "better": "lower"}, False, "first", id="grade-lower-is-better"),
    pytest.param({**GRADE, "better": "higher"}, False, "last", id="grade-higher-is-better"),
    pytest.param({"grade_labels": "Poor\nGood"}, False, "last", id="quality-beside-a-number"),
]
# fmt: on


@pytest.mark.parametrize(("change", "percent_meaningful", "best_grade"), DERIVED)
def test_the_form_settles_the_percent_change_and_the_best_grade_it_is_not_given(
    alice_http, library, change, percent_meaningful, best_grade
):
    posted = {k: v for k, v in HOP.items() if k != "percent_meaningful"} | change
    response = alice_http.post("/tests/new/", posted)
    assert response.status_code == 302, response.content.decode()
    test = TestDefinition.objects.get(clinic__isnull=False)
    assert (test.percent_meaningful, test.best_grade) == (percent_meaningful, best_grade)


def test_another_clinics_pain_test_cannot_be_chosen(alice_http, northside, southside):
    theirs = TestDefinitionFactory(pain=True, clinic=southside)
    response = alice_http.post("/tests/new/", {**HOP, "records_pain": "on", "pain_test": theirs.pk})
    assert 'id="id_pain_test_error">Select a valid choice.' in response.content.decode()
    assert not TestDefinition.objects.filter(clinic=northside).exists()


def test_the_form_offers_the_shipped_and_the_clinics_own_pain_tests_only(
    alice_http, library, northside, southside
):
    own = TestDefinitionFactory(pain=True, clinic=northside, name="Our pain scale")
    TestDefinitionFactory(pain=True, clinic=southside, name="Their pain scale")
    TestDefinitionFactory(clinic=northside, name="Our hop")
    body = alice_http.get("/tests/new/").content.decode()
    select = body.split('name="pain_test"', 1)[1].split("</select>", 1)[0]
    assert f'value="{own.pk}">Our pain scale' in select
    assert "Pain at rest (NPRS)" in select and "Their pain scale" not in select
    assert "Our hop" not in select
