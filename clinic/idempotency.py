"""Each edit applied once, however many times the page sends it.

A form that saves an edit carries a random key (`edit_key`, templatetags/edit_keys.py), new
for every edit. When its answer is lost on the way back (the network dropped), the page sends
the same edit again with the same key. The first save that applies records the key in its own
transaction (`AppliedEdit`); a later one finds it there and applies nothing, and the view
answers "saved" with the row as it now is, where the version check would have refused the
second copy as stale.

The key is recorded by `INSERT … ON CONFLICT DO NOTHING`: of two copies sent at once, the
second waits on the first's uncommitted row and then finds it, so only one applies. When the
save is refused (stale, invalid), the key is taken back out, so the edit sent again later is
tried again.

A key is bound to its clinic, its login and what the edit said. Another clinic's key is simply
not seen (row-level security, and the key is unique per clinic); a key already applied for
someone else in the clinic, or for other values, is treated as a fresh edit: applied and not
recorded, so it says nothing about their edits and never skips this one.
"""

import datetime
import hashlib
import json
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.db import connection
from django.http import HttpRequest
from django.utils import timezone

from clinic.lib.request_types import AuthenticatedHttpRequest
from clinic.lib.versions import Saved
from clinic.models import AppliedEdit, Clinic
from clinic.permissions import membership_for

FIELD = "edit_key"
# Pages send an edit again within minutes, or after a reload within the day; a week is ample.
KEEP_DAYS = 7

T = TypeVar("T")


class Repeat:
    """What `apply_once` returns for a key already applied: the edit is not applied again."""

    def __repr__(self) -> str:
        return "REPEAT"


REPEAT = Repeat()


def edit_key(request: HttpRequest) -> uuid.UUID | None:
    """The key the form sent, or None: no key (an older page, a script) or one that is not a
    UUID saves as before, without the guard."""
    value = request.POST.get(FIELD, "")
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def edit_digest(request: HttpRequest) -> str:
    """A hash of where the form posted and what, but for its CSRF token and its key: two copies
    of one edit have the same; the same fields sent to another record do not."""
    posted = sorted(
        (name, values)
        for name, values in request.POST.lists()
        if name not in (FIELD, "csrfmiddlewaretoken")
    )
    return hashlib.sha256(json.dumps([request.path, posted]).encode()).hexdigest()


FRESH, RECORDED, APPLIED = "fresh", "recorded", "applied"


def _claim(clinic: Clinic, user_id: int, key: uuid.UUID, digest: str) -> str:
    """Record the key: RECORDED when this call recorded it, APPLIED when this edit was applied
    already for this login here, FRESH when the key was taken for something else (the edit is
    then applied unguarded, and the other record left alone)."""
    table = connection.ops.quote_name(AppliedEdit._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (clinic_id, user_id, key, digest, applied_at)"  # noqa: S608
            " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (clinic_id, key) DO NOTHING RETURNING id",
            [clinic.pk, user_id, key, digest, timezone.now()],
        )
        if cursor.fetchone() is not None:
            return RECORDED
    # The key was applied before: for this edit by this login (a repeat), or for something
    # else, or by someone else (then fresh for this one).
    applied = AppliedEdit.objects.filter(clinic=clinic, key=key, user_id=user_id, digest=digest)
    return APPLIED if applied.exists() else FRESH


def apply_once(
    *,
    clinic: Clinic,
    user_id: int,
    key: uuid.UUID | None,
    save: Callable[[], T],
    digest: str = "",
) -> T | Repeat:
    """Run `save` unless the edit `key` names was applied already; then return REPEAT.

    The key is recorded in the request's transaction, before the save: an exception out of
    `save` (a refusal) takes it back out and is raised on, so the edit is not remembered as
    applied. One query more than the save alone (two for a repeat, and for a refusal).
    """
    if key is None:
        return save()
    claim = _claim(clinic, user_id, key, digest)
    if claim == APPLIED:
        return REPEAT
    try:
        return save()
    except Exception:
        # Refused: the key this call recorded is taken back, in the same transaction. (A
        # transaction a failed query broke is rolled back whole, the key with it.)
        if claim == RECORDED and not connection.needs_rollback:
            AppliedEdit.objects.filter(
                clinic=clinic, key=key, user_id=user_id, digest=digest
            ).delete()
        raise


def saved_once(
    request: AuthenticatedHttpRequest, *, save: Callable[[], Saved[T]], now: Callable[[], T]
) -> Saved[T]:
    """`save()`, unless the request's edit key was applied already: then `now()`'s row as if
    just saved (nothing merged), for the view to answer as it answers a save. Refusals raised
    by `save` pass through unchanged."""
    done = apply_once(
        clinic=membership_for(request).clinic,
        user_id=request.user.pk,
        key=edit_key(request),
        save=save,
        digest=edit_digest(request),
    )
    if isinstance(done, Repeat):
        return Saved(now())
    return done


def prune(*, days: int = KEEP_DAYS) -> int:
    """Forget keys older than `days`: no page sends an edit again that late."""
    cutoff = timezone.now() - datetime.timedelta(days=days)
    deleted, _ = AppliedEdit.objects.filter(applied_at__lt=cutoff).delete()
    return deleted
