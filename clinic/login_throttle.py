"""Logins that slow down password guessing: one throttle for every login form.

The app's login and the Django admin's both clean their form through `LoginThrottleMixin`
(clinic/auth.py), so both ask `refusal` before the password is checked, and both answer a
refusal with 429. The counts are read from the failures the authentication audit keeps
(`AuthEvent`, clinic/auth_audit.py), on the identity in its one normalised spelling and the
address read through the trusted proxies (clinic/lib/client_address.py):

- **One identity from one address:** after `MAX_FAILURES` failures within `WINDOW`, every
  further attempt for that pair (even with the right password) is refused until the oldest of
  them is `WINDOW` old. A successful login for that identity from that address starts the
  count again: only failures after it count. Other identities from the address are untouched.
- **One identity across all addresses:** at most `CEILING` failures within `CEILING_WINDOW`
  from browsers that have never signed in to it; then such browsers are refused until the
  oldest of those failures is `CEILING_WINDOW` old. A success does not start this count again,
  so no more than `CEILING` guesses a day reach the password, however many addresses send them.
- **A browser that has signed in to the identity before** (clinic/lib/known_browser.py) is
  subject only to its own count, `MAX_FAILURES` within `WINDOW` since its last success, so
  nobody elsewhere can lock a clinician out of her own tablet.

The clinic's owner can lift every lock on a member at once (`lock_lift`): the counts then start
again from that moment, and the failures before it stay on record.

Attempts at one identity take turns (a transaction-level advisory lock, held until the
request's transaction has stored the attempt's outcome), so guesses sent at once cannot all
slip under a count. A refusal is itself recorded (`AuthEventKind.LOCKED_OUT`), and is not a
failure: hammering a locked identity does not lengthen the lock.
"""

import datetime
import math
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection
from django.db.models import Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone

from clinic.auth_audit import record_auth_event, unknown_identity
from clinic.lib import known_browser
from clinic.lib.client_address import client_address
from clinic.lib.identity import normalise_identity
from clinic.models import AuthEvent, AuthEventKind, AuthOutcome, Membership

MAX_FAILURES = 5
WINDOW = datetime.timedelta(minutes=15)
CEILING = 20
CEILING_WINDOW = datetime.timedelta(hours=24)
# The rules in the words of the audit rows' detail.
PAIR_RULE = f"{MAX_FAILURES} failures in {WINDOW.seconds // 60} minutes"
CEILING_RULE = f"{CEILING} failures in {CEILING_WINDOW.days * 24} hours from unknown browsers"

LOCKED = (
    "Too many failed attempts for this email address. Wait {wait} and try again, "
    "or ask your clinic's owner to let you sign in again."
)
CEILING_REACHED = (
    "Too many failed attempts for this email address from browsers it has not signed in "
    "from before. Sign in from a browser you have used for this account, or wait {wait}. "
    "If you need to sign in sooner, ask your clinic's owner to let you sign in again."
)


@dataclass(frozen=True)
class Refusal:
    message: str
    # Why, in plain words, for the audit row.
    reason: str


def refusal(request: HttpRequest, typed: str) -> Refusal | None:
    """Why this attempt to sign in as `typed` must be refused without checking its password;
    None when it may go ahead. A refusal is recorded in the authentication audit."""
    identity = normalise_identity(typed)
    if not identity:
        return None
    _take_turns(identity)
    now = timezone.now()
    # Failures at an account are stored under its normalised name, those at an identity with
    # no account under a keyed hash of it (clinic/auth_audit.py); an attempt counts both.
    events = AuthEvent.objects.filter(identity__in=[identity, unknown_identity(identity)])
    lifted = events.filter(kind=AuthEventKind.LOCK_LIFTED).order_by("-pk").values("pk")[:1]
    events = events.filter(pk__gt=Coalesce(Subquery(lifted), 0))
    browser = known_browser.browser_for(request, identity)
    if browser:
        free_at = _free_at(events, now, WINDOW, MAX_FAILURES, browser=browser)
        found = _refused(LOCKED, free_at, now, f"{PAIR_RULE} from this browser")
    else:
        address = client_address(request)
        free_at = _free_at(events, now, WINDOW, MAX_FAILURES, address=address)
        found = _refused(LOCKED, free_at, now, f"{PAIR_RULE} from this address")
        if found is None:
            ceiling = _free_at(events, now, CEILING_WINDOW, CEILING, since_success=False)
            found = _refused(CEILING_REACHED, ceiling, now, CEILING_RULE)
    if found is not None:
        User = get_user_model()
        account = User._default_manager.filter(**{User.USERNAME_FIELD: identity}).first()
        record_auth_event(
            request,
            AuthEventKind.LOCKED_OUT,
            outcome=AuthOutcome.REFUSED,
            user=account,
            identity=identity,
            detail=found.reason,
        )
    return found


def lock_lift(request: HttpRequest, *, owner: Membership, user: AbstractBaseUser) -> None:
    """Let a member of the owner's clinic sign in again at once, from any browser: every count
    starts again now. Recorded, with the owner as the one who did it."""
    record_auth_event(
        request,
        AuthEventKind.LOCK_LIFTED,
        user=user,
        clinic=owner.clinic,
        actor=owner.user,
        detail="by the clinic's owner",
    )


def _take_turns(identity: str) -> None:
    # Held until the request's transaction ends, after the attempt's own row is written. The
    # second argument seeds the hash, so these keys are apart from other advisory locks'.
    if connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 13))", [identity])


def _free_at(
    events: QuerySet[AuthEvent],
    now: datetime.datetime,
    window: datetime.timedelta,
    limit: int,
    *,
    browser: str = "",
    address: str | None = None,
    since_success: bool = True,
) -> datetime.datetime | None:
    """When the count of failures within `window` drops below `limit` again, or None when it
    is below it now. Failures from a known browser are counted for that browser alone;
    the others, by address (or across every address, for the ceiling)."""
    failures = events.filter(kind=AuthEventKind.LOGIN_FAILED, browser=browser)
    if since_success:
        where = Q(browser=browser) if browser else _from(address)
        last = events.filter(where, kind=AuthEventKind.LOGIN).order_by("-pk").values("pk")[:1]
        # Ids, not times: a success and the failures after it can share one clock tick.
        failures = failures.filter(pk__gt=Coalesce(Subquery(last), 0))
        if not browser:
            failures = failures.filter(_from(address))
    recent = list(
        failures.filter(at__gt=now - window).order_by("-at").values_list("at", flat=True)[:limit]
    )
    if len(recent) < limit:
        return None
    # The oldest of the newest `limit` failures: once it leaves the window, fewer remain.
    return recent[-1] + window


def _from(address: str | None) -> Q:
    return Q(remote_addr=address) if address is not None else Q(remote_addr__isnull=True)


def _refused(
    message: str, free_at: datetime.datetime | None, now: datetime.datetime, reason: str
) -> Refusal | None:
    if free_at is None or free_at <= now:
        return None
    return Refusal(message=message.format(wait=wait_words(free_at - now)), reason=reason)


def wait_words(wait: datetime.timedelta) -> str:
    """A wait in the words a person reads: "1 minute", "14 minutes", "3 hours"."""
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    if minutes <= 90:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours = math.ceil(minutes / 60)
    return f"{hours} hours"
