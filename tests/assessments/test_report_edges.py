"""What the report must not get wrong at the edges: unseen checklists, who measured, local
dates, and spreadsheet formulas in exported text."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest

from assessments import services
from assessments.models import AssessmentTest
from tests.factories import MembershipFactory, TestDefinitionFactory


def record(round_, test, **fields) -> None:
    item = AssessmentTest.objects.select_related("test", "assessment__client").get(
        assessment=round_, test=test
    )
    services.finding_save(item=item, side="none", **fields)


@pytest.fixture
def bridge(northside):
    return TestDefinitionFactory(graded=True, name="Bridge", clinic=northside)


def test_a_retest_with_pain_alone_does_not_call_the_compensations_resolved(
    alice_http, ana, alice, bridge
):
    baseline = services.assessment_create_baseline(client=ana, clinician=alice.user, tests=[bridge])
    record(baseline, bridge, grade=0, pain=6, compensations=["Lumbar extension"])
    retest = services.assessment_create_retest(baseline=baseline, clinician=alice.user)
    record(retest, bridge, pain=2)
    body = alice_http.get(f"/assessments/{baseline.pk}/report/").content.decode()
    findings = body.split('id="findings-title"', 1)[1]
    assert "resolved" not in findings
    assert "not compared: not recorded in this round" in body


def test_a_retest_by_another_clinician_is_flagged_as_a_different_rater(
    alice_http, ana, alice, bridge, northside
):
    colleague = MembershipFactory(clinic=northside, user__username="dana@northside.example")
    baseline = services.assessment_create_baseline(client=ana, clinician=alice.user, tests=[bridge])
    record(baseline, bridge, grade=0, pain=6)
    retest = services.assessment_create_retest(baseline=baseline, clinician=colleague.user)
    record(retest, bridge, grade=2, pain=2)
    body = alice_http.get(f"/assessments/{baseline.pk}/report/").content.decode()
    assert "different rater: alice@northside.example → dana@northside.example" in body


def test_rounds_are_labelled_by_the_clinics_own_calendar(alice_http, ana, alice, bridge, settings):
    settings.TIME_ZONE = "Australia/Sydney"
    # 23:50 and 00:10 UTC are 10:50 and 11:10 the same morning in Sydney.
    morning = datetime.datetime(2026, 11, 22, 23, 50, tzinfo=datetime.UTC)
    baseline = services.assessment_create_baseline(
        client=ana, clinician=alice.user, tests=[bridge], performed_at=morning
    )
    record(baseline, bridge, grade=0)
    retest = services.assessment_create_retest(
        baseline=baseline,
        clinician=alice.user,
        performed_at=morning + datetime.timedelta(minutes=20),
    )
    record(retest, bridge, grade=1)
    body = alice_http.get(f"/assessments/{baseline.pk}/report/").content.decode()
    assert "Retest 1 (same visit)" in body


def test_exported_text_never_runs_as_a_spreadsheet_formula(alice_http, ana, alice, northside):
    trap = TestDefinitionFactory(name='=HYPERLINK("http://x","y")', clinic=northside)
    baseline = services.assessment_create_baseline(
        client=ana, clinician=alice.user, tests=[trap], rater="@SUM(1+1)"
    )
    record(baseline, trap, value=Decimal(10))
    retest = services.assessment_create_retest(baseline=baseline, clinician=alice.user)
    record(retest, trap, value=Decimal(4))
    text = alice_http.get(f"/assessments/{baseline.pk}/report.csv").content.decode()
    lines = list(csv.DictReader(io.StringIO(text)))
    assert lines[0]["test"] == '\'=HYPERLINK("http://x","y")'
    assert lines[0]["rater"] == "'@SUM(1+1)"
    # Negative numbers are numbers, not formulas.
    assert lines[1]["change_from_baseline"] == "-6"


def test_a_different_rater_is_carried_by_the_report_the_csv_and_the_client_summary(
    alice_http, ana, alice, bridge, northside
):
    colleague = MembershipFactory(clinic=northside, user__username="dana@northside.example")
    baseline = services.assessment_create_baseline(client=ana, clinician=alice.user, tests=[bridge])
    record(baseline, bridge, grade=0, pain=6)
    retest = services.assessment_create_retest(baseline=baseline, clinician=colleague.user)
    record(retest, bridge, grade=2, pain=2)
    page = alice_http.get(f"/assessments/{baseline.pk}/report/").content.decode()
    text = alice_http.get(f"/assessments/{baseline.pk}/report.csv").content.decode()
    summary = alice_http.get(f"/assessments/{baseline.pk}/summary/").content.decode()
    caveat = "different rater: alice@northside.example → dana@northside.example"
    assert "Conditions changed between rounds." in page and caveat in page
    lines = list(csv.DictReader(io.StringIO(text)))
    # Every retest line says it; the baseline's lines have nothing to compare with.
    login = "recorded by a different login: alice@northside.example → dana@northside.example"
    assert {line["caveats"] for line in lines if line["round"] != "Baseline"} == {
        f"{caveat}; {login}"
    }
    assert {line["caveats"] for line in lines if line["round"] == "Baseline"} == {""}
    assert "Measured by a different person this time, so small changes may not be real." in summary


def test_the_same_rater_brings_no_caveat_to_the_client_summary(alice_http, ana, alice, bridge):
    baseline = services.assessment_create_baseline(client=ana, clinician=alice.user, tests=[bridge])
    record(baseline, bridge, grade=0, pain=6)
    retest = services.assessment_create_retest(baseline=baseline, clinician=alice.user)
    record(retest, bridge, grade=2, pain=2)
    summary = alice_http.get(f"/assessments/{baseline.pk}/summary/").content.decode()
    assert "small changes may not be real" not in summary


def test_a_holds_chart_is_drawn_on_its_own_values_with_a_visible_title(
    alice_http, ana, alice, northside
):
    hold = TestDefinitionFactory(
        clinic=northside, name="Prone hold", unit="seconds", value_max=Decimal(600)
    )
    baseline = services.assessment_create_baseline(client=ana, clinician=alice.user, tests=[hold])
    record(baseline, hold, value=Decimal(10))
    retest = services.assessment_create_retest(baseline=baseline, clinician=alice.user)
    record(retest, hold, value=Decimal(35))
    body = alice_http.get(f"/assessments/{baseline.pk}/report/").content.decode()
    caption = body.split('<figcaption id="chart-', 1)[1].split("</figcaption>", 1)[0]
    assert "visually-hidden" not in caption
    assert '<strong class="chart-title">Prone hold over the rounds</strong>' in caption
    labels = re.findall(r'<text class="chart-tick"[^>]*text-anchor="end">([^<]+)</text>', body)
    # 10 → 35 s with a little room: 0–40 s in steps of 10, not 0–600 s.
    assert labels == ["0 s", "10 s", "20 s", "30 s", "40 s"]


@pytest.mark.parametrize(
    ("reported", "part", "said"),
    [
        ("gone", "improved", "symptoms gone"),
        ("less", "improved", "symptoms less than before"),
        ("same", "not-yet", "symptoms the same as before"),
        ("more", "worse", "symptoms more than before"),
    ],
)
def test_the_symptom_response_reads_as_the_client_said_it(
    alice_http, ana, alice, northside, reported, part, said
):
    response = TestDefinitionFactory(symptom=True, clinic=northside, name="Symptoms")
    baseline = services.assessment_create_baseline(
        client=ana, clinician=alice.user, tests=[response]
    )
    retest = services.assessment_create_retest(baseline=baseline, clinician=alice.user)
    record(retest, response, symptom=reported)
    summary = alice_http.get(f"/assessments/{baseline.pk}/summary/").content.decode()
    section = summary.split(f'class="summary-lines part-{part}">', 1)[1].split("</ul>", 1)[0]
    assert f"<strong>Symptoms</strong>: {said}." in section
