"""An owner's way back for a member who lost both the phone and the recovery codes: the
member's second factor is removed, their sessions end, and they set up a new one at their next
sign-in with their own password. Audited; never for the owner's own login or for staff."""

from django.test import Client as HttpClient
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.models import AuthEvent, AuthEventKind, AuthOutcome, Role
from tests.factories import TEST_PASSWORD, MembershipFactory, signed_in


def reset(http: HttpClient, member) -> object:
    return http.post(f"/members/{member.pk}/two-factor/reset/")


def devices(user) -> int:
    totp = TOTPDevice.objects.filter(user=user).count()
    return totp + StaticDevice.objects.filter(user=user).count()


def test_the_owner_resets_a_lost_second_factor_and_the_members_sessions_end(
    northside_owner_http, northside_owner, alice, alice_http, northside
):
    StaticDevice.objects.create(user=alice.user, name="Recovery codes")
    assert alice_http.get("/").status_code == 200
    response = reset(northside_owner_http, alice)
    assert response["Location"] == "/members/"
    assert devices(alice.user) == 0
    # Her open session has ended; her next sign-in, with her password, sets up a new factor.
    assert alice_http.get("/")["Location"].startswith("/accounts/login/")
    again = HttpClient()
    again.post("/accounts/login/", {"username": alice.user.username, "password": TEST_PASSWORD})
    assert again.get("/")["Location"] == "/account/two-factor/setup/?next=/"
    row = AuthEvent.objects.get(kind=AuthEventKind.SECOND_FACTOR_REMOVED)
    assert (row.user, row.actor, row.clinic, row.outcome) == (
        alice.user,
        northside_owner.user,
        northside,
        AuthOutcome.SUCCESS,
    )
    assert row.detail == "reset by the clinic's owner; 1 session ended"
    page = northside_owner_http.get("/members/").content.decode()
    assert "Reset the second factor of" in page


def test_the_members_page_offers_the_reset_only_where_there_is_a_factor_to_reset(
    northside_owner_http, alice, bob, django_assert_max_num_queries
):
    signed_in(alice.user)
    with django_assert_max_num_queries(4):
        page = northside_owner_http.get("/members/").content.decode()
    assert f'action="/members/{alice.pk}/two-factor/reset/"' in page
    assert f'action="/members/{bob.pk}/two-factor/reset/"' not in page
    assert 'aria-label="Reset second factor of alice@northside.example"' in page


def refused(http, member, message: str) -> None:
    before = devices(member.user)
    response = reset(http, member)
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert devices(member.user) == before
    row = AuthEvent.objects.filter(kind=AuthEventKind.SECOND_FACTOR_REMOVED).last()
    assert row.outcome == AuthOutcome.REFUSED


def test_an_owners_own_factor_is_changed_on_the_security_page_not_here(
    northside_owner_http, northside_owner
):
    refused(northside_owner_http, northside_owner, "changed on your Security page")


def test_a_staff_logins_factor_is_left_to_staff(northside_owner_http, northside):
    staff = MembershipFactory(clinic=northside, role=Role.CLINICIAN, user__is_staff=True)
    signed_in(staff.user)
    refused(northside_owner_http, staff, "reset by staff, in the admin")


def test_a_member_without_a_factor_has_nothing_to_reset(northside_owner_http, northside):
    newcomer = MembershipFactory(
        clinic=northside, user__username="nina@northside.example", user__first_name="Nina"
    )
    refused(northside_owner_http, newcomer, "Nina has no second factor set up")


def test_another_clinics_member_is_not_found_and_keeps_their_factor(
    northside_owner_http, charlie, charlie_http
):
    assert reset(northside_owner_http, charlie).status_code == 404
    assert devices(charlie.user) == 1
    assert charlie_http.get("/").status_code == 200
