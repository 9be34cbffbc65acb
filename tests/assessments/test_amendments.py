"""Corrections are amendments, never deletes: a cleared finding reads as not recorded, removed
treatment leaves the round, a voided round leaves the lists and the report, and each keeps its
earlier values in the history."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from assessments import services
from assessments.models import Assessment, AssessmentTest, Finding, Intervention
from clinic.history_page import client_events, history_page
from tests.assessments.helpers import opened_row
from tests.factories import TestDefinitionFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def rom(db):
    return TestDefinitionFactory(name="Hip extension")  # 0–50°, not sided, higher is better


@pytest.fixture
def baseline(ana, alice, rom) -> Assessment:
    round_ = services.assessment_create_baseline(client=ana, clinician=alice.user, tests=[rom])
    record(round_, 5)
    return round_


def record(round_: Assessment, value: int | None) -> Finding | None:
    item = AssessmentTest.objects.select_related("assessment__client", "test").get(
        assessment=round_
    )
    return services.finding_save(
        item=item, side="none", value=None if value is None else Decimal(value)
    )


def retest_of(baseline: Assessment, alice, value: int) -> Assessment:
    retest = services.assessment_create_retest(baseline=baseline, clinician=alice.user)
    record(retest, value)
    return retest


def latest_entry(ana):
    return history_page(client_events(ana.pk), 1).entries[0]


# A cleared finding


def test_a_cleared_finding_reads_as_not_recorded_on_the_page_and_in_the_report(
    alice_http, ana, alice, baseline
):
    retest = retest_of(baseline, alice, 9)
    record(retest, None)
    page = alice_http.get(f"/assessments/{retest.pk}/").content.decode()
    assert "0 of 1 findings recorded" in page
    report = alice_http.get(f"/assessments/{baseline.pk}/report/").context["report"]
    (line,) = report.lines
    assert [cell.value for cell in line.cells] == ["5°", "—"]


# Removed treatment


def test_removing_a_treatment_keeps_the_row_and_takes_it_off_the_round_and_the_report(
    alice_http, ana, alice, baseline
):
    treatment = services.intervention_log(
        after_round=baseline, clinician=alice.user, description="Soft-tissue release"
    )
    response = alice_http.post(f"/interventions/{treatment.pk}/delete/")
    assert response.status_code == 302
    kept = Intervention.objects.get(pk=treatment.pk)
    assert kept.removed_at is not None and kept.description == "Soft-tissue release"
    assert (
        "Soft-tissue release" not in alice_http.get(f"/assessments/{baseline.pk}/").content.decode()
    )
    assert "Soft-tissue release" not in alice_http.get(f"/clients/{ana.pk}/").content.decode()
    report = alice_http.get(f"/assessments/{baseline.pk}/report/").context["report"]
    assert report.columns[0].interventions_after == ()
    entry = latest_entry(ana)
    assert entry.action == "Removed"
    assert entry.record.startswith("Treatment after Baseline ")
    assert entry.record.endswith(": Soft-tissue release")


def test_removing_a_treatment_twice_changes_nothing_the_second_time(alice_http, alice, baseline):
    treatment = services.intervention_log(
        after_round=baseline, clinician=alice.user, description="Massage"
    )
    alice_http.post(f"/interventions/{treatment.pk}/delete/")
    first = Intervention.objects.get().removed_at
    alice_http.post(f"/interventions/{treatment.pk}/delete/")
    assert Intervention.objects.get().removed_at == first


# Voided rounds


def test_a_round_is_voided_only_with_a_reason(alice_http, ana, baseline):
    response = alice_http.post(f"/assessments/{baseline.pk}/void/", {"void_reason": "  "})
    assert response.status_code == 200
    assert services.VOID_NEEDS_REASON in response.content.decode()
    assert not Assessment.objects.get(pk=baseline.pk).is_voided


def test_a_baseline_with_live_retests_is_voided_only_after_them(alice_http, ana, alice, baseline):
    retest = retest_of(baseline, alice, 9)
    response = alice_http.post(f"/assessments/{baseline.pk}/void/", {"void_reason": "Wrong client"})
    body = response.content.decode()
    assert "This baseline has 1 retest that still count: void it first" in body
    assert "Wrong client" in body  # the typed reason is kept
    assert not Assessment.objects.get(pk=baseline.pk).is_voided

    alice_http.post(f"/assessments/{retest.pk}/void/", {"void_reason": "Wrong client"})
    response = alice_http.post(f"/assessments/{baseline.pk}/void/", {"void_reason": "Wrong client"})
    assert response["Location"] == f"/clients/{ana.pk}/"
    voided = Assessment.objects.get(pk=baseline.pk)
    assert voided.is_voided and voided.void_reason == "Wrong client"
    assert voided.voided_by == alice.user


def test_a_voided_retest_leaves_the_client_page_the_report_and_the_csv(
    alice_http, ana, alice, baseline
):
    kept = retest_of(baseline, alice, 9)
    voided = retest_of(baseline, alice, 40)
    services.assessment_void(assessment=voided, by=alice.user, reason="Recorded twice")
    client_page = alice_http.get(f"/clients/{ana.pk}/").content.decode()
    assert f"/assessments/{kept.pk}/" in client_page
    assert f"/assessments/{voided.pk}/" not in client_page
    report = alice_http.get(f"/assessments/{baseline.pk}/report/").context["report"]
    assert [c.assessment.pk for c in report.columns] == [baseline.pk, kept.pk]
    csv_text = alice_http.get(f"/assessments/{baseline.pk}/report.csv").content.decode()
    # Whole cells: a "40" inside a time or an id is not the voided retest's value.
    cells = {cell for row in csv.reader(io.StringIO(csv_text)) for cell in row}
    assert not cells & {"40", "40°", "40.0", "40 °"}
    assert "9" in cells or "9°" in cells


def test_a_voided_baseline_has_no_report_and_leaves_the_client_page(
    alice_http, ana, alice, baseline
):
    services.assessment_void(assessment=baseline, by=alice.user, reason="Wrong client")
    assert alice_http.get(f"/assessments/{baseline.pk}/report/").status_code == 404
    assert alice_http.get(f"/assessments/{baseline.pk}/report.csv").status_code == 404
    assert (
        f"/assessments/{baseline.pk}/" not in alice_http.get(f"/clients/{ana.pk}/").content.decode()
    )


def test_a_voided_round_stays_readable_marked_voided_and_can_no_longer_change(
    alice_http, ana, alice, baseline, rom
):
    services.assessment_void(assessment=baseline, by=alice.user, reason="Wrong client")
    page = alice_http.get(f"/assessments/{baseline.pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Voided on" in body and "Wrong client" in body and "5°" in body
    assert f'action="/assessments/{baseline.pk}/findings/' not in body  # no inputs
    refused = alice_http.post(
        f"/assessments/{baseline.pk}/findings/{rom.pk}/none/",
        {f"f{rom.pk}-none-value": "25"},
        **HTMX,
    )
    assert services.ROUND_VOIDED in refused.content.decode()
    assert Finding.objects.get().value == 5
    with pytest.raises(ValidationError, match="voided"):
        services.intervention_log(after_round=baseline, clinician=alice.user, description="X")
    with pytest.raises(ValidationError, match="voided"):
        services.reflection_save(round_=baseline, author=alice.user, why="X")
    with pytest.raises(ValidationError, match="voided"):
        services.assessment_create_retest(baseline=baseline, clinician=alice.user)


def test_the_history_shows_the_void_with_its_reason_and_marks_the_rounds_records(
    alice_http, ana, alice, baseline
):
    services.assessment_void(assessment=baseline, by=alice.user, reason="Wrong client")
    entries = history_page(client_events(ana.pk), 1).entries
    voided = entries[0]
    assert voided.action == "Voided"
    assert ("Reason voided", "—", "Wrong client") in [
        (c.label, c.before, c.after) for c in voided.changes
    ]
    finding = next(e for e in entries if e.action == "Recorded")
    assert "(voided)" in finding.record and finding.record.endswith("Hip extension")


def test_a_voided_retest_is_never_reopened_by_a_double_tap(ana, alice, baseline):
    first = services.assessment_create_retest(baseline=baseline, clinician=alice.user)
    assert services.assessment_create_retest(baseline=baseline, clinician=alice.user) == first
    services.assessment_void(assessment=first, by=alice.user, reason="Opened by mistake")
    second = services.assessment_create_retest(baseline=baseline, clinician=alice.user)
    assert second.pk != first.pk and not second.is_voided


def test_a_round_is_voided_once(alice, baseline):
    services.assessment_void(assessment=baseline, by=alice.user, reason="Wrong client")
    with pytest.raises(ValidationError, match=services.ALREADY_VOIDED):
        services.assessment_void(assessment=baseline, by=alice.user, reason="Again")


def test_an_archived_clients_round_is_not_voided(alice_http, ana, alice, baseline):
    alice_http.post(f"/clients/{ana.pk}/archive/")
    baseline.client.refresh_from_db()
    with pytest.raises(ValidationError, match="archived"):
        services.assessment_void(assessment=baseline, by=alice.user, reason="Wrong client")


# What the amendments cost: the same as the write they replace (the history's context travels in
# the write's own statement, and its event is written by the trigger inside it).


def test_clearing_a_finding_costs_what_saving_it_does(
    alice_http, baseline, rom, django_assert_num_queries
):
    url = f"/assessments/{baseline.pk}/findings/{rom.pk}/none/"
    # The row as the page opened it: the finding's version and what it showed.
    data = opened_row(baseline, rom.slug) | {f"f{rom.pk}-none-value": ""}
    # session, user, membership, round, its test item, then one UPDATE (a delete before) in a
    # savepoint, and the access audit row of the partial it answers with.
    with django_assert_num_queries(9):
        response = alice_http.post(url, data, **HTMX)
    assert "✓ Cleared" in response.content.decode()


def test_removing_a_treatment_is_one_update(alice_http, alice, baseline, django_assert_num_queries):
    treatment = services.intervention_log(
        after_round=baseline, clinician=alice.user, description="Massage"
    )
    # session, user, membership, the entry with its round and client, one UPDATE (a DELETE
    # before), and the message stored in the session (an UPDATE in a transaction of its own).
    with django_assert_num_queries(6):
        alice_http.post(f"/interventions/{treatment.pk}/delete/")


def test_voiding_a_round_locks_it_counts_its_retests_and_writes_once(
    alice_http, alice, baseline, django_assert_num_queries
):
    # session, user, membership, the round; in a savepoint: the locked round, its live retests,
    # the UPDATE; the message stored in the session (an UPDATE in a transaction of its own).
    with django_assert_num_queries(10):
        alice_http.post(f"/assessments/{baseline.pk}/void/", {"void_reason": "Wrong client"})
