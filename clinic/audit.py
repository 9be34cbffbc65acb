"""The access audit: every response that shows client data is first recorded, or not served.

A view calls `record_view(request, client, kind)` once, after its permission lookup and
before it renders. The row goes into the request's own transaction, so it is stored exactly
when the response is: if the insert fails, `AuditUnavailable` propagates, the transaction
rolls back and `clinic.middleware.AuditFailureMiddleware` answers 503 with nothing of the
record.

Tamper evidence comes after: when the request's transaction has committed, `seal` links the
row into its clinic's hash chain (clinic/lib/hash_chain.py) in a short transaction of its own,
under a per-clinic lock held for those few statements only. Page views never wait on one
another for the length of a request; only the sealing steps queue, a millisecond each. Until
its seal commits (normally a few milliseconds after the response's transaction) a row has no
tamper evidence; a seal that failed (the database went away in between) leaves the row
unsealed until `manage.py seal_audit` runs, and `manage.py verify_audit` reports such rows.
"""

import ipaddress
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial

from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Min
from django.http import HttpRequest
from django.utils import timezone

from clinic.lib import hash_chain, request_id
from clinic.models import AccessEvent, AccessKind, AccessSeal, Client, Clinic
from clinic.permissions import membership_for

logger = logging.getLogger(__name__)

# The fields a link's hash covers: all of the row's, and the seal's own.
EVENT_FIELDS = (
    "id",
    "clinic_id",
    "user_id",
    "client_id",
    "kind",
    "url_name",
    "object_id",
    "at",
    "request_id",
    "remote_addr",
)
# pg_advisory_xact_lock(class, key): the class keeps our keys apart from other lock users.
SEAL_LOCK_CLASS = 0x41554454  # "AUDT"
VERIFY_BATCH = 2000


class AuditUnavailable(Exception):
    """The view could not be recorded, so the record must not be shown."""


def record_view(request: HttpRequest, client: Client | None, kind: AccessKind) -> AccessEvent:
    """Record that this request shows `client`'s data (None: a list of many clients).

    Call it once per response that carries client data, inside the view, before rendering.
    Raises AuditUnavailable when the row cannot be written; the view must not catch it.
    """
    membership = membership_for(request)
    match = request.resolver_match
    object_id = match.kwargs.get("pk") if match is not None else None
    try:
        event = AccessEvent.objects.create(
            clinic_id=membership.clinic_id,
            user_id=membership.user_id,
            client=client,
            kind=kind,
            url_name=match.view_name if match is not None else "",
            object_id=object_id if isinstance(object_id, int) else None,
            at=timezone.now(),
            request_id=request_id.current(),
            remote_addr=_remote_addr(request),
        )
    except DatabaseError as error:
        # Logged without the statement's values: the message names the table, not the client.
        logger.error("access audit write failed: %s", type(error).__name__)
        raise AuditUnavailable from error
    # robust: a seal that fails is logged and left for seal_audit; the row itself is stored.
    sealing = partial(seal, clinic_id=membership.clinic_id, event_ids=[event.pk])
    transaction.on_commit(sealing, robust=True)
    return event


def _remote_addr(request: HttpRequest) -> str | None:
    """The peer's address as the server saw it; None when it is not an IP (a unix socket)."""
    address = request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def seal(*, clinic_id: int, event_ids: Iterable[int] | None = None) -> int:
    """Link the clinic's unsealed rows (only `event_ids` when given) into its chain, in id
    order, and return how many were sealed.

    The per-clinic advisory lock makes sealers take turns, so each reads the chain's head
    and appends after it; it is released when this short transaction commits.
    """
    with transaction.atomic():
        with connection.cursor() as cursor:
            key = clinic_id % 2**31
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [SEAL_LOCK_CLASS, key])
        head = (
            AccessSeal.objects.filter(clinic_id=clinic_id)
            .order_by("-position")
            .values_list("position", "hash")
            .first()
        )
        position, previous = head if head is not None else (0, hash_chain.GENESIS)
        pending = AccessEvent.objects.filter(clinic_id=clinic_id, seal__isnull=True)
        if event_ids is not None:
            pending = pending.filter(pk__in=list(event_ids))
        seals = []
        for row in pending.order_by("pk").values(*EVENT_FIELDS):
            position += 1
            sealed_at = timezone.now()
            previous = hash_chain.link_hash(previous, _link(row, position, sealed_at))
            seals.append(
                AccessSeal(
                    event_id=row["id"],
                    clinic_id=clinic_id,
                    position=position,
                    hash=previous,
                    sealed_at=sealed_at,
                )
            )
        AccessSeal.objects.bulk_create(seals)
    return len(seals)


def _link(row: dict, position: int, sealed_at: object) -> dict:
    return {**row, "position": position, "sealed_at": sealed_at}


def seal_all() -> int:
    """Seal every clinic's unsealed rows (those whose seal after their request failed)."""
    clinics = (
        AccessEvent.objects.filter(seal__isnull=True).values_list("clinic_id", flat=True).distinct()
    )
    return sum(seal(clinic_id=clinic_id) for clinic_id in list(clinics))


@dataclass
class ChainCheck:
    """What verifying one clinic's chain found."""

    clinic: Clinic
    sealed: int = 0
    # One line per link that does not hold, e.g. "position 12 (row 345): hash differs".
    mismatches: list[str] = field(default_factory=list)
    unsealed: int = 0
    oldest_unsealed: object = None
    head_position: int = 0
    head_hash: str = hash_chain.GENESIS


def verify(clinic: Clinic) -> ChainCheck:
    """Recompute the clinic's chain from its rows and compare it with the stored hashes.

    Each link is checked against the stored hash of the link before it, so one altered row
    is one mismatch at its own position. A removed link shows as a gap in the positions; a
    seal whose row is gone, as a missing row.
    """
    check = ChainCheck(clinic=clinic)
    expected_position, previous = 1, hash_chain.GENESIS
    for batch in _seal_batches(clinic):
        rows = {
            row["id"]: row
            for row in AccessEvent.objects.filter(pk__in=[s[1] for s in batch]).values(
                *EVENT_FIELDS
            )
        }
        for position, event_id, stored, sealed_at in batch:
            where = f"position {position} (row {event_id})"
            if position != expected_position:
                gap = f"positions {expected_position} to {position - 1} are missing"
                check.mismatches.append(f"{where}: {gap}")
            row = rows.get(event_id)
            if row is None:
                check.mismatches.append(f"{where}: the row is missing")
            elif hash_chain.link_hash(previous, _link(row, position, sealed_at)) != stored:
                check.mismatches.append(f"{where}: hash differs")
            check.sealed += 1
            expected_position, previous = position + 1, stored
            check.head_position, check.head_hash = position, stored
    unsealed = AccessEvent.objects.filter(clinic=clinic, seal__isnull=True).aggregate(
        count=Count("pk"), oldest=Min("at")
    )
    check.unsealed, check.oldest_unsealed = unsealed["count"], unsealed["oldest"]
    return check


def _seal_batches(clinic: Clinic) -> Iterator[list[tuple]]:
    seals = (
        AccessSeal.objects.filter(clinic=clinic)
        .order_by("position")
        .values_list("position", "event_id", "hash", "sealed_at")
    )
    batch: list[tuple] = []
    for seal_row in seals.iterator(chunk_size=VERIFY_BATCH):
        batch.append(seal_row)
        if len(batch) == VERIFY_BATCH:
            yield batch
            batch = []
    if batch:
        yield batch
