"""The access audit: every response that shows client data is first recorded, or not served.

A view calls `record_view(request, client, kind)` once, after its permission lookup and
before it renders. The row goes into the request's own transaction, so it is stored exactly
when the response is: if the insert fails, `AuditUnavailable` propagates, the transaction
rolls back and `clinic.middleware.AuditFailureMiddleware` answers 503 with nothing of the
record.

Tamper evidence comes after: when the request's transaction has committed, `seal` links the
row into its clinic's hash chain (clinic/lib/hash_chain.py) with one SQL statement of its own.
That statement holds the clinic's only lock, the chain head's row, for its own few hundred
microseconds: page views never wait on one another for the length of a request, and no Python
runs while the chain is locked. Until its seal commits, right after the response's
transaction, a row has no tamper evidence; a seal that failed (the database went away in
between) leaves the row unsealed until `manage.py seal_audit` runs, and `manage.py
verify_audit` reports such rows.
"""

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial

from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Min
from django.http import HttpRequest
from django.utils import timezone

from clinic.lib import hash_chain, request_id
from clinic.lib.client_address import client_address
from clinic.lib.request_transaction import scope_transaction_to
from clinic.models import AccessChainHead, AccessEvent, AccessKind, AccessSeal, Client, Clinic
from clinic.permissions import membership_for

logger = logging.getLogger(__name__)

# The row's fields a link covers (all of them), in the order SEAL_SQL puts them.
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
VERIFY_BATCH = 2000
SEAL_ALL_BATCH = 500


class AuditUnavailable(Exception):
    """The view could not be recorded, so the record must not be shown."""


def record_view(
    request: HttpRequest, client: Client | None, kind: AccessKind, *, clinic_id: int | None = None
) -> AccessEvent:
    """Record that this request shows `client`'s data (None: a list of many clients).

    Call it once per response that carries client data, inside the view, before rendering.
    Raises AuditUnavailable when the row cannot be written; the view must not catch it.
    The clinic is the member's own; staff in the admin, who may belong to none, name it.
    """
    if clinic_id is None:
        clinic_id = client.clinic_id if client is not None else membership_for(request).clinic_id
    user_id = request.user.pk
    if user_id is None:
        # Views of client data are for signed-in users only; a view that is not is refused.
        raise AuditUnavailable
    match = request.resolver_match
    object_id = match.kwargs.get("pk") if match is not None else None
    try:
        event = AccessEvent.objects.create(
            clinic_id=clinic_id,
            user_id=user_id,
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
    sealing = partial(seal, clinic_id=clinic_id, event_ids=[event.pk])
    transaction.on_commit(sealing, robust=True)
    return event


def _remote_addr(request: HttpRequest) -> str | None:
    """The client's address (clinic/lib/client_address.py); None when it is not an IP."""
    return client_address(request)


# One statement seals one row: it moves the clinic's chain head on by one, computing the new
# hash from the head's old one, and writes the seal. The UPDATE's row lock on the head is the
# only lock, held inside the database for that statement alone, so no application code runs
# while a clinic's chain is locked. A concurrent seal of the same clinic waits on the head row
# and then (READ COMMITTED re-reads an updated row) builds on the hash this one left.
# The link's text is hash_chain.link_text's, built in SQL: keep the two in step, and LINK_FIELDS.
SEAL_SQL = """
WITH event AS (
    SELECT e.* FROM clinic_accessevent e
    WHERE e.id = %(event_id)s
      AND NOT EXISTS (SELECT 1 FROM clinic_accessseal s WHERE s.event_id = e.id)
), head AS (
    UPDATE clinic_accesschainhead h
    SET position = h.position + 1,
        hash = encode(sha256(convert_to(json_build_array(
            h.hash,
            h.position + 1,
            to_char(now() AT TIME ZONE 'UTC', %(time_format)s),
            event.id,
            event.clinic_id,
            event.user_id,
            event.client_id,
            event.kind,
            event.url_name,
            event.object_id,
            to_char(event.at AT TIME ZONE 'UTC', %(time_format)s),
            event.request_id,
            host(event.remote_addr)
        )::text, 'UTF8')), 'hex')
    FROM event
    WHERE h.clinic_id = event.clinic_id
    RETURNING h.clinic_id, h.position, h.hash, event.id AS event_id
)
INSERT INTO clinic_accessseal (event_id, clinic_id, position, hash, sealed_at)
SELECT event_id, clinic_id, position, hash, now() FROM head
RETURNING position
"""
# The values a link covers, in the order of SEAL_SQL's json_build_array after the previous hash.
LINK_FIELDS = ("position", "sealed_at", *EVENT_FIELDS)


def seal(*, clinic_id: int, event_ids: Iterable[int]) -> int:
    """Link these rows of the clinic into its chain, in id order; returns how many were sealed
    (a row sealed already is skipped)."""
    sealed = 0
    for event_id in sorted(event_ids):
        params: dict[str, int | str] = {
            "event_id": event_id,
            "time_format": hash_chain.SQL_TIME_FORMAT,
        }
        # After the request's commit its clinic scope is gone: each seal is a short transaction
        # of its own, scoped to the clinic, so row-level security lets it see the rows.
        with transaction.atomic(), connection.cursor() as cursor:
            scope_transaction_to(clinic_id)
            cursor.execute(SEAL_SQL, params)
            done = cursor.fetchone() is not None
            if not done:
                # Sealed already, or the clinic's first seal: its chain head is made, once.
                _start_chain(clinic_id)
                cursor.execute(SEAL_SQL, params)
                done = cursor.fetchone() is not None
        sealed += done
    return sealed


def _start_chain(clinic_id: int) -> None:
    """Create the clinic's chain head if it has none (two first seals may race: one wins)."""
    AccessChainHead.objects.get_or_create(
        clinic_id=clinic_id, defaults={"hash": hash_chain.GENESIS}
    )


def seal_all() -> int:
    """Seal every unsealed row, clinic by clinic in id order (rows whose seal after their
    request failed, e.g. when the database went away in between); returns how many."""
    pending = AccessEvent.objects.filter(seal__isnull=True).order_by("pk")
    by_clinic: dict[int, list[int]] = {}
    for clinic_id, event_id in pending.values_list("clinic_id", "pk"):
        by_clinic.setdefault(clinic_id, []).append(event_id)
    sealed = 0
    for clinic_id, ids in by_clinic.items():
        for start in range(0, len(ids), SEAL_ALL_BATCH):
            # One commit per batch; the clinic's live seals wait for it, a fraction of a second.
            with transaction.atomic():
                sealed += seal(clinic_id=clinic_id, event_ids=ids[start : start + SEAL_ALL_BATCH])
    return sealed


def _link(row: dict, position: int, sealed_at: object) -> list:
    values = {**row, "position": position, "sealed_at": sealed_at}
    return [values[name] for name in LINK_FIELDS]


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
    seal whose row is gone, as a missing row; links cut from the end, as a chain shorter than
    its head says (unless the head was rewound too: keep the printed last link elsewhere).
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
    head = AccessChainHead.objects.filter(clinic=clinic).values_list("position", "hash").first()
    if (head or (0, hash_chain.GENESIS)) != (check.head_position, check.head_hash):
        ends = head[0] if head else 0
        check.mismatches.append(
            f"the chain ends at position {check.head_position}, its head says {ends}: "
            "links at its end are missing or the head was changed"
        )
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
