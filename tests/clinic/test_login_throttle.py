import datetime

import pytest
import time_machine
from django.test import Client as HttpClient

from clinic.models import LoginFailure
from tests.factories import TEST_PASSWORD

START = datetime.datetime(2026, 11, 22, 9, 0, tzinfo=datetime.UTC)


def attempt(password: str, username: str = "alice@northside.example", **headers):
    return HttpClient(REMOTE_ADDR="203.0.113.7").post(
        "/accounts/login/", {"username": username, "password": password}, **headers
    )


def fail(times: int, **kwargs) -> None:
    for _ in range(times):
        assert attempt("wrong password", **kwargs).status_code == 200


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def test_five_failures_lock_the_sixth_attempt_even_with_the_right_password(alice, clock):
    fail(5)
    response = attempt(TEST_PASSWORD)
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in response.wsgi_request.session


def test_the_lock_lifts_when_the_oldest_failure_is_fifteen_minutes_old(alice, clock):
    fail(5)
    clock.move_to(START + datetime.timedelta(minutes=14, seconds=59))
    assert attempt(TEST_PASSWORD).status_code == 429
    clock.move_to(START + datetime.timedelta(minutes=15, seconds=1))
    assert attempt(TEST_PASSWORD).status_code == 302


def test_four_failures_then_the_right_password_logs_in_and_clears_the_count(alice, clock):
    fail(4)
    assert attempt(TEST_PASSWORD).status_code == 302
    assert not LoginFailure.objects.exists()


def test_other_usernames_from_the_same_address_are_not_locked(alice, bob, clock):
    fail(5)
    assert attempt(TEST_PASSWORD, username="bob@northside.example").status_code == 302


def test_a_forwarded_for_header_does_not_reset_the_count(alice, clock):
    fail(5, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert attempt(TEST_PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99").status_code == 429


def test_usernames_are_counted_whatever_their_case(alice, clock):
    fail(5, username="Alice@Northside.example")
    assert attempt(TEST_PASSWORD).status_code == 429


def test_a_null_character_in_the_email_is_a_bad_request_that_counts_nothing(alice, clock):
    # Refused as malformed before the login form reads it (clinic/lib/request_guard.py).
    response = attempt(TEST_PASSWORD, username="alice@north\x00side.example")
    assert response.status_code == 400
    assert not LoginFailure.objects.exists()


def test_a_broken_current_url_header_is_a_bad_request(db):
    # htmx never sends it: refused as malformed (clinic/lib/request_guard.py).
    response = HttpClient().get("/", HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="http://[::1/x")
    assert response.status_code == 400
