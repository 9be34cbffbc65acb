"""One login in several clinics: the clinic chosen is part of the session, and tenancy follows it.

Pat works at Northside and at Southside. Each request sees the chosen clinic's records only
(row-level security is scoped to it); the other clinic's records are 404 until Pat switches,
and a session whose choice names a membership that is not Pat's, or no longer active, is sent
to choose again — never into another clinic (T15 across one login's clinics).
"""

import pytest
from django.db import IntegrityError, transaction
from django.test import Client as HttpClient

from clinic.models import AuthEvent, AuthEventKind, Membership, Role
from clinic.permissions import CHOSEN_MEMBERSHIP
from tests.factories import ClientFactory, MembershipFactory, UserFactory, signed_in

HTMX = {"HX-Request": "true"}


@pytest.fixture
def pat(northside, southside) -> dict[str, Membership]:
    user = UserFactory(username="pat@example.org", first_name="Pat", last_name="Lee")
    return {
        "northside": MembershipFactory(user=user, clinic=northside, role=Role.CLINICIAN),
        "southside": MembershipFactory(user=user, clinic=southside, role=Role.READ_ONLY),
    }


@pytest.fixture
def pat_http(pat) -> HttpClient:
    http = HttpClient()
    signed_in(pat["northside"].user, http)
    return http


@pytest.fixture
def clients(northside, southside):
    return {
        "northside": ClientFactory(clinic=northside, name="Ana Souza"),
        "southside": ClientFactory(clinic=southside, name="Sol Rivera"),
    }


def choose(http: HttpClient, membership: Membership, next_url: str = "/"):
    return http.post("/accounts/clinic/", {"membership": membership.pk, "next": next_url})


def test_a_login_in_two_clinics_is_asked_which_one_to_work_in(pat_http, clients):
    response = pat_http.get(f"/clients/{clients['northside'].pk}/")
    assert response.status_code == 302
    assert (
        response["Location"] == f"/accounts/clinic/?next=%2Fclients%2F{clients['northside'].pk}%2F"
    )
    page = pat_http.get(response["Location"])
    assert page.status_code == 200
    assert b"Northside Physio" in page.content and b"Southside Physio" in page.content
    assert b"Ana Souza" not in page.content and b"Sol Rivera" not in page.content


def test_an_htmx_request_before_choosing_sends_the_whole_page_to_the_chooser(pat_http, clients):
    response = pat_http.get("/", headers={**HTMX, "HX-Current-URL": "http://testserver/?page=2"})
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/accounts/clinic/?next=%2F%3Fpage%3D2"


def test_a_login_in_one_clinic_works_there_without_choosing(alice_http, clients):
    response = alice_http.get("/")
    assert response.status_code == 200
    assert b"Ana Souza" in response.content
    assert CHOSEN_MEMBERSHIP not in alice_http.session
    # With nothing to switch to, the header offers no switch.
    assert b"Switch clinic" not in response.content


def test_tenancy_follows_the_chosen_clinic(pat_http, pat, clients):
    north, south = clients["northside"], clients["southside"]
    assert choose(pat_http, pat["northside"])["Location"] == "/"
    page = pat_http.get("/")
    assert b"Ana Souza" in page.content and b"Sol Rivera" not in page.content
    assert pat_http.get(f"/clients/{north.pk}/").status_code == 200
    assert pat_http.get(f"/clients/{south.pk}/").status_code == 404

    choose(pat_http, pat["southside"])
    page = pat_http.get("/")
    assert b"Sol Rivera" in page.content and b"Ana Souza" not in page.content
    assert pat_http.get(f"/clients/{south.pk}/").status_code == 200
    assert pat_http.get(f"/clients/{north.pk}/").status_code == 404


def test_the_role_is_the_chosen_clinics(pat_http, pat, clients):
    south = clients["southside"]
    choose(pat_http, pat["southside"])
    # Read-only at Southside, though a clinician at Northside.
    response = pat_http.post(f"/clients/{south.pk}/discharge/")
    assert response.status_code == 403
    choose(pat_http, pat["northside"])
    assert pat_http.post(f"/clients/{clients['northside'].pk}/discharge/").status_code == 302


def test_the_header_names_the_clinic_and_offers_the_switch(pat_http, pat, clients):
    choose(pat_http, pat["southside"])
    page = pat_http.get("/").content.decode()
    assert '<span class="visually-hidden">Working in </span>Southside Physio' in page
    assert 'href="/accounts/clinic/?next=/"' in page


def test_a_single_clinic_chosen_all_the_same_offers_no_switch(alice_http, alice, clients):
    choose(alice_http, alice)
    assert b"Switch clinic" not in alice_http.get("/").content


def test_choosing_goes_back_to_the_page_asked_for(pat_http, pat, clients):
    url = f"/clients/{clients['northside'].pk}/"
    assert choose(pat_http, pat["northside"], next_url=url)["Location"] == url
    assert choose(pat_http, pat["northside"], next_url="https://evil.example/")["Location"] == "/"


def test_a_switch_is_audited_with_the_clinic(pat_http, pat, clients):
    choose(pat_http, pat["northside"])
    choose(pat_http, pat["southside"])
    rows = AuthEvent.objects.filter(kind=AuthEventKind.CLINIC_SWITCHED).order_by("pk")
    assert [(r.user_id, r.clinic_id, r.detail) for r in rows] == [
        (pat["northside"].user_id, pat["northside"].clinic_id, "chose Northside Physio"),
        (
            pat["northside"].user_id,
            pat["southside"].clinic_id,
            "Northside Physio → Southside Physio",
        ),
    ]


@pytest.mark.parametrize("value", ["", "abc", "-1", "99999999999999999999"])
def test_a_malformed_choice_is_refused_with_a_message(pat_http, clients, value):
    response = pat_http.post("/accounts/clinic/", {"membership": value})
    assert response.status_code == 400
    assert b"Choose one of your clinics." in response.content
    assert CHOSEN_MEMBERSHIP not in pat_http.session


def test_another_users_membership_cannot_be_chosen(pat_http, charlie, clients):
    response = choose(pat_http, charlie)
    assert response.status_code == 400
    assert CHOSEN_MEMBERSHIP not in pat_http.session
    assert not AuthEvent.objects.filter(kind=AuthEventKind.CLINIC_SWITCHED).exists()


def test_a_session_naming_someone_elses_membership_goes_to_the_chooser(
    pat_http, alice_http, charlie, clients
):
    for http in (pat_http, alice_http):
        session = http.session
        session[CHOSEN_MEMBERSHIP] = charlie.pk
        session.save()
        response = http.get(f"/clients/{clients['southside'].pk}/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/clinic/")
        assert http.get("/").status_code == 302


@pytest.mark.parametrize("value", ["1", None, True, [1], 0])
def test_a_session_choice_that_is_no_membership_id_is_no_choice(alice_http, clients, value):
    session = alice_http.session
    session[CHOSEN_MEMBERSHIP] = value
    session.save()
    # Alice has one clinic: with no valid choice, it is chosen for her, as on any request.
    assert alice_http.get("/").status_code == 200


def test_a_deactivated_membership_chosen_in_the_session_is_refused_at_once(pat_http, pat, clients):
    choose(pat_http, pat["southside"])
    assert pat_http.get(f"/clients/{clients['southside'].pk}/").status_code == 200
    Membership.objects.filter(pk=pat["southside"].pk).update(deactivated_at="2026-12-01T10:00Z")

    response = pat_http.get(f"/clients/{clients['southside'].pk}/", follow=True)
    assert response.redirect_chain[0][0].startswith("/accounts/clinic/")
    assert b"Your membership of that clinic has ended" in response.content
    assert b"Sol Rivera" not in response.content
    # Still signed in, for the clinic that is still theirs; Southside is no longer offered.
    assert b"Northside Physio" in response.content and b"Southside Physio" not in response.content
    assert choose(pat_http, pat["southside"]).status_code == 400
    choose(pat_http, pat["northside"])
    assert pat_http.get(f"/clients/{clients['northside'].pk}/").status_code == 200


def test_the_chooser_is_for_signed_in_users(client, db):
    response = client.get("/accounts/clinic/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_chooser_refuses_other_methods(pat_http):
    assert pat_http.delete("/accounts/clinic/").status_code == 405


def test_a_user_with_no_clinic_is_told_so_by_the_chooser(client, django_user_model):
    user = django_user_model.objects.create_user("loner@example.org", password="x" * 20)
    signed_in(user, client)
    response = client.get("/accounts/clinic/")
    assert response.status_code == 403
    assert b"not part of a clinic" in response.content


def test_a_chosen_clinic_costs_no_query_more_than_a_single_one(
    pat_http, pat, alice_http, clients, django_assert_num_queries
):
    choose(pat_http, pat["northside"])
    pat_http.get("/")  # shows, and so removes, the message saying which clinic was chosen
    # session, user, membership, the access audit row, status counts, page count, page rows,
    # and the badges' two: the same nine as a login with one clinic (test_client_list.py).
    with django_assert_num_queries(9):
        assert pat_http.get("/").status_code == 200
    with django_assert_num_queries(9):
        assert alice_http.get("/").status_code == 200


def test_one_user_is_a_member_of_a_clinic_once(pat, northside):
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(user=pat["northside"].user, clinic=northside)
