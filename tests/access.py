"""The access policy of every URL the app serves, in one table.

Each route says how to build its URL for a Northside object and whether it reads or writes.
tests/clinic/test_access_policy.py walks the URLconf and fails when a route has no entry here,
so a new page cannot ship without its tenancy and role checks.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# A scenario: a dict of Northside objects built by `northside_objects` in the policy test.
Objects = dict[str, Any]


@dataclass(frozen=True)
class Route:
    url: Callable[[Objects], str]
    # "read": GET for every member. "query": POST that only reads (a search), every member.
    # "write": any member but read-only; GET shows the form. "action": POST only, writes.
    # "owner": GET for the clinic's owner only; every other member gets 403.
    # "owner-form": GET and POST for the clinic's owner only; every other member gets 403.
    # "owner-action": POST only, for the clinic's owner only; every other member gets 403.
    # "history": GET for owners and clinicians only: a read-only member gets 403.
    # "owner-action": POST only, for the clinic's owner; every other member gets 403.
    kind: str
    # True when the URL names a clinic object: an outsider must get 404.
    scoped: bool


ROUTES: dict[str, Route] = {
    "clinic:home": Route(lambda o: "/", "read", scoped=False),
    "clinic:client-search": Route(lambda o: "/clients/search/", "query", scoped=False),
    "clinic:client-create": Route(lambda o: "/clients/new/", "write", scoped=False),
    "clinic:client-detail": Route(lambda o: f"/clients/{o['client'].pk}/", "read", scoped=True),
    "clinic:client-update": Route(
        lambda o: f"/clients/{o['client'].pk}/edit/", "write", scoped=True
    ),
    "clinic:client-discharge": Route(
        lambda o: f"/clients/{o['client'].pk}/discharge/", "action", scoped=True
    ),
    "clinic:client-reactivate": Route(
        lambda o: f"/clients/{o['client'].pk}/reactivate/", "action", scoped=True
    ),
    "clinic:client-archive": Route(
        lambda o: f"/clients/{o['client'].pk}/archive/", "action", scoped=True
    ),
    "clinic:client-restore": Route(
        lambda o: f"/clients/{o['client'].pk}/restore/", "action", scoped=True
    ),
    "clinic:client-history": Route(
        lambda o: f"/clients/{o['client'].pk}/history/", "history", scoped=True
    ),
    "exercises:exercise-list": Route(lambda o: "/exercises/", "read", scoped=False),
    "exercises:exercise-create": Route(lambda o: "/exercises/new/", "write", scoped=False),
    "exercises:exercise-detail": Route(
        lambda o: f"/exercises/{o['exercise'].pk}/", "read", scoped=True
    ),
    "exercises:exercise-update": Route(
        lambda o: f"/exercises/{o['exercise'].pk}/edit/", "write", scoped=True
    ),
    "exercises:exercise-retire": Route(
        lambda o: f"/exercises/{o['exercise'].pk}/retire/", "action", scoped=True
    ),
    # The clinic's own picture of the exercise (the objects give the exercise one).
    "exercises:exercise-picture": Route(
        lambda o: f"/exercises/{o['exercise'].pk}/picture/", "read", scoped=True
    ),
    "exercises:exercise-picture-upload": Route(
        lambda o: f"/exercises/{o['exercise'].pk}/picture/upload/", "action", scoped=True
    ),
    "exercises:exercise-picture-remove": Route(
        lambda o: f"/exercises/{o['exercise'].pk}/picture/remove/", "action", scoped=True
    ),
    "assessments:baseline-create": Route(
        lambda o: f"/clients/{o['client'].pk}/assessments/new/", "write", scoped=True
    ),
    "assessments:assessment-detail": Route(
        lambda o: f"/assessments/{o['assessment'].pk}/", "read", scoped=True
    ),
    "assessments:assessment-update": Route(
        lambda o: f"/assessments/{o['assessment'].pk}/edit/", "write", scoped=True
    ),
    "assessments:finding-save": Route(
        lambda o: f"/assessments/{o['assessment'].pk}/findings/{o['test'].pk}/none/",
        "action",
        scoped=True,
    ),
    "assessments:finding-history": Route(
        lambda o: f"/assessments/{o['assessment'].pk}/findings/{o['test'].pk}/none/history/",
        "history",
        scoped=True,
    ),
    "assessments:test-list": Route(lambda o: "/tests/", "read", scoped=False),
    "assessments:test-definition-create": Route(lambda o: "/tests/new/", "write", scoped=False),
    "assessments:test-set-list": Route(lambda o: "/test-sets/", "read", scoped=False),
    "assessments:test-set-create": Route(lambda o: "/test-sets/new/", "write", scoped=False),
    "assessments:retest-create": Route(
        lambda o: f"/assessments/{o['assessment'].pk}/retests/", "action", scoped=True
    ),
    "assessments:assessment-void": Route(
        lambda o: f"/assessments/{o['assessment'].pk}/void/", "action", scoped=True
    ),
    "assessments:assessment-remove": Route(
        lambda o: f"/assessments/{o['assessment'].pk}/remove/", "write", scoped=True
    ),
    "assessments:assessment-test-add": Route(
        lambda o: f"/assessments/{o['assessment'].pk}/tests/", "action", scoped=True
    ),
    "assessments:assessment-test-remove": Route(
        lambda o: f"/assessments/{o['assessment'].pk}/tests/{o['test'].pk}/remove/",
        "write",
        scoped=True,
    ),
    "assessments:intervention-create": Route(
        lambda o: f"/assessments/{o['assessment'].pk}/interventions/", "action", scoped=True
    ),
    "assessments:intervention-picker": Route(
        lambda o: f"/assessments/{o['assessment'].pk}/interventions/exercises/?q=bridge",
        "read",
        scoped=True,
    ),
    "assessments:treatment-choose": Route(
        lambda o: f"/clients/{o['client'].pk}/treat/", "read", scoped=True
    ),
    "assessments:intervention-delete": Route(
        lambda o: f"/interventions/{o['intervention'].pk}/delete/", "action", scoped=True
    ),
    "assessments:report-detail": Route(
        lambda o: f"/assessments/{o['assessment'].pk}/report/", "read", scoped=True
    ),
    "assessments:report-csv": Route(
        lambda o: f"/assessments/{o['assessment'].pk}/report.csv", "read", scoped=True
    ),
    "assessments:report-summary": Route(
        lambda o: f"/assessments/{o['assessment'].pk}/summary/", "read", scoped=True
    ),
    # A reflection belongs to a retest: its URL names the retest.
    "assessments:reflection-save": Route(
        lambda o: f"/assessments/{o['retest'].pk}/reflection/", "action", scoped=True
    ),
    "exercises:programme-detail": Route(
        lambda o: f"/clients/{o['client'].pk}/programme/", "read", scoped=True
    ),
    "exercises:programme-picker": Route(
        lambda o: f"/clients/{o['client'].pk}/programme/picker/", "read", scoped=True
    ),
    "exercises:programme-handout": Route(
        lambda o: f"/clients/{o['client'].pk}/programme/handout/", "read", scoped=True
    ),
    "exercises:home-logs-csv": Route(
        lambda o: f"/clients/{o['client'].pk}/programme/logs.csv", "read", scoped=True
    ),
    "exercises:prescription-create": Route(
        lambda o: f"/clients/{o['client'].pk}/programme/add/", "action", scoped=True
    ),
    "exercises:prescription-update": Route(
        lambda o: f"/prescriptions/{o['prescription'].pk}/edit/", "write", scoped=True
    ),
    "exercises:prescription-stop": Route(
        lambda o: f"/prescriptions/{o['prescription'].pk}/stop/", "action", scoped=True
    ),
    "exercises:prescription-move": Route(
        lambda o: f"/prescriptions/{o['prescription'].pk}/move/", "action", scoped=True
    ),
    "exercises:prescription-progress": Route(
        lambda o: f"/prescriptions/{o['prescription'].pk}/progress/", "action", scoped=True
    ),
    "exercises:prescription-regress": Route(
        lambda o: f"/prescriptions/{o['prescription'].pk}/regress/", "action", scoped=True
    ),
    "exercises:programme-link-issue": Route(
        lambda o: f"/clients/{o['client'].pk}/programme/link/", "action", scoped=True
    ),
    "exercises:programme-link-revoke": Route(
        lambda o: f"/clients/{o['client'].pk}/programme/link/revoke/", "action", scoped=True
    ),
    "clinic:audit-list": Route(lambda o: f"/audit/?client={o['client'].pk}", "owner", scoped=True),
    "clinic:audit-csv": Route(
        lambda o: f"/audit.csv?client={o['client'].pk}", "owner", scoped=True
    ),
    "clinic:audit-logins": Route(
        lambda o: f"/audit/logins/?member={o['member_user'].pk}", "owner", scoped=True
    ),
    "clinic:audit-logins-csv": Route(
        lambda o: f"/audit/logins.csv?member={o['member_user'].pk}", "owner", scoped=True
    ),
    "clinic:audit-logins-lift": Route(
        lambda o: f"/audit/logins/{o['member_user'].pk}/lift/", "owner-action", scoped=True
    ),
    "clinic:member-list": Route(lambda o: "/members/", "owner", scoped=False),
    "clinic:member-role": Route(
        lambda o: f"/members/{o['member'].pk}/role/", "owner-action", scoped=True
    ),
    "clinic:member-deactivate": Route(
        lambda o: f"/members/{o['member'].pk}/deactivate/", "owner-action", scoped=True
    ),
    "clinic:member-reactivate": Route(
        lambda o: f"/members/{o['member'].pk}/reactivate/", "owner-action", scoped=True
    ),
    "clinic:member-two-factor-reset": Route(
        lambda o: f"/members/{o['member'].pk}/two-factor/reset/", "owner-action", scoped=True
    ),
    "clinic:invitation-create": Route(lambda o: "/members/invite/", "owner-form", scoped=False),
    "clinic:invitation-list": Route(lambda o: "/members/invitations/", "owner", scoped=False),
    "clinic:invitation-resend": Route(
        lambda o: f"/members/invitations/{o['invitation'].pk}/resend/", "owner-action", scoped=True
    ),
    "clinic:invitation-revoke": Route(
        lambda o: f"/members/invitations/{o['invitation'].pk}/revoke/", "owner-action", scoped=True
    ),
    # The signed-in user's own security page: every role, and staff without a clinic.
    "clinic:account-security": Route(lambda o: "/account/security/", "read", scoped=False),
    "clinic:clinic-two-factor": Route(
        lambda o: "/clinic/two-factor/", "owner-action", scoped=False
    ),
    "clinic:clinic-programme-links": Route(
        lambda o: "/clinic/programme-links/", "owner-action", scoped=False
    ),
}

# Routes that are not clinic pages and carry their own checks, and where those are tested.
EXEMPT = {
    "login": "anonymous by nature; tests/clinic/test_accounts.py, test_login_throttle.py",
    "logout": "POST only, any signed-in user; tests/clinic/test_accounts.py",
    "clinic-choose": "any signed-in user, whatever their role, before a clinic is chosen;"
    " tests/clinic/test_clinic_choice.py",
    "invitation-accept": "anonymous, opened by its token; tests/clinic/test_invitation_accept.py",
    "exercises:home-programme": "anonymous, opened by the client's programme link;"
    " tests/exercises/test_home_programme.py",
    "exercises:home-log": "anonymous POST, by the client's programme link;"
    " tests/exercises/test_home_programme.py",
    "exercises:home-worker": "anonymous, the client pages' service worker script, no data;"
    " tests/exercises/test_home_offline.py",
    "exercises:home-picture": "anonymous, by the client's programme link, an exercise of the"
    " active programme only; tests/exercises/test_exercise_pictures.py",
    "password_change": "any signed-in user, member or not; tests/clinic/test_password_change.py",
    "password_change_done": "any signed-in user; tests/clinic/test_password_change.py",
    "password_reset": "anonymous; tests/clinic/test_password_reset.py",
    "password_reset_done": "anonymous, shows nothing; tests/clinic/test_password_reset.py",
    "password_reset_confirm": "anonymous, opened by its token; tests/clinic/test_password_reset.py",
    "password_reset_complete": "anonymous, shows nothing; tests/clinic/test_password_reset.py",
    # They show no clinic data and answer a signed-out browser too (`signed_in: false`), so that
    # the page can go to the login.
    "session-status": "the session's own limits; tests/clinic/test_session_limits.py",
    "session-renew": "POST, the session's own limits; tests/clinic/test_session_limits.py",
    "clinic:two-factor-verify": "the account's own second factor, before it is passed;"
    " tests/clinic/test_two_factor*.py",
    "clinic:two-factor-setup": "the account's own second factor, before it is passed;"
    " tests/clinic/test_two_factor*.py",
    "clinic:two-factor-recovery-codes": "POST, the account's own codes; test_two_factor.py",
    "clinic:two-factor-remove": "POST with a fresh code, the account's own; test_two_factor.py",
}
