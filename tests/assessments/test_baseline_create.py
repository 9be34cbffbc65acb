"""Starting a baseline: one click on a test set, or a pick of tests, plus the round's details."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments import services
from assessments.models import Assessment, AssessmentKind, TestSet
from tests.factories import ClientFactory, TestDefinitionFactory

NOON = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC)


def set_pk(slug: str) -> int:
    return TestSet.objects.get(slug=slug, clinic__isnull=True).pk


def details(**overrides) -> dict:
    return {"performed_at": "2026-03-02T12:00", **overrides}


@time_machine.travel(NOON, tick=False)
def test_the_page_offers_the_test_sets_and_the_tests_with_now_as_the_time(alice_http, ana, library):
    body = alice_http.get(f"/clients/{ana.pk}/assessments/new/").content.decode()
    assert "Glute / low-back screen" in body
    assert f'name="test_set" value="{set_pk("glute-low-back-screen")}"' in body
    assert "Trendelenburg sign" in body
    assert 'value="2026-03-02T12:00"' in body  # noon UTC is noon in London in March
    assert f'href="/clients/{ana.pk}/"' in body


@time_machine.travel(NOON, tick=False)
def test_one_click_on_a_test_set_opens_the_round_with_its_tests_in_order(
    alice_http, alice, ana, library
):
    response = alice_http.post(
        f"/clients/{ana.pk}/assessments/new/",
        details(test_set=set_pk("glute-low-back-screen"), rater="", instrument="Goniometer"),
    )
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/assessments/{assessment.pk}/"
    assert (assessment.kind, assessment.client, assessment.clinician) == (
        AssessmentKind.BASELINE,
        ana,
        alice.user,
    )
    assert assessment.performed_at == NOON
    assert assessment.instrument == "Goniometer"
    screen = TestSet.objects.get(pk=set_pk("glute-low-back-screen"))
    assert list(assessment.items.values_list("test_id", flat=True)) == list(
        screen.items.values_list("test_id", flat=True)
    )


def test_picked_tests_open_a_round_in_library_order(alice_http, ana, library):
    picked = [library["trendelenburg"].pk, library["nprs-rest"].pk, library["glute-bridge"].pk]
    response = alice_http.post(
        f"/clients/{ana.pk}/assessments/new/", details(tests=picked, rater="Dana (student)")
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    slugs = list(assessment.items.values_list("test__slug", flat=True))
    assert slugs == ["nprs-rest", "glute-bridge", "trendelenburg"]
    assert assessment.rater == "Dana (student)"


def test_choosing_nothing_is_explained_and_creates_nothing(alice_http, ana, library):
    response = alice_http.post(f"/clients/{ana.pk}/assessments/new/", details())
    assert response.status_code == 200
    assert "Choose a test set or at least one test." in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_time_far_in_the_future_is_refused(alice_http, ana, library):
    response = alice_http.post(
        f"/clients/{ana.pk}/assessments/new/",
        details(performed_at="2099-01-01T09:00", test_set=set_pk("hip-rom")),
    )
    assert "A round cannot be dated in the future." in response.content.decode()
    assert not Assessment.objects.exists()


def test_another_clinics_test_or_test_set_cannot_be_used(alice_http, ana, southside, library):
    theirs = TestDefinitionFactory(clinic=southside)
    their_set = TestSet.objects.create(clinic=southside, slug="theirs", name="Theirs")
    for data in (details(tests=[theirs.pk]), details(test_set=their_set.pk)):
        response = alice_http.post(f"/clients/{ana.pk}/assessments/new/", data)
        assert response.status_code == 200
        assert "valid choice" in response.content.decode()
    assert not Assessment.objects.exists()


def test_an_outsider_cannot_start_a_baseline_for_another_clinics_client(charlie_http, ana, library):
    url = f"/clients/{ana.pk}/assessments/new/"
    assert charlie_http.get(url).status_code == 404
    response = charlie_http.post(url, details(test_set=set_pk("hip-rom")))
    assert response.status_code == 404
    assert not Assessment.objects.exists()


def test_a_read_only_member_cannot_start_a_baseline(bob_http, ana, library):
    url = f"/clients/{ana.pk}/assessments/new/"
    assert bob_http.get(url).status_code == 403
    assert bob_http.post(url, details(test_set=set_pk("hip-rom"))).status_code == 403
    assert not Assessment.objects.exists()


def test_the_page_refuses_other_methods(alice_http, ana):
    assert alice_http.delete(f"/clients/{ana.pk}/assessments/new/").status_code == 405


def test_the_service_refuses_an_archived_client(alice, northside, library):
    client = ClientFactory(clinic=northside, archived_at=timezone.now())
    with pytest.raises(ValidationError, match="archived"):
        services.assessment_create_baseline(
            client=client, clinician=alice.user, tests=[library["nprs-rest"]]
        )
    assert not Assessment.objects.exists()


def test_the_service_refuses_a_test_twice_or_none(alice, ana, library):
    nprs = library["nprs-rest"]
    for tests in ([], [nprs, nprs]):
        with pytest.raises(ValidationError):
            services.assessment_create_baseline(client=ana, clinician=alice.user, tests=tests)
    assert not Assessment.objects.exists()


def test_the_page_takes_a_fixed_number_of_queries(
    alice_http, ana, library, django_assert_num_queries
):
    # session, user, membership, client, the access audit row, test sets, their tests, the
    # library.
    with django_assert_num_queries(8):
        alice_http.get(f"/clients/{ana.pk}/assessments/new/")
