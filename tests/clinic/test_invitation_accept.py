"""The page an invitation's link opens: a new person makes a login and joins, someone with a
login signs in and joins. The link works once, expires and can be withdrawn, and every way it
no longer works is the same 404 page."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client as HttpClient
from django.utils import timezone

from clinic.models import AuthEvent, AuthEventKind, Invitation, Membership, Role
from tests.concurrency import run_at_once
from tests.factories import TEST_PASSWORD, ClinicFactory, UserFactory, invited, signed_in

NEW_PASSWORD = "kettle orchard lantern"


def new_member(name: str = "Nina Patel", password: str = NEW_PASSWORD) -> dict[str, str]:
    return {"name": name, "password1": password, "password2": password}


def main_part(response) -> bytes:
    """The page's own content, less what every render changes (CSRF token, CSP nonce)."""
    return re.search(rb"<main.*</main>", response.content, re.DOTALL).group(0)


@pytest.fixture
def invitation(northside, northside_owner):
    return invited(
        clinic=northside,
        email="nina@example.org",
        role=Role.CLINICIAN,
        created_by=northside_owner.user,
    )


def test_a_new_person_sets_a_name_and_password_and_is_signed_in_as_a_member(
    client, invitation, northside
):
    row, token = invitation
    page = client.get(f"/accounts/invite/{token}/")
    assert page.status_code == 200
    assert b"Join Northside Physio" in page.content
    assert b'autocomplete="new-password"' in page.content
    response = client.post(f"/accounts/invite/{token}/", new_member())
    assert response.status_code == 302
    assert response["Location"] == "/"
    user = get_user_model().objects.get(username="nina@example.org")
    assert (user.email, user.first_name) == ("nina@example.org", "Nina Patel")
    assert user.check_password(NEW_PASSWORD)
    membership = Membership.objects.get(user=user)
    assert (membership.clinic, membership.role) == (northside, Role.CLINICIAN)
    # Northside asks every member for a second factor: the new member sets one up first.
    home = client.get("/")
    assert home["Location"] == "/account/two-factor/setup/?next=/"
    assert b"Welcome to Northside Physio" in client.get(home["Location"]).content
    row.refresh_from_db()
    assert row.accepted_by == user and row.accepted_at is not None


def test_joining_is_in_the_authentication_audit(client, invitation, northside):
    _, token = invitation
    client.post(f"/accounts/invite/{token}/", new_member())
    event = AuthEvent.objects.get(kind=AuthEventKind.MEMBER_JOINED)
    assert event.user.username == "nina@example.org"
    assert event.clinic == northside
    assert "Clinician" in event.detail and "olivia@northside.example" in event.detail
    assert AuthEvent.objects.filter(kind=AuthEventKind.LOGIN, user=event.user).exists()


def test_the_link_works_once(client, invitation):
    _, token = invitation
    client.post(f"/accounts/invite/{token}/", new_member())
    again = HttpClient()
    assert again.get(f"/accounts/invite/{token}/").status_code == 404
    assert again.post(f"/accounts/invite/{token}/", new_member("Someone Else")).status_code == 404
    assert Membership.objects.filter(user__username="nina@example.org").count() == 1


def test_a_wrong_used_expired_or_withdrawn_link_is_the_same_not_found_page(northside):
    _, used_token = invited(clinic=northside, email="used@example.org")
    HttpClient().post(f"/accounts/invite/{used_token}/", new_member())
    _, expired_token = invited(clinic=northside, email="late@example.org", token="late-" + "x" * 40)
    _, withdrawn_token = invited(
        clinic=northside,
        email="off@example.org",
        token="off-" + "y" * 40,
        revoked_at=timezone.now(),
    )
    wrong = HttpClient().get("/accounts/invite/no-such-token/")
    assert wrong.status_code == 404
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, minutes=1)):
        pages = {
            "used": HttpClient().get(f"/accounts/invite/{used_token}/"),
            "expired": HttpClient().get(f"/accounts/invite/{expired_token}/"),
            "withdrawn": HttpClient().get(f"/accounts/invite/{withdrawn_token}/"),
            "oversize": HttpClient().get("/accounts/invite/" + "z" * 5000 + "/"),
        }
        # A NUL character is refused as malformed before the page is looked for.
        assert HttpClient().get("/accounts/invite/abc%00def/").status_code == 400
    for name, page in pages.items():
        assert page.status_code == 404, name
        assert main_part(page) == main_part(wrong), name
        assert page["Referrer-Policy"] == "no-referrer", name


def test_the_page_sends_no_referrer(client, invitation):
    _, token = invitation
    assert client.get(f"/accounts/invite/{token}/")["Referrer-Policy"] == "no-referrer"
    response = client.post(f"/accounts/invite/{token}/", new_member(password="short"))
    assert response["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (new_member(password="a" * 12), "password1", "one character or a short group"),
        (new_member(password=" " * 12), "password1", "only spaces"),
        (new_member(password="northside physio clinic"), "password1", "your clinic&#x27;s name"),
        (new_member(password="nina-was-here-2025"), "password1", "your name or your email"),
        (new_member(password="short pass"), "password1", "at least 12 characters"),
        (
            {"name": "Nina", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "!"},
            "password2",
            "didn’t match",
        ),
        (new_member(name="N" * 151), "name", "at most 150 characters"),
        (new_member(name="   "), "name", "Enter your name"),
    ],
    ids=[
        "repeated",
        "spaces",
        "clinic-name",
        "own-name",
        "too-short",
        "mismatch",
        "oversize-name",
        "blank-name",
    ],
)
def test_a_refused_new_login_says_why_beside_the_field(client, invitation, data, field, message):
    _, token = invitation
    response = client.post(f"/accounts/invite/{token}/", data)
    assert response.status_code == 200
    errors = re.findall(
        rf'<p class="field-error" id="id_{field}_error">([^<]*)</p>', response.content.decode()
    )
    assert any(message in error for error in errors), errors
    assert not get_user_model().objects.filter(username="nina@example.org").exists()
    assert Invitation.objects.get().accepted_at is None


def test_someone_with_a_login_signs_in_first_and_then_joins(northside, northside_owner):
    # An account with no membership yet (one in another clinic is checked with several clinics).
    user = UserFactory(username="returning@example.org")
    _, token = invited(clinic=northside, email="returning@example.org", role=Role.READ_ONLY)
    http = HttpClient()
    page = http.get(f"/accounts/invite/{token}/")
    assert b"already a Retest login" in page.content
    login_link = f"/accounts/login/?next=%2Faccounts%2Finvite%2F{token}%2F"
    assert login_link.encode() in page.content
    # No new login is made from this page for an address that has one.
    http.post(f"/accounts/invite/{token}/", new_member())
    assert not Membership.objects.filter(user=user).exists()
    signed_in = http.post(
        "/accounts/login/",
        {
            "username": "returning@example.org",
            "password": TEST_PASSWORD,
            "next": f"/accounts/invite/{token}/",
        },
    )
    assert signed_in["Location"] == f"/accounts/invite/{token}/"
    confirm = http.get(f"/accounts/invite/{token}/")
    assert b"Join Northside Physio</button>" in confirm.content
    assert http.post(f"/accounts/invite/{token}/")["Location"] == "/"
    membership = Membership.objects.get(user=user)
    assert (membership.clinic, membership.role) == (northside, Role.READ_ONLY)
    assert http.get("/")["Location"] == "/account/two-factor/setup/?next=/"


def test_a_member_of_another_clinic_joins_and_works_in_the_new_one(
    charlie, charlie_http, northside, southside, ana
):
    _, token = invited(clinic=northside, email="charlie@southside.example", role=Role.CLINICIAN)
    assert charlie_http.post(f"/accounts/invite/{token}/")["Location"] == "/"
    clinics = Membership.objects.filter(user=charlie.user).values_list("clinic", flat=True)
    assert set(clinics) == {northside.pk, southside.pk}
    # The session now works in Northside, the clinic just joined, and offers the switch.
    home = charlie_http.get("/")
    assert home.status_code == 200
    assert b"Northside Physio" in home.content
    assert b"Switch clinic" in home.content
    assert charlie_http.get(f"/clients/{ana.pk}/").status_code == 200


def test_a_signed_in_user_cannot_accept_someone_elses_invitation(charlie_http, charlie, invitation):
    _, token = invitation
    page = charlie_http.get(f"/accounts/invite/{token}/")
    assert b"This invitation is for <strong>nina@example.org</strong>" in page.content
    charlie_http.post(f"/accounts/invite/{token}/")
    assert list(Membership.objects.filter(user=charlie.user)) == [charlie]
    assert Invitation.objects.get().accepted_at is None


def test_a_member_already_in_the_clinic_is_told_so(alice_http, alice, northside):
    _, token = invited(clinic=northside, email="alice@northside.example")
    response = alice_http.post(f"/accounts/invite/{token}/")
    assert response.status_code == 200
    assert b"You are already a member of Northside Physio." in response.content
    assert Membership.objects.filter(user=alice.user).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_acceptances_at_once_make_one_login_and_one_membership():
    clinic = ClinicFactory(name="Eastside Physio")
    owner = UserFactory()
    Membership.objects.create(user=owner, clinic=clinic, role=Role.OWNER)
    _, token = invited(clinic=clinic, email="twice@example.org", created_by=owner)

    def accept(n: int) -> int:
        data = new_member(name=f"Person {n}")
        return HttpClient().post(f"/accounts/invite/{token}/", data).status_code

    statuses = run_at_once(4, accept)
    assert sorted(statuses) == [302, 404, 404, 404], statuses
    user = get_user_model().objects.get(username="twice@example.org")
    assert Membership.objects.filter(clinic=clinic).exclude(user=owner).get().user == user
    assert AuthEvent.objects.filter(kind=AuthEventKind.MEMBER_JOINED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_signed_in_acceptances_at_once_make_one_membership():
    clinic = ClinicFactory(name="Westside Physio")
    owner = UserFactory()
    Membership.objects.create(user=owner, clinic=clinic, role=Role.OWNER)
    user = UserFactory(username="both@example.org")
    _, token = invited(clinic=clinic, email="both@example.org", created_by=owner)
    browsers = []
    for _ in range(3):
        http = HttpClient()
        signed_in(user, http)
        browsers.append(http)

    statuses = run_at_once(3, lambda n: browsers[n].post(f"/accounts/invite/{token}/").status_code)
    # One joins; each other finds the link used (404) or, when the winner's membership is
    # already visible to it, is told it is a member now (the page again, 200).
    assert statuses.count(302) == 1 and set(statuses) <= {302, 404, 200}, statuses
    assert Membership.objects.filter(user=user).count() == 1


def test_the_link_page_refuses_other_methods(client, invitation):
    _, token = invitation
    assert client.delete(f"/accounts/invite/{token}/").status_code == 405
    assert client.put(f"/accounts/invite/{token}/").status_code == 405
