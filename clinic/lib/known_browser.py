"""Browsers that have signed in to an account before: a signed cookie set at each login.

The cookie (OWASP's "device cookie") holds a random id for the browser and a keyed hash of
each identity that has signed in from it, at most `MAX_IDENTITIES` of them (a clinic's shared
tablet), signed with the SECRET_KEY so that no one can add an identity to it. An attempt to
sign in from such a browser is counted on its own (clinic/login_throttle.py), apart from the
failures elsewhere, so that an attacker guessing from many addresses cannot lock a clinician
out of the tablet she uses every day.
"""

import secrets
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac

from clinic.lib.identity import normalise_identity

SALT = "retest.known_browser"
MAX_AGE = 180 * 24 * 60 * 60
MAX_IDENTITIES = 8
ID_LENGTH = 16


def cookie_name() -> str:
    # Like the session cookie: the __Host- prefix wherever cookies are sent over HTTPS only.
    return "__Host-retest_browser" if settings.SESSION_COOKIE_SECURE else "retest_browser"


def _identity_mark(identity: str) -> str:
    return salted_hmac(SALT + ".identity", normalise_identity(identity)).hexdigest()[:20]


def _read(request: HttpRequest) -> dict[str, Any] | None:
    value = request.COOKIES.get(cookie_name())
    if not value:
        return None
    try:
        data = signing.loads(value, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("b"), str):
        return None
    marks = data.get("i")
    return {"b": data["b"], "i": marks if isinstance(marks, list) else []}


def browser_for(request: HttpRequest | None, identity: str) -> str:
    """The id of this browser when it has signed in to `identity` before; else ""."""
    if request is None:
        return ""
    data = _read(request)
    if data is None or _identity_mark(identity) not in data["i"]:
        return ""
    return data["b"][:ID_LENGTH]


def remember(request: HttpRequest, response: HttpResponse, identity: str) -> None:
    """Mark this browser as one that has signed in to `identity` (after a successful login)."""
    data = _read(request) or {"b": secrets.token_hex(ID_LENGTH // 2), "i": []}
    mark = _identity_mark(identity)
    marks = [mark, *(m for m in data["i"] if m != mark)][:MAX_IDENTITIES]
    response.set_cookie(
        cookie_name(),
        signing.dumps({"b": data["b"], "i": marks}, salt=SALT, compress=True),
        max_age=MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
