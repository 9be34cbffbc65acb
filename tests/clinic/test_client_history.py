"""A client's history page: every change to their records, newest first, in words: who, when,
which request, which record, and each field from → to with its unit."""

import datetime
import re
from decimal import Decimal

import pghistory
import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from assessments import services
from assessments.models import Assessment, AssessmentTest, Finding, Intervention, Reflection
from clinic.history_page import Change, client_events, history_page
from clinic.lib.queries import CountedQueries
from clinic.models import Client, Role
from exercises.models import Prescription
from tests.assessments.helpers import opened_row
from tests.factories import (
    ClientFactory,
    MembershipFactory,
    PrescriptionFactory,
    TestDefinitionFactory,
    signed_in,
)

HISTORY = "/clients/{pk}/history/"


@pytest.fixture
def dana(northside):
    """Alice's colleague, a clinician at Northside too."""
    return MembershipFactory(
        clinic=northside,
        role=Role.CLINICIAN,
        user__username="dana@northside.example",
        user__first_name="Dana",
        user__last_name="Reyes",
    )


@pytest.fixture
def rom(db):
    return TestDefinitionFactory(name="Hip extension")  # 0–50°, not sided


def value_post(http, round_, test, value: str, **extra):
    # From the row as the page opens it now: the finding's version and what it shows.
    return http.post(
        f"/assessments/{round_.pk}/findings/{test.pk}/none/",
        opened_row(round_, test.slug) | {f"f{test.pk}-none-value": value},
        headers={"HX-Request": "true"},
        **extra,
    )


def test_a_colleagues_four_week_old_finding_changed_from_5_to_25_keeps_5_and_who_changed_it(
    client, alice_http, ana, dana, rom
):
    # Four weeks ago Dana recorded 5°; today Alice changes it to 25°, and is told it is saved.
    with time_machine.travel(timezone.now() - datetime.timedelta(weeks=4)):
        baseline = services.assessment_create_baseline(client=ana, clinician=dana.user, tests=[rom])
        signed_in(dana.user, client)
        value_post(client, baseline, rom, "5")
    response = value_post(alice_http, baseline, rom, "25")
    assert "✓ Saved" in response.content.decode()
    assert Finding.objects.get().value == 25

    page = alice_http.get(HISTORY.format(pk=ana.pk))
    assert page.status_code == 200
    changed, recorded = page.context["history"].entries[:2]
    assert changed.action == "Changed"
    assert changed.record.endswith("Hip extension")
    assert changed.changes == (Change("Value", "5°", "25°"),)
    assert changed.who == "alice@northside.example"
    assert changed.request_id == response["X-Request-ID"]
    assert recorded.action == "Recorded"
    assert recorded.who == "Dana Reyes (dana@northside.example)"
    assert recorded.changes == (Change("Value", "", "5°"),)
    # The events are timed by the database's clock, which no test (and no client) can move;
    # the finding itself was saved four weeks ago by the app's.
    assert (timezone.now() - Finding.objects.get().created_at).days == 28
    body = page.content.decode()
    assert "5°" in body and "25°" in body and response["X-Request-ID"] in body


def test_an_empty_post_clears_the_finding_and_its_history_keeps_the_value(
    alice_http, ana, alice, rom
):
    baseline = services.assessment_create_baseline(client=ana, clinician=alice.user, tests=[rom])
    value_post(alice_http, baseline, rom, "12")
    assert "✓ Cleared" in value_post(alice_http, baseline, rom, "").content.decode()
    assert Finding.objects.count() == 1 and not Finding.objects.recorded().exists()
    cleared = alice_http.get(HISTORY.format(pk=ana.pk)).context["history"].entries[0]
    assert cleared.action == "Cleared"
    assert cleared.changes == (Change("Value", "12°", "—"),)


def test_each_kind_of_record_is_named_and_its_values_carry_their_units(
    alice_http, ana, alice, rom, library
):
    day = timezone.make_aware(datetime.datetime(2025, 3, 3, 9, 30))
    bridge = library["glute-bridge"]
    baseline = services.assessment_create_baseline(
        client=ana, clinician=alice.user, tests=[rom, bridge], performed_at=day
    )
    for test, fields in ((rom, {"value": Decimal(8)}), (bridge, {"pain": 6, "grade": 0})):
        item = AssessmentTest.objects.select_related("assessment__client", "test").get(
            assessment=baseline, test=test
        )
        services.finding_save(item=item, side="none", **fields)
    services.intervention_log(
        after_round=baseline, clinician=alice.user, reps=40, description="Cable pull-through"
    )
    PrescriptionFactory(client=ana, hold_seconds=30, reps=None, sets=3)
    entries = history_page(client_events(ana.pk), 1).entries
    records = [e.record for e in entries]
    assert "Baseline 3 Mar 2025, Hip extension" in records
    assert "Treatment after Baseline 3 Mar 2025: Cable pull-through" in records
    assert "Baseline 3 Mar 2025" in records and "Client details" in records
    texts = {(c.label, c.after) for e in entries for c in e.changes}
    assert {("Value", "8°"), ("Pain", "6/10"), ("Reps", "40"), ("Hold", "30 s")} <= texts
    assert any(label == "Grade" and after.startswith("Poor") for label, after in texts)


def test_the_page_is_newest_first_and_paged(alice_http, ana, alice, rom):
    baseline = services.assessment_create_baseline(client=ana, clinician=alice.user, tests=[rom])
    for value in range(1, 31):
        value_post(alice_http, baseline, rom, str(value))
    first = alice_http.get(HISTORY.format(pk=ana.pk))
    entries = first.context["history"].entries
    assert len(entries) == 25
    assert entries[0].changes == (Change("Value", "29°", "30°"),)
    assert 'href="?page=2"' in first.content.decode()
    rest = alice_http.get(HISTORY.format(pk=ana.pk) + "?page=2").context["history"].entries
    # 30 finding events, the round opened and Ana added: 32 in all.
    assert len(rest) == 7
    assert rest[-1].action == "Added to the clinic"


def _history_queries(alice_http, ana) -> int:
    """How many queries the history page takes."""
    with CountedQueries(connection) as queries:
        assert alice_http.get(HISTORY.format(pk=ana.pk)).status_code == 200
    return len(queries.counted)


def _one_change_of_each_kind(ana, baseline, treatment, prescription, n: int) -> None:
    Client.objects.filter(pk=ana.pk).update(notes=f"note {n}")
    Assessment.objects.filter(pk=baseline.pk).update(note=f"note {n}")
    Intervention.objects.filter(pk=treatment.pk).update(description=f"Massage {n}")
    Reflection.objects.filter(round__baseline=baseline).update(why=f"Hinge first {n}.")
    Prescription.objects.filter(pk=prescription.pk).update(note=f"note {n}")


def test_the_page_costs_the_same_queries_for_a_few_events_or_hundreds(
    alice_http, ana, alice, rom, django_assert_num_queries
):
    with pghistory.context(user=alice.user.pk, request_id="0" * 32):
        baseline = services.assessment_create_baseline(
            client=ana, clinician=alice.user, tests=[rom]
        )
        treatment = services.intervention_log(
            after_round=baseline, clinician=alice.user, description="Massage"
        )
        retest = services.assessment_create_retest(baseline=baseline, clinician=alice.user)
        services.reflection_save(round_=retest, author=alice.user, why="Hinge first.")
        prescription = PrescriptionFactory(client=ana)
        item = AssessmentTest.objects.select_related("assessment__client", "test").get(
            assessment=baseline
        )
        services.finding_save(item=item, side="none", value=Decimal(1))
    few = _history_queries(alice_http, ana)
    for value in range(2, 300):
        Finding.objects.filter(assessment=baseline).update(value=value % 50)
    # The newest page holds every kind of record again, as the first did.
    _one_change_of_each_kind(ana, baseline, treatment, prescription, 1)
    # Session, user, membership, client; the count and the page's events across the sources;
    # one per source on the page (client, round, finding, treatment, reflection, programme);
    # the users named; the access audit row.
    with django_assert_num_queries(14):
        alice_http.get(HISTORY.format(pk=ana.pk))
    assert few == 14


def test_the_client_page_links_to_the_history_for_clinicians_only(alice_http, bob_http, ana):
    link = f'href="/clients/{ana.pk}/history/"'
    assert link in alice_http.get(f"/clients/{ana.pk}/").content.decode()
    assert link not in bob_http.get(f"/clients/{ana.pk}/").content.decode()


def test_a_read_only_member_is_refused_and_another_clinic_sees_nothing(bob_http, charlie_http, ana):
    assert bob_http.get(HISTORY.format(pk=ana.pk)).status_code == 403
    assert charlie_http.get(HISTORY.format(pk=ana.pk)).status_code == 404


def test_another_clients_changes_are_not_shown(alice_http, ana, northside):
    ClientFactory(clinic=northside, name="Bea Other")
    assert "Bea Other" not in alice_http.get(HISTORY.format(pk=ana.pk)).content.decode()


def test_one_findings_history_is_reached_from_the_round_page(alice_http, ana, alice, rom):
    baseline = services.assessment_create_baseline(client=ana, clinician=alice.user, tests=[rom])
    value_post(alice_http, baseline, rom, "5")
    value_post(alice_http, baseline, rom, "25")
    url = f"/assessments/{baseline.pk}/findings/{rom.pk}/none/history/"
    assert f'href="{url}"' in alice_http.get(f"/assessments/{baseline.pk}/").content.decode()
    page = alice_http.get(url)
    entries = page.context["history"].entries
    assert [e.action for e in entries] == ["Changed", "Recorded"]
    assert re.search(r"5°.*→.*25°", page.content.decode(), re.S)
