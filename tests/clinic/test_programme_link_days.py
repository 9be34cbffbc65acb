"""The owner sets how long the clinic's programme links last, on the members page."""

import datetime

import pytest
from django.utils import timezone

from clinic.models import Client
from exercises.services import programme_link_issue
from tests.factories import PrescriptionFactory


def test_the_owner_sets_the_lifetime_and_new_links_use_it(
    northside_owner_http, northside, ana, alice
):
    page = northside_owner_http.get("/members/").content.decode()
    assert 'name="programme_link_days" value="120"' in page
    response = northside_owner_http.post("/clinic/programme-links/", {"programme_link_days": "30"})
    assert response.status_code == 302
    assert "last 30 days" in northside_owner_http.get("/members/").content.decode()
    northside.refresh_from_db()
    assert northside.programme_link_days == 30
    PrescriptionFactory(client=ana)
    # The client read again, with the clinic as it is now.
    link = programme_link_issue(client=Client.objects.get(pk=ana.pk), by=alice.user).link
    assert abs(
        link.expires_at - (timezone.now() + datetime.timedelta(days=30))
    ) < datetime.timedelta(minutes=1)


@pytest.mark.parametrize("typed", ["6", "731", "", "ninety", "1e3", "-30", "99999999999999"])
def test_a_lifetime_out_of_range_is_refused_beside_the_field_and_nothing_changes(
    northside_owner_http, northside, typed
):
    response = northside_owner_http.post("/clinic/programme-links/", {"programme_link_days": typed})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_programme_link_days_error">A programme link lasts from 7 to 730 days.' in page
    assert f'value="{typed}"' in page or typed == ""
    northside.refresh_from_db()
    assert northside.programme_link_days == 120


def test_only_the_owner_changes_it(alice_http, northside):
    assert alice_http.post(
        "/clinic/programme-links/", {"programme_link_days": "30"}
    ).status_code in (
        403,
        404,
    )
    northside.refresh_from_db()
    assert northside.programme_link_days == 120
