"""Every user changes their own password: the session it is changed in stays, every other
session of the user is sent to log in (T11), and the change is in the authentication audit."""

import re

from django.contrib.auth import get_user_model
from django.test import Client as HttpClient

from clinic.models import AuthEvent, AuthEventKind, AuthOutcome
from tests.factories import TEST_PASSWORD, second_factor_passed, signed_in

NEW_PASSWORD = "granite willow compass"


def change(http, old=TEST_PASSWORD, new=NEW_PASSWORD, again=None):
    return http.post(
        "/accounts/password/",
        {"old_password": old, "new_password1": new, "new_password2": again or new},
    )


def logged_in(username: str, password: str = TEST_PASSWORD) -> HttpClient:
    http = HttpClient()
    response = http.post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code == 302
    second_factor_passed(http, get_user_model().objects.get(username=username))
    return http


def field_errors(response, field: str) -> list[str]:
    return re.findall(
        rf'<p class="field-error" id="id_{field}_error">([^<]*)</p>', response.content.decode()
    )


def test_the_change_page_is_served_to_a_signed_in_user(alice_http):
    response = alice_http.get("/accounts/password/")
    assert response.status_code == 200
    assert b'autocomplete="current-password"' in response.content
    assert b'autocomplete="new-password"' in response.content


def test_every_page_links_to_the_change_page(alice_http):
    assert b'href="/accounts/password/"' in alice_http.get("/").content


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get("/accounts/password/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_a_user_with_no_clinic_can_change_their_password(client, django_user_model):
    user = django_user_model.objects.create_user("loner@example.org", password=TEST_PASSWORD)
    signed_in(user, client)
    assert change(client)["Location"] == "/accounts/password/done/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_after_a_password_change_the_same_session_stays_and_another_is_sent_to_log_in(alice):
    """T11: change the password in session A, then use session B."""
    session_a = logged_in("alice@northside.example")
    session_b = logged_in("alice@northside.example")
    assert session_b.get("/").status_code == 200
    key_before = session_a.session.session_key
    response = change(session_a)
    assert response["Location"] == "/accounts/password/done/"
    assert session_a.get("/accounts/password/done/").status_code == 200
    assert session_a.get("/").status_code == 200
    # Still signed in, under a new session key (update_session_auth_hash rotates it).
    assert session_a.session.session_key != key_before
    refused = session_b.get("/")
    assert refused.status_code == 302
    assert refused["Location"].startswith("/accounts/login/?next=")
    # Signed out for good, not only refused once.
    assert "_auth_user_id" not in session_b.session
    assert logged_in("alice@northside.example", NEW_PASSWORD).get("/").status_code == 200


def test_a_password_change_is_in_the_authentication_audit(alice_http, alice):
    change(alice_http)
    event = AuthEvent.objects.get(kind=AuthEventKind.PASSWORD_CHANGED)
    assert (event.user, event.outcome) == (alice.user, AuthOutcome.SUCCESS)
    stored = " ".join(str(v) for v in AuthEvent.objects.values().get(pk=event.pk).values())
    assert NEW_PASSWORD not in stored and TEST_PASSWORD not in stored


def test_a_wrong_current_password_is_refused_beside_the_field_and_recorded(alice_http, alice):
    response = change(alice_http, old="not my password")
    assert response.status_code == 200
    assert field_errors(response, "old_password") == [
        "Your old password was entered incorrectly. Please enter it again."
    ]
    event = AuthEvent.objects.get(kind=AuthEventKind.PASSWORD_CHANGED)
    assert (event.user, event.outcome) == (alice.user, AuthOutcome.FAILURE)
    alice.user.refresh_from_db()
    assert alice.user.check_password(TEST_PASSWORD)


def test_a_weak_new_password_is_refused_beside_the_field(alice_http, alice):
    for weak, message in [
        ("aaaaaaaaaaaa", "one character or a short group"),
        (" " * 12, "only spaces"),
        ("Northside Physio 1", "your clinic&#x27;s name"),
        ("alice in wonderland", "your name or your email"),
    ]:
        response = change(alice_http, new=weak)
        assert response.status_code == 200
        assert any(message in e for e in field_errors(response, "new_password2")), weak
    assert not AuthEvent.objects.filter(kind=AuthEventKind.PASSWORD_CHANGED).exists()
    alice.user.refresh_from_db()
    assert alice.user.check_password(TEST_PASSWORD)


def test_bad_input_on_the_change_page_is_a_message(alice_http):
    response = change(alice_http, old="xy", new="n" * 5000)
    assert response.status_code == 200
    assert b'class="field-error"' in response.content
    # A NUL character is refused as malformed before the form reads it.
    assert change(alice_http, old="x\x00y", new="n" * 20).status_code == 400
