"""The authentication audit: every login, logout, failure, lockout, second-factor event,
password change and membership change, with when (UTC), who, the identity typed, the client's
address, its user agent and the outcome.

`record_auth_event` writes one `AuthEvent` in the request's transaction. Logins, logouts and
failed logins of every form (the app's and the admin's) arrive through Django's own signals,
connected in clinic/apps.py; everything else calls it directly. Rows are never updated or
deleted: a success does not wipe the failures before it.

An identity that names no account is stored as a keyed hash, not as typed: people type their
password into the email field, and the audit must never hold a password. The hash is the same
for the same identity, so the throttle still counts attempts at it.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from clinic.lib import known_browser, request_id
from clinic.lib.client_address import client_address
from clinic.lib.identity import normalise_identity
from clinic.models import AuthEvent, AuthEventKind, AuthOutcome, Clinic

USER_AGENT_LENGTH = 300
UNKNOWN_PREFIX = "unknown:"


def unknown_identity(identity: str) -> str:
    """How an identity with no account is stored: a keyed hash of its normalised form."""
    digest = salted_hmac("retest.auth_audit.identity", normalise_identity(identity)).hexdigest()
    return UNKNOWN_PREFIX + digest[:40]


def record_auth_event(
    request: HttpRequest | None,
    kind: AuthEventKind,
    *,
    outcome: AuthOutcome = AuthOutcome.SUCCESS,
    user: AbstractBaseUser | AnonymousUser | None = None,
    identity: str | None = None,
    clinic: Clinic | None = None,
    actor: AbstractBaseUser | None = None,
    detail: str = "",
) -> AuthEvent:
    """Store one event. `identity` defaults to the user's login name; it is normalised, and
    hashed when no account is given (see above)."""
    account = user if user is not None and user.is_authenticated else None
    if identity is None or account is not None:
        identity = account.get_username() if account is not None else ""
    identity = normalise_identity(identity)
    meta = request.META if request is not None else {}
    agent = str(meta.get("HTTP_USER_AGENT", "")).replace("\x00", "")[:USER_AGENT_LENGTH]
    return AuthEvent.objects.create(
        kind=kind,
        outcome=outcome,
        user=account,
        identity=identity if account else unknown_identity(identity),
        clinic=clinic,
        actor=actor if actor is not None and actor != account else None,  # type: ignore[misc]
        remote_addr=client_address(request) if request is not None else None,
        user_agent=agent,
        request_id=request_id.current() if request is not None else "",
        browser=known_browser.browser_for(request, identity) if identity else "",
        detail=detail[:200],
    )


def on_logged_in(sender, request: HttpRequest | None, user: AbstractBaseUser, **kwargs) -> None:
    record_auth_event(request, AuthEventKind.LOGIN, user=user)


def on_logged_out(
    sender, request: HttpRequest | None, user: AbstractBaseUser | None, **kwargs
) -> None:
    if user is not None and user.is_authenticated:
        record_auth_event(request, AuthEventKind.LOGOUT, user=user)


def on_login_failed(
    sender, credentials: dict, request: HttpRequest | None = None, **kwargs
) -> None:
    User = get_user_model()
    typed = str(credentials.get(User.USERNAME_FIELD, credentials.get("username", "")))
    identity = normalise_identity(typed)
    account = User._default_manager.filter(**{User.USERNAME_FIELD: identity}).first()
    record_auth_event(
        request,
        AuthEventKind.LOGIN_FAILED,
        outcome=AuthOutcome.FAILURE,
        user=account,
        identity=identity,
    )
