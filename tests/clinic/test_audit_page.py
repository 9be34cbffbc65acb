"""The owner's access audit page: by client and by member, newest first, paged, with CSV."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from clinic.models import AccessEvent, AccessKind
from tests.factories import ClientFactory

OWNER_HOME = "/audit/"


def add_rows(membership, client, count: int, *, kind=AccessKind.CLIENT_PAGE, start=None):
    start = start or timezone.now() - datetime.timedelta(hours=1)
    return AccessEvent.objects.bulk_create(
        AccessEvent(
            clinic=membership.clinic,
            user=membership.user,
            client=client,
            kind=kind,
            url_name="clinic:client-detail",
            at=start + datetime.timedelta(seconds=n),
            request_id=f"{n:032x}",
            remote_addr="192.0.2.7",
        )
        for n in range(count)
    )


@pytest.fixture
def ben(northside):
    return ClientFactory(clinic=northside, name="Ben Okafor")


def table_rows(body: str) -> list[str]:
    rows = body.split("<tbody>")[1].split("</tbody>")[0]
    return [row for row in rows.split("<tr>")[1:]]


def test_the_owner_sees_who_opened_which_record_newest_first(
    northside_owner_http, alice, bob, ana, ben
):
    add_rows(alice, ana, 1, start=timezone.now() - datetime.timedelta(hours=2))
    add_rows(bob, ben, 1, kind=AccessKind.REPORT_CSV)
    body = northside_owner_http.get(OWNER_HOME).content.decode()
    rows = table_rows(body)
    # The owner's own visit to this page comes first: it is a view too, of no one client.
    assert "olivia@northside.example" in rows[0] and "Several clients" in rows[0]
    assert "bob@northside.example" in rows[1] and "Ben Okafor" in rows[1]
    assert "Report CSV" in rows[1]
    assert "alice@northside.example" in rows[2] and "Ana Souza" in rows[2]
    assert f'href="?client={ana.pk}"' in rows[2]
    assert f'href="?member={alice.user_id}"' in rows[2]


def test_the_audit_of_one_client_shows_only_their_record(northside_owner_http, alice, ana, ben):
    add_rows(alice, ana, 2)
    add_rows(alice, ben, 3)
    body = northside_owner_http.get(f"/audit/?client={ben.pk}").content.decode()
    rows = table_rows(body)
    # Ben's three views, and the owner's look at his audit, which is a view of his record.
    assert len(rows) == 4
    assert all("Ben Okafor" in row for row in rows)
    assert "Showing the record of" in body and "Show everything" in body


def test_the_audit_of_one_member_shows_only_what_they_opened(northside_owner_http, alice, bob, ana):
    add_rows(alice, ana, 2)
    add_rows(bob, ana, 3)
    body = northside_owner_http.get(f"/audit/?member={bob.user_id}").content.decode()
    rows = table_rows(body)
    assert len(rows) == 3
    assert all("bob@northside.example" in row for row in rows)
    assert f'<option value="{bob.user_id}" selected>' in body


def test_a_former_members_rows_can_still_be_chosen(northside_owner_http, alice, ana):
    add_rows(alice, ana, 2)
    alice.delete()  # alice left the clinic; what she opened stays on record
    body = northside_owner_http.get(f"/audit/?member={alice.user_id}").content.decode()
    assert len(table_rows(body)) == 2
    assert "(no longer a member)" in body


def test_another_clinics_client_or_member_is_not_found(northside_owner_http, charlie, southside):
    theirs = ClientFactory(clinic=southside)
    add_rows(charlie, theirs, 1)
    assert northside_owner_http.get(f"/audit/?client={theirs.pk}").status_code == 404
    assert northside_owner_http.get(f"/audit/?member={charlie.user_id}").status_code == 404
    assert northside_owner_http.get(f"/audit.csv?member={charlie.user_id}").status_code == 404


def test_a_filter_that_is_not_a_number_is_ignored(northside_owner_http):
    assert northside_owner_http.get("/audit/?client=abc&member=-1&before=x").status_code == 200


def test_the_audit_is_paged_fifty_rows_at_a_time_from_the_newest(northside_owner_http, alice, ana):
    rows = add_rows(alice, ana, 60)
    first = northside_owner_http.get(f"/audit/?client={ana.pk}").content.decode()
    assert len(table_rows(first)) == 50
    # 61 rows (the owner's look included), the newest 50 on the first page.
    oldest_shown = rows[-49]
    assert f'href="?client={ana.pk}&amp;before={oldest_shown.pk}">Older</a>' in first
    second = northside_owner_http.get(f"/audit/?client={ana.pk}&before={oldest_shown.pk}")
    body = second.content.decode()
    assert len(table_rows(body)) == 11
    assert "Older</a>" not in body and ">Newest</a>" in body


def test_the_csv_holds_every_filtered_row_in_utc(northside_owner_http, alice, bob, ana):
    add_rows(alice, ana, 70)
    add_rows(bob, ana, 5)
    response = northside_owner_http.get(f"/audit.csv?member={alice.user_id}")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="retest-access-audit-')
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    assert lines[0] == [
        "at_utc",
        "member",
        "client_id",
        "client",
        "what",
        "page",
        "object_id",
        "request_id",
        "remote_addr",
    ]
    assert len(lines) == 71
    assert {line[1] for line in lines[1:]} == {"alice@northside.example"}
    assert lines[1][0].endswith("+00:00") and lines[1][0] > lines[-1][0]
    assert lines[1][2:5] == [str(ana.pk), "Ana Souza", "client-page"]


def test_a_client_name_in_the_csv_cannot_run_as_a_formula(northside_owner_http, alice, northside):
    sneaky = ClientFactory(clinic=northside, name="=HYPERLINK(1)")
    add_rows(alice, sneaky, 1)
    text = northside_owner_http.get("/audit.csv").content.decode()
    assert "'=HYPERLINK(1)" in text


@pytest.mark.parametrize("count", [5, 80])
def test_the_page_runs_the_same_queries_whatever_the_number_of_rows(
    northside_owner_http, alice, bob, ana, django_assert_num_queries, count
):
    add_rows(alice, ana, count)
    # session, user, membership, the client of the filter, the member of the filter, the
    # access audit row of this view, the page's rows with their members and clients, the
    # clinic's members for the filter
    with django_assert_num_queries(8):
        response = northside_owner_http.get(f"/audit/?client={ana.pk}&member={alice.user_id}")
    assert len(table_rows(response.content.decode())) == min(count, 50)
    # Unfiltered: the two filter lookups fewer.
    with django_assert_num_queries(6):
        northside_owner_http.get(OWNER_HOME)


def test_the_csv_runs_the_same_queries_whatever_the_number_of_rows(
    northside_owner_http, alice, ana, django_assert_num_queries
):
    add_rows(alice, ana, 300)
    # session, user, membership, the audit row of this download, the rows
    with django_assert_num_queries(5):
        northside_owner_http.get("/audit.csv")


def test_only_the_owner_is_shown_the_way_to_the_audit(
    northside_owner_http, alice_http, bob_http, ana
):
    for http, shown in ((northside_owner_http, True), (alice_http, False), (bob_http, False)):
        page = http.get(f"/clients/{ana.pk}/").content.decode()
        assert ('href="/audit/"' in page) is shown
        assert (f'href="/audit/?client={ana.pk}">Who opened this record</a>' in page) is shown


def test_the_audit_is_its_own_section_of_the_navigation(northside_owner_http):
    body = northside_owner_http.get(OWNER_HOME).content.decode()
    assert '<a href="/audit/" aria-current="page">Access audit</a>' in body
