import datetime

from django.utils import timezone

from tests.clinic.test_client_list import names
from tests.factories import ClientFactory


def test_a_client_seen_today_comes_before_clients_added_later_but_never_seen(alice_http, northside):
    now = timezone.now()
    seen = ClientFactory(clinic=northside, name="Seen Today")
    seen.last_seen_at = now
    seen.save()
    for name in ("New One", "New Two"):
        ClientFactory(clinic=northside, name=name)
    assert names(alice_http.get("/")) == ["Seen Today", "New Two", "New One"]


def test_clients_seen_come_most_recent_first_and_never_seen_ones_newest_first(
    alice_http, northside
):
    now = timezone.now()
    ClientFactory(clinic=northside, name="Week Ago", last_seen_at=now - datetime.timedelta(days=7))
    ClientFactory(clinic=northside, name="Added First")
    ClientFactory(clinic=northside, name="Yesterday", last_seen_at=now - datetime.timedelta(days=1))
    ClientFactory(clinic=northside, name="Added Last")
    assert names(alice_http.get("/")) == ["Yesterday", "Week Ago", "Added Last", "Added First"]
