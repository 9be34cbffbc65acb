"""Opening a round is idempotent per submission of its form, and one retest is open per baseline
however many taps arrive at once."""

import re
import uuid

import pytest
from django.core.exceptions import ValidationError

from assessments import services
from assessments.models import Assessment, AssessmentKind, AssessmentTest, TestSet
from tests.concurrency import run_at_once, same_browser
from tests.factories import ClientFactory, ClinicFactory, MembershipFactory, signed_in


def token_of(html: str) -> str:
    return re.search(r'name="submission" value="([0-9a-f-]{36})"', html)[1]


def screen_tests():
    test_set = TestSet.objects.get(slug="glute-low-back-screen", clinic__isnull=True)
    return test_set, [item.test for item in test_set.items.select_related("test")]


def test_submitting_the_new_baseline_form_twice_opens_one_round(alice_http, ana, library):
    page = alice_http.get(f"/clients/{ana.pk}/assessments/new/").content.decode()
    test_set, _ = screen_tests()
    data = {
        "submission": token_of(page),
        "performed_at": "2026-03-02T09:30",
        "test_set": test_set.pk,
    }
    first = alice_http.post(f"/clients/{ana.pk}/assessments/new/", data)
    second = alice_http.post(f"/clients/{ana.pk}/assessments/new/", data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Assessment.objects.filter(client=ana).count() == 1


def test_each_opening_of_the_new_baseline_page_is_a_new_submission(alice_http, ana):
    url = f"/clients/{ana.pk}/assessments/new/"
    assert token_of(alice_http.get(url).content.decode()) != token_of(
        alice_http.get(url).content.decode()
    )


def test_a_repeated_start_a_retest_form_lands_on_its_retest_even_after_findings(
    alice_http, ana, alice, library
):
    baseline = services.assessment_create_baseline(
        client=ana, clinician=alice.user, tests=[library["nprs-movement"]]
    )
    token = token_of(alice_http.get(f"/assessments/{baseline.pk}/").content.decode())
    first = alice_http.post(f"/assessments/{baseline.pk}/retests/", {"submission": token})
    retest = baseline.retests.get()
    item = retest.items.select_related("test", "assessment").get()
    services.finding_save(item=item, side="none", pain=3)
    # The back button and the same form again, minutes later: still the same retest.
    again = alice_http.post(f"/assessments/{baseline.pk}/retests/", {"submission": token})
    assert first["Location"] == again["Location"] == f"/assessments/{retest.pk}/"
    assert baseline.retests.count() == 1


def test_a_colleagues_tap_moments_later_lands_on_the_open_retest(
    alice_http, dana_http, ana, alice, library
):
    baseline = services.assessment_create_baseline(
        client=ana, clinician=alice.user, tests=[library["nprs-movement"]]
    )
    first = alice_http.post(f"/assessments/{baseline.pk}/retests/")
    second = dana_http.post(f"/assessments/{baseline.pk}/retests/")
    assert first["Location"] == second["Location"]
    assert baseline.retests.count() == 1


def test_a_token_used_for_another_client_is_refused(alice, ana, northside, library):
    token = uuid.uuid4()
    tests = [library["nprs-movement"]]
    services.assessment_create_baseline(
        client=ana, clinician=alice.user, tests=tests, submission=token
    )
    other = ClientFactory(clinic=northside)
    with pytest.raises(ValidationError, match="already used for another client"):
        services.assessment_create_baseline(
            client=other, clinician=alice.user, tests=tests, submission=token
        )
    assert not Assessment.objects.filter(client=other).exists()


def test_the_retest_button_on_the_client_page_carries_a_token(alice_http, ana, alice, library):
    services.assessment_create_baseline(
        client=ana, clinician=alice.user, tests=[library["nprs-movement"]]
    )
    page = alice_http.get(f"/clients/{ana.pk}/").content.decode()
    assert token_of(page)


# Real threads, each with its own connection, lined up on a barrier (tests/concurrency.py).


@pytest.fixture
def northside_http(transactional_db):
    """A clinician's logged-in browser, and a client of hers, outside any test transaction."""
    membership = MembershipFactory(clinic=ClinicFactory())
    client = ClientFactory(clinic=membership.clinic)
    http = signed_in(membership.user)
    return http, client, membership


@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_submits_of_one_baseline_form_open_one_round(northside_http):
    http, client, _ = northside_http
    test_set, tests = screen_tests()
    token = token_of(http.get(f"/clients/{client.pk}/assessments/new/").content.decode())
    data = {"submission": token, "performed_at": "2026-03-02T09:30", "test_set": test_set.pk}

    responses = run_at_once(
        10,
        lambda n: same_browser(http).post(f"/clients/{client.pk}/assessments/new/", data),
    )

    assert [getattr(r, "status_code", r) for r in responses] == [302] * 10
    rounds = Assessment.objects.filter(client=client)
    assert rounds.count() == 1
    assert {r["Location"] for r in responses} == {f"/assessments/{rounds.get().pk}/"}
    assert AssessmentTest.objects.filter(assessment__client=client).count() == len(tests)


@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_start_a_retest_taps_open_one_retest(northside_http):
    http, client, membership = northside_http
    _, tests = screen_tests()
    baseline = services.assessment_create_baseline(
        client=client, clinician=membership.user, tests=tests
    )

    # Ten separate taps, each its own form (no shared token): the lock alone keeps it to one.
    responses = run_at_once(
        10, lambda n: same_browser(http).post(f"/assessments/{baseline.pk}/retests/")
    )

    assert [getattr(r, "status_code", r) for r in responses] == [302] * 10
    retest = Assessment.objects.get(baseline=baseline)
    assert retest.kind == AssessmentKind.RETEST
    assert {r["Location"] for r in responses} == {f"/assessments/{retest.pk}/"}
    assert retest.items.count() == len(tests)


@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_submits_of_one_retest_form_open_one_retest(northside_http):
    http, client, membership = northside_http
    _, tests = screen_tests()
    baseline = services.assessment_create_baseline(
        client=client, clinician=membership.user, tests=tests
    )
    token = token_of(http.get(f"/assessments/{baseline.pk}/").content.decode())

    responses = run_at_once(
        10,
        lambda n: same_browser(http).post(
            f"/assessments/{baseline.pk}/retests/", {"submission": token}
        ),
    )

    assert [getattr(r, "status_code", r) for r in responses] == [302] * 10
    assert Assessment.objects.filter(baseline=baseline).count() == 1


def test_logging_the_same_treatment_form_twice_logs_it_once(alice_http, ana, alice, library):
    baseline = services.assessment_create_baseline(
        client=ana, clinician=alice.user, tests=[library["nprs-movement"]]
    )
    page = alice_http.get(f"/assessments/{baseline.pk}/").content.decode()
    form = page.split('class="intervention-form"', 1)[1]
    data = {"submission": token_of(form), "description": "Soft tissue release, glutes"}
    url = f"/assessments/{baseline.pk}/interventions/"
    first = alice_http.post(url, data, headers={"HX-Request": "true"})
    second = alice_http.post(url, data, headers={"HX-Request": "true"})
    assert first.status_code == second.status_code == 200
    assert baseline.interventions.count() == 1
    # After a save the form starts again, as a new submission.
    assert token_of(first.content.decode()) != data["submission"]


@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_submits_of_one_treatment_form_log_it_once(northside_http):
    http, client, membership = northside_http
    _, tests = screen_tests()
    baseline = services.assessment_create_baseline(
        client=client, clinician=membership.user, tests=tests
    )
    page = http.get(f"/assessments/{baseline.pk}/").content.decode()
    token = token_of(page.split('class="intervention-form"', 1)[1])
    data = {"submission": token, "description": "Cable pull-through, cued hinge"}

    responses = run_at_once(
        10,
        lambda n: same_browser(http).post(f"/assessments/{baseline.pk}/interventions/", data),
    )

    assert [getattr(r, "status_code", r) for r in responses] == [302] * 10
    assert baseline.interventions.count() == 1
