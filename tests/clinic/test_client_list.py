import datetime
import re

import pytest
from django.utils import timezone

from clinic.models import ClientStatus
from tests.factories import ClientFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


def response_push_url(http, term: str) -> str:
    return http.post("/clients/search/", {"q": term, "status": "active"}, **HTMX)["HX-Push-Url"]


def names(response) -> list[str]:
    """The client names listed in the response, in order, as the clinician reads them."""
    html = response.content.decode()
    return re.findall(r'<th scope="row"><a href="/clients/\d+/">([^<]+)</a>', html)


@pytest.fixture
def cast(northside, southside):
    now = timezone.now()
    return {
        "ana": ClientFactory(
            clinic=northside, name="Ana Souza", last_seen_at=now - datetime.timedelta(days=1)
        ),
        "ben": ClientFactory(
            clinic=northside, name="Ben Okafor", last_seen_at=now - datetime.timedelta(days=9)
        ),
        "chloe": ClientFactory(clinic=northside, name="Chloé Martin"),
        "dara": ClientFactory(
            clinic=northside, name="Dara Souza", status=ClientStatus.DISCHARGED, discharged_at=now
        ),
        "eve": ClientFactory(clinic=northside, name="Eve Archived", archived_at=now),
        "other": ClientFactory(clinic=southside, name="Ana Southside"),
    }


def test_the_home_page_lists_active_clients_most_recently_seen_first(alice_http, cast):
    response = alice_http.get("/")
    # Chloé was added today but has never been seen: after everyone who has.
    assert names(response) == ["Ana Souza", "Ben Okafor", "Chloé Martin"]


def test_discharged_clients_are_under_their_own_filter(alice_http, cast):
    assert names(alice_http.get("/?status=discharged")) == ["Dara Souza"]


def test_archived_clients_leave_every_list_but_are_found_under_archived(alice_http, cast):
    assert "Eve Archived" not in names(alice_http.get("/"))
    assert "Eve Archived" not in names(alice_http.get("/?status=discharged"))
    assert names(alice_http.get("/?status=archived")) == ["Eve Archived"]


def test_the_filter_shows_how_many_clients_each_status_has(alice_http, cast):
    body = alice_http.get("/").content.decode()
    counts = re.findall(r'value="(\w+)"[^>]*>\s*\w+ <span class="count">(\d+)</span>', body)
    assert counts == [("active", "3"), ("discharged", "1"), ("archived", "1")]


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("sou", ["Ana Souza"]),
        ("SOUZA", ["Ana Souza"]),
        ("  ana   sou ", ["Ana Souza"]),
        ("chloe", ["Chloé Martin"]),
        ("Chloé mart", ["Chloé Martin"]),
        ("oka ben", ["Ben Okafor"]),
        ("a", ["Ana Souza", "Ben Okafor", "Chloé Martin"]),
        ("zzq xyv", []),
        ("%", []),
        ("_", []),
    ],
)
def test_searching_by_part_of_a_name_ignores_case_accents_and_word_order(
    alice_http, cast, typed, found
):
    response = alice_http.post("/clients/search/", {"q": typed, "status": "active"})
    assert names(response) == found


def test_search_stays_inside_the_status_filter(alice_http, cast):
    response = alice_http.post("/clients/search/", {"q": "souza", "status": "discharged"})
    assert names(response) == ["Dara Souza"]


def test_search_never_finds_another_clinics_client(charlie_http, alice_http, cast):
    assert names(alice_http.post("/clients/search/", {"q": "southside"})) == []
    # At most a close name of Charlie's own clinic, never Northside's two Souzas.
    assert not {"Ana Souza", "Dara Souza"} & set(
        names(charlie_http.post("/clients/search/", {"q": "souza"}))
    )


def test_a_search_term_never_reaches_a_url(alice_http, cast):
    for response in (
        alice_http.post("/clients/search/", {"q": "souza", "status": "active"}, **HTMX),
        alice_http.post("/clients/search/", {"q": "souza", "status": "active"}),
    ):
        addresses = re.findall(
            r'(?:href|hx-get|hx-post|action)="([^"]*)"', response.content.decode()
        )
        assert addresses and not [a for a in addresses if "souza" in a.lower()]
    assert response_push_url(alice_http, "souza") == "/?status=active"
    # A term smuggled into the query string is ignored, not applied.
    assert names(alice_http.get("/?q=souza")) == ["Ana Souza", "Ben Okafor", "Chloé Martin"]


def test_the_search_box_is_posted_and_not_remembered_by_the_browser(alice_http, cast):
    body = alice_http.get("/").content.decode()
    assert 'method="post" action="/clients/search/"' in body
    assert 'hx-post="/clients/search/"' in body
    assert 'name="q"' in body and 'autocomplete="off"' in body


def test_htmx_gets_only_the_list_fragment(alice_http, cast):
    for response in (
        alice_http.get("/?status=active", **HTMX),
        alice_http.post("/clients/search/", {"q": "ana"}, **HTMX),
    ):
        body = response.content.decode()
        assert body.lstrip().startswith('<div id="client-table"')
        assert "<html" not in body
        assert "HX-Request" in response["Vary"]


def test_without_htmx_a_search_returns_the_whole_page_with_the_term_kept(alice_http, cast):
    response = alice_http.post("/clients/search/", {"q": "chlo"})
    body = response.content.decode()
    assert "<html" in body
    assert 'value="chlo"' in body
    assert names(response) == ["Chloé Martin"]


def test_the_list_is_paged_and_the_page_rides_in_the_url(alice_http, northside):
    ClientFactory.create_batch(30, clinic=northside)
    first, second = alice_http.get("/"), alice_http.get("/?status=active&page=2", **HTMX)
    assert len(names(first)) == 25 and len(names(second)) == 5
    assert 'href="?status=active&amp;page=2"' in first.content.decode()
    assert 'hx-push-url="true"' in first.content.decode()


def test_pages_of_a_search_are_posted_not_linked(alice_http, northside):
    ClientFactory.create_batch(30, clinic=northside, name="Sam Smith")
    response = alice_http.post("/clients/search/", {"q": "smith"}, **HTMX)
    body = response.content.decode()
    assert 'form="client-filter" name="page" value="2"' in body
    assert "page=2" not in body
    assert response["HX-Push-Url"] == "/?status=active"
    assert len(names(alice_http.post("/clients/search/", {"q": "smith", "page": 2}))) == 5


@pytest.mark.parametrize("query", ["?status=bogus", "?page=abc", "?page=-3", "?page=999"])
def test_odd_filter_values_fall_back_instead_of_failing(alice_http, cast, query):
    response = alice_http.get(f"/{query}")
    assert response.status_code == 200
    # A bad status or page shows the active list (the last page when past the end).
    assert set(names(response)) == {"Chloé Martin", "Ana Souza", "Ben Okafor"}


def test_an_empty_clinic_invites_adding_the_first_client(alice_http):
    body = alice_http.get("/").content.decode()
    assert "No clients yet." in body
    assert 'href="/clients/new/"' in body


def test_a_search_without_results_says_so(alice_http, cast):
    body = alice_http.post("/clients/search/", {"q": "zed"}).content.decode()
    assert "No active client matches that name" in body


def test_a_read_only_member_gets_no_add_button(bob_http, cast):
    assert 'href="/clients/new/"' not in bob_http.get("/").content.decode()


@pytest.mark.parametrize("count", [10, 300])
def test_the_list_runs_the_same_queries_whatever_the_number_of_clients(
    alice_http, northside, django_assert_num_queries, count
):
    ClientFactory.create_batch(count, clinic=northside)
    # session, user, membership, the access audit row, status counts, page count, page rows;
    # for the badges from home logs, the page's prescriptions as planned, and their logs
    with django_assert_num_queries(9):
        alice_http.get("/")
    with django_assert_num_queries(9):
        alice_http.post("/clients/search/", {"q": "client"}, **HTMX)
