"""The owner's invitations: inviting by email, the list of those waiting, sending again and
withdrawing. Every one is in the authentication audit; the token is never stored."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from clinic.invitations import token_hash
from clinic.models import AuthEvent, AuthEventKind, Invitation
from tests.factories import InvitationFactory, invited

LINK = re.compile(r"http://testserver/accounts/invite/([A-Za-z0-9_-]+)/")


def link_in(message) -> str:
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


def invite(http, email="new.colleague@example.org", role="clinician"):
    return http.post("/members/invite/", {"email": email, "role": role})


def test_the_owner_invites_a_member_by_email_with_a_single_link(
    northside_owner_http, northside_owner, northside
):
    response = invite(northside_owner_http, role="read_only")
    assert response.status_code == 302
    assert response["Location"] == "/members/invitations/"
    invitation = Invitation.objects.get()
    assert (invitation.clinic, invitation.email, invitation.role) == (
        northside,
        "new.colleague@example.org",
        "read_only",
    )
    assert invitation.created_by == northside_owner.user
    [message] = mail.outbox
    assert message.to == ["new.colleague@example.org"]
    assert "Northside Physio" in message.subject
    assert "Read-only" in message.body
    token = link_in(message)
    # Only the token's hash is kept: no column holds the token itself.
    assert invitation.token_hash == token_hash(token)
    stored = " ".join(str(v) for v in Invitation.objects.values().get().values())
    assert token not in stored


def test_an_invitation_works_for_seven_days_by_default(northside_owner_http):
    invite(northside_owner_http)
    invitation = Invitation.objects.get()
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=7)


def test_the_invitations_lifetime_is_a_setting(northside_owner_http, settings):
    settings.INVITATION_DAYS = 2
    invite(northside_owner_http)
    invitation = Invitation.objects.get()
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=2)


def test_an_invitation_is_in_the_authentication_audit(
    northside_owner_http, northside_owner, northside
):
    invite(northside_owner_http)
    event = AuthEvent.objects.get(kind=AuthEventKind.MEMBER_INVITED)
    assert event.actor == northside_owner.user
    assert event.clinic == northside
    assert "new.colleague@example.org" in event.detail
    assert event.remote_addr == "127.0.0.1"
    assert event.user is None


def test_the_address_is_stored_as_logins_are_spelled(northside_owner_http):
    # A full-width "Ｎ", capitals and spaces: one spelling, the one a login is created under.
    invite(northside_owner_http, email="  Ｎew.Colleague@Example.ORG ")
    assert Invitation.objects.get().email == "new.colleague@example.org"
    assert mail.outbox[0].to == ["new.colleague@example.org"]


def test_a_member_of_the_clinic_cannot_be_invited_again(northside_owner_http, alice):
    response = invite(northside_owner_http, email="ALICE@northside.example")
    assert response.status_code == 200
    assert re.search(
        rb'<p class="field-error" id="id_email_error">alice@northside.example is already a member',
        response.content,
    )
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_a_member_of_another_clinic_can_be_invited(northside_owner_http, charlie):
    assert invite(northside_owner_http, email="charlie@southside.example").status_code == 302


def test_an_address_with_an_invitation_waiting_is_sent_to_the_list(northside_owner_http):
    invite(northside_owner_http)
    response = invite(northside_owner_http)
    assert response.status_code == 200
    assert b"has an invitation waiting" in response.content
    assert Invitation.objects.count() == 1


@pytest.mark.parametrize(
    ("email", "role", "message"),
    [
        ("a" * 250 + "@example.org", "clinician", b"at most 254 characters"),
        ("not-an-email", "clinician", b"Enter an email address such as"),
        ("", "clinician", b"This field is required."),
        ("someone@example.org", "superuser", b"Select a valid choice."),
    ],
    ids=["oversize", "not-an-email", "empty", "unknown-role"],
)
def test_bad_input_is_refused_with_a_message_beside_the_field(
    northside_owner_http, email, role, message
):
    response = invite(northside_owner_http, email=email, role=role)
    assert response.status_code == 200
    assert message in response.content
    assert b'class="field-error"' in response.content
    assert not Invitation.objects.exists()


def test_the_form_page_is_served_to_the_owner(northside_owner_http):
    response = northside_owner_http.get("/members/invite/")
    assert response.status_code == 200
    assert b'name="email"' in response.content
    assert b'value="clinician"' in response.content


def test_the_list_shows_the_clinics_invitations_still_waiting(
    northside_owner_http, northside, southside, django_assert_max_num_queries
):
    waiting = InvitationFactory(clinic=northside, email="waiting@example.org")
    with time_machine.travel(timezone.now() - datetime.timedelta(days=8)):
        InvitationFactory(clinic=northside, email="expired@example.org")
    InvitationFactory(clinic=northside, email="gone@example.org", revoked_at=timezone.now())
    InvitationFactory(clinic=southside, email="elsewhere@example.org")
    # Session, user, membership, the invitations with their senders.
    with django_assert_max_num_queries(4):
        response = northside_owner_http.get("/members/invitations/")
    page = response.content.decode()
    assert "waiting@example.org" in page and "expired@example.org" in page
    assert "Expired" in page
    assert "gone@example.org" not in page and "elsewhere@example.org" not in page
    assert f"/members/invitations/{waiting.pk}/revoke/" in page


def test_sending_again_makes_a_new_link_and_the_old_one_stops_working(
    northside_owner_http, northside, client
):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=8)):
        invitation, old_token = invited(clinic=northside)
    response = northside_owner_http.post(f"/members/invitations/{invitation.pk}/resend/")
    assert response.status_code == 302
    new_token = link_in(mail.outbox[0])
    assert new_token != old_token
    invitation.refresh_from_db()
    assert invitation.expires_at > timezone.now() + datetime.timedelta(days=6)
    assert client.get(f"/accounts/invite/{old_token}/").status_code == 404
    assert client.get(f"/accounts/invite/{new_token}/").status_code == 200
    event = AuthEvent.objects.get(kind=AuthEventKind.MEMBER_INVITED)
    assert "sent again" in event.detail


def test_withdrawing_an_invitation_stops_its_link_at_once(
    northside_owner_http, northside_owner, northside, client
):
    invitation, token = invited(clinic=northside)
    response = northside_owner_http.post(f"/members/invitations/{invitation.pk}/revoke/")
    assert response.status_code == 302
    assert client.get(f"/accounts/invite/{token}/").status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    event = AuthEvent.objects.get(kind=AuthEventKind.INVITATION_REVOKED)
    assert (event.actor, event.clinic) == (northside_owner.user, northside)
    assert invitation.email in event.detail
    page = northside_owner_http.get("/members/invitations/").content.decode()
    assert invitation.email not in page.split("<main")[1].split("withdrawn")[-1]


def test_an_accepted_or_withdrawn_invitation_cannot_be_sent_again(northside_owner_http, northside):
    invitation, _ = invited(clinic=northside, revoked_at=timezone.now())
    for action in ("resend", "revoke"):
        url = f"/members/invitations/{invitation.pk}/{action}/"
        assert northside_owner_http.post(url).status_code == 404
    assert not mail.outbox


def test_another_clinics_invitation_is_not_found(southside_owner_http, northside):
    invitation, token = invited(clinic=northside)
    for action in ("resend", "revoke"):
        response = southside_owner_http.post(f"/members/invitations/{invitation.pk}/{action}/")
        assert response.status_code == 404
    invitation.refresh_from_db()
    assert (invitation.token_hash, invitation.revoked_at) == (token_hash(token), None)
    assert not mail.outbox


def test_an_email_that_cannot_be_sent_keeps_the_invitation_and_says_so(
    northside_owner_http, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    # Nothing listens on port 9 here: the connection is refused at once.
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    response = invite(northside_owner_http)
    assert response.status_code == 302
    page = northside_owner_http.get(response["Location"]).content.decode()
    assert "the email could not be sent" in page
    assert "new.colleague@example.org" in page
    event = AuthEvent.objects.get(kind=AuthEventKind.MEMBER_INVITED)
    assert event.outcome == "failure"
    assert Invitation.objects.filter(email="new.colleague@example.org").exists()
