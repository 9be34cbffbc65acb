"""What the assessments app adds to a client's history: rounds, findings, treatment and
reflections in words (registered in AssessmentsConfig.ready; see clinic/history_page.py)."""

from typing import Any

from django.utils import timezone
from django.utils.formats import date_format

from assessments.models import (
    AssessmentEvent,
    FindingEvent,
    InterventionEvent,
    ReflectionEvent,
    Side,
)
from clinic.history_page import Field, HistorySource, person
from clinic.lib.units import with_unit
from exercises.history_page import DOSE_FIELDS


def round_name(round_: Any) -> str:
    """ "Baseline 3 Mar 2025", marked when the round is voided."""
    day = date_format(timezone.localtime(round_.performed_at), "j M Y")
    name = f"{round_.get_kind_display()} {day}"
    return f"{name} (voided)" if round_.voided_at else name


def _round_action(event: Any, before: Any) -> str | None:
    if before is None:
        return f"Opened the {event.get_kind_display().lower()}"
    if event.voided_at and not before.voided_at:
        return "Voided"
    return None


ROUND_SOURCE = HistorySource(
    key="round",
    model=AssessmentEvent,
    client_lookup="client_id",
    record=lambda event: round_name(event.pgh_obj),
    related=("pgh_obj", "clinician", "voided_by"),
    fields=(
        Field("performed_at", "Date and time"),
        Field("clinician", "Clinician", show=lambda e: person(e.clinician)),
        Field("rater", "Rater"),
        Field("instrument", "Instrument"),
        Field("position", "Position"),
        Field("involved_side", "Involved side"),
        Field("note", "Note"),
        Field("void_reason", "Reason voided"),
        Field("voided_by", "Voided by", show=lambda e: person(e.voided_by)),
    ),
    action=_round_action,
)


def _finding_record(event: Any) -> str:
    side = "" if event.side == Side.NONE else f" ({Side(event.side).label.lower()})"
    return f"{round_name(event.assessment)}, {event.test.name}{side}"


def _finding_action(event: Any, before: Any) -> str | None:
    if before is None:
        return "Recorded"
    if event.cleared_at and not before.cleared_at:
        return "Cleared"
    if before.cleared_at and not event.cleared_at:
        return "Recorded again"
    return None


FINDING_SOURCE = HistorySource(
    key="finding",
    model=FindingEvent,
    client_lookup="assessment__client_id",
    record=_finding_record,
    related=("assessment", "test"),
    fields=(
        Field("value", "Value", show=lambda e: with_unit(e.value, e.test.unit_symbol)),
        Field("pain", "Pain", show=lambda e: "" if e.pain is None else f"{e.pain}/10"),
        Field("grade", "Grade", show=lambda e: e.test.grade_label(e.grade)),
        Field("symptom", "Symptoms"),
        Field("sign", "Sign"),
        Field("compensations", "Compensations present"),
        Field("compensations_absent", "Compensations not seen"),
        Field("note", "Note"),
    ),
    action=_finding_action,
)


def _treatment_title(event: Any) -> str:
    if event.exercise_id and event.exercise is not None:
        return event.exercise.name
    if event.technique:
        return f"{event.technique}, {event.region}"
    return event.description.splitlines()[0] if event.description else "treatment"


def _treatment_action(event: Any, before: Any) -> str | None:
    if before is None:
        return "Logged"
    if event.removed_at and not before.removed_at:
        return "Removed"
    return None


TREATMENT_SOURCE = HistorySource(
    key="treatment",
    model=InterventionEvent,
    client_lookup="after_round__client_id",
    record=lambda e: f"Treatment after {round_name(e.after_round)}: {_treatment_title(e)}",
    related=("after_round", "exercise"),
    fields=(
        Field("exercise", "Exercise"),
        *DOSE_FIELDS,
        Field("technique", "Technique"),
        Field("region", "Region"),
        Field("duration_minutes", "Minutes"),
        Field("response", "Client's response"),
        Field("description", "Treatment or note"),
        Field("performed_at", "Given at"),
    ),
    action=_treatment_action,
)

REFLECTION_SOURCE = HistorySource(
    key="reflection",
    model=ReflectionEvent,
    client_lookup="round__client_id",
    record=lambda e: f"Reflection on {round_name(e.round)}",
    related=("round",),
    fields=(
        Field("expected", "Was this the change you aimed for?"),
        Field("why", "Why do you think it happened?"),
        Field("next_step", "Next step"),
    ),
    action=lambda e, before: "Written" if before is None else None,
)

SOURCES = (ROUND_SOURCE, FINDING_SOURCE, TREATMENT_SOURCE, REFLECTION_SOURCE)
