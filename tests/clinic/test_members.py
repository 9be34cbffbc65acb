"""The owner's members page: roles changed, members deactivated and reactivated, in the app.

Olivia owns Northside; Alice is a clinician and Bob read-only there. Every change is audited
with Olivia as the actor; the clinic always keeps an active owner; a deactivated member's
sessions end at once (T11: "disabled user: the next request is refused").
"""

import datetime

import pytest
import time_machine
from django.test import Client as HttpClient
from django.urls import Resolver404, resolve

from clinic import member_services
from clinic.member_services import StaleMember
from clinic.models import AuthEvent, AuthEventKind, Membership, Role
from clinic.permissions import CHOSEN_MEMBERSHIP
from tests.factories import MembershipFactory, signed_in

NOW = datetime.datetime(2026, 12, 2, 9, 30, tzinfo=datetime.UTC)


def post_role(http: HttpClient, member: Membership, role: str, version: int | None = None):
    version = member.version if version is None else version
    return http.post(f"/members/{member.pk}/role/", {"role": role, "version": version})


def post_state(http: HttpClient, member: Membership, action: str, version: int | None = None):
    version = member.version if version is None else version
    return http.post(f"/members/{member.pk}/{action}/", {"version": version})


def fresh(member: Membership) -> Membership:
    return Membership.objects.get(pk=member.pk)


def events(kind: AuthEventKind) -> list[tuple]:
    rows = AuthEvent.objects.filter(kind=kind).order_by("pk")
    return [(r.user_id, r.actor_id, r.clinic_id, r.outcome, r.detail) for r in rows]


# The page


def test_the_owner_sees_every_member_with_name_email_role_and_status(
    northside_owner_http, northside_owner, alice, bob, charlie
):
    alice.user.first_name, alice.user.last_name = "Alice", "Hart"
    alice.user.save()
    Membership.objects.filter(pk=bob.pk).update(
        deactivated_at=NOW, deactivated_by=northside_owner.user
    )
    page = northside_owner_http.get("/members/").content.decode()
    assert "Alice Hart" in page and "alice@northside.example" in page
    assert "olivia@northside.example" in page and "(you)" in page
    assert '<option value="clinician" selected>Clinician</option>' in page
    assert "Deactivated" in page and "by olivia@northside.example" in page
    assert f'action="/members/{bob.pk}/reactivate/"' in page
    assert f'action="/members/{alice.pk}/deactivate/"' in page
    # Southside's members are not Northside's.
    assert "charlie@southside.example" not in page


def test_the_page_links_to_invitations_only_where_they_exist(northside_owner_http):
    page = northside_owner_http.get("/members/").content.decode()
    assert ("/members/invite/" in page) == _invitations_exist()


def _invitations_exist() -> bool:
    try:
        resolve("/members/invite/")
    except Resolver404:
        return False
    return True


def test_owners_find_members_in_the_navigation_and_clinicians_do_not(
    northside_owner_http, alice_http
):
    assert b'href="/members/"' in northside_owner_http.get("/").content
    assert b'href="/members/"' not in alice_http.get("/").content
    page = northside_owner_http.get("/members/").content.decode()
    assert '<a href="/members/" aria-current="page">Members</a>' in page


def test_the_page_runs_the_same_queries_whatever_the_number_of_members(
    northside_owner_http, northside, django_assert_num_queries
):
    MembershipFactory.create_batch(3, clinic=northside)
    # session, user, membership, then the members with their users and who deactivated them.
    with django_assert_num_queries(4):
        northside_owner_http.get("/members/")
    MembershipFactory.create_batch(20, clinic=northside)
    with django_assert_num_queries(4):
        northside_owner_http.get("/members/")


# Roles


def test_an_owner_changes_a_role_and_it_is_audited(
    northside_owner_http, northside_owner, alice, northside
):
    response = post_role(northside_owner_http, alice, Role.OWNER)
    assert response.status_code == 302 and response["Location"] == "/members/"
    assert fresh(alice).role == Role.OWNER
    assert events(AuthEventKind.ROLE_CHANGED) == [
        (alice.user_id, northside_owner.user_id, northside.pk, "success", "clinician → owner")
    ]


def test_the_new_role_applies_on_the_members_next_request(
    northside_owner_http, alice, alice_http, ana
):
    assert alice_http.post(f"/clients/{ana.pk}/discharge/").status_code == 302
    post_role(northside_owner_http, alice, Role.READ_ONLY)
    assert alice_http.post(f"/clients/{ana.pk}/reactivate/").status_code == 403


@pytest.mark.parametrize("role", ["superuser", "", "OWNER"])
def test_an_unknown_role_is_refused_with_a_message_beside_the_member(
    northside_owner_http, alice, role
):
    response = post_role(northside_owner_http, alice, role)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<p class="field-error" id="member-{alice.pk}-error" role="alert">' in page
    assert "Choose one of the roles offered." in page
    assert fresh(alice).role == Role.CLINICIAN
    assert not AuthEvent.objects.filter(kind=AuthEventKind.ROLE_CHANGED).exists()


@pytest.mark.parametrize("version", ["", "x", "-3", "99999999999999"])
def test_a_malformed_version_is_refused_with_a_message(northside_owner_http, alice, version):
    response = northside_owner_http.post(
        f"/members/{alice.pk}/role/", {"role": "owner", "version": version}
    )
    assert response.status_code == 200
    assert b"This page is out of date." in response.content
    assert fresh(alice).role == Role.CLINICIAN


def test_a_role_changed_by_another_owner_since_the_page_opened_is_not_overwritten(
    northside_owner_http, northside, alice
):
    # T25: two owners change one member from the same page; the second is refused (409).
    second = MembershipFactory(clinic=northside, role=Role.OWNER)
    second_http = HttpClient()
    signed_in(second.user, second_http)
    opened_at = alice.version
    assert post_role(second_http, alice, Role.READ_ONLY, version=opened_at).status_code == 302
    response = post_role(northside_owner_http, alice, Role.OWNER, version=opened_at)
    assert response.status_code == 409
    assert b"Another owner changed this member" in response.content
    assert fresh(alice).role == Role.READ_ONLY
    # The page shown again carries the row as it now is: read-only, at its new version.
    assert f'name="version" value="{opened_at + 1}"'.encode() in response.content
    assert len(events(AuthEventKind.ROLE_CHANGED)) == 1


def test_the_same_role_again_is_refused_plainly(northside_owner_http, alice):
    response = post_role(northside_owner_http, alice, Role.CLINICIAN)
    assert response.status_code == 200
    assert b"already has that role" in response.content


def test_the_last_owner_cannot_demote_themself(northside_owner_http, northside_owner, northside):
    response = post_role(northside_owner_http, northside_owner, Role.CLINICIAN)
    assert response.status_code == 200
    assert b"needs at least one active owner" in response.content
    assert fresh(northside_owner).role == Role.OWNER
    assert events(AuthEventKind.ROLE_CHANGED) == [
        (northside_owner.user_id, None, northside.pk, "refused", member_services.LAST_OWNER_ROLE)
    ]


def test_an_owner_may_step_down_when_another_owner_remains(
    northside_owner_http, northside_owner, northside
):
    MembershipFactory(clinic=northside, role=Role.OWNER)
    assert post_role(northside_owner_http, northside_owner, Role.CLINICIAN).status_code == 302
    assert fresh(northside_owner).role == Role.CLINICIAN
    # No longer an owner: the members page is closed to them from the next request.
    assert northside_owner_http.get("/members/").status_code == 403


# Deactivation


def test_an_owner_deactivates_a_member_and_it_is_audited(northside_owner, alice, northside):
    with time_machine.travel(NOW, tick=False):
        # Signed in at that moment: a login from before it would be past its time limits.
        response = post_state(signed_in(northside_owner.user), alice, "deactivate")
    assert response.status_code == 302
    row = fresh(alice)
    assert (row.deactivated_at, row.deactivated_by_id) == (NOW, northside_owner.user_id)
    assert events(AuthEventKind.MEMBER_DEACTIVATED) == [
        (alice.user_id, northside_owner.user_id, northside.pk, "success", "clinician deactivated")
    ]


def test_a_deactivated_members_open_session_ends_at_their_next_request(
    northside_owner_http, alice, alice_http, ana
):
    # T11: Alice is signed in and working when her owner deactivates her.
    assert alice_http.get(f"/clients/{ana.pk}/").status_code == 200
    post_state(northside_owner_http, alice, "deactivate")

    response = alice_http.get(f"/clients/{ana.pk}/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert b"Ana Souza" not in response.content
    assert "_auth_user_id" not in alice_http.session
    # The sign-out is kept in the audit, though the refused request itself was rolled back.
    assert AuthEvent.objects.filter(kind=AuthEventKind.LOGOUT, user=alice.user).exists()
    page = alice_http.get("/accounts/login/")
    assert b"Your membership of the clinic has ended" in page.content
    # Every page, writes and htmx requests included, is closed to the old session.
    assert alice_http.post(f"/clients/{ana.pk}/discharge/").status_code == 302
    assert alice_http.get("/", headers={"HX-Request": "true"})["HX-Redirect"].startswith(
        "/accounts/login/"
    )


def test_a_deactivated_member_signing_in_again_is_signed_out_at_once(
    client, northside_owner_http, alice, ana
):
    post_state(northside_owner_http, alice, "deactivate")
    signed_in(alice.user, client)
    assert client.get("/")["Location"] == "/accounts/login/"
    assert client.get("/accounts/clinic/")["Location"].startswith("/accounts/login/")


def test_deactivation_in_one_clinic_leaves_the_members_other_clinic_open(
    northside_owner_http, alice, southside
):
    elsewhere = MembershipFactory(user=alice.user, clinic=southside)
    http = HttpClient()
    signed_in(alice.user, http)
    http.post("/accounts/clinic/", {"membership": alice.pk})
    post_state(northside_owner_http, alice, "deactivate")

    response = http.get("/")
    assert response["Location"].startswith("/accounts/clinic/")
    assert "_auth_user_id" in http.session
    http.post("/accounts/clinic/", {"membership": elsewhere.pk})
    assert http.get("/").status_code == 200
    assert http.session[CHOSEN_MEMBERSHIP] == elsewhere.pk


def test_the_last_owner_cannot_deactivate_themself(northside_owner_http, northside_owner):
    response = post_state(northside_owner_http, northside_owner, "deactivate")
    assert response.status_code == 200
    assert b"needs at least one active owner" in response.content
    assert fresh(northside_owner).is_active


def test_a_deactivated_owner_does_not_count_as_the_clinics_owner(northside, northside_owner):
    other = MembershipFactory(clinic=northside, role=Role.OWNER)
    member_services.member_deactivate(member=other, version=other.version, by=northside_owner)
    # Olivia is now the only active owner.
    with pytest.raises(Exception, match="needs at least one active owner"):
        member_services.member_deactivate(
            member=northside_owner, version=northside_owner.version, by=northside_owner
        )


def test_a_deactivated_member_is_reactivated_and_works_again(
    northside_owner_http, northside_owner, alice, alice_http, ana, northside
):
    post_state(northside_owner_http, alice, "deactivate")
    alice_http.get("/")  # signed out
    response = post_state(northside_owner_http, fresh(alice), "reactivate")
    assert response.status_code == 302
    row = fresh(alice)
    assert row.is_active and row.deactivated_by is None and row.role == Role.CLINICIAN
    assert events(AuthEventKind.MEMBER_REACTIVATED) == [
        (alice.user_id, northside_owner.user_id, northside.pk, "success", "clinician reactivated")
    ]
    http = HttpClient()
    signed_in(alice.user, http)
    assert http.get(f"/clients/{ana.pk}/").status_code == 200


def test_deactivating_twice_or_reactivating_an_active_member_is_refused_plainly(
    northside_owner_http, alice
):
    response = post_state(northside_owner_http, alice, "reactivate")
    assert b"already active" in response.content
    post_state(northside_owner_http, alice, "deactivate")
    response = post_state(northside_owner_http, fresh(alice), "deactivate")
    assert b"already deactivated" in response.content


def test_a_deactivation_from_an_outdated_page_is_refused(northside_owner_http, alice):
    post_role(northside_owner_http, alice, Role.READ_ONLY)
    response = post_state(northside_owner_http, alice, "deactivate", version=alice.version)
    assert response.status_code == 409
    assert fresh(alice).is_active


# Tenancy of the member ids


def test_a_member_of_another_clinic_is_not_found_even_for_the_same_login(
    northside_owner_http, charlie, southside, northside_owner
):
    # Olivia is a member of Southside too, as a clinician: its memberships are still not hers
    # to manage from Northside, and Charlie's id is a 404 there.
    MembershipFactory(user=northside_owner.user, clinic=southside)
    northside_owner_http.post("/accounts/clinic/", {"membership": northside_owner.pk})
    assert post_role(northside_owner_http, charlie, Role.OWNER).status_code == 404
    assert post_state(northside_owner_http, charlie, "deactivate").status_code == 404
    assert fresh(charlie).role == Role.CLINICIAN and fresh(charlie).is_active


def test_the_service_refuses_a_member_of_another_clinic(northside_owner, charlie):
    with pytest.raises(Membership.DoesNotExist):
        member_services.member_change_role(
            member=charlie, role=Role.OWNER, version=charlie.version, by=northside_owner
        )


def test_the_service_refuses_a_stale_version(northside_owner, alice):
    with pytest.raises(StaleMember):
        member_services.member_change_role(
            member=alice, role=Role.OWNER, version=alice.version + 1, by=northside_owner
        )


def test_the_service_refuses_an_owner_who_is_one_no_longer(northside, northside_owner, alice):
    other = MembershipFactory(clinic=northside, role=Role.OWNER)
    member_services.member_change_role(
        member=northside_owner, role=Role.CLINICIAN, version=northside_owner.version, by=other
    )
    with pytest.raises(Exception, match="no longer an owner"):
        member_services.member_deactivate(member=alice, version=alice.version, by=northside_owner)


def test_a_role_change_detail_names_both_roles_in_plain_words():
    change = member_services.RoleChange(member=None, before="read_only", after="clinician")  # type: ignore[arg-type]
    assert change.detail == "read-only → clinician"
