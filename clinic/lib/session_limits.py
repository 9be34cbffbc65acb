"""The two limits on a login: idle (SESSION_IDLE_TIMEOUT) and absolute (SESSION_ABSOLUTE_LIFETIME).

Both are measured from two stamps kept inside the session itself, written by the server only:

- `signed_in_at`, set once at login and never again. A password change keeps it, a session save
  of any kind (a message after a redirect, a saved edit) leaves it alone, so nothing a request
  does moves the absolute end; only logging in again starts a new one.
- `active_at`, the last request that was the clinician's own doing, renewed at most once a
  minute (`Limits.renew_every`): a clinician working all day costs one session write a minute,
  not one per request, and a page view within the minute writes nothing.

Why stamps in the session rather than a signed cookie: sessions already live in the database,
so the stamps cannot be read or rewound by the browser, and a logout or a flush takes them with
it; a cookie would be a second thing to keep in step and could be dropped or replayed by the
client. Because the stamp is renewed at most once a minute, the idle end is measured from the
renewal, and a sign-out can come up to a minute before 30 minutes after the very last click:
the limit errs on the short side, never the long one.

What counts as activity: any request, except background ones. A background request carries
the header BACKGROUND_HEADER (`X-Retest-Background: true`); static/js/session-limits.js adds
it to its own status checks and to every htmx request whose element polls (an `hx-trigger`
with `every …`), and an element may also send it itself through `hx-headers`. The session
status page never counts, header or not. Django's SESSION_COOKIE_AGE only bounds how long an
untouched row stays in the table; these limits decide when a login ends.

A clock that went back (a stamp in the future) ends the login at that stamp plus its limit;
the time left is never reported as more than the limit itself.
"""

import math
from collections.abc import MutableMapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.http import HttpRequest

SIGNED_IN_AT = "limits.signed_in_at"
ACTIVE_AT = "limits.active_at"
BACKGROUND_HEADER = "X-Retest-Background"
# How long before the idle end the page warns, and how often activity is written at most.
WARN_BEFORE = 120
RENEW_EVERY = 60

Session = MutableMapping[str, Any]


class Reason(StrEnum):
    IDLE = "idle"
    ABSOLUTE = "absolute"
    # A login from before these limits existed, or one whose stamps are missing.
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Limits:
    idle: int
    absolute: int

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(idle=settings.SESSION_IDLE_TIMEOUT, absolute=settings.SESSION_ABSOLUTE_LIFETIME)

    @property
    def warn_before(self) -> int:
        # Short timeouts (a test's) still leave half the idle time before the warning.
        return min(WARN_BEFORE, self.idle // 2)

    @property
    def renew_every(self) -> int:
        return max(1, min(RENEW_EVERY, self.idle // 10))


@dataclass(frozen=True)
class Ended:
    reason: Reason
    # For the authentication audit ("idle for 30 minutes", "12-hour limit").
    detail: str
    # For the login page, in the clinician's words.
    message: str


@dataclass(frozen=True)
class Remaining:
    """Whole seconds left before each end; never below zero."""

    idle: int
    absolute: int


def duration_words(seconds: int, *, adjective: bool = False) -> str:
    """ "30 minutes", "12 hours", "90 seconds"; as an adjective "12-hour". The largest unit that
    divides the duration exactly, so a configured 90 minutes reads as it was set."""
    size, unit = next(
        (size, unit)
        for size, unit in ((3600, "hour"), (60, "minute"), (1, "second"))
        if seconds % size == 0
    )
    count = seconds // size
    if adjective:
        return f"{count}-{unit}"
    return f"{count} {unit}{'' if count == 1 else 's'}"


def start(session: Session, now: float) -> None:
    """A login: both clocks start now."""
    session[SIGNED_IN_AT] = int(now)
    session[ACTIVE_AT] = int(now)


def touch(session: Session, now: float, limits: Limits, *, always: bool = False) -> bool:
    """Activity: renew the idle stamp when it is older than `renew_every` (or `always`).
    Returns whether the session was changed, and so will be written."""
    active = session.get(ACTIVE_AT)
    if not always and isinstance(active, int) and now - active < limits.renew_every:
        return False
    session[ACTIVE_AT] = int(now)
    return True


def ended(session: Session, now: float, limits: Limits) -> Ended | None:
    """Why this signed-in session is over at `now`, or None while it may go on. When both ends
    have passed, the one that came first is named."""
    signed_in, active = session.get(SIGNED_IN_AT), session.get(ACTIVE_AT)
    if not isinstance(signed_in, int) or not isinstance(active, int):
        return Ended(Reason.UNKNOWN, "no sign-in time on record", "Log in again to carry on.")
    absolute_end, idle_end = signed_in + limits.absolute, active + limits.idle
    if now >= absolute_end and absolute_end <= idle_end:
        return Ended(
            Reason.ABSOLUTE,
            f"{duration_words(limits.absolute, adjective=True)} limit",
            f"You were signed out because a sign-in lasts at most "
            f"{duration_words(limits.absolute)}. Log in again to carry on.",
        )
    if now >= idle_end:
        return Ended(
            Reason.IDLE,
            f"idle for {duration_words(limits.idle)}",
            f"You were signed out after {duration_words(limits.idle)} without activity. "
            "Log in again to carry on.",
        )
    return None


def remaining(session: Session, now: float, limits: Limits) -> Remaining:
    """Rounded up, so that 0 means the end has come (`ended` says so at that moment too)."""
    signed_in = session.get(SIGNED_IN_AT, int(now))
    active = session.get(ACTIVE_AT, int(now))
    return Remaining(
        idle=max(0, math.ceil(min(active, now) + limits.idle - now)),
        absolute=max(0, math.ceil(min(signed_in, now) + limits.absolute - now)),
    )


def is_background(request: HttpRequest) -> bool:
    return request.headers.get(BACKGROUND_HEADER, "").strip().lower() == "true"
