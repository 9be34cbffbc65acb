"""The programme between visits: issuing and revoking a client's programme link, finding the
link a token names, recording its openings, and storing what the client logs."""

import datetime
import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from clinic.lib.request_transaction import scope_to_clinic
from clinic.models import Client
from exercises.models import (
    LinkMiss,
    LinkOpening,
    Prescription,
    PrescriptionStatus,
    ProgrammeLink,
    SessionLog,
    SessionOutcome,
    token_digest,
)

LINK_CLIENT_NOT_ACTIVE = "{client} is not active: a programme link is only for an active client."
LINK_CLIENT_ARCHIVED = "{client} is archived: restore the record before issuing a link."
NOT_IN_THIS_PROGRAMME = "This exercise is no longer in your programme."
LOG_DAY_IN_FUTURE = "That day has not come yet."
LOG_DAY_TOO_OLD = "Log a session within {days} days of doing it."
ENTRY_TAKEN = "This log was already sent from another programme."
# How far back a client may log a session: a week of logs queued on a phone still arrives.
LOG_DAYS_BACK = 7
# 32 random bytes: far beyond guessing, and short enough for a QR code a phone reads at once.
TOKEN_BYTES = 32
# Guessing: a token is 256 random bits, and an address that keeps missing is stopped early.
MAX_MISSES = 20
MISS_WINDOW = datetime.timedelta(minutes=15)


@dataclass(frozen=True)
class IssuedLink:
    link: ProgrammeLink
    # Shown once, to be put in the URL and the QR code; never stored.
    token: str


def programme_link_issue(*, client: Client, by: User) -> IssuedLink:
    """A new link for the client; the live one, if any, is revoked in the same transaction."""
    if client.is_archived:
        raise ValidationError(LINK_CLIENT_ARCHIVED.format(client=client))
    if not client.is_active:
        raise ValidationError(LINK_CLIENT_NOT_ACTIVE.format(client=client))
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with transaction.atomic():
        # One at a time per client: two links printed at once leave the later one live.
        Client.objects.select_for_update(no_key=True).filter(pk=client.pk).values_list("pk").first()
        now = timezone.now()
        _revoke_live(client=client, by=by, at=now)
        link = ProgrammeLink.objects.create(
            clinic_id=client.clinic_id,
            client=client,
            token_digest=token_digest(token),
            created_at=now,
            created_by=by,
            expires_at=now + datetime.timedelta(days=client.clinic.programme_link_days),
        )
    return IssuedLink(link=link, token=token)


def programme_link_revoke(*, client: Client, by: User) -> int:
    """Revokes the client's live link; the number revoked (0 when there was none)."""
    return _revoke_live(client=client, by=by, at=timezone.now())


def _revoke_live(*, client: Client, by: User, at: datetime.datetime) -> int:
    return ProgrammeLink.objects.filter(client=client, revoked_at__isnull=True).update(
        revoked_at=at, revoked_by=by
    )


def programme_link_live(*, client: Client) -> ProgrammeLink | None:
    """The client's link that still opens, if any (for the clinician's pages)."""
    return (
        ProgrammeLink.objects.filter(
            client=client, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        .order_by("-created_at")
        .first()
    )


def programme_link_for_token(token: str) -> ProgrammeLink | None:
    """The live link the token names, with its client, and the request's transaction scoped to
    its clinic; None for a wrong, revoked or expired token or a client no longer active, alike.

    Must run inside the request's transaction (the scope lasts as long as it does).
    """
    if not token or len(token) > 100:
        return None
    link = (
        ProgrammeLink.objects.filter(
            token_digest=token_digest(token),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .annotate(_scope=scope_to_clinic(F("clinic_id")))
        .first()
    )
    if link is None:
        return None
    # Read after the scope is set: the client row is visible to the link's clinic only.
    client = Client.objects.select_related("clinic").filter(pk=link.client_id).first()
    if client is None or client.is_archived or not client.is_active:
        return None
    link.client = client
    return link


def address_digest(address: str | None) -> str:
    """A keyed digest of a network address: the same address gives the same digest, and the
    address cannot be read back from it without the server's secret key."""
    if not address:
        return ""
    key = hashlib.sha256(f"programme-link-address:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def programme_link_opened(*, link: ProgrammeLink, address: str | None) -> LinkOpening:
    now = timezone.now()
    ProgrammeLink.objects.filter(pk=link.pk).update(last_opened_at=now)
    link.last_opened_at = now
    return LinkOpening.objects.create(
        clinic_id=link.clinic_id, link=link, opened_at=now, address_digest=address_digest(address)
    )


def link_guessing_refused(*, address: str | None) -> bool:
    """True once an address has opened `MAX_MISSES` unknown tokens within `MISS_WINDOW`: every
    further token from it, even a right one, is answered as not found until the oldest of those
    misses is `MISS_WINDOW` old."""
    since = timezone.now() - MISS_WINDOW
    misses = LinkMiss.objects.filter(address_digest=address_digest(address), at__gte=since)
    return misses[:MAX_MISSES].count() >= MAX_MISSES


def token_was_issued(token: str) -> bool:
    """True for a token some link was made with, live or not: opening a revoked or expired link
    is a client with an old handout, not a guess, and is not counted as a miss."""
    if not token or len(token) > 100:
        return False
    return ProgrammeLink.objects.filter(token_digest=token_digest(token)).exists()


def link_miss_record(*, address: str | None) -> None:
    LinkMiss.objects.create(address_digest=address_digest(address), at=timezone.now())


class LinkClosed(Exception):
    """The link was revoked or expired while the log was on its way."""


@dataclass(frozen=True)
class LoggedSession:
    log: SessionLog
    # False when this entry id was stored before: a resend, answered as saved.
    created: bool


def session_log_record(
    *,
    link: ProgrammeLink,
    prescription_id: int,
    entry_id: uuid.UUID,
    performed_on: datetime.date,
    outcome: str,
    sets_done: int | None = None,
    pain: int | None = None,
    effort: int | None = None,
    comment: str = "",
) -> LoggedSession:
    """Stores one logged session of one exercise in the link's client's active programme.

    The same `entry_id` sent again from the same link stores nothing and returns the first log.
    """
    earlier = SessionLog.objects.filter(clinic_id=link.clinic_id, entry_id=entry_id).first()
    if earlier is not None:
        return _resent(earlier, link)
    prescription = Prescription.objects.filter(
        pk=prescription_id, client_id=link.client_id, status=PrescriptionStatus.ACTIVE
    ).first()
    if prescription is None:
        raise ValidationError(NOT_IN_THIS_PROGRAMME)
    today = timezone.localdate()
    if performed_on > today:
        raise ValidationError({"performed_on": LOG_DAY_IN_FUTURE})
    if performed_on < today - datetime.timedelta(days=LOG_DAYS_BACK):
        raise ValidationError({"performed_on": LOG_DAY_TOO_OLD.format(days=LOG_DAYS_BACK)})
    if outcome == SessionOutcome.NOT_TODAY:
        sets_done = pain = effort = None
    # The link's row is held until the log is stored: a revocation made meanwhile waits for it,
    # and one made first is seen here, so no log is stored through a link already revoked.
    still_live = ProgrammeLink.objects.select_for_update(no_key=True).filter(
        pk=link.pk, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )
    if not still_live.values_list("pk", flat=True).first():
        raise LinkClosed
    log = SessionLog(
        clinic_id=link.clinic_id,
        client_id=link.client_id,
        prescription=prescription,
        link=link,
        entry_id=entry_id,
        performed_on=performed_on,
        logged_at=timezone.now(),
        outcome=outcome,
        sets_done=sets_done,
        pain=pain,
        effort=effort,
        comment=comment.strip(),
    )
    # The entry's uniqueness is the database's to enforce: a copy stored meanwhile is found on
    # the unique violation below and answered as saved.
    log.full_clean(validate_unique=False, exclude=["entry_id"])
    try:
        with transaction.atomic():
            log.save()
    except IntegrityError:
        # The same entry sent twice at once: the other request stored it first.
        earlier = SessionLog.objects.filter(clinic_id=link.clinic_id, entry_id=entry_id).first()
        if earlier is None:
            raise
        return _resent(earlier, link)
    return LoggedSession(log=log, created=True)


def _resent(earlier: SessionLog, link: ProgrammeLink) -> LoggedSession:
    if earlier.client_id != link.client_id:
        raise ValidationError(ENTRY_TAKEN)
    return LoggedSession(log=earlier, created=False)
