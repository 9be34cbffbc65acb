import datetime

import pytest
from django.utils import timezone

from tests.clinic.test_client_list import names
from tests.factories import ClientFactory


def search(http, typed: str, status: str = "active"):
    return names(http.post("/clients/search/", {"q": typed, "status": status}))


@pytest.fixture
def people(northside, southside):
    now = timezone.now()
    return {
        "chloe": ClientFactory(
            clinic=northside,
            name="Chloé Martin",
            date_of_birth=datetime.date(1980, 3, 12),
            last_seen_at=now - datetime.timedelta(days=3),
        ),
        "martina": ClientFactory(
            clinic=northside, name="Martina Hale", last_seen_at=now - datetime.timedelta(days=1)
        ),
        "marek": ClientFactory(
            clinic=northside, name="Marek Olsen", date_of_birth=datetime.date(1980, 12, 3)
        ),
        "sam": ClientFactory(clinic=northside, name="Sam Ortiz"),
        "twin": ClientFactory(
            clinic=southside, name="Chloé Martin", date_of_birth=datetime.date(1980, 3, 12)
        ),
    }


@pytest.mark.parametrize(
    "typed", ["Chloe Martni", "chloé matrin", "Cloe Martin", "martn chloe", "CHLOE MARTEN"]
)
def test_a_name_typed_with_a_typo_still_finds_the_client(alice_http, people, typed):
    assert search(alice_http, typed)[0] == "Chloé Martin"


def test_names_holding_every_word_come_before_names_only_close_to_it(alice_http, people):
    # Both names hold "martin" and come in the list's order (Martina was seen later); "Martn"
    # is in neither, so both are only close, the closer first.
    assert search(alice_http, "martin") == ["Martina Hale", "Chloé Martin"]
    assert search(alice_http, "chloe martn") == ["Chloé Martin"]
    ClientFactory(clinic=people["chloe"].clinic, name="Martn Chloe")
    assert search(alice_http, "chloe martn") == ["Martn Chloe", "Chloé Martin"]


def test_names_that_only_share_a_syllable_are_not_offered(alice_http, people):
    assert "Sam Ortiz" not in search(alice_http, "martin")
    assert search(alice_http, "Olivia Brandt") == []


@pytest.mark.parametrize("typed", ["12/03/1980", "12.3.1980", "12-03-1980", " 1980-03-12 "])
def test_a_date_of_birth_finds_the_clients_born_that_day_read_day_first(alice_http, people, typed):
    # 12 March, not 3 December (Marek's birthday): dates are read day first.
    assert search(alice_http, typed) == ["Chloé Martin"]


def test_a_date_of_birth_never_finds_another_clinics_client(charlie_http, alice_http, people):
    assert search(alice_http, "12/03/1980") == ["Chloé Martin"]
    assert search(charlie_http, "12/03/1980") == ["Chloé Martin"]
    assert people["twin"].clinic.name != people["chloe"].clinic.name
    assert search(charlie_http, "3/12/1980") == []


def test_a_date_no_client_was_born_on_finds_no_one(alice_http, people):
    assert search(alice_http, "1/1/1990") == []


def test_a_search_by_date_stays_inside_the_status_filter(alice_http, people):
    assert search(alice_http, "12/03/1980", status="discharged") == []


def test_the_list_says_it_has_no_match_for_an_impossible_date(alice_http, people):
    # Not a date (there is no 31 February), so it is looked for as a name and matches no one.
    assert search(alice_http, "31/02/1980") == []
