"""Login, tenancy and role checks for every route in tests/access.py, a complete table."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from assessments.models import Assessment, Finding, Intervention, Reflection
from clinic.models import Client, Clinic, Invitation, Membership
from exercises.models import Exercise, ExerciseImage, Prescription, ProgrammeLink
from tests.access import EXEMPT, ROUTES
from tests.factories import (
    AssessmentFactory,
    ClientFactory,
    ExerciseFactory,
    ExerciseImageFactory,
    InterventionFactory,
    InvitationFactory,
    PrescriptionFactory,
    TestDefinitionFactory,
)

POSTED = {"action", "query", "owner-action"}
OWNER_KINDS = ("owner", "owner-form", "owner-action")


def named_routes(resolver=None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= named_routes(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
    return names


def test_every_route_has_an_access_policy():
    missing = named_routes() - set(ROUTES) - set(EXEMPT)
    assert not missing, f"add these routes to tests/access.py: {sorted(missing)}"


@pytest.fixture
def objects(ana, alice, northside, northside_owner) -> dict:
    test = TestDefinitionFactory()
    assessment = AssessmentFactory(client=ana, clinician=alice.user, tests=[test])
    return {
        "client": ana,
        # A member's login at Northside (the sign-in audit filters on one).
        "member_user": alice.user,
        # The exercise is Northside's own: shipped exercises are readable by every clinic. It
        # has Northside's picture.
        "exercise": ExerciseImageFactory(clinic=northside).exercise,
        "assessment": assessment,
        "retest": AssessmentFactory(
            client=ana, clinician=alice.user, kind="retest", baseline=assessment, tests=[test]
        ),
        "test": test,
        "intervention": InterventionFactory(after_round=assessment),
        "prescription": PrescriptionFactory(client=ana, exercise=ExerciseFactory(clinic=northside)),
        "member": alice,
        "invitation": InvitationFactory(clinic=northside, created_by=northside_owner.user),
    }


def routes(*kinds: str, scoped: bool | None = None):
    return [
        pytest.param(name, route, id=name)
        for name, route in ROUTES.items()
        if (not kinds or route.kind in kinds) and (scoped is None or route.scoped == scoped)
    ]


def send(http, route, objects):
    url = route.url(objects)
    return http.post(url) if route.kind in POSTED else http.get(url)


def snapshot() -> list[tuple]:
    """Every row a forbidden request could have touched."""
    clients = Client.objects.order_by("pk").values_list("pk", "version", "status", "archived_at")
    exercises = Exercise.objects.order_by("pk").values_list("pk", "name", "retired_at")
    rounds = Assessment.objects.order_by("pk").values_list("pk", "updated_at")
    findings = Finding.objects.order_by("pk").values_list("pk", "updated_at")
    treatment = Intervention.objects.order_by("pk").values_list("pk", "after_round")
    reflections = Reflection.objects.order_by("pk").values_list("pk", "updated_at")
    prescriptions = Prescription.objects.order_by("pk").values_list(
        "pk", "exercise", "status", "position", "sets", "reps", "note", "ended_at"
    )
    members = Membership.objects.order_by("pk").values_list(
        "pk", "role", "deactivated_at", "version"
    )
    invitations = Invitation.objects.order_by("pk").values_list(
        "pk", "token_hash", "expires_at", "accepted_at", "revoked_at"
    )
    links = ProgrammeLink.objects.order_by("pk").values_list("pk", "revoked_at")
    pictures = ExerciseImage.objects.order_by("pk").values_list(
        "pk", "image", "alt_text", "licence", "author"
    )
    clinics = Clinic.objects.order_by("pk").values_list(
        "pk", "two_factor_required", "programme_link_days"
    )
    return [
        *clinics,
        *links,
        *clients,
        *exercises,
        *pictures,
        *rounds,
        *findings,
        *treatment,
        *reflections,
        *prescriptions,
        *members,
        *invitations,
    ]


@pytest.mark.parametrize(("name", "route"), routes())
def test_anonymous_visitors_are_sent_to_log_in(client, objects, name, route):
    response = send(client, route, objects)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize(("name", "route"), routes("read", "write", "query", "history"))
def test_the_clinician_is_served(alice_http, objects, name, route):
    assert send(alice_http, route, objects).status_code == 200


@pytest.mark.parametrize(("name", "route"), routes("action"))
def test_the_clinicians_actions_are_served(alice_http, objects, name, route):
    # An empty post either does its work and redirects, or shows the form with its errors.
    assert send(alice_http, route, objects).status_code in {200, 302}


@pytest.mark.parametrize(("name", "route"), routes(scoped=True))
def test_another_clinics_object_is_not_found_and_not_changed(
    charlie_http, southside_owner_http, objects, name, route
):
    # An owner's page is tried by the other clinic's owner, whom only the tenancy can stop.
    outsider = southside_owner_http if route.kind in OWNER_KINDS else charlie_http
    before = snapshot()
    assert send(outsider, route, objects).status_code == 404
    if route.kind == "write":
        assert outsider.post(route.url(objects), {"name": "Hijacked"}).status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize(("name", "route"), routes(scoped=True))
def test_a_missing_object_looks_the_same_as_another_clinics(
    alice_http, northside_owner_http, objects, name, route
):
    member = northside_owner_http if route.kind in OWNER_KINDS else alice_http
    missing = {key: ClientFactory.build(pk=2**31 - 1) for key in objects}
    assert send(member, route, missing).status_code == 404


@pytest.mark.parametrize(("name", "route"), routes("write", "action"))
def test_a_read_only_member_is_refused_every_write(bob_http, objects, name, route):
    before = snapshot()
    response = bob_http.post(route.url(objects), {"name": "Changed"})
    assert response.status_code == 403
    assert b"read-only" in response.content
    assert snapshot() == before


@pytest.mark.parametrize(("name", "route"), routes("read", "query"))
def test_a_read_only_member_can_read(bob_http, objects, name, route):
    assert send(bob_http, route, objects).status_code == 200


@pytest.mark.parametrize(("name", "route"), routes("owner", "owner-form"))
def test_the_owner_is_served_the_owners_pages(northside_owner_http, objects, name, route):
    assert send(northside_owner_http, route, objects).status_code == 200


@pytest.mark.parametrize(("name", "route"), routes("owner-action"))
def test_the_owners_actions_are_served(northside_owner_http, objects, name, route):
    assert send(northside_owner_http, route, objects).status_code in {200, 302}


@pytest.mark.parametrize(("name", "route"), routes(*OWNER_KINDS))
def test_clinicians_and_read_only_members_are_refused_the_owners_pages(
    alice_http, bob_http, objects, name, route
):
    before = snapshot()
    for member in (alice_http, bob_http):
        responses = [send(member, route, objects)]
        if route.kind == "owner-form":
            responses.append(member.post(route.url(objects), {"email": "x@example.org"}))
        if route.kind == "owner-action":
            data = {"role": "owner", "version": objects["member"].version}
            responses.append(member.post(route.url(objects), data))
        for response in responses:
            assert response.status_code == 403
            assert b"Only the clinic&#x27;s owner" in response.content
    assert snapshot() == before


@pytest.mark.parametrize(("name", "route"), routes("owner-action"))
def test_the_owner_is_served_the_owners_actions(northside_owner_http, objects, name, route):
    # An empty post is refused by its form and sends the owner back with a message.
    assert send(northside_owner_http, route, objects).status_code in {200, 302}


@pytest.mark.parametrize(("name", "route"), routes("owner-action"))
def test_clinicians_and_read_only_members_are_refused_the_owners_actions(
    alice_http, bob_http, objects, name, route
):
    for member in (alice_http, bob_http):
        response = send(member, route, objects)
        assert response.status_code == 403
        assert b"Only the clinic&#x27;s owner" in response.content


@pytest.mark.parametrize(("name", "route"), routes("history"))
def test_a_read_only_member_cannot_read_history(bob_http, objects, name, route):
    response = bob_http.get(route.url(objects))
    assert response.status_code == 403
    assert b"owners and clinicians" in response.content


@pytest.mark.parametrize(("name", "route"), routes("read", "owner", "history"))
def test_reads_refuse_other_methods(alice_http, objects, name, route):
    assert alice_http.delete(route.url(objects)).status_code == 405
    assert alice_http.post(route.url(objects)).status_code == 405


@pytest.mark.parametrize(("name", "route"), routes("action", "query", "owner-action"))
def test_posted_routes_refuse_get(alice_http, objects, name, route):
    assert alice_http.get(route.url(objects)).status_code == 405


@pytest.mark.parametrize(("name", "route"), routes("write", "owner-form"))
def test_forms_refuse_other_methods(alice_http, objects, name, route):
    assert alice_http.delete(route.url(objects)).status_code == 405


@pytest.mark.django_db
def test_a_signed_in_user_without_a_clinic_is_told_so(client, django_user_model):
    user = django_user_model.objects.create_user("loner@example.org", password="x" * 20)
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 403
    assert b"not part of a clinic" in response.content
