"""Login, tenancy and role checks for every route in tests/access.py, a complete table."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.access import EXEMPT, ROUTES
from tests.factories import AssessmentFactory, ClientFactory, TestDefinitionFactory


def named_routes(resolver=None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            names |= named_routes(
                entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            )
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
    return names


def test_every_route_has_an_access_policy():
    missing = named_routes() - set(ROUTES) - EXEMPT
    assert not missing, f"add these routes to tests/access.py: {sorted(missing)}"


@pytest.fixture
def objects(ana, alice) -> dict:
    test = TestDefinitionFactory()
    assessment = AssessmentFactory(client=ana, clinician=alice.user, tests=[test])
    return {"client": ana, "assessment": assessment, "test": test}


def all_routes():
    return [pytest.param(name, route, id=name) for name, route in ROUTES.items()]


@pytest.mark.parametrize(("name", "route"), all_routes())
def test_anonymous_visitors_are_sent_to_log_in(client, objects, name, route):
    url = route.url(objects)
    response = client.post(url) if route.kind == "action" else client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize(("name", "route"), all_routes())
def test_the_clinician_is_served(alice_http, objects, name, route):
    if route.kind == "action":
        pytest.skip("actions are tested with their own data")
    assert alice_http.get(route.url(objects)).status_code == 200


@pytest.mark.parametrize(("name", "route"), [p for p in all_routes() if p.values[1].scoped])
def test_another_clinics_object_is_not_found(charlie_http, objects, name, route):
    url = route.url(objects)
    response = charlie_http.post(url) if route.kind == "action" else charlie_http.get(url)
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "route"), [p for p in all_routes() if p.values[1].scoped])
def test_a_missing_object_looks_the_same_as_another_clinics(alice_http, objects, name, route):
    missing = {key: ClientFactory.build(pk=2**31 - 1) for key in objects}
    url = route.url(missing)
    response = alice_http.post(url) if route.kind == "action" else alice_http.get(url)
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "route"), [p for p in all_routes() if p.values[1].kind in {"write", "action"}]
)
def test_a_read_only_member_is_refused_every_write(bob_http, objects, name, route):
    url = route.url(objects)
    response = bob_http.post(url, {})
    assert response.status_code == 403
    assert b"read-only" in response.content


@pytest.mark.parametrize(("name", "route"), [p for p in all_routes() if p.values[1].kind == "read"])
def test_a_read_only_member_can_read(bob_http, objects, name, route):
    assert bob_http.get(route.url(objects)).status_code == 200


@pytest.mark.parametrize(("name", "route"), [p for p in all_routes() if p.values[1].kind == "read"])
def test_reads_refuse_other_methods(alice_http, objects, name, route):
    assert alice_http.delete(route.url(objects)).status_code == 405


@pytest.mark.django_db
def test_a_signed_in_user_without_a_clinic_is_told_so(client, django_user_model):
    user = django_user_model.objects.create_user("loner@example.org", password="x" * 20)
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 403
    assert b"not part of a clinic" in response.content
