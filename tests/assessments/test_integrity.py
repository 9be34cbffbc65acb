"""PostgreSQL refuses bad findings and rounds however they are written, not only the forms."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from assessments.models import (
    BAND_OUT_OF_RANGE,
    BANDS_OVERLAP,
    PAIN_OUT_OF_RANGE,
    PAIN_TEST_NOT_AVAILABLE,
    PAIN_TEST_NOT_PAIN,
    PAIN_TEST_UNUSED,
    Assessment,
    AssessmentKind,
    Finding,
    Side,
    TestDefinition,
)
from tests.factories import AssessmentFactory, TestDefinitionFactory


@pytest.fixture
def rom(db) -> TestDefinition:
    return TestDefinitionFactory(name="Hip extension ROM", sided=True, value_min=-30, value_max=50)


@pytest.fixture
def bridge(db) -> TestDefinition:
    return TestDefinitionFactory(name="Glute bridge", graded=True)


@pytest.fixture
def round_(ana, alice, rom, bridge) -> Assessment:
    return AssessmentFactory(client=ana, clinician=alice.user, tests=[rom, bridge])


BAND = {"low": 0, "high": 10, "mcid": 2}
SOURCED = {"mcid_source": "Our audit, 2025."}
GRADE = {
    "kind": "grade",
    "unit": "",
    "value_min": None,
    "value_max": None,
    "grade_labels": ["A", "B"],
}
SIGN = {"kind": "sign", "unit": "", "value_min": None, "value_max": None, "better": "lower"}


def refused(write) -> None:
    """The write raises IntegrityError, checked at once, and leaves the transaction usable."""
    with pytest.raises(IntegrityError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        write()


BAD_FINDINGS = [
    pytest.param({"test": "bridge", "pain": -1}, id="pain-minus-1"),
    pytest.param({"test": "bridge", "pain": 11}, id="pain-11"),
    pytest.param({"test": "bridge", "grade": -1}, id="grade-negative"),
    pytest.param({"test": "bridge", "grade": 3}, id="grade-beyond-scale"),
    pytest.param({"test": "bridge", "side": "up"}, id="side-unknown"),
    pytest.param({"test": "bridge", "side": "left"}, id="side-on-unsided-test"),
    pytest.param({"test": "rom", "side": "none", "value": Decimal(5)}, id="no-side-on-sided"),
    pytest.param({"test": "rom", "value": Decimal(51)}, id="rom-above-range"),
    pytest.param({"test": "rom", "value": Decimal(-31)}, id="rom-below-range"),
    pytest.param({"test": "rom", "value": Decimal("5.5")}, id="rom-too-precise"),
    pytest.param({"test": "rom", "value": Decimal(5), "pain": 3}, id="pain-on-rom-test"),
    pytest.param({"test": "bridge", "value": Decimal(5)}, id="value-on-grade-test"),
    pytest.param({"test": "bridge", "symptom": "less"}, id="symptom-on-grade-test"),
    pytest.param({"test": "bridge", "sign": "positive"}, id="sign-on-grade-test"),
    pytest.param({"test": "bridge", "symptom": "worse"}, id="symptom-unknown"),
    pytest.param({"test": "bridge", "compensations": ["Knee valgus"]}, id="compensation-unknown"),
]


def bad_finding(round_, rom, bridge, fields: dict) -> Finding:
    fields = dict(fields)
    test = {"rom": rom, "bridge": bridge}[fields.pop("test")]
    side = fields.pop("side", Side.LEFT if test.sided else Side.NONE)
    return Finding(assessment=round_, test=test, side=side, **fields)


@pytest.mark.parametrize("fields", BAD_FINDINGS)
def test_postgres_refuses_a_bad_finding_written_with_bulk_create(round_, rom, bridge, fields):
    finding = bad_finding(round_, rom, bridge, fields)
    refused(lambda: Finding.objects.bulk_create([finding]))
    assert Finding.objects.count() == 0


@pytest.mark.parametrize("fields", BAD_FINDINGS)
def test_full_clean_refuses_the_same_bad_finding(round_, rom, bridge, fields):
    with pytest.raises(ValidationError):
        bad_finding(round_, rom, bridge, fields).full_clean()


def test_postgres_refuses_pain_11_written_by_update_and_raw_sql(round_, bridge):
    finding = Finding.objects.create(assessment=round_, test=bridge, pain=6)
    refused(lambda: Finding.objects.filter(pk=finding.pk).update(pain=11))

    def raw() -> None:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE assessments_finding SET pain = -1 WHERE id = %s", [finding.pk])

    refused(raw)
    finding.refresh_from_db()
    assert finding.pain == 6


def test_postgres_refuses_a_rom_value_outside_its_test_range_by_update(round_, rom):
    finding = Finding.objects.create(assessment=round_, test=rom, side=Side.LEFT, value=5)
    refused(lambda: Finding.objects.filter(pk=finding.pk).update(value=Decimal(90)))


def test_postgres_refuses_a_finding_for_a_test_that_is_not_in_the_round(round_):
    elsewhere = TestDefinitionFactory()
    refused(lambda: Finding.objects.create(assessment=round_, test=elsewhere, value=5))


def test_postgres_refuses_two_findings_for_the_same_test_and_side(round_, rom):
    Finding.objects.create(assessment=round_, test=rom, side=Side.LEFT, value=5)
    refused(lambda: Finding.objects.create(assessment=round_, test=rom, side=Side.LEFT, value=6))
    Finding.objects.create(assessment=round_, test=rom, side=Side.RIGHT, value=6)


def test_pain_out_of_range_is_refused_by_full_clean_with_its_message(round_, bridge):
    with pytest.raises(ValidationError) as error:
        Finding(assessment=round_, test=bridge, pain=14).full_clean()
    assert error.value.message_dict["pain"] == [PAIN_OUT_OF_RANGE]


def test_a_baseline_with_a_baseline_and_a_retest_without_one_are_refused(round_, ana, alice):
    def baseline_with_baseline() -> None:
        AssessmentFactory(client=ana, clinician=alice.user, baseline=round_)

    def retest_without_baseline() -> None:
        AssessmentFactory(client=ana, clinician=alice.user, kind=AssessmentKind.RETEST)

    refused(baseline_with_baseline)
    refused(retest_without_baseline)
    refused(lambda: Assessment.objects.filter(pk=round_.pk).update(kind="review"))


def test_a_retest_before_its_baseline_or_of_another_client_is_refused(round_, alice):
    earlier = round_.performed_at - datetime.timedelta(hours=1)
    retest = Assessment(
        client=round_.client,
        kind=AssessmentKind.RETEST,
        baseline=round_,
        clinician=alice.user,
        performed_at=earlier,
    )
    with pytest.raises(ValidationError, match="before its baseline"):
        retest.full_clean()
    refused(lambda: Assessment.objects.bulk_create([retest]))

    other = AssessmentFactory(clinician=alice.user)
    retest.client, retest.performed_at = other.client, round_.performed_at
    with pytest.raises(ValidationError, match="same client"):
        retest.full_clean()
    refused(lambda: Assessment.objects.bulk_create([retest]))


def test_a_retest_after_its_baseline_is_accepted(round_, alice):
    retest = Assessment(
        client=round_.client,
        kind=AssessmentKind.RETEST,
        baseline=round_,
        clinician=alice.user,
        performed_at=round_.performed_at + datetime.timedelta(minutes=20),
    )
    retest.full_clean()
    retest.save()
    assert list(round_.retests.all()) == [retest]


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"unit": ""}, id="number-without-unit"),
        pytest.param({"value_min": Decimal(60)}, id="range-upside-down"),
        pytest.param({"kind": "pain"}, id="pain-with-a-unit"),
        pytest.param({"mdc": Decimal(9), "mdc_source": ""}, id="mdc-without-source"),
        pytest.param({"mcid": Decimal(2), "mcid_source": ""}, id="mcid-without-source"),
        pytest.param(
            {"kind": "grade", "unit": "", "value_min": None, "value_max": None},
            id="grade-without-scale",
        ),
        pytest.param({"better": "sideways"}, id="direction-unknown"),
        pytest.param({"mcid_bands": [BAND], "mcid_source": ""}, id="bands-without-source"),
        pytest.param({**GRADE, "mcid_bands": [BAND], **SOURCED}, id="bands-on-a-grade"),
        pytest.param({"mcid_bands": {"low": 0}, **SOURCED}, id="bands-not-a-list"),
        pytest.param({"mcid_bands": [BAND | {"mcid": 0}], **SOURCED}, id="band-mcid-zero"),
        pytest.param(
            {"mcid_bands": [BAND | {"low": 40, "high": 10}], **SOURCED}, id="band-upside-down"
        ),
        pytest.param({"mcid_bands": [{"low": 0, "high": 10}], **SOURCED}, id="band-without-mcid"),
        pytest.param({"mcid_bands": [BAND | {"low": "0"}], **SOURCED}, id="band-of-text"),
        pytest.param({"mcid_percent": Decimal(30), "mcid_source": ""}, id="percent-without-source"),
        pytest.param({"mcid_percent": Decimal(0), **SOURCED}, id="percent-zero"),
        pytest.param({"mcid_percent": Decimal(150), **SOURCED}, id="percent-above-100"),
        pytest.param({**SIGN, "mcid_percent": Decimal(30), **SOURCED}, id="percent-on-a-sign"),
        pytest.param(
            {"value_min": Decimal(-30), "percent_meaningful": True}, id="percent-below-zero"
        ),
        pytest.param(
            {
                "value_min": Decimal(-30),
                "percent_meaningful": False,
                "mcid_percent": Decimal(30),
                **SOURCED,
            },
            id="percent-mcid-below-zero",
        ),
        pytest.param(
            {**GRADE, "better": "lower", "best_grade": "last"}, id="grade-order-against-better"
        ),
        pytest.param({"best_grade": "both"}, id="best-grade-unknown"),
        pytest.param({"records_pain": True}, id="pain-without-pain-test"),
    ],
)
def test_postgres_refuses_an_incoherent_test_definition(db, fields):
    test = TestDefinitionFactory.build(**fields)
    with pytest.raises(ValidationError):
        test.full_clean()
    refused(lambda: TestDefinition.objects.bulk_create([test]))


def test_postgres_refuses_a_pain_test_on_a_test_that_records_no_pain(db):
    pain = TestDefinitionFactory(pain=True)
    test = TestDefinitionFactory.build(pain_test=pain)
    with pytest.raises(ValidationError) as error:
        test.full_clean()
    assert error.value.message_dict["pain_test"] == [PAIN_TEST_UNUSED]
    refused(lambda: TestDefinition.objects.bulk_create([test]))


def test_bands_out_of_order_or_range_and_a_wrong_pain_test_are_refused_with_their_message(
    northside, southside
):
    overlapping = [BAND | {"high": 20}, BAND | {"low": 20, "high": 30}]
    elsewhere = TestDefinitionFactory(pain=True, clinic=southside)
    cases = [
        ({"mcid_bands": overlapping, **SOURCED}, "mcid_bands", BANDS_OVERLAP),
        ({"mcid_bands": list(reversed(overlapping)), **SOURCED}, "mcid_bands", BANDS_OVERLAP),
        (
            {"mcid_bands": [BAND | {"high": 60}], **SOURCED},
            "mcid_bands",
            BAND_OUT_OF_RANGE.format(low=0, high=50),
        ),
        (
            {"pain": True, "mcid_bands": [BAND | {"high": 11}], **SOURCED},
            "mcid_bands",
            BAND_OUT_OF_RANGE.format(low=0, high=10),
        ),
        (
            {"records_pain": True, "pain_test": TestDefinitionFactory()},
            "pain_test",
            PAIN_TEST_NOT_PAIN,
        ),
        ({"records_pain": True, "pain_test": elsewhere}, "pain_test", PAIN_TEST_NOT_AVAILABLE),
    ]
    for fields, field, message in cases:
        with pytest.raises(ValidationError) as error:
            TestDefinitionFactory.build(clinic=northside, **fields).full_clean()
        assert message in error.value.message_dict[field], fields


def test_two_shipped_tests_cannot_share_a_slug(library):
    assert library["glute-bridge"].clinic is None
    refused(lambda: TestDefinitionFactory(slug="glute-bridge"))


def test_a_clinic_may_reuse_a_shipped_slug_for_its_own_test(library, northside):
    assert library["glute-bridge"].clinic is None
    TestDefinitionFactory(slug="glute-bridge", clinic=northside)
    refused(lambda: TestDefinitionFactory(slug="glute-bridge", clinic=northside))
