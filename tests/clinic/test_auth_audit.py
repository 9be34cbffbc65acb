"""The authentication audit (T14): every login, logout and failure is kept, with who, the
identity typed, the address, the user agent and the outcome, and never the password."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client as HttpClient

from clinic.auth_audit import unknown_identity
from clinic.lib.client_address import client_address
from clinic.lib.identity import normalise_identity
from clinic.models import AuthEvent, AuthEventKind, AuthOutcome
from tests.factories import TEST_PASSWORD

AGENT = "Mozilla/5.0 (iPad; CPU OS 18_0 like Mac OS X)"


def browser() -> HttpClient:
    return HttpClient(REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT=AGENT)


def log_in(http: HttpClient, username: str, password: str, path: str = "/accounts/login/"):
    return http.post(path, {"username": username, "password": password})


def test_a_login_a_failure_and_a_logout_each_leave_one_row_that_names_them(alice):
    http = browser()
    log_in(http, "alice@northside.example", "not her password")
    log_in(http, "alice@northside.example", TEST_PASSWORD)
    http.post("/accounts/logout/")
    events = list(AuthEvent.objects.order_by("id"))
    assert [(e.kind, e.outcome) for e in events] == [
        (AuthEventKind.LOGIN_FAILED, AuthOutcome.FAILURE),
        (AuthEventKind.LOGIN, AuthOutcome.SUCCESS),
        (AuthEventKind.LOGOUT, AuthOutcome.SUCCESS),
    ]
    for event in events:
        assert event.user == alice.user
        assert event.identity == "alice@northside.example"
        assert event.remote_addr == "203.0.113.7"
        assert event.user_agent == AGENT
        assert len(event.request_id) == 32
        assert event.at.utcoffset().total_seconds() == 0


def test_a_success_does_not_wipe_the_failures_before_it(alice):
    http = browser()
    for _ in range(3):
        log_in(http, "alice@northside.example", "wrong")
    log_in(http, "alice@northside.example", TEST_PASSWORD)
    assert AuthEvent.objects.filter(kind=AuthEventKind.LOGIN_FAILED).count() == 3


def test_a_failure_for_an_unknown_identity_is_kept_hashed_and_without_a_user(db):
    log_in(browser(), "  Nobody@Example.ORG ", "guess")
    log_in(browser(), "nobody@example.org", "guess")
    first, second = AuthEvent.objects.order_by("id")
    assert first.user is None
    assert first.identity.startswith("unknown:")
    assert "nobody" not in first.identity
    # Two spellings of one identity are one identity, so attempts at it can be counted.
    assert first.identity == second.identity == unknown_identity("nobody@example.org")


def test_the_admin_login_is_audited_like_the_apps(alice):
    log_in(browser(), "alice@northside.example", "wrong", path="/admin/login/")
    assert AuthEvent.objects.get().kind == AuthEventKind.LOGIN_FAILED


def test_no_password_reaches_the_audit(alice):
    secret = "correct horse battery staple 42"
    log_in(browser(), "alice@northside.example", secret)
    log_in(browser(), secret, secret)
    for row in AuthEvent.objects.values():
        assert secret not in " ".join(str(value) for value in row.values())


def test_audit_rows_cannot_be_changed_or_removed(alice):
    log_in(browser(), "alice@northside.example", "wrong")
    for statement in (
        "UPDATE clinic_authevent SET outcome = 'success'",
        "DELETE FROM clinic_authevent",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuthEvent.objects.get().outcome == AuthOutcome.FAILURE


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("ｏwner@clinic.example", "owner@clinic.example"),
        ("OWNER@Clinic.Example", "owner@clinic.example"),
        (" owner@clinic.example\x00", "owner@clinic.example"),
        ("ﬁona@clinic.example", "fiona@clinic.example"),
        ("STRAßE@clinic.example", "strasse@clinic.example"),
    ],
)
def test_identities_are_normalised_to_one_spelling(typed, stored):
    assert normalise_identity(typed) == stored


def request_from(rf, remote: str, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return rf.get("/", REMOTE_ADDR=remote, **extra)


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request_from(rf, "203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_behind_one_proxy_the_address_it_appended_is_the_clients(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote 10.0.0.1 itself; the proxy appended the address it saw.
    request = request_from(rf, "192.0.2.10", "10.0.0.1, 198.51.100.1")
    assert client_address(request) == "198.51.100.1"


def test_behind_two_proxies_the_second_entry_from_the_right_is_the_clients(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = request_from(rf, "192.0.2.10", "10.0.0.1, 198.51.100.1, 192.0.2.20")
    assert client_address(request) == "198.51.100.1"


def test_a_header_shorter_than_the_proxy_chain_falls_back_to_the_peer(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request_from(rf, "192.0.2.10", "198.51.100.1")) == "192.0.2.10"


def test_a_forwarded_entry_that_is_not_an_address_is_none(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request_from(rf, "192.0.2.10", "<script>")) is None
