"""Correcting a round: an empty one is removed, a test is added from the library or removed
(with a reason once it holds a finding, then kept, voided, with its finding), and a retest is
dated on or after its baseline and not in the future; the history keeps every correction."""

import datetime
import re
import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from assessments import services
from assessments.forms import NOT_IN_FUTURE
from assessments.models import (
    ROUND_NOT_EMPTY,
    TEST_LEFT_ROUND,
    Assessment,
    AssessmentEvent,
    AssessmentTest,
    AssessmentTestEvent,
    Finding,
)
from clinic.lib.versions import Edit
from tests.assessments.helpers import finding_url, item_of
from tests.concurrency import run_at_once, same_browser

DAY = datetime.timedelta(days=1)
HTMX = {"HX-Request": "true"}


@pytest.fixture
def round_(ana, alice, library) -> Assessment:
    """Ana's baseline of a week ago: hip extension (sided) and the glute bridge, nothing in it."""
    return services.assessment_create_baseline(
        client=ana,
        clinician=alice.user,
        tests=[library["hip-extension-rom"], library["glute-bridge"]],
        performed_at=timezone.now() - 7 * DAY,
    )


def record_bridge(round_: Assessment, by=None) -> Finding:
    saved = services.finding_save(item=item_of(round_, "glute-bridge"), side="none", pain=3, by=by)
    assert saved.row is not None
    return saved.row


def remove_url(round_: Assessment) -> str:
    return f"/assessments/{round_.pk}/remove/"


def removal_url(round_: Assessment, slug: str) -> str:
    return f"/assessments/{round_.pk}/tests/{item_of(round_, slug).test_id}/remove/"


def local(at: datetime.datetime) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%dT%H:%M")


# Removing an empty round


def test_an_empty_round_is_offered_for_removal_and_removed_once_confirmed(alice_http, round_):
    page = alice_http.get(f"/assessments/{round_.pk}/").content.decode()
    assert f'href="{remove_url(round_)}"' in page
    assert 'id="void"' not in page
    confirm = alice_http.get(remove_url(round_))
    assert confirm.status_code == 200
    assert "Remove this baseline" in confirm.content.decode()
    assert Assessment.objects.filter(pk=round_.pk).exists()
    response = alice_http.post(remove_url(round_))
    assert response.status_code == 302
    assert response["Location"] == f"/clients/{round_.client_id}/"
    assert not Assessment.objects.filter(pk=round_.pk).exists()
    assert not AssessmentTest.objects.filter(assessment_id=round_.pk).exists()


def test_the_history_keeps_the_removed_round_as_it_was_with_who_removed_it(
    alice_http, alice, round_
):
    alice_http.post(remove_url(round_))
    event = AssessmentEvent.objects.get(pgh_obj_id=round_.pk, pgh_label="delete")
    assert event.pgh_context["user"] == alice.user.pk
    assert event.performed_at == round_.performed_at
    assert event.client_id == round_.client_id
    assert event.pgh_created_at <= timezone.now()
    assert AssessmentTestEvent.objects.filter(assessment_id=round_.pk, pgh_label="delete").count()


def test_a_round_with_a_cleared_finding_is_voided_not_removed(alice_http, round_):
    record_bridge(round_)
    services.finding_save(item=item_of(round_, "glute-bridge"), side="none")  # cleared
    page = alice_http.get(f"/assessments/{round_.pk}/").content.decode()
    assert f'href="{remove_url(round_)}"' not in page
    assert 'id="void"' in page
    assert "cannot be removed" in alice_http.get(remove_url(round_)).content.decode()
    response = alice_http.post(remove_url(round_), follow=True)
    assert services.ROUND_HOLDS_SOMETHING in response.content.decode()
    assert Assessment.objects.filter(pk=round_.pk).exists()


def test_the_service_refuses_to_remove_a_round_with_treatment(round_, alice):
    services.intervention_log(after_round=round_, clinician=alice.user, description="Release")
    with pytest.raises(ValidationError, match="cannot be removed"):
        services.assessment_remove(assessment=round_)
    assert Assessment.objects.filter(pk=round_.pk).exists()


@pytest.mark.parametrize("content", ["finding", "cleared finding", "treatment", "retest"])
def test_the_database_refuses_a_raw_delete_of_a_round_that_holds_anything(round_, alice, content):
    if content in ("finding", "cleared finding"):
        record_bridge(round_)
        if content == "cleared finding":
            services.finding_save(item=item_of(round_, "glute-bridge"), side="none")
    elif content == "treatment":
        services.intervention_log(after_round=round_, clinician=alice.user, description="Release")
    else:
        services.assessment_create_retest(baseline=round_, clinician=alice.user)
    refused = pytest.raises(DatabaseError, match=ROUND_NOT_EMPTY)
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM assessments_assessment WHERE id = %s", [round_.pk])
    assert Assessment.objects.filter(pk=round_.pk).exists()


def test_the_orm_cannot_delete_a_round_with_a_finding(round_):
    record_bridge(round_)
    with pytest.raises(DatabaseError), transaction.atomic():
        Assessment.objects.get(pk=round_.pk).delete()
    assert Assessment.objects.filter(pk=round_.pk).exists()


def test_the_database_lets_an_empty_round_go_by_raw_sql(round_):
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM assessments_assessmenttest WHERE assessment_id = %s", [round_.pk]
        )
        cursor.execute("DELETE FROM assessments_assessment WHERE id = %s", [round_.pk])
    assert not Assessment.objects.filter(pk=round_.pk).exists()


def test_a_read_only_member_cannot_remove_a_round_nor_change_its_tests(bob_http, round_, library):
    assert bob_http.post(remove_url(round_)).status_code == 403
    added = bob_http.post(f"/assessments/{round_.pk}/tests/", {"test": library["nprs-movement"].pk})
    assert added.status_code == 403
    assert bob_http.post(removal_url(round_, "glute-bridge")).status_code == 403
    assert Assessment.objects.get(pk=round_.pk).items.count() == 2


def test_another_clinic_finds_no_round_to_remove_nor_tests_to_change(charlie_http, round_, library):
    assert charlie_http.get(remove_url(round_)).status_code == 404
    assert charlie_http.post(remove_url(round_)).status_code == 404
    added = charlie_http.post(
        f"/assessments/{round_.pk}/tests/", {"test": library["nprs-movement"].pk}
    )
    assert added.status_code == 404
    assert charlie_http.post(removal_url(round_, "glute-bridge")).status_code == 404
    assert Assessment.objects.get(pk=round_.pk).items.count() == 2


# Adding and removing tests


def test_a_test_from_the_library_is_added_at_the_end_of_the_round(alice_http, round_, library):
    page = alice_http.get(f"/assessments/{round_.pk}/").content.decode()
    choices = re.search(r'<select name="test".*?</select>', page, re.S)[0]
    nprs = library["nprs-movement"]
    assert f'<option value="{nprs.pk}">' in choices
    assert f'<option value="{library["glute-bridge"].pk}">' not in choices
    response = alice_http.post(f"/assessments/{round_.pk}/tests/", {"test": nprs.pk})
    assert response.status_code == 302
    items = list(round_.items.order_by("position").values_list("test__slug", flat=True))
    assert items == ["hip-extension-rom", "glute-bridge", "nprs-movement"]
    assert f'id="test-{nprs.pk}"' in alice_http.get(f"/assessments/{round_.pk}/").content.decode()


@pytest.mark.parametrize("posted", ["999999", "²", "-1", "1e3"])
def test_a_test_not_in_the_list_is_refused_beside_the_field(alice_http, round_, posted):
    response = alice_http.post(f"/assessments/{round_.pk}/tests/", {"test": posted})
    assert response.status_code == 200
    assert "Choose a test from the list" in response.content.decode()
    assert round_.items.count() == 2


def test_a_test_without_a_finding_is_removed_at_once(alice_http, round_):
    response = alice_http.post(removal_url(round_, "hip-extension-rom"))
    assert response.status_code == 302
    assert list(round_.items.values_list("test__slug", flat=True)) == ["glute-bridge"]


def test_a_test_with_a_finding_is_removed_only_with_a_reason_and_then_kept_voided(
    alice_http, alice, round_
):
    finding = record_bridge(round_)
    url = removal_url(round_, "glute-bridge")
    asked = alice_http.post(url)
    assert asked.status_code == 200
    assert "say why you remove it" in asked.content.decode()
    assert AssessmentTest.objects.live().filter(assessment=round_).count() == 2
    response = alice_http.post(url, {"void_reason": "Recorded for the wrong knee"})
    assert response.status_code == 302
    item = AssessmentTest.objects.get(assessment=round_, test__slug="glute-bridge")
    assert item.voided_at is not None
    assert item.voided_by == alice.user
    assert item.void_reason == "Recorded for the wrong knee"
    assert Finding.objects.filter(pk=finding.pk, pain=3).exists()
    assert not Finding.objects.recorded().filter(pk=finding.pk).exists()


def test_a_removed_test_leaves_the_entry_the_report_and_later_retests(alice_http, alice, round_):
    record_bridge(round_)
    services.finding_save(item=item_of(round_, "hip-extension-rom"), side="left", value=Decimal(10))
    bridge = item_of(round_, "glute-bridge")
    services.assessment_test_remove(item=bridge, by=alice.user, reason="Wrong test")
    page = alice_http.get(f"/assessments/{round_.pk}/").content.decode()
    assert f'id="test-{bridge.test_id}"' not in page
    report = alice_http.get(f"/assessments/{round_.pk}/report/").content.decode()
    assert "Glute bridge" not in report
    assert "Hip extension" in report
    retest = services.assessment_create_retest(baseline=round_, clinician=alice.user)
    assert list(retest.items.values_list("test__slug", flat=True)) == ["hip-extension-rom"]
    retest_page = alice_http.get(f"/assessments/{retest.pk}/").content.decode()
    assert f'id="test-{bridge.test_id}"' not in retest_page


def test_a_test_recorded_only_at_a_retest_is_listed_apart_on_the_report(
    alice_http, alice, round_, library
):
    services.finding_save(item=item_of(round_, "hip-extension-rom"), side="left", value=Decimal(10))
    retest = services.assessment_create_retest(baseline=round_, clinician=alice.user)
    nprs = library["nprs-movement"]
    alice_http.post(f"/assessments/{retest.pk}/tests/", {"test": nprs.pk})
    services.finding_save(item=item_of(retest, "nprs-movement"), side="none", pain=4)
    report = alice_http.get(f"/assessments/{round_.pk}/report/").content.decode()
    section = report[report.index("Recorded without a baseline") :]
    assert nprs.name in section
    assert "pain 4/10" in section


def test_the_database_refuses_a_finding_for_a_test_removed_from_the_round(alice, round_):
    record_bridge(round_)
    bridge = item_of(round_, "glute-bridge")
    services.assessment_test_remove(item=bridge, by=alice.user, reason="Wrong test")
    with pytest.raises(IntegrityError, match=TEST_LEFT_ROUND), transaction.atomic():
        Finding.objects.filter(assessment=round_, test=bridge.test).update(pain=5)
    hip = item_of(round_, "hip-extension-rom")
    services.assessment_test_remove(item=hip, by=alice.user)
    with pytest.raises(IntegrityError, match=TEST_LEFT_ROUND), transaction.atomic():
        Finding.objects.create(assessment=round_, test=hip.test, side="left", value=Decimal(4))


def test_a_finding_posted_for_a_removed_test_is_told_so_plainly(alice_http, alice, round_):
    hip = item_of(round_, "hip-extension-rom")
    services.assessment_test_remove(item=hip, by=alice.user)
    url = finding_url(round_, hip.test_id, "left")
    data = {f"f{hip.test_id}-left-value": "12"}
    response = alice_http.post(url, data, headers=HTMX)
    assert response.status_code == 409
    assert services.TEST_REMOVED in response.content.decode()
    page = alice_http.post(url, data, follow=True)
    assert services.TEST_REMOVED in page.content.decode()
    assert not Finding.objects.filter(assessment=round_).exists()


def test_a_test_the_round_never_had_is_not_found(alice_http, round_, library):
    nprs = library["nprs-movement"]
    response = alice_http.post(finding_url(round_, nprs.pk), {}, headers=HTMX)
    assert response.status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_finding_saved_while_its_test_is_removed_is_refused_with_the_reason(
    alice_http, alice, ana, library
):
    round_ = services.assessment_create_baseline(
        client=ana, clinician=alice.user, tests=[library["glute-bridge"]]
    )
    bridge = item_of(round_, "glute-bridge")
    removing, commit = threading.Event(), threading.Event()
    answers: list[object] = []

    def remove() -> None:
        try:
            with transaction.atomic():
                services.assessment_test_remove(item=bridge, by=alice.user)
                removing.set()
                commit.wait(timeout=10)
        finally:
            connection.close()

    def save() -> None:
        try:
            removing.wait(timeout=10)
            data = {f"f{bridge.test_id}-none-pain": "4"}
            answers.append(
                same_browser(alice_http).post(
                    finding_url(round_, bridge.test_id), data, headers=HTMX
                )
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=remove), threading.Thread(target=save)]
    for thread in threads:
        thread.start()
    removing.wait(timeout=10)
    time.sleep(0.5)  # the save is now waiting on the removal's lock
    commit.set()
    for thread in threads:
        thread.join()
    (response,) = answers
    assert response.status_code == 200
    assert "This test was removed from the round" in response.content.decode()
    assert not Finding.objects.filter(assessment=round_).exists()


@pytest.mark.django_db(transaction=True)
def test_several_people_adding_the_same_test_at_once_add_it_once(alice_http, ana, alice, library):
    round_ = services.assessment_create_baseline(
        client=ana, clinician=alice.user, tests=[library["glute-bridge"]]
    )
    nprs = library["nprs-movement"]
    url = f"/assessments/{round_.pk}/tests/"
    results = run_at_once(6, lambda n: same_browser(alice_http).post(url, {"test": nprs.pk}))
    assert {getattr(r, "status_code", r) for r in results} == {302}
    assert AssessmentTest.objects.filter(assessment=round_, test=nprs).count() == 1


@pytest.mark.django_db(transaction=True)
def test_several_people_removing_the_same_test_at_once_remove_it_once(
    alice_http, ana, alice, library
):
    round_ = services.assessment_create_baseline(
        client=ana, clinician=alice.user, tests=[library["glute-bridge"], library["nprs-movement"]]
    )
    record_bridge(round_)
    url = removal_url(round_, "glute-bridge")
    results = run_at_once(
        6, lambda n: same_browser(alice_http).post(url, {"void_reason": f"Duplicate {n}"})
    )
    assert {getattr(r, "status_code", r) for r in results} == {302}
    item = AssessmentTest.objects.get(assessment=round_, test__slug="glute-bridge")
    assert item.voided_at is not None
    voids = AssessmentTestEvent.objects.filter(pgh_obj_id=item.pk, pgh_label="update")
    assert voids.count() == 1


# Dates


def test_a_retest_is_started_at_a_past_date_and_time(alice_http, round_):
    when = timezone.now() - 2 * DAY
    response = alice_http.post(f"/assessments/{round_.pk}/retests/", {"performed_at": local(when)})
    assert response.status_code == 302
    retest = round_.retests.get()
    assert local(retest.performed_at) == local(when)


def test_a_retest_started_without_a_date_is_dated_now(alice_http, round_):
    alice_http.post(f"/assessments/{round_.pk}/retests/", {})
    retest = round_.retests.get()
    assert abs(retest.performed_at - timezone.now()) < datetime.timedelta(minutes=1)


def test_a_retest_in_the_future_is_refused_beside_the_date(alice_http, round_):
    ahead = timezone.now() + services.CLOCK_SKEW + datetime.timedelta(minutes=3)
    response = alice_http.post(f"/assessments/{round_.pk}/retests/", {"performed_at": local(ahead)})
    assert response.status_code == 200
    assert f'id="id_performed_at_error">{NOT_IN_FUTURE}' in response.content.decode()
    assert not round_.retests.exists()


def test_a_retest_within_the_clock_skew_is_taken(alice_http, round_):
    ahead = timezone.now() + datetime.timedelta(minutes=2)
    response = alice_http.post(f"/assessments/{round_.pk}/retests/", {"performed_at": local(ahead)})
    assert response.status_code == 302
    assert round_.retests.exists()


def test_a_retest_before_its_baseline_is_refused_beside_the_date(alice_http, round_):
    before = round_.performed_at - DAY
    response = alice_http.post(
        f"/assessments/{round_.pk}/retests/", {"performed_at": local(before)}
    )
    assert response.status_code == 200
    assert 'id="id_performed_at_error">A retest cannot be performed before' in (
        response.content.decode()
    )
    assert not round_.retests.exists()


def test_a_corrected_date_is_kept_in_the_history_with_who_and_what_before(alice, round_):
    before = round_.performed_at
    services.assessment_update(
        round_=round_,
        edit=Edit(version=round_.version, mine={"performed_at": before - DAY}),
        by=alice.user,
    )
    events = AssessmentEvent.objects.filter(pgh_obj_id=round_.pk).order_by("pgh_id")
    assert [e.performed_at for e in events] == [before, before - DAY]
    assert events.last().updated_by_id == alice.user.pk
