"""The client's logs between visits, read for the clinician: for one client's page, a page of
the client list, or the period between two rounds of a report. Two queries, whatever the number
of clients, prescriptions, rounds or logs.

`clients` are already scoped to the member's clinic (clinic.permissions) by the caller.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from clinic.models import Client
from exercises.adherence import Log, PeriodSummary, Plan, between_rounds
from exercises.models import FrequencyUnit, Prescription, ProgrammeLink, SessionLog


@dataclass
class HomeRecord:
    """One client's prescriptions as planned, logs and links, for `exercises.adherence`."""

    plans: list[Plan] = field(default_factory=list)
    logs: list[Log] = field(default_factory=list)
    # The rows the logs came from, oldest first: their comments, for the clinician's page.
    rows: list[SessionLog] = field(default_factory=list)
    # The day the client's first programme link was made: nothing is planned before it.
    logging_from: datetime.date | None = None
    # The client holds a link that opens today.
    can_log: bool = False


def _local_day(at: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(at) if at is not None else None


def home_records(
    *, clients: Sequence[Client], since: datetime.date, until: datetime.date | None = None
) -> dict[int, HomeRecord]:
    """Each client's record from `since` to `until` (today when None), both included: the
    prescriptions in the programme at any time in it, and the logs made in it."""
    ids = [client.pk for client in clients]
    records = {pk: HomeRecord() for pk in ids}
    if not ids:
        return records
    now = timezone.now()
    links = ProgrammeLink.objects.filter(client_id=OuterRef("client_id"))
    prescriptions = (
        Prescription.objects.filter(client_id__in=ids)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__date__gte=since))
        .annotate(
            first_link=Subquery(links.order_by("created_at").values("created_at")[:1]),
            live_link=Exists(links.filter(revoked_at__isnull=True, expires_at__gt=now)),
        )
        .select_related("exercise")
        .order_by("position", "pk")
    )
    if until is not None:
        prescriptions = prescriptions.filter(started_at__date__lte=until)
    for prescription in prescriptions:
        record = records[prescription.client_id]
        record.logging_from = _local_day(prescription.first_link)
        record.can_log = prescription.live_link
        record.plans.append(
            Plan(
                prescription_id=prescription.pk,
                name=prescription.exercise.name,
                times=prescription.frequency_times,
                per_week=prescription.frequency_unit == FrequencyUnit.WEEK,
                first=timezone.localdate(prescription.started_at),
                last=_local_day(prescription.ended_at),
            )
        )
    logs = SessionLog.objects.filter(client_id__in=ids, performed_on__gte=since)
    if until is not None:
        logs = logs.filter(performed_on__lte=until)
    for row in logs.select_related("prescription__exercise").order_by(
        "performed_on", "logged_at", "pk"
    ):
        record = records[row.client_id]
        record.rows.append(row)
        record.logs.append(
            Log(
                prescription_id=row.prescription_id,
                performed_on=row.performed_on,
                done=row.was_done,
                pain=row.pain,
                effort=row.effort,
                logged_at=row.logged_at,
            )
        )
    return records


def home_between_rounds(
    *, client: Client, moments: Sequence[datetime.datetime]
) -> list[PeriodSummary | None]:
    """For each round but the last, what the client logged from it to the next round (None:
    nothing to say); `moments` are the rounds' times, in order."""
    if len(moments) < 2:
        return [None] * len(moments)
    since, until = timezone.localdate(moments[0]), timezone.localdate(moments[-1])
    record = home_records(clients=[client], since=since, until=until)[client.pk]
    periods: list[PeriodSummary | None] = [
        between_rounds(
            record.plans,
            record.logs,
            start,
            end,
            logging_from=record.logging_from,
            day_of=timezone.localdate,
        )
        for start, end in pairwise(moments)
    ]
    return [*periods, None]
