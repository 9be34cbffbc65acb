"""Sessions with both limits: 30 minutes idle (T12) and 12 hours in all (T13).

Every clock here is time_machine's; each login happens inside the travel, so both limits are
measured from a known moment.
"""

import datetime
import json
from collections.abc import Iterator

import pytest
import time_machine
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext

from clinic.lib import session_limits
from clinic.lib.session_limits import Limits, Reason
from clinic.models import AuthEvent, AuthEventKind, Membership
from tests.clinic.test_settings import run_python
from tests.factories import TEST_PASSWORD, second_factor_passed
from tests.factories import signed_in as past_both_factors

START = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)
POLL = {"HTTP_HX_REQUEST": "true", "HTTP_X_RETEST_BACKGROUND": "true"}
HTMX_ON_LIST = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/"}
IDLE_MESSAGE = "You were signed out after 30 minutes without activity."
LIFETIME_MESSAGE = "You were signed out because a sign-in lasts at most 12 hours."


def minutes(n: float) -> datetime.timedelta:
    return datetime.timedelta(minutes=n)


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def logged_in(membership: Membership) -> HttpClient:
    """A browser that logged in through the login form, now."""
    http = HttpClient()
    response = http.post(
        "/accounts/login/", {"username": membership.user.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    second_factor_passed(http, membership.user)
    return http


def at(clock: time_machine.Traveller, offset: datetime.timedelta) -> None:
    clock.move_to(START + offset)


def signed_in(http: HttpClient) -> bool:
    response = http.get("/")
    if response.status_code == 200:
        return True
    assert response["Location"].startswith("/accounts/login/")
    return False


def expiries() -> list[tuple[str, str]]:
    events = AuthEvent.objects.filter(kind=AuthEventKind.SESSION_EXPIRED).order_by("id")
    return [(event.identity, event.detail) for event in events]


# T12: the idle timeout


def test_polling_every_10_seconds_does_not_keep_an_idle_login_alive(alice, clock):
    # T12: a page polling every 10 s with no input is signed out at 31 minutes.
    http = logged_in(alice)
    seconds = 0
    while seconds < 29 * 60:
        seconds += 10
        at(clock, datetime.timedelta(seconds=seconds))
        response = http.get("/", **POLL)
        assert response.status_code == 200, f"signed out after {seconds} s of polling"
        assert "HX-Redirect" not in response
    while seconds < 31 * 60:
        seconds += 10
        at(clock, datetime.timedelta(seconds=seconds))
        response = http.get("/", **POLL, HTTP_HX_CURRENT_URL="http://testserver/?status=all")
        if "HX-Redirect" in response:
            break
    assert seconds <= 31 * 60
    assert response["HX-Redirect"] == "/accounts/login/?next=/%3Fstatus%3Dall"
    assert expiries() == [("alice@northside.example", "idle for 30 minutes")]


def test_at_29_minutes_idle_still_signed_in_and_at_31_sent_to_log_in(alice, clock):
    # T12
    http = logged_in(alice)
    at(clock, minutes(29))
    assert signed_in(http)
    at(clock, minutes(58))
    assert signed_in(http)  # the request at 29 minutes was activity
    at(clock, minutes(89))
    response = http.get("/clients/new/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/clients/new/"


def test_an_htmx_request_after_the_idle_limit_gets_the_login_redirect(alice, clock):
    # T12: htmx requests get HX-Redirect, so the login page is not swapped into a region.
    http = logged_in(alice)
    at(clock, minutes(31))
    response = http.get("/", **HTMX_ON_LIST)
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/accounts/login/?next=/"


def test_eight_hours_idle_is_long_past_the_limit(alice, clock):
    # T12: the audit found a login still valid after 8 hours without activity.
    http = logged_in(alice)
    at(clock, datetime.timedelta(hours=8))
    assert not signed_in(http)


def test_the_warnings_status_check_does_not_count_as_activity(alice, clock):
    # T12: the status check, even without the background header, never extends the login.
    http = logged_in(alice)
    for minute in range(1, 30):
        at(clock, minutes(minute))
        state = http.get("/accounts/session/").json()
        assert state["signed_in"] is True
        assert state["idle_remaining"] == (30 - minute) * 60
    at(clock, minutes(30))
    assert http.get("/accounts/session/").json() == {"signed_in": False}
    assert expiries() == [("alice@northside.example", "idle for 30 minutes")]


def test_a_background_request_to_any_page_is_not_activity(alice, clock):
    http = logged_in(alice)
    at(clock, minutes(20))
    http.get("/clients/new/", HTTP_X_RETEST_BACKGROUND="true")
    at(clock, minutes(30))
    assert not signed_in(http)


def test_stay_signed_in_starts_the_idle_clock_again(alice, clock):
    http = logged_in(alice)
    at(clock, minutes(28))
    state = http.post("/accounts/session/renew/").json()
    assert state == {
        "signed_in": True,
        "idle_remaining": 30 * 60,
        "absolute_remaining": 12 * 3600 - 28 * 60,
        "warn_before": 120,
    }
    at(clock, minutes(57))
    assert http.get("/accounts/session/").json()["idle_remaining"] == 60
    at(clock, minutes(58))
    assert http.get("/accounts/session/").json() == {"signed_in": False}


def test_activity_is_written_to_the_session_at_most_once_a_minute(alice, clock):
    http = logged_in(alice)
    with CaptureQueriesContext(connection) as captured:
        for seconds in range(10, 5 * 60 + 1, 10):
            at(clock, datetime.timedelta(seconds=seconds))
            assert http.get("/clients/new/").status_code == 200
    writes = [
        q for q in captured.captured_queries if q["sql"].startswith('UPDATE "django_session"')
    ]
    # 30 page views over five minutes: a write at 60, 120, 180, 240 and 300 seconds.
    assert len(writes) == 5
    assert http.get("/accounts/session/").json()["idle_remaining"] == 30 * 60


def test_a_shorter_idle_timeout_from_the_settings_is_the_one_applied(alice, clock, settings):
    settings.SESSION_IDLE_TIMEOUT = 10 * 60
    http = logged_in(alice)
    at(clock, minutes(10))
    response = http.get("/", follow=True)
    assert "You were signed out after 10 minutes without activity." in response.content.decode()
    assert expiries() == [("alice@northside.example", "idle for 10 minutes")]


# T13: the absolute lifetime


def test_a_login_busy_every_5_minutes_ends_12_hours_after_it_began(alice, clock):
    # T13: at 11 h 59 m allowed, at 12 h 01 m sent to log in again.
    http = logged_in(alice)
    for minute in range(5, 12 * 60, 5):
        at(clock, minutes(minute))
        assert http.get("/clients/new/").status_code == 200, f"signed out at {minute} min"
    at(clock, datetime.timedelta(hours=11, minutes=59))
    assert signed_in(http)
    at(clock, datetime.timedelta(hours=12, minutes=1))
    response = http.get("/", follow=True)
    assert response.redirect_chain[0][0] == "/accounts/login/?next=/"
    assert LIFETIME_MESSAGE in response.content.decode()
    assert expiries() == [("alice@northside.example", "12-hour limit")]


def test_saved_edits_and_messages_do_not_move_the_absolute_end(alice, ana, clock, settings):
    # T13: a saved edit stretched a 12-hour login to 18 hours; a save every 11 hours kept one
    # alive for 66. Each of these writes the session (a message to show after the redirect).
    settings.SESSION_IDLE_TIMEOUT = 12 * 3600  # only the absolute limit is under test here
    http = logged_in(alice)
    at(clock, datetime.timedelta(hours=6))
    created = http.post("/clients/new/", {"name": "Bea Lund"}, follow=True)
    assert "Added Bea Lund." in created.content.decode()
    at(clock, datetime.timedelta(hours=11))
    discharged = http.post(f"/clients/{ana.pk}/discharge/", follow=True)
    assert discharged.status_code == 200
    session = http.session
    session["anything"] = "saved"
    session.save()
    at(clock, datetime.timedelta(hours=11, minutes=59))
    assert signed_in(http)
    at(clock, datetime.timedelta(hours=12, minutes=1))
    assert not signed_in(http)


def test_staying_signed_in_does_not_move_the_absolute_end(alice, clock):
    http = logged_in(alice)
    for minute in range(25, 12 * 60, 25):
        at(clock, minutes(minute))
        http.post("/accounts/session/renew/")
    at(clock, datetime.timedelta(hours=11, minutes=59))
    assert http.get("/accounts/session/").json()["absolute_remaining"] == 60
    at(clock, datetime.timedelta(hours=12))
    assert http.post("/accounts/session/renew/").json() == {"signed_in": False}


def test_logging_in_again_starts_a_new_12_hours(alice, clock):
    http = logged_in(alice)
    at(clock, datetime.timedelta(hours=12, minutes=1))
    assert not signed_in(http)
    http.post("/accounts/login/", {"username": alice.user.username, "password": TEST_PASSWORD})
    second_factor_passed(http, alice.user)
    at(clock, datetime.timedelta(hours=12, minutes=20))
    assert signed_in(http)


# How a login ends


def test_an_ended_session_is_flushed_and_recorded_once(alice, clock):
    http = logged_in(alice)
    old_key = http.session.session_key
    at(clock, minutes(31))
    http.get("/")
    assert not Session.objects.filter(session_key=old_key).exists()
    assert SESSION_KEY not in http.session
    event = AuthEvent.objects.get(kind=AuthEventKind.SESSION_EXPIRED)
    assert (event.user, event.detail) == (alice.user, "idle for 30 minutes")
    assert event.at == START + minutes(31)
    # A time limit is not the member signing out: no logout event besides it.
    assert not AuthEvent.objects.filter(kind=AuthEventKind.LOGOUT).exists()


def test_the_login_page_says_plainly_why_the_clinician_was_signed_out(alice, clock):
    http = logged_in(alice)
    at(clock, minutes(45))
    response = http.get("/clients/new/", follow=True)
    assert response.redirect_chain == [("/accounts/login/?next=/clients/new/", 302)]
    assert IDLE_MESSAGE in response.content.decode()
    # Said once: the next visit to the login page is a plain one.
    assert IDLE_MESSAGE not in http.get("/accounts/login/").content.decode()


def test_a_login_without_its_start_time_on_record_is_ended(alice, clock):
    http = logged_in(alice)
    session = http.session
    del session[session_limits.SIGNED_IN_AT]
    session.save()
    assert not signed_in(http)
    assert expiries() == [("alice@northside.example", "no sign-in time on record")]


def test_an_anonymous_visitor_is_not_counted_or_recorded(client, db):
    assert client.get("/accounts/session/").json() == {"signed_in": False}
    assert client.post("/accounts/session/renew/").json() == {"signed_in": False}
    assert not AuthEvent.objects.exists()


# The status and renewal endpoints


def test_the_status_is_a_get_and_the_renewal_a_post(alice_http):
    assert alice_http.post("/accounts/session/").status_code == 405
    assert alice_http.get("/accounts/session/renew/").status_code == 405


def test_the_renewal_needs_the_csrf_token(alice):
    http = HttpClient(enforce_csrf_checks=True)
    past_both_factors(alice.user, http)
    assert http.post("/accounts/session/renew/").status_code == 403
    page = http.get("/").content.decode()
    token = json.loads(page.split("hx-headers='", 1)[1].split("'", 1)[0])["X-CSRFToken"]
    response = http.post("/accounts/session/renew/", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200
    assert response.json()["signed_in"] is True


def test_the_status_is_not_cached(alice_http):
    assert alice_http.get("/accounts/session/")["Cache-Control"] == "no-store, private"


# The warning in the page


def test_every_signed_in_page_carries_the_warning_and_its_script(alice, clock):
    http = logged_in(alice)
    at(clock, minutes(10))
    http.get("/clients/new/", HTTP_X_RETEST_BACKGROUND="true")
    body = http.get("/", HTTP_X_RETEST_BACKGROUND="true").content.decode()
    assert 'id="session-warning"' in body
    assert 'data-idle-remaining="1200"' in body
    assert 'data-absolute-remaining="42600"' in body
    assert 'data-warn-before="120"' in body
    assert 'data-background-header="X-Retest-Background"' in body
    assert 'aria-live="assertive"' in body
    assert 'id="session-stay">Stay signed in</button>' in body
    assert '<span role="timer" id="session-countdown">' in body
    assert 'src="/static/js/session-limits.js" defer nonce="' in body


def test_the_login_page_has_no_warning(client, db):
    assert 'id="session-warning"' not in client.get("/accounts/login/").content.decode()


# The rules, without HTTP


@pytest.mark.parametrize(
    ("signed_in_at", "active_at", "now", "reason"),
    [
        (0, 0, 1799, None),
        (0, 0, 1800, Reason.IDLE),
        (0, 42_000, 43_199, None),
        (0, 42_000, 43_200, Reason.ABSOLUTE),
        # Both passed: the end that came first is named.
        (0, 42_000, 50_000, Reason.ABSOLUTE),
        (0, 10_000, 50_000, Reason.IDLE),
        # A clock that went back: the stamps are in the future, nothing has ended.
        (1_000, 1_000, 10, None),
        (None, 0, 10, Reason.UNKNOWN),
        ("0", 0, 10, Reason.UNKNOWN),
    ],
)
def test_which_limit_ends_a_session(signed_in_at, active_at, now, reason):
    session = {session_limits.SIGNED_IN_AT: signed_in_at, session_limits.ACTIVE_AT: active_at}
    over = session_limits.ended(session, now, Limits(idle=1800, absolute=43_200))
    assert (over.reason if over else None) == reason


@pytest.mark.parametrize(
    ("seconds", "words", "adjective"),
    [
        (1800, "30 minutes", "30-minute"),
        (43_200, "12 hours", "12-hour"),
        (3600, "1 hour", "1-hour"),
        (5400, "90 minutes", "90-minute"),
        (61, "61 seconds", "61-second"),
    ],
)
def test_durations_read_as_they_were_set(seconds, words, adjective):
    assert session_limits.duration_words(seconds) == words
    assert session_limits.duration_words(seconds, adjective=True) == adjective


def test_short_timeouts_warn_and_renew_in_proportion():
    assert (Limits(1800, 43_200).warn_before, Limits(1800, 43_200).renew_every) == (120, 60)
    assert (Limits(10, 60).warn_before, Limits(10, 60).renew_every) == (5, 1)


def test_the_limits_come_from_the_environment():
    show = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SESSION_IDLE_TIMEOUT, settings.SESSION_ABSOLUTE_LIFETIME, "
        "settings.SESSION_COOKIE_AGE)"
    )
    assert run_python(show, {"DEBUG": "1"}).stdout.split() == ["1800", "43200", "43200"]
    configured = {"DEBUG": "1", "SESSION_IDLE_TIMEOUT": "900", "SESSION_ABSOLUTE_LIFETIME": "28800"}
    assert run_python(show, configured).stdout.split() == ["900", "28800", "28800"]
    wrong = run_python(show, {"DEBUG": "1", "SESSION_IDLE_TIMEOUT": "50000"})
    assert "SESSION_IDLE_TIMEOUT must not be longer than SESSION_ABSOLUTE_LIFETIME" in wrong.stderr


def test_a_password_change_keeps_the_absolute_end(alice, clock, settings):
    # What update_session_auth_hash does for the session that changed the password: a new key
    # and hash, the same data, so the absolute end stays where the login put it.
    settings.SESSION_IDLE_TIMEOUT = 12 * 3600
    http = logged_in(alice)
    alice.user.set_password("a new long pass phrase")
    alice.user.save()
    session = http.session
    session.cycle_key()
    session[HASH_SESSION_KEY] = alice.user.get_session_auth_hash()
    session.save()
    http.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    at(clock, datetime.timedelta(hours=11, minutes=59))
    assert http.get("/accounts/session/").json()["absolute_remaining"] == 60
