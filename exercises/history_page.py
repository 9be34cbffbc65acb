"""What the exercises app adds to a client's history: the home programme's changes in words
(registered in ExercisesConfig.ready; see clinic/history_page.py)."""

from typing import Any

from clinic.history_page import Field, HistorySource, shown
from clinic.lib.units import with_unit
from exercises.history import PrescriptionEvent
from exercises.models import PrescriptionStatus

STATUS_ACTIONS = {
    PrescriptionStatus.STOPPED: "Stopped",
    PrescriptionStatus.PROGRESSED: "Progressed",
    PrescriptionStatus.REGRESSED: "Regressed",
}


# A dose as history shows it, for a programme's and for a visit's treatment alike.
DOSE_FIELDS = (
    Field("sets", "Sets"),
    Field("reps", "Reps"),
    Field("hold_seconds", "Hold", show=lambda e: with_unit(e.hold_seconds, "s")),
    Field("hold_to_fatigue", "Hold to fatigue", show=lambda e: shown(e.hold_to_fatigue or None)),
    Field("load", "Load or band"),
)


def _action(event: Any, before: Any) -> str | None:
    if before is not None and event.status != before.status:
        return STATUS_ACTIONS.get(event.status)
    return None


PROGRAMME_SOURCE = HistorySource(
    key="programme",
    model=PrescriptionEvent,
    client_lookup="client_id",
    record=lambda e: f"Home programme: {e.exercise.name}",
    related=("exercise",),
    fields=(
        Field("exercise", "Exercise"),
        Field("status", "Status"),
        Field("sets", "Sets"),
        Field("reps", "Reps"),
        Field("hold_seconds", "Hold", show=lambda e: with_unit(e.hold_seconds, "s")),
        Field(
            "hold_to_fatigue", "Hold to fatigue", show=lambda e: shown(e.hold_to_fatigue or None)
        ),
        Field("load", "Load or band"),
        Field(
            "frequency_times",
            "How often",
            show=lambda e: f"{e.frequency_times} {e.get_frequency_unit_display()}",
        ),
        Field("note", "Note for the client"),
        Field("position", "Place in the programme", show=lambda e: str(e.position + 1)),
        Field("ended_at", "Left the programme"),
    ),
    action=_action,
)
