"""The owner's rule: whether every member of the clinic must use a second factor."""

import pytest
from django.test import Client as HttpClient
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.models import AuthEvent, AuthEventKind, Clinic
from tests.concurrency import run_at_once
from tests.factories import ClinicFactory, MembershipFactory, signed_in, totp_code

RULE = "/clinic/two-factor/"
SECURITY = "/account/security/"


def password_only(user) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


def test_a_new_clinic_requires_the_second_factor(db):
    assert ClinicFactory().two_factor_required
    assert Clinic._meta.get_field("two_factor_required").default is True


def test_the_owner_turns_the_rule_off_and_on_and_each_change_is_audited(
    northside_owner_http, northside_owner, northside
):
    response = northside_owner_http.post(RULE, {"required": "no"})
    assert response.status_code == 302
    assert response["Location"] == SECURITY
    northside.refresh_from_db()
    assert not northside.two_factor_required
    # Saving the same rule again changes nothing and records nothing.
    northside_owner_http.post(RULE, {"required": "no"})
    northside_owner_http.post(RULE, {"required": "yes"})
    northside.refresh_from_db()
    assert northside.two_factor_required
    changes = AuthEvent.objects.filter(kind=AuthEventKind.TWO_FACTOR_POLICY).order_by("id")
    assert [(e.user, e.clinic, e.detail) for e in changes] == [
        (northside_owner.user, northside, "left to each member"),
        (northside_owner.user, northside, "required for every member"),
    ]


def test_a_rule_that_is_neither_yes_nor_no_changes_nothing(northside_owner_http, northside):
    response = northside_owner_http.post(RULE, {"required": "maybe"}, follow=True)
    assert "Choose whether the second factor is required." in response.content.decode()
    northside.refresh_from_db()
    assert northside.two_factor_required


def test_an_owner_sets_the_rule_of_their_own_clinic_only(
    southside_owner_http, northside, southside
):
    southside_owner_http.post(RULE, {"required": "no"})
    northside.refresh_from_db()
    southside.refresh_from_db()
    assert northside.two_factor_required
    assert not southside.two_factor_required


def test_clinicians_and_read_only_members_cannot_change_the_rule(alice_http, bob_http, northside):
    for http in (alice_http, bob_http):
        assert http.post(RULE, {"required": "no"}).status_code == 403
    northside.refresh_from_db()
    assert northside.two_factor_required
    assert not AuthEvent.objects.filter(kind=AuthEventKind.TWO_FACTOR_POLICY).exists()


def test_the_security_page_shows_the_rule_to_the_owner_only(northside_owner_http, alice_http):
    assert "Save the rule" in northside_owner_http.get(SECURITY).content.decode()
    assert "Save the rule" not in alice_http.get(SECURITY).content.decode()


def test_once_the_rule_is_on_a_member_without_a_factor_sets_one_up_at_the_next_page(
    northside_owner_http, northside
):
    northside_owner_http.post(RULE, {"required": "no"})
    newcomer = MembershipFactory(clinic=northside, user__username="nina@northside.example")
    http = password_only(newcomer.user)
    assert http.get("/").status_code == 200
    northside_owner_http.post(RULE, {"required": "yes"})
    response = http.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/account/two-factor/setup/?next=/"


@pytest.fixture
def enrolled(transactional_db):
    """A clinician with an authenticator, outside any test transaction."""
    membership = MembershipFactory(clinic=ClinicFactory())
    device = TOTPDevice.objects.create(user=membership.user, confirmed=True)
    return membership, device


@pytest.mark.django_db(transaction=True)
def test_one_code_sent_from_two_browsers_at_once_opens_one_of_them(enrolled):
    """A replay raced against the real one: the device's row is locked while a code is checked."""
    membership, device = enrolled
    browsers = [password_only(membership.user) for _ in range(2)]
    code = totp_code(device)
    responses = run_at_once(
        2, lambda n: browsers[n].post("/account/two-factor/verify/", {"code": code})
    )
    assert sorted(getattr(r, "status_code", r) for r in responses) == [200, 302]
    passed = AuthEvent.objects.filter(kind=AuthEventKind.SECOND_FACTOR_PASSED)
    assert passed.count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_recovery_code_sent_from_two_browsers_at_once_opens_one_of_them(enrolled):
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    membership, _ = enrolled
    recovery = StaticDevice.objects.create(user=membership.user, name="Recovery codes")
    StaticToken.objects.create(device=recovery, token="abcdefgh")
    browsers = [password_only(membership.user) for _ in range(2)]
    responses = run_at_once(
        2, lambda n: browsers[n].post("/account/two-factor/verify/", {"code": "abcdefgh"})
    )
    assert sorted(getattr(r, "status_code", r) for r in responses) == [200, 302]
    assert not StaticToken.objects.exists()


def test_the_owner_still_reaches_the_rule_after_passing_the_factor(northside_owner):
    http = signed_in(northside_owner.user)
    assert http.get(SECURITY).status_code == 200
