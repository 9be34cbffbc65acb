"""Correcting a round's details: the date kept in order with its baseline or retests (in the
form, beside the date, and in the database for every other path), and no lost update."""

import datetime
import re
import threading
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from assessments import services
from assessments.forms import NOT_IN_FUTURE
from assessments.models import Assessment
from assessments.services import CLOCK_SKEW
from clinic.lib.versions import Edit, StaleEdit
from tests.factories import ClientFactory, ClinicFactory, MembershipFactory

DAY = datetime.timedelta(days=1)


@pytest.fixture
def baseline(ana, alice, library):
    return services.assessment_create_baseline(
        client=ana,
        clinician=alice.user,
        tests=[library["nprs-movement"]],
        performed_at=timezone.now() - 10 * DAY,
        rater="Alice",
    )


@pytest.fixture
def retest(baseline, alice):
    return services.assessment_create_retest(
        baseline=baseline, clinician=alice.user, performed_at=timezone.now() - 3 * DAY
    )


def opened(http, round_) -> dict[str, str]:
    """The round form as the page opens it: its hidden inputs and its visible values."""
    html = http.get(f"/assessments/{round_.pk}/edit/").content.decode()
    values = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html):
        values[name] = unescape(value)
    for name in ("performed_at", "rater", "instrument", "position"):
        found = re.search(rf'name="{name}"(?: value="([^"]*)")?', html)
        values[name] = unescape(found[1] or "")
    values["note"] = unescape(re.search(r'name="note"[^>]*>\n?(.*?)</textarea>', html, re.S)[1])
    values.pop("csrfmiddlewaretoken", None)
    return values


def local(at: datetime.datetime) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%dT%H:%M")


def test_a_round_is_redated_and_its_details_corrected(alice_http, baseline):
    when = timezone.now() - 12 * DAY
    form = opened(alice_http, baseline) | {"performed_at": local(when), "instrument": "Goniometer"}
    response = alice_http.post(f"/assessments/{baseline.pk}/edit/", form)
    assert response.status_code == 302
    baseline.refresh_from_db()
    assert local(baseline.performed_at) == local(when)
    assert (baseline.instrument, baseline.rater, baseline.version) == ("Goniometer", "Alice", 2)


def test_a_detail_saved_without_touching_the_date_keeps_its_seconds(alice_http, baseline):
    before = Assessment.objects.get(pk=baseline.pk).performed_at
    form = opened(alice_http, baseline) | {"position": "Prone"}
    assert alice_http.post(f"/assessments/{baseline.pk}/edit/", form).status_code == 302
    assert Assessment.objects.get(pk=baseline.pk).performed_at == before


def test_a_baseline_cannot_be_moved_after_its_retests_and_says_so_beside_the_date(
    alice_http, baseline, retest
):
    form = opened(alice_http, baseline) | {"performed_at": local(timezone.now() - DAY)}
    response = alice_http.post(f"/assessments/{baseline.pk}/edit/", form)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_performed_at_error">A baseline cannot be moved after its retests' in body
    assert 'aria-invalid="true"' in body
    # What was typed stays in the input.
    assert f'value="{local(timezone.now() - DAY)}"' in body
    assert Assessment.objects.get(pk=baseline.pk).version == 1


def test_a_retest_cannot_be_dated_before_its_baseline_and_says_so_beside_the_date(
    alice_http, baseline, retest
):
    form = opened(alice_http, retest) | {"performed_at": local(timezone.now() - 11 * DAY)}
    response = alice_http.post(f"/assessments/{retest.pk}/edit/", form)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_performed_at_error">A retest cannot be dated before its baseline, on' in body


def test_a_retest_may_be_dated_in_the_past_but_not_in_the_future(alice_http, retest):
    ahead = timezone.now() + CLOCK_SKEW + datetime.timedelta(minutes=2)
    form = opened(alice_http, retest) | {"performed_at": local(ahead)}
    response = alice_http.post(f"/assessments/{retest.pk}/edit/", form)
    assert f'id="id_performed_at_error">{NOT_IN_FUTURE}' in response.content.decode()


@pytest.mark.parametrize("path", ["update", "raw sql"])
def test_the_database_refuses_a_baseline_moved_after_its_retests_by_any_path(
    baseline, retest, path
):
    later = retest.performed_at + datetime.timedelta(minutes=1)
    refusal = pytest.raises(IntegrityError, match="cannot be moved after its retests")
    with refusal, transaction.atomic():
        if path == "update":
            Assessment.objects.filter(pk=baseline.pk).update(performed_at=later)
        else:
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE assessments_assessment SET performed_at = %s WHERE id = %s",
                    [later, baseline.pk],
                )
    # Earlier is fine, and so is the very moment of the first retest.
    Assessment.objects.filter(pk=baseline.pk).update(performed_at=retest.performed_at)


def test_the_database_refuses_a_retest_moved_before_its_baseline(baseline, retest):
    with pytest.raises(IntegrityError, match="before its baseline"), transaction.atomic():
        Assessment.objects.filter(pk=retest.pk).update(
            performed_at=baseline.performed_at - datetime.timedelta(minutes=1)
        )


def test_two_stale_edits_of_different_details_merge(alice_http, dana_http, baseline):
    alice_form, dana_form = opened(alice_http, baseline), opened(dana_http, baseline)
    assert (
        alice_http.post(
            f"/assessments/{baseline.pk}/edit/", alice_form | {"instrument": "Inclinometer"}
        ).status_code
        == 302
    )
    response = dana_http.post(f"/assessments/{baseline.pk}/edit/", dana_form | {"note": "Cold"})
    assert response.status_code == 302
    baseline.refresh_from_db()
    assert (baseline.instrument, baseline.note, baseline.version) == ("Inclinometer", "Cold", 3)


def test_two_stale_edits_of_the_same_detail_are_a_409_with_the_colleagues_value_intact(
    alice_http, dana_http, baseline
):
    alice_form, dana_form = opened(alice_http, baseline), opened(dana_http, baseline)
    alice_http.post(f"/assessments/{baseline.pk}/edit/", alice_form | {"rater": "Ben"})
    response = dana_http.post(f"/assessments/{baseline.pk}/edit/", dana_form | {"rater": "Cy"})
    assert response.status_code == 409
    body = response.content.decode()
    assert "Changed to “Ben” since you opened it (it was “Alice”)" in body and 'value="Cy"' in body
    assert Assessment.objects.get(pk=baseline.pk).rater == "Ben"


def test_a_read_only_member_cannot_open_the_form(bob_http, baseline):
    assert bob_http.get(f"/assessments/{baseline.pk}/edit/").status_code == 403


def test_the_round_page_links_to_the_correction(alice_http, bob_http, baseline):
    assert (
        f"/assessments/{baseline.pk}/edit/"
        in alice_http.get(f"/assessments/{baseline.pk}/").content.decode()
    )
    assert (
        f"/assessments/{baseline.pk}/edit/"
        not in bob_http.get(f"/assessments/{baseline.pk}/").content.decode()
    )


def race_a_retest_and_a_move(baseline: Assessment, clinician, now) -> dict[str, object]:
    """Open a retest 12 hours ago and move its baseline to 1 hour ago, at the same moment."""
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def open_retest() -> None:
        try:
            barrier.wait(timeout=10)
            services.assessment_create_retest(
                baseline=Assessment.objects.select_related("client").get(pk=baseline.pk),
                clinician=clinician,
                performed_at=now - datetime.timedelta(hours=12),
            )
            outcomes["retest"] = "went through"
        except Exception as error:
            outcomes["retest"] = error
        finally:
            connection.close()

    def move_baseline() -> None:
        try:
            barrier.wait(timeout=10)
            round_ = Assessment.objects.select_related("client", "baseline").get(pk=baseline.pk)
            seen = services.round_details(round_)
            moved = seen | {"performed_at": now - datetime.timedelta(hours=1)}
            services.assessment_update(
                round_=round_, edit=Edit(version=round_.version, mine=moved, seen=seen), by=None
            )
            outcomes["move"] = "went through"
        except Exception as error:
            outcomes["move"] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=open_retest), threading.Thread(target=move_baseline)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_a_baseline_moved_while_a_retest_opens_never_ends_after_it(library):
    """The two writes meet on the baseline's row: whichever is second sees the first."""
    membership = MembershipFactory(clinic=ClinicFactory())
    client = ClientFactory(clinic=membership.clinic)
    for _ in range(5):
        now = timezone.now()
        baseline = services.assessment_create_baseline(
            client=client,
            clinician=membership.user,
            tests=[library["nprs-movement"]],
            performed_at=now - DAY,
        )
        outcomes = race_a_retest_and_a_move(baseline, membership.user, now)
        # Exactly one of the two went through; the other was refused in words, not a crash.
        refused = [v for v in outcomes.values() if v != "went through"]
        assert len(refused) == 1, outcomes
        assert isinstance(refused[0], ValidationError), outcomes
        baseline.refresh_from_db()
        for retest in baseline.retests.all():
            assert retest.performed_at >= baseline.performed_at


def test_the_service_refuses_a_stale_edit_of_the_same_detail(baseline, alice):
    seen = services.round_details(baseline)
    services.assessment_update(
        round_=baseline, edit=Edit(version=1, mine=seen | {"rater": "Ben"}, seen=seen), by=None
    )
    with pytest.raises(StaleEdit):
        services.assessment_update(
            round_=baseline,
            edit=Edit(version=1, mine=seen | {"rater": "Cy"}, seen=seen),
            by=alice.user,
        )
