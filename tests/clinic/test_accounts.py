import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.test import Client as HttpClient
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import TEST_PASSWORD, MembershipFactory, totp_code

ARGON2_ONLY = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
PRODUCTION_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


def test_the_login_page_is_served_to_anonymous_visitors(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert b'autocomplete="current-password"' in response.content


def test_a_member_logs_in_with_email_password_and_code_and_lands_on_the_client_list(alice):
    device = TOTPDevice.objects.create(user=alice.user, confirmed=True)
    http = HttpClient()
    response = http.post(
        "/accounts/login/",
        {"username": "alice@northside.example", "password": TEST_PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/account/two-factor/verify/?next=/"
    response = http.post(
        "/account/two-factor/verify/", {"code": totp_code(device), "next": "/"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert b"Northside Physio" in response.content


def test_a_wrong_password_is_refused_with_a_message(alice):
    response = HttpClient().post(
        "/accounts/login/", {"username": "alice@northside.example", "password": "nope"}
    )
    assert response.status_code == 200
    assert b"Please enter a correct" in response.content


def test_the_session_key_changes_at_login(alice):
    http = HttpClient()
    session = http.session
    session["probe"] = 1
    session.save()
    before = session.session_key
    http.post(
        "/accounts/login/", {"username": "alice@northside.example", "password": TEST_PASSWORD}
    )
    assert http.session.session_key != before
    assert http.session["_auth_user_id"] == str(alice.user.pk)


def test_logout_is_a_post_and_ends_the_session(alice_http):
    assert alice_http.get("/accounts/logout/").status_code == 405
    response = alice_http.post("/accounts/logout/")
    assert response.status_code == 302
    assert alice_http.get("/").status_code == 302


def test_a_disabled_user_cannot_log_in(alice):
    alice.user.is_active = False
    alice.user.save()
    response = HttpClient().post(
        "/accounts/login/", {"username": "alice@northside.example", "password": TEST_PASSWORD}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in response.wsgi_request.session


@pytest.mark.django_db
def test_new_passwords_are_stored_as_argon2id(settings):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    user = get_user_model().objects.create_user("new@example.org", password=TEST_PASSWORD)
    algorithm, variety, _version, params, *_ = user.password.split("$")
    assert (algorithm, variety) == ("argon2", "argon2id")
    memory, time_cost, _parallel = (int(p.split("=")[1]) for p in params.split(","))
    assert memory >= 19456 and time_cost >= 2


@pytest.mark.django_db
def test_a_legacy_pbkdf2_hash_is_rewritten_as_argon2_at_login(settings):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    membership = MembershipFactory(user__username="legacy@example.org")
    membership.user.password = make_password(TEST_PASSWORD, hasher="pbkdf2_sha256")
    membership.user.save()
    HttpClient().post(
        "/accounts/login/", {"username": "legacy@example.org", "password": TEST_PASSWORD}
    )
    membership.user.refresh_from_db()
    assert membership.user.password.startswith("argon2$argon2id$")


def test_a_page_view_does_not_write_the_session(alice_http, django_assert_num_queries):
    before = Session.objects.get().expire_date
    # Reading the session, the user and the membership; nothing written.
    with django_assert_num_queries(3) as captured:
        alice_http.get("/clients/new/")
    assert not [
        q
        for q in captured.captured_queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]
    assert Session.objects.get().expire_date == before
