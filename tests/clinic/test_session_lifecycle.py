"""A session's life around logins (T11): a new key at login, nothing served after logout, and a
password change or a deactivation ending the member's other sessions."""

import pytest
from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client as HttpClient

from clinic.models import Membership
from tests.access import ROUTES
from tests.factories import (
    TEST_PASSWORD,
    AssessmentFactory,
    ExerciseFactory,
    ExerciseImageFactory,
    InterventionFactory,
    InvitationFactory,
    PrescriptionFactory,
    TestDefinitionFactory,
    second_factor_passed,
)

# Every page a member opens with a GET; the owner may open them all.
PAGES = [
    name for name, route in ROUTES.items() if route.kind in {"read", "write", "history", "owner"}
]


def logged_in(membership: Membership) -> HttpClient:
    http = HttpClient()
    response = http.post(
        "/accounts/login/", {"username": membership.user.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    # Then the second factor, as the verify page would mark it (tests/clinic/test_two_factor.py).
    second_factor_passed(http, membership.user)
    return http


@pytest.fixture
def urls(ana, alice, northside_owner, northside) -> dict[str, str]:
    test = TestDefinitionFactory()
    assessment = AssessmentFactory(client=ana, clinician=northside_owner.user, tests=[test])
    objects = {
        "client": ana,
        # With Northside's picture, which its page serves.
        "exercise": ExerciseImageFactory(clinic=northside).exercise,
        "assessment": assessment,
        "test": test,
        "intervention": InterventionFactory(after_round=assessment),
        "prescription": PrescriptionFactory(client=ana, exercise=ExerciseFactory(clinic=northside)),
        "member": alice,
        "member_user": alice.user,
        "invitation": InvitationFactory(clinic=northside, created_by=northside_owner.user),
    }
    return {name: ROUTES[name].url(objects) for name in PAGES}


def test_the_session_key_changes_at_login_and_the_planted_one_is_gone(alice):
    # T11: a key planted before the login (session fixation) is not the one the login uses,
    # and no longer exists afterwards. (tests/clinic/test_accounts.py checks the key changes.)
    http = HttpClient()
    session = http.session
    session["planted"] = True
    session.save()
    before = session.session_key
    http.post("/accounts/login/", {"username": alice.user.username, "password": TEST_PASSWORD})
    assert http.session.session_key != before
    assert not Session.objects.filter(session_key=before).exists()


def test_after_logout_the_old_cookie_serves_no_client_page(northside_owner, urls):
    # T11: the cookie replayed after logout opens 0 of the pages it opened before.
    http = logged_in(northside_owner)
    cookie = http.cookies[settings.SESSION_COOKIE_NAME].value
    served_before = [name for name, url in urls.items() if http.get(url).status_code == 200]
    assert served_before == list(urls)
    http.post("/accounts/logout/")
    replay = HttpClient()
    replay.cookies[settings.SESSION_COOKIE_NAME] = cookie
    answers = {name: replay.get(url) for name, url in urls.items()}
    served = [name for name, response in answers.items() if response.status_code != 302]
    assert served == [], f"served after logout: {served}"
    assert all(r["Location"].startswith("/accounts/login/") for r in answers.values())


def test_a_password_change_in_one_session_sends_the_other_to_log_in(alice):
    # T11: session A changes the password (and keeps itself, as Django's password change does);
    # session B, on another device, is sent to log in at its next request.
    session_a, session_b = logged_in(alice), logged_in(alice)
    alice.user.set_password("another long pass phrase")
    alice.user.save()
    a = session_a.session
    a[HASH_SESSION_KEY] = alice.user.get_session_auth_hash()
    a.save()
    assert session_a.get("/").status_code == 200
    response = session_b.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_a_member_set_inactive_is_refused_on_the_next_request(alice):
    # T11: the login in progress ends at once, not at its next timeout.
    http = logged_in(alice)
    assert http.get("/").status_code == 200
    alice.user.is_active = False
    alice.user.save()
    response = http.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"
    htmx = http.get("/", HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="http://testserver/")
    assert htmx["HX-Redirect"] == "/accounts/login/?next=/"
