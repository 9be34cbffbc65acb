"""Login throttling that holds (T09): one throttle for every login form, on the normalised
identity, per address, per account across addresses, and per browser that has signed in before."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core import signing
from django.test import Client as HttpClient

from clinic.lib import known_browser
from clinic.login_throttle import CEILING
from clinic.models import AuthEvent, AuthEventKind, AuthOutcome
from tests.concurrency import run_at_once
from tests.factories import TEST_PASSWORD, UserFactory

START = datetime.datetime(2026, 11, 22, 9, 0, tzinfo=datetime.UTC)
ALICE = "alice@northside.example"
ATTACKER = "203.0.113.7"


def attempt(
    password: str,
    username: str = ALICE,
    *,
    address: str = ATTACKER,
    path: str = "/accounts/login/",
    http: HttpClient | None = None,
    **headers,
):
    http = http or HttpClient(REMOTE_ADDR=address)
    return http.post(path, {"username": username, "password": password}, **headers)


def fail(times: int, **kwargs) -> None:
    for _ in range(times):
        assert attempt("wrong password", **kwargs).status_code == 200


def failures() -> int:
    return AuthEvent.objects.filter(kind=AuthEventKind.LOGIN_FAILED).count()


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def password_checks(monkeypatch) -> list[str]:
    """The username of every password check, as Django's User.check_password is called."""
    checked: list[str] = []
    original = User.check_password

    def counted(self, raw_password):
        checked.append(self.username)
        return original(self, raw_password)

    monkeypatch.setattr(User, "check_password", counted)
    return checked


@pytest.fixture
def staff(db) -> User:
    return UserFactory(username="admin@retest.example", is_staff=True, is_superuser=True)


def tablet_of(username: str) -> HttpClient:
    """A browser that has signed in to `username` before (and signed out again)."""
    tablet = HttpClient(REMOTE_ADDR="198.51.100.20")
    assert attempt(TEST_PASSWORD, username, http=tablet).status_code == 302
    tablet.post("/accounts/logout/")
    assert known_browser.cookie_name() in tablet.cookies
    return tablet


# One identity from one address: 5 failures in 15 minutes.


def test_five_failures_lock_the_sixth_attempt_even_with_the_right_password(
    alice, clock, password_checks
):
    fail(5)
    response = attempt(TEST_PASSWORD)
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in response.wsgi_request.session
    # The refused attempt's password was never checked.
    assert len(password_checks) == 5


def test_a_refused_attempt_is_recorded_as_a_lockout_and_not_as_a_failure(alice, clock):
    fail(5)
    attempt(TEST_PASSWORD)
    attempt("wrong password")
    refused = AuthEvent.objects.filter(kind=AuthEventKind.LOCKED_OUT)
    assert refused.count() == 2
    assert {(e.user, e.outcome, e.remote_addr) for e in refused} == {
        (alice.user, AuthOutcome.REFUSED, ATTACKER)
    }
    assert "5 failures in 15 minutes from this address" in refused.first().detail
    assert failures() == 5


def test_the_lock_lifts_when_the_oldest_failure_is_fifteen_minutes_old(alice, clock):
    fail(5)
    clock.move_to(START + datetime.timedelta(minutes=14, seconds=59))
    response = attempt(TEST_PASSWORD)
    assert response.status_code == 429
    assert "Wait 1 minute and try again" in response.content.decode()
    clock.move_to(START + datetime.timedelta(minutes=15, seconds=1))
    assert attempt(TEST_PASSWORD).status_code == 302


def test_a_success_starts_the_count_again_for_that_address_and_keeps_the_failures(alice, clock):
    fail(4)
    assert attempt(TEST_PASSWORD).status_code == 302
    # Only the failures after the success count: four more are still allowed.
    fail(4)
    assert attempt(TEST_PASSWORD).status_code == 302
    assert failures() == 8


def test_a_success_from_another_address_does_not_lift_the_lock_on_this_one(alice, clock):
    fail(5)
    assert attempt(TEST_PASSWORD, address="198.51.100.20").status_code == 302
    assert attempt(TEST_PASSWORD).status_code == 429


def test_other_usernames_from_the_same_address_are_not_locked(alice, bob, clock):
    fail(5)
    assert attempt(TEST_PASSWORD, username="bob@northside.example").status_code == 302


def test_an_identity_with_no_account_is_locked_like_one_with_an_account(db, clock):
    fail(5, username="nobody@northside.example")
    assert attempt("a guess", username="NOBODY@northside.example").status_code == 429


@pytest.mark.parametrize("spelling", ["ｏlivia@northside.example", "OLIVIA@Northside.Example"])
def test_another_spelling_of_a_locked_address_is_the_same_locked_identity(
    northside_owner, clock, spelling
):
    fail(5, username="olivia@northside.example")
    response = attempt(TEST_PASSWORD, username=spelling)
    assert response.status_code == 429
    assert AuthEvent.objects.filter(kind=AuthEventKind.LOCKED_OUT).get().identity == (
        "olivia@northside.example"
    )


def test_failures_in_any_spelling_count_towards_one_lock(alice, clock):
    fail(2, username="Alice@Northside.example")
    fail(2, username="ａｌｉｃｅ@northside.example")
    fail(1)
    assert attempt(TEST_PASSWORD).status_code == 429


def test_a_null_character_in_the_email_is_a_bad_request_that_counts_nothing(alice, clock):
    # Refused as malformed before the login form reads it (clinic/lib/request_guard.py).
    response = attempt(TEST_PASSWORD, username="alice@north\x00side.example")
    assert response.status_code == 400
    assert not AuthEvent.objects.exists()


# The admin's login.


def test_the_admin_login_is_throttled_like_the_apps(staff, clock, password_checks):
    fail(5, username="admin@retest.example", path="/admin/login/")
    response = attempt(TEST_PASSWORD, "admin@retest.example", path="/admin/login/")
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in response.wsgi_request.session
    assert len(password_checks) == 5


def test_failures_at_either_login_form_count_towards_one_lock(staff, clock):
    fail(3, username="admin@retest.example", path="/admin/login/")
    fail(2, username="admin@retest.example")
    assert attempt(TEST_PASSWORD, "admin@retest.example", path="/admin/login/").status_code == 429
    assert attempt(TEST_PASSWORD, "admin@retest.example").status_code == 429


def test_the_admin_login_still_lets_staff_in(staff, clock):
    response = attempt(TEST_PASSWORD, "ADMIN@retest.example", path="/admin/login/")
    assert response.status_code == 302
    assert response.wsgi_request.user == staff


# One identity across addresses: at most 20 failures a day from browsers it never used.


def spread_guesses(count: int, addresses: int, username: str = ALICE) -> list[int]:
    return [
        attempt(f"guess {n}", username, address=f"198.18.0.{n % addresses + 1}").status_code
        for n in range(count)
    ]


def test_guesses_from_many_addresses_reach_the_password_at_most_twenty_times_a_day(
    alice, clock, password_checks
):
    statuses = spread_guesses(150, addresses=30)
    assert len(password_checks) == CEILING == 20
    assert statuses.count(200) == 20 and statuses.count(429) == 130
    assert failures() == 20


def test_the_account_wide_ceiling_says_what_to_do_and_lifts_after_a_day(alice, clock):
    spread_guesses(20, addresses=20)
    response = attempt(TEST_PASSWORD, address="192.0.2.99")
    assert response.status_code == 429
    message = response.content.decode()
    assert "from browsers it has not signed in from before" in message
    assert "Sign in from a browser you have used for this account, or wait 24 hours" in message
    assert "ask your clinic&#x27;s owner" in message
    clock.move_to(START + datetime.timedelta(hours=24, seconds=1))
    assert attempt(TEST_PASSWORD, address="192.0.2.99").status_code == 302


def test_the_clinician_on_her_own_tablet_still_logs_in_during_the_attack(alice, clock):
    tablet = tablet_of(ALICE)
    spread_guesses(150, addresses=30)
    assert attempt(TEST_PASSWORD, http=tablet).status_code == 302


def test_a_known_browser_has_its_own_count_of_five_in_fifteen_minutes(alice, clock):
    tablet = tablet_of(ALICE)
    for _ in range(5):
        assert attempt("wrong password", http=tablet).status_code == 200
    response = attempt(TEST_PASSWORD, http=tablet)
    assert response.status_code == 429
    assert (
        "5 failures in 15 minutes from this browser"
        in AuthEvent.objects.get(kind="locked-out").detail
    )
    # Her failures on her own tablet are not counted against the account's ceiling.
    assert AuthEvent.objects.filter(kind=AuthEventKind.LOGIN_FAILED, browser="").count() == 0
    clock.move_to(START + datetime.timedelta(minutes=15, seconds=1))
    assert attempt(TEST_PASSWORD, http=tablet).status_code == 302


def test_a_browser_counts_as_known_only_for_the_accounts_that_signed_in_from_it(alice, bob, clock):
    # Bob signs in on his own browser, then guesses at Alice's password from it.
    laptop = tablet_of("bob@northside.example")
    for _ in range(5):
        attempt("wrong password", http=laptop)
    assert attempt(TEST_PASSWORD, http=laptop).status_code == 429
    assert failures() == 5
    assert AuthEvent.objects.filter(kind=AuthEventKind.LOGIN_FAILED, browser="").count() == 5


def test_a_forged_known_browser_cookie_counts_for_nothing(alice, clock):
    spread_guesses(20, addresses=20)
    forged = HttpClient(REMOTE_ADDR="192.0.2.99")
    # A cookie signed with another key, then an unsigned one.
    other_key = signing.dumps({"b": "f" * 16, "i": []}, key="x" * 50, salt=known_browser.SALT)
    for value in (other_key, "not-signed"):
        forged.cookies[known_browser.cookie_name()] = value
        assert attempt(TEST_PASSWORD, http=forged).status_code == 429


# Addresses behind a reverse proxy.


def test_behind_one_proxy_two_users_failures_from_different_forwarded_addresses_do_not_lock_each_other(  # noqa: E501
    alice, settings, clock
):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    fail(5, address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.66")
    response = attempt(TEST_PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert response.status_code == 302
    # The guesser behind the same proxy is still locked.
    assert (
        attempt(TEST_PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.66").status_code
        == 429
    )


def test_without_a_proxy_a_spoofed_forwarded_for_neither_resets_nor_splits_the_count(
    alice, settings, clock
):
    settings.TRUSTED_PROXY_COUNT = 0
    fail(3, HTTP_X_FORWARDED_FOR="198.51.100.1")
    fail(2, HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert attempt(TEST_PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99").status_code == 429
    assert set(AuthEvent.objects.values_list("remote_addr", flat=True)) == {ATTACKER}


def test_a_broken_current_url_header_is_a_bad_request(db):
    # htmx never sends it: refused as malformed (clinic/lib/request_guard.py).
    response = HttpClient().get("/", HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="http://[::1/x")
    assert response.status_code == 400


# Guesses sent at once.


@pytest.mark.django_db(transaction=True)
def test_thirty_guesses_sent_at_once_reach_the_password_no_more_often_than_one_by_one():
    UserFactory(username=ALICE)
    # 30 at once from one address, then 30 at once from 30 addresses: each count holds.
    one_address = run_at_once(30, lambda n: attempt(f"guess {n}").status_code)
    assert sorted(one_address) == [200] * 5 + [429] * 25
    many = run_at_once(30, lambda n: attempt(f"guess {n}", address=f"198.18.1.{n + 1}").status_code)
    assert many.count(200) == CEILING - 5
    assert failures() == CEILING


# The owner lifts a lock.


def test_the_owner_can_let_a_locked_out_clinician_sign_in_again_from_a_new_browser(
    alice, northside_owner_http, clock
):
    fail(5)
    spread_guesses(15, addresses=15)
    assert attempt(TEST_PASSWORD, address="192.0.2.99").status_code == 429
    response = northside_owner_http.post(f"/audit/logins/{alice.user_id}/lift/")
    assert response.status_code == 302
    assert response["Location"] == f"/audit/logins/?member={alice.user_id}"
    assert attempt(TEST_PASSWORD, address="192.0.2.99").status_code == 302
    # Every count started again: the attacker's address too, and the failures stay on record.
    assert attempt(TEST_PASSWORD).status_code == 302
    assert failures() == 20
    lifted = AuthEvent.objects.get(kind=AuthEventKind.LOCK_LIFTED)
    assert (lifted.user, lifted.actor.username, lifted.clinic) == (
        alice.user,
        "olivia@northside.example",
        alice.clinic,
    )
