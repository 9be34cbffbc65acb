"""The owner's sign-in audit (T14): the members' logins, logouts, failures and lockouts,
newest first, filtered by member, kind and days, paged, with a CSV in UTC; owner-only, and
never another clinic's events."""

import csv
import datetime
import io

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from clinic.auth_audit import unknown_identity
from clinic.models import AuthEvent, AuthEventKind, AuthOutcome
from tests.factories import TEST_PASSWORD

PAGE = "/audit/logins/"
CSV = "/audit/logins.csv"


def add_events(membership, count: int, *, kind=AuthEventKind.LOGIN, start=None, **fields):
    start = start or timezone.now() - datetime.timedelta(hours=1)
    outcome = AuthOutcome.FAILURE if kind == AuthEventKind.LOGIN_FAILED else AuthOutcome.SUCCESS
    fields.setdefault("user_agent", "Mozilla/5.0 (iPad)")
    return AuthEvent.objects.bulk_create(
        AuthEvent(
            kind=kind,
            outcome=outcome,
            user=membership.user if membership else None,
            identity=membership.user.username if membership else unknown_identity("x@y.example"),
            at=start + datetime.timedelta(seconds=n),
            remote_addr="192.0.2.7",
            request_id=f"{n:032x}",
            **fields,
        )
        for n in range(count)
    )


# The owners' own sign-ins (the test client's force_login) are events of members too; the
# tests that count other rows leave them out.
OWNERS = ("olivia@northside.example", "sam@southside.example")


def table_rows(body: str) -> list[str]:
    if "<tbody>" not in body:
        return []
    rows = body.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    return [row for row in rows if not any(f">{owner}</a>" in row for owner in OWNERS)]


def test_the_owner_sees_her_members_sign_ins_and_failures_newest_first(
    northside_owner_http, alice, bob
):
    browser = HttpClient(REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Tablet/1.0")
    browser.post("/accounts/login/", {"username": "ALICE@northside.example", "password": "no"})
    browser.post(
        "/accounts/login/", {"username": "alice@northside.example", "password": TEST_PASSWORD}
    )
    browser.post("/accounts/logout/")
    body = northside_owner_http.get(PAGE).content.decode()
    rows = table_rows(body)
    assert len(rows) == 3
    assert "Signed out" in rows[0] and "Signed in" in rows[1] and "Sign-in failed" in rows[2]
    assert all("alice@northside.example" in row for row in rows)
    assert "203.0.113.7" in rows[2] and "Tablet/1.0" in rows[2] and "Failed" in rows[2]


def test_failures_naming_no_account_and_other_clinics_members_are_left_out(
    northside_owner_http, alice, charlie, southside
):
    add_events(alice, 1, kind=AuthEventKind.LOGIN_FAILED)
    add_events(None, 2, kind=AuthEventKind.LOGIN_FAILED)
    add_events(charlie, 3)
    add_events(charlie, 1, kind=AuthEventKind.ROLE_CHANGED, clinic=southside)
    rows = table_rows(northside_owner_http.get(PAGE).content.decode())
    assert len(rows) == 1 and "alice@northside.example" in rows[0]
    lines = list(csv.reader(io.StringIO(northside_owner_http.get(CSV).content.decode())))
    assert [line[1] for line in lines[1:]] == ["alice@northside.example", *OWNERS[:1]]


def test_an_event_naming_the_clinic_is_shown_even_for_someone_no_longer_a_member(
    northside_owner_http, northside_owner, alice, northside
):
    AuthEvent.objects.create(
        kind=AuthEventKind.MEMBER_DEACTIVATED,
        outcome=AuthOutcome.SUCCESS,
        user=alice.user,
        identity=alice.user.username,
        clinic=northside,
        actor=northside_owner.user,
    )
    alice.delete()
    body = northside_owner_http.get(PAGE).content.decode()
    rows = table_rows(body)
    assert len(rows) == 1 and "Member deactivated" in rows[0]
    assert "by olivia@northside.example" in rows[0]
    # She can still be chosen, as a former member.
    filtered = northside_owner_http.get(f"{PAGE}?member={alice.user_id}").content.decode()
    assert "(no longer a member)" in filtered and len(table_rows(filtered)) == 1


def test_the_audit_of_one_member_shows_only_their_events(northside_owner_http, alice, bob):
    add_events(alice, 2)
    add_events(bob, 3)
    body = northside_owner_http.get(f"{PAGE}?member={bob.user_id}").content.decode()
    rows = table_rows(body)
    assert len(rows) == 3 and all("bob@northside.example" in row for row in rows)
    assert f'<option value="{bob.user_id}" selected>' in body


def test_the_audit_can_be_filtered_by_kind_and_by_days(northside_owner_http, alice):
    now = timezone.now()
    add_events(alice, 2, kind=AuthEventKind.LOCKED_OUT, start=now - datetime.timedelta(days=3))
    add_events(alice, 4, kind=AuthEventKind.LOGIN_FAILED, start=now - datetime.timedelta(days=3))
    add_events(alice, 1, kind=AuthEventKind.LOGIN_FAILED)
    body = northside_owner_http.get(f"{PAGE}?kind=locked-out").content.decode()
    assert len(table_rows(body)) == 2
    assert '<option value="locked-out" selected>' in body
    three_days_ago = timezone.localdate(now - datetime.timedelta(days=3)).isoformat()
    query = f"kind=login-failed&since={three_days_ago}&until={three_days_ago}"
    assert len(table_rows(northside_owner_http.get(f"{PAGE}?{query}").content.decode())) == 4
    lines = list(
        csv.reader(io.StringIO(northside_owner_http.get(f"{CSV}?{query}").content.decode()))
    )
    assert len(lines) == 5


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("kind=reboot", "kind", "Select a valid choice."),
        ("since=yesterday", "since", "Enter a valid date."),
        ("since=2026-05-02&until=2026-05-01", "until", "The first day must not be after the last."),
    ],
)
def test_a_filter_that_cannot_be_read_is_said_beside_its_field(
    northside_owner_http, alice, query, field, message
):
    add_events(alice, 2)
    response = northside_owner_http.get(f"{PAGE}?{query}")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<p class="field-error" id="logins-{field}-error">{message}' in body
    assert f'aria-describedby="logins-{field}-error"' in body
    # The unreadable filter is no filter at all.
    assert len(table_rows(body)) == 2


def test_a_member_or_page_that_is_not_a_number_is_ignored(northside_owner_http):
    assert northside_owner_http.get(f"{PAGE}?member=abc&before=-1").status_code == 200


def test_another_clinics_member_is_not_found(northside_owner_http, charlie):
    add_events(charlie, 1)
    assert northside_owner_http.get(f"{PAGE}?member={charlie.user_id}").status_code == 404
    assert northside_owner_http.get(f"{CSV}?member={charlie.user_id}").status_code == 404


def test_southside_sees_none_of_northsides_events(southside_owner_http, charlie, alice, bob):
    add_events(alice, 5)
    add_events(bob, 5, kind=AuthEventKind.LOGIN_FAILED)
    add_events(charlie, 2)
    rows = table_rows(southside_owner_http.get(PAGE).content.decode())
    assert len(rows) == 2 and all("charlie@southside.example" in row for row in rows)
    text = southside_owner_http.get(CSV).content.decode()
    assert "northside" not in text


def test_only_the_owner_is_served_and_others_are_refused(alice_http, bob_http, northside_owner):
    for http in (alice_http, bob_http):
        for url in (PAGE, CSV):
            response = http.get(url)
            assert response.status_code == 403
            assert b"Only the clinic&#x27;s owner" in response.content


def test_the_audit_is_paged_fifty_rows_at_a_time_from_the_newest(northside_owner_http, alice):
    rows = add_events(alice, 60)
    first = northside_owner_http.get(PAGE).content.decode()
    assert len(table_rows(first)) == 50
    oldest_shown = rows[10]
    assert f'href="?before={oldest_shown.pk}">Older</a>' in first
    second = northside_owner_http.get(f"{PAGE}?before={oldest_shown.pk}").content.decode()
    # Alice's ten oldest, and the owner's own sign-in before them.
    assert len(table_rows(second)) == 10
    assert "olivia@northside.example" in second
    assert "Older</a>" not in second and ">Newest</a>" in second


def test_the_csv_holds_every_filtered_row_in_utc(northside_owner_http, alice, bob):
    add_events(alice, 70, kind=AuthEventKind.LOGIN_FAILED)
    add_events(bob, 5)
    response = northside_owner_http.get(f"{CSV}?member={alice.user_id}")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="retest-sign-in-audit-')
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    assert lines[0] == [
        "at_utc",
        "member",
        "what",
        "outcome",
        "by",
        "remote_addr",
        "user_agent",
        "detail",
        "request_id",
    ]
    assert len(lines) == 71
    assert lines[1][0].endswith("+00:00") and lines[1][0] > lines[-1][0]
    assert lines[1][1:4] == ["alice@northside.example", "login-failed", "failure"]
    assert lines[1][5:7] == ["192.0.2.7", "Mozilla/5.0 (iPad)"]


def test_a_user_agent_in_the_csv_cannot_run_as_a_formula(northside_owner_http, alice):
    add_events(alice, 1, user_agent="=HYPERLINK(1)")
    assert "'=HYPERLINK(1)" in northside_owner_http.get(CSV).content.decode()


@pytest.mark.parametrize("count", [5, 80])
def test_the_page_and_csv_run_the_same_queries_whatever_the_number_of_rows(
    northside_owner_http, alice, bob, django_assert_num_queries, count
):
    add_events(alice, count)
    add_events(bob, count, kind=AuthEventKind.LOGIN_FAILED)
    # session, user, membership, the member of the filter, the page's rows with their
    # members, the clinic's members for the filter
    with django_assert_num_queries(6):
        response = northside_owner_http.get(f"{PAGE}?member={alice.user_id}")
    assert len(table_rows(response.content.decode())) == min(count, 50)
    # Unfiltered: the member lookup fewer.
    with django_assert_num_queries(5):
        northside_owner_http.get(PAGE)
    # session, user, membership, the rows
    with django_assert_num_queries(4):
        northside_owner_http.get(CSV)


def test_the_access_audit_links_to_the_sign_in_audit(northside_owner_http):
    body = northside_owner_http.get("/audit/").content.decode()
    assert '<a href="/audit/logins/">Sign-in audit</a>' in body


def test_the_sign_in_audit_sits_under_the_audit_navigation(northside_owner_http):
    body = northside_owner_http.get(PAGE).content.decode()
    assert '<a href="/audit/" aria-current="page">Access audit</a>' in body


def test_a_members_audit_offers_the_owner_to_lift_their_lock(northside_owner_http, alice):
    body = northside_owner_http.get(f"{PAGE}?member={alice.user_id}").content.decode()
    assert f'action="/audit/logins/{alice.user_id}/lift/"' in body
    assert "Let alice@northside.example sign in again</button>" in body
    assert "/lift/" not in northside_owner_http.get(PAGE).content.decode()
    followed = northside_owner_http.post(f"/audit/logins/{alice.user_id}/lift/", follow=True)
    text = followed.content.decode()
    assert "alice@northside.example can sign in again now, from any browser." in text
    assert "Sign-in lock lifted" in table_rows(text)[0]


def test_another_clinics_member_cannot_be_unlocked(northside_owner_http, charlie):
    response = northside_owner_http.post(f"/audit/logins/{charlie.user_id}/lift/")
    assert response.status_code == 404
    assert not AuthEvent.objects.filter(kind=AuthEventKind.LOCK_LIFTED).exists()


def test_only_the_owner_can_lift_a_lock(alice_http, bob_http, alice, bob):
    for http in (alice_http, bob_http):
        assert http.post(f"/audit/logins/{bob.user_id}/lift/").status_code == 403
    assert not AuthEvent.objects.filter(kind=AuthEventKind.LOCK_LIFTED).exists()
