"""What the exercises app adds to the client page: the home programme and the programme's
changes on the timeline. Registered in ExercisesConfig.ready(). ("Treat", which offers this
visit or the home programme, is the assessments app's.)"""

from collections.abc import Iterator

from django.http import HttpRequest
from django.urls import reverse

from clinic.client_page import (
    ClientSection,
    TimelineEntry,
    register_section,
    register_timeline_source,
)
from clinic.models import Client
from exercises.models import PrescriptionStatus
from exercises.selectors import programme_active, programme_events


def _programme_url(client: Client) -> str:
    return reverse("exercises:programme-detail", kwargs={"client_pk": client.pk})


def programme_section(request: HttpRequest, client: Client) -> dict[str, object]:
    """The active programme in order, in one query."""
    return {"client": client, "prescriptions": list(programme_active(client=client))}


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
    register_timeline_source("programme", programme_timeline)
