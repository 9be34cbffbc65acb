"""Every response that shows a client's data writes exactly one access audit row, without PHI."""

import datetime

import pytest
from django.urls import resolve
from django.utils import timezone

from clinic.models import AccessEvent
from tests.access import ROUTES
from tests.clinic.audit_cases import VIEWS, client_record
from tests.factories import ClientFactory

# Routes that show no client's data (the catalog, the test library, empty forms), or only
# change it and redirect: the page they lead to is the view that is recorded.
NOT_A_VIEW_OF_CLIENT_DATA = {
    "clinic:client-create": "an empty form; a refused one shows only what was typed",
    "clinic:client-discharge": "redirects",
    "clinic:client-reactivate": "redirects",
    "clinic:client-archive": "redirects",
    "clinic:client-restore": "redirects",
    "exercises:exercise-list": "the catalog",
    "exercises:exercise-create": "the catalog",
    "exercises:exercise-detail": "the catalog",
    "exercises:exercise-update": "the catalog",
    "exercises:exercise-retire": "the catalog",
    "exercises:exercise-picture": "the catalog: the clinic's picture of an exercise",
    "exercises:exercise-picture-upload": "the catalog; redirects",
    "exercises:exercise-picture-remove": "the catalog; redirects",
    "exercises:prescription-create": "recorded as the programme it returns; see stop",
    "exercises:prescription-move": "recorded as the programme it returns; see stop",
    "exercises:prescription-progress": "recorded as the programme it returns; see stop",
    "exercises:prescription-regress": "recorded as the programme it returns; see stop",
    "exercises:programme-link-revoke": "redirects",
    "assessments:retest-create": "redirects",
    "assessments:intervention-delete": "redirects",
    "assessments:intervention-picker": "the catalog, for the treatment form",
    "assessments:test-list": "the test library",
    "assessments:test-definition-create": "the test library",
    "assessments:test-set-list": "the test library",
    "assessments:test-set-create": "the test library",
    "clinic:audit-logins": "members' sign-in events, no client's data",
    "clinic:audit-logins-csv": "members' sign-in events, no client's data",
    "clinic:audit-logins-lift": "redirects",
    "clinic:member-list": "the clinic's members, no client's data",
    "clinic:clinic-programme-links": "the clinic's setting; redirects",
    "clinic:member-role": "the clinic's members, no client's data",
    "clinic:member-deactivate": "the clinic's members, no client's data",
    "clinic:member-reactivate": "the clinic's members, no client's data",
    "clinic:member-two-factor-reset": "the clinic's members; redirects",
    "clinic:invitation-create": "members' invitations: email addresses and roles",
    "clinic:invitation-list": "members' invitations: email addresses and roles",
    "clinic:invitation-resend": "members' invitations; redirects",
    "clinic:invitation-revoke": "members' invitations; redirects",
    "clinic:account-security": "the user's own second factor",
    "clinic:clinic-two-factor": "the clinic's rule; redirects",
}


@pytest.fixture
def record(northside, alice):
    return client_record(northside, alice)


@pytest.fixture
def members(alice, northside_owner, alice_http, northside_owner_http):
    return {
        "clinician": (alice, alice_http),
        "owner": (northside_owner, northside_owner_http),
    }


def stored_text(row: AccessEvent) -> str:
    """Everything the row holds, as one text."""
    return " ".join(str(value) for value in AccessEvent.objects.values().get(pk=row.pk).values())


@pytest.mark.parametrize("name", VIEWS)
def test_each_view_of_client_data_writes_exactly_one_audit_row(name, record, members, northside):
    view = VIEWS[name]
    member, http = members[view.by]
    already = list(AccessEvent.objects.values_list("pk", flat=True))
    response = view.send(http, record)
    assert response.status_code == 200
    row = AccessEvent.objects.exclude(pk__in=already).get()
    assert row.kind == view.kind
    assert row.user_id == member.user_id
    assert row.clinic_id == northside.pk
    assert row.client_id == (record.client.pk if view.one_client else None)
    assert row.request_id == response["X-Request-ID"]
    assert row.url_name == resolve(view.url(record).split("?")[0]).view_name
    assert row.remote_addr == "127.0.0.1"
    assert abs(timezone.now() - row.at) < datetime.timedelta(minutes=1)
    assert row.at.utcoffset() == datetime.timedelta(0)


@pytest.mark.parametrize("name", VIEWS)
def test_an_audit_row_holds_no_client_data(name, record, members):
    view = VIEWS[name]
    _, http = members[view.by]
    view.send(http, record)
    text = stored_text(AccessEvent.objects.latest("pk")).lower()
    for phi in [*record.phi, "souza"]:
        assert phi.lower() not in text


def test_every_route_that_shows_client_data_has_an_audit_case(record):
    audited = {resolve(view.url(record).split("?")[0]).view_name for view in VIEWS.values()}
    unaccounted = set(ROUTES) - audited - set(NOT_A_VIEW_OF_CLIENT_DATA)
    assert not unaccounted, f"add an audit case to tests/clinic/audit_cases.py: {unaccounted}"


def test_a_round_page_row_names_the_round(alice_http, record):
    alice_http.get(f"/assessments/{record.baseline.pk}/report/")
    row = AccessEvent.objects.get()
    assert (row.url_name, row.object_id) == ("assessments:report-detail", record.baseline.pk)


def test_refused_and_missing_requests_record_nothing(
    client, bob_http, charlie_http, alice_http, record
):
    url = f"/clients/{record.client.pk}/"
    assert client.get(url).status_code == 302
    assert charlie_http.get(url).status_code == 404
    assert charlie_http.get(f"/assessments/{record.baseline.pk}/report.csv").status_code == 404
    assert bob_http.get(f"{url}edit/").status_code == 403
    assert alice_http.get("/clients/999999/").status_code == 404
    assert not AccessEvent.objects.exists()


def test_a_change_that_redirects_is_recorded_by_the_page_it_leads_to(alice_http, record):
    response = alice_http.post(f"/clients/{record.client.pk}/discharge/", follow=True)
    assert response.redirect_chain == [(f"/clients/{record.client.pk}/", 302)]
    assert list(AccessEvent.objects.values_list("kind", flat=True)) == ["client-page"]


def test_a_retests_report_address_is_recorded_once_at_the_baselines(alice_http, alice, record):
    from assessments.services import assessment_create_retest

    retest = assessment_create_retest(baseline=record.baseline, clinician=alice.user)
    response = alice_http.get(f"/assessments/{retest.pk}/report/", follow=True)
    assert response.status_code == 200
    row = AccessEvent.objects.get()
    assert (row.kind, row.object_id) == ("report", record.baseline.pk)


def test_a_search_is_recorded_without_its_words(alice_http, record):
    alice_http.post("/clients/search/", {"q": "souza"}, headers={"HX-Request": "true"})
    row = AccessEvent.objects.get()
    assert (row.kind, row.client_id) == ("client-search", None)
    assert "souza" not in stored_text(row).lower()


def test_staff_in_the_admin_are_audited_in_each_clinic_they_read(
    admin_client, admin_user, record, southside
):
    ClientFactory(clinic=southside, name="Dan Reyes")
    assert admin_client.get("/admin/clinic/client/").status_code == 200
    rows = AccessEvent.objects.order_by("clinic_id")
    assert [(r.clinic_id, r.client_id, r.kind) for r in rows] == [
        (record.client.clinic_id, None, "admin-client-list"),
        (southside.pk, None, "admin-client-list"),
    ]
    assert {r.user_id for r in rows} == {admin_user.pk}
    for suffix in ("change/", "history/"):
        response = admin_client.get(f"/admin/clinic/client/{record.client.pk}/{suffix}")
        assert response.status_code == 200
        row = AccessEvent.objects.latest("pk")
        assert (row.kind, row.client_id, row.request_id) == (
            "admin-client",
            record.client.pk,
            response["X-Request-ID"],
        )
