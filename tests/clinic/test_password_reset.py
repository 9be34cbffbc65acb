"""A forgotten password is reset by email: the same answer for any address, a link that works
once, throttled per address typed and per client address, in the authentication audit. The
reset only sets the password; the person then logs in as always."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client as HttpClient
from django.utils import timezone

from clinic.models import AuthEvent, AuthEventKind, AuthOutcome
from tests.factories import TEST_PASSWORD, second_factor_passed

NEW_PASSWORD = "harbour meadow violin"
LINK = re.compile(r"http://testserver(/accounts/password/reset/[^/]+/[^/]+/)")


def ask(http, email="alice@northside.example", **extra):
    return http.post("/accounts/password/reset/", {"email": email}, **extra)


def reset_link() -> str:
    match = LINK.search(mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def set_password(http, link: str, password: str = NEW_PASSWORD):
    form = http.get(link)
    assert form.status_code == 302
    return http.post(form["Location"], {"new_password1": password, "new_password2": password})


def test_the_login_page_links_to_the_reset_page(client, db):
    assert (
        b'href="/accounts/password/reset/">Forgot your password?'
        in client.get("/accounts/login/").content
    )


def test_a_known_address_gets_a_reset_link_by_email(client, alice):
    response = ask(client, email="ALICE@Northside.example")
    assert response["Location"] == "/accounts/password/reset/sent/"
    [message] = mail.outbox
    assert message.to == ["alice@northside.example"]
    assert "new Retest password" in message.subject
    assert reset_link()


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(client, alice):
    known = ask(client)
    unknown = ask(HttpClient(), email="nobody@example.org")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(mail.outbox) == 1
    done = client.get(known["Location"])
    assert b"If that address has a Retest login" in done.content


def test_reset_requests_are_in_the_authentication_audit(client, alice):
    ask(client)
    ask(client, email="nobody@example.org")
    known, unknown = AuthEvent.objects.filter(kind=AuthEventKind.PASSWORD_RESET_REQUESTED).order_by(
        "pk"
    )
    assert (known.user, known.outcome) == (alice.user, AuthOutcome.SUCCESS)
    # An address with no account is kept only as a keyed hash, as failed logins are.
    assert unknown.user is None and unknown.identity.startswith("unknown:")
    assert "nobody" not in unknown.identity


def test_a_reset_link_sets_the_password_once_and_does_not_sign_in(client, alice):
    ask(client)
    link = reset_link()
    response = set_password(client, link)
    assert response["Location"] == "/accounts/password/reset/done/"
    alice.user.refresh_from_db()
    assert alice.user.check_password(NEW_PASSWORD)
    # Only the password is set: signing in (and any second factor) is the usual login.
    assert client.get("/")["Location"].startswith("/accounts/login/")
    event = AuthEvent.objects.get(kind=AuthEventKind.PASSWORD_RESET)
    assert event.user == alice.user
    again = HttpClient().get(link)
    assert again.status_code == 200
    assert b"This link no longer works" in again.content


def test_a_reset_page_sends_no_referrer(client, alice):
    ask(client)
    first = client.get(reset_link())
    assert first["Referrer-Policy"] == "no-referrer"
    assert client.get(first["Location"])["Referrer-Policy"] == "no-referrer"


def test_a_reset_ends_every_session_of_the_user(alice):
    other = HttpClient()
    other.post(
        "/accounts/login/", {"username": "alice@northside.example", "password": TEST_PASSWORD}
    )
    second_factor_passed(other, alice.user)
    assert other.get("/").status_code == 200
    http = HttpClient()
    ask(http)
    set_password(http, reset_link())
    assert other.get("/").status_code == 302


def test_a_weak_password_is_refused_beside_the_field(client, alice):
    ask(client)
    response = set_password(client, reset_link(), password="a" * 12)
    assert response.status_code == 200
    assert b'id="id_new_password2_error">Your password cannot be one character' in response.content
    alice.user.refresh_from_db()
    assert alice.user.check_password(TEST_PASSWORD)


def test_reset_emails_are_throttled_per_address_typed(client, alice, settings):
    settings.PASSWORD_RESET_PER_IDENTITY = 3
    sources = [HttpClient(REMOTE_ADDR=f"192.0.2.{n}") for n in range(5)]
    answers = [ask(http)["Location"] for http in sources]
    # The same answer every time, and no more emails than the hour allows.
    assert set(answers) == {"/accounts/password/reset/sent/"}
    assert len(mail.outbox) == 3
    refused = AuthEvent.objects.filter(
        kind=AuthEventKind.PASSWORD_RESET_REQUESTED, outcome=AuthOutcome.REFUSED
    )
    assert refused.count() == 2
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1, minutes=1)):
        ask(HttpClient())
    assert len(mail.outbox) == 4


def test_reset_requests_are_throttled_per_client_address(client, settings, db):
    settings.PASSWORD_RESET_PER_ADDRESS = 2
    from tests.factories import UserFactory

    for n in range(4):
        UserFactory(username=f"member{n}@example.org")
        ask(client, email=f"member{n}@example.org")
    assert len(mail.outbox) == 2
    ask(HttpClient(REMOTE_ADDR="198.51.100.7"), email="member3@example.org")
    assert len(mail.outbox) == 3


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("a" * 300 + "@example.org", b"at most 254 characters"),
        ("not an email", b"Enter an email address such as"),
    ],
    ids=["oversize", "not-an-email"],
)
def test_bad_input_is_a_message_beside_the_field(client, alice, email, message):
    response = ask(client, email=email)
    assert response.status_code == 200
    assert message in response.content
    assert b'class="field-error"' in response.content
    assert not mail.outbox


def test_a_malformed_reset_link_is_the_no_longer_works_page(client, db):
    assert client.get("/accounts/password/reset/%00/abc/").status_code == 400
    for link in ("/accounts/password/reset/MQ/abc/", "/accounts/password/reset/MQ/x-y/"):
        response = client.get(link)
        assert response.status_code == 200
        assert b"This link no longer works" in response.content


def test_bad_input_when_setting_the_new_password_is_a_message(client, alice):
    ask(client)
    link = reset_link()
    assert set_password(client, link, password="harbour\x00meadow").status_code == 400
    response = set_password(client, link, password="v" * 5000)
    assert response.status_code == 200
    assert b'class="field-error"' in response.content
    alice.user.refresh_from_db()
    assert alice.user.check_password(TEST_PASSWORD)
