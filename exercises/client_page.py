"""What the exercises app adds to the client page: the home programme and the programme's
changes on the timeline. Registered in ExercisesConfig.ready(). ("Treat", which offers this
visit or the home programme, is the assessments app's.)"""

import datetime
from collections.abc import Iterator, Sequence

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from clinic.client_page import (
    ClientSection,
    ListBadge,
    TimelineEntry,
    register_list_badges,
    register_section,
    register_timeline_source,
)
from clinic.models import Client
from exercises.adherence import TREND_DAYS, HomeSummary, home_summary
from exercises.home_selectors import HomeRecord, home_records
from exercises.models import PrescriptionStatus
from exercises.selectors import programme_active, programme_events


def _programme_url(client: Client) -> str:
    return reverse("exercises:programme-detail", kwargs={"client_pk": client.pk})


def programme_section(request: HttpRequest, client: Client) -> dict[str, object]:
    """The active programme in order, in one query."""
    return {"client": client, "prescriptions": list(programme_active(client=client))}


# The comments the clinician reads on the client page, newest first; the CSV has them all.
RECENT_COMMENTS = 5


def _summaries(clients: Sequence[Client]) -> Iterator[tuple[int, HomeRecord, HomeSummary]]:
    """Each client's record and summary of the last 28 days, in two queries for them all."""
    today = timezone.localdate()
    since = today - datetime.timedelta(days=TREND_DAYS - 1)
    for pk, record in home_records(clients=clients, since=since).items():
        summary = home_summary(
            record.plans,
            record.logs,
            logging_from=record.logging_from,
            today=today,
            can_log=record.can_log,
        )
        yield pk, record, summary


def home_section(request: HttpRequest, client: Client) -> dict[str, object]:
    """What the client logged in the last 28 days."""
    ((_, record, summary),) = _summaries([client])
    comments = [row for row in reversed(record.rows) if row.comment][:RECENT_COMMENTS]
    return {"client": client, "record": record, "summary": summary, "comments": comments}


def home_badges(clients: Sequence[Client]) -> dict[int, ListBadge]:
    """A badge for each listed client with a flag from their logs."""
    badges = {}
    for pk, _, summary in _summaries(clients):
        if summary.flags:
            noun = "flag" if len(summary.flags) == 1 else "flags"
            badges[pk] = ListBadge(
                text=f"{len(summary.flags)} home {noun}",
                detail="; ".join(flag.text for flag in summary.flags),
                kind="flag",
            )
    return badges


def programme_timeline(client: Client) -> Iterator[TimelineEntry]:
    """Exercises added, progressed or regressed, and stopped, from one query."""
    url = _programme_url(client)
    for prescription in programme_events(client=client):
        name = prescription.exercise.name
        before = prescription.progressed_from
        if before is None:
            title = f"Added {name} to the home programme"
        else:
            verb = "Regressed" if before.status == PrescriptionStatus.REGRESSED else "Progressed"
            title = f"{verb} {before.exercise.name} to {name}"
        yield TimelineEntry(at=prescription.started_at, title=title, url=url, kind="programme")
        if prescription.status == PrescriptionStatus.STOPPED and prescription.ended_at:
            yield TimelineEntry(
                at=prescription.ended_at,
                title=f"Stopped {name}",
                url=url,
                kind="programme",
            )


def register() -> None:
    register_section(
        ClientSection(
            key="programme",
            title="Home programme",
            template="exercises/_programme_section.html",
            order=20,
            context=programme_section,
        )
    )
    register_section(
        ClientSection(
            key="home",
            title="Between visits",
            template="exercises/_home_section.html",
            order=25,
            context=home_section,
        )
    )
    register_timeline_source("programme", programme_timeline)
    register_list_badges("home", home_badges)
