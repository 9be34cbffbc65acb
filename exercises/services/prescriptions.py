"""A client's home programme: adding, dosing, ordering, stopping, progressing and regressing
its exercises."""

import copy
import datetime
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any, Literal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from clinic.lib.versions import Attempt, Current, Edit, Saved, save_edit, update_if_current
from clinic.models import Client
from exercises.dose import Dose
from exercises.models import (
    Exercise,
    FrequencyUnit,
    Prescription,
    PrescriptionStatus,
)
from exercises.selectors import ladder_edges

CLIENT_ARCHIVED = "{client} is archived: restore the record before changing the programme."
CLIENT_DISCHARGED = "{client} is discharged: reactivate the record before adding exercises."
NOT_IN_PROGRAMME = "{exercise} is no longer in the programme."
ALREADY_IN_PROGRAMME = "{exercise} is already in the programme."
EXERCISE_RETIRED = "{exercise} is retired: choose another exercise."
EXERCISE_NOT_VISIBLE = "This exercise is not in your clinic's catalog."
LAST_STEP = "{exercise} is the last step on its ladder: there is nothing to progress to."
FIRST_STEP = "{exercise} is the first step on its ladder: there is nothing to regress to."
CHOOSE_STEP = "{exercise} has more than one next step: choose {options}."
NOT_A_STEP = "{target} is not a step from {exercise} on the ladder."

Direction = Literal["up", "down"]


@dataclass(frozen=True)
class ProgrammeDose(Dose):
    """A dose as a home programme gives it: how much, how often, and the note for the client.

    `per_side` stays the exercise's: a prescription shows it and never stores its own.
    """

    frequency_times: int = 1
    frequency_unit: str = FrequencyUnit.DAY
    note: str = ""

    @classmethod
    def default_for(cls, exercise: Exercise) -> "ProgrammeDose":
        """The catalog's default dose, done once a day."""
        return cls(**asdict(exercise.dose))


# The fields of a prescription's dose: what the dose form edits and a stale edit compares.
DOSE_FIELDS = [
    "sets",
    "reps",
    "hold_seconds",
    "hold_to_fatigue",
    "load",
    "frequency_times",
    "frequency_unit",
    "note",
]


def _dose_fields(dose: ProgrammeDose) -> dict[str, Any]:
    return {
        "sets": dose.sets,
        "reps": dose.reps,
        "hold_seconds": dose.hold_seconds,
        "hold_to_fatigue": dose.hold_to_fatigue,
        "load": dose.load,
        "frequency_times": dose.frequency_times,
        "frequency_unit": dose.frequency_unit,
        "note": dose.note,
    }


def _lock_programme(client: Client, *, adding: bool) -> Client:
    """The client row, locked so that concurrent programme changes queue up and positions stay
    dense; refuses changes to an archived record, and additions for a discharged one."""
    locked = Client.objects.select_for_update().get(pk=client.pk)
    if locked.is_archived:
        raise ValidationError(CLIENT_ARCHIVED.format(client=locked.name))
    if adding and not locked.is_active:
        raise ValidationError(CLIENT_DISCHARGED.format(client=locked.name))
    return locked


def _active(client: Client) -> QuerySet[Prescription]:
    return Prescription.objects.filter(client=client, status=PrescriptionStatus.ACTIVE)


def _check_active(prescription: Prescription) -> None:
    # Re-read under the client's lock: the caller's copy may be stale.
    current = Prescription.objects.get(pk=prescription.pk)
    if not current.is_active:
        raise ValidationError(NOT_IN_PROGRAMME.format(exercise=prescription.exercise.name))


def _check_prescribable(client: Client, exercise: Exercise) -> None:
    if exercise.clinic_id is not None and exercise.clinic_id != client.clinic_id:
        raise ValidationError(EXERCISE_NOT_VISIBLE)
    if exercise.is_retired:
        raise ValidationError(EXERCISE_RETIRED.format(exercise=exercise.name))
    if _active(client).filter(exercise=exercise).exists():
        raise ValidationError(ALREADY_IN_PROGRAMME.format(exercise=exercise.name))


def _close_gap(client: Client, position: int) -> None:
    _active(client).filter(position__gt=position).update(position=F("position") - 1)


@transaction.atomic
def prescription_create(
    *,
    client: Client,
    exercise: Exercise,
    prescribed_by: User | None,
    dose: ProgrammeDose | None = None,
    at: datetime.datetime | None = None,
) -> Prescription:
    """Add `exercise` at the end of the client's programme, with the catalog's default dose
    unless a dose is given.

    Refused for an archived or discharged client, a retired exercise, another clinic's
    exercise, and an exercise already in the programme.
    """
    client = _lock_programme(client, adding=True)
    _check_prescribable(client, exercise)
    prescription = Prescription(
        client=client,
        exercise=exercise,
        position=_active(client).count(),
        started_at=at or timezone.now(),
        prescribed_by=prescribed_by,
        **_dose_fields(dose or ProgrammeDose.default_for(exercise)),
    )
    prescription.full_clean()
    prescription.save()
    return prescription


def _prescription_now(prescription: Prescription) -> Current:
    current = Prescription.objects.select_related("updated_by").get(pk=prescription.pk)
    if not current.is_active:
        raise ValidationError(NOT_IN_PROGRAMME.format(exercise=prescription.exercise.name))
    values = {name: getattr(current, name) for name in DOSE_FIELDS}
    return Current(version=current.version, values=values, row=current)


@transaction.atomic
def prescription_update(
    *,
    prescription: Prescription,
    dose: ProgrammeDose,
    version: int | None = None,
    seen: Mapping[str, Any] | None = None,
    by: User | None = None,
) -> Saved[Prescription]:
    """Change the dose of an exercise that is in the programme.

    `version` is the prescription's when the dose form was opened and `seen` the dose it
    showed: an older version merges with what was saved since or raises StaleEdit when both
    changed the same number (see clinic/lib/versions.py). Without a version the dose is simply
    replaced, for code that owns the programme.
    """
    _lock_programme(prescription.client, adding=False)
    current = _prescription_now(prescription)

    def write(attempt: Attempt) -> Prescription | None:
        candidate = copy.copy(current.row)
        for key, value in attempt.values.items():
            setattr(candidate, key, value)
        candidate.full_clean()
        candidate.updated_by, candidate.updated_at = by, timezone.now()
        changes = {**attempt.changes, "updated_by": by, "updated_at": candidate.updated_at}
        if not update_if_current(
            Prescription, where={"pk": prescription.pk}, version=attempt.version, changes=changes
        ):
            return None
        candidate.version = attempt.version + 1
        return candidate

    mine = _dose_fields(dose)
    edit = Edit(
        version=current.version if version is None else version,
        mine=mine,
        seen=seen if version is not None else current.values,
    )
    return save_edit(edit, write=write, read=lambda: _prescription_now(prescription))


@transaction.atomic
def prescription_stop(
    *, prescription: Prescription, at: datetime.datetime | None = None
) -> Prescription:
    """Take an exercise out of the programme; it stays in the history."""
    client = _lock_programme(prescription.client, adding=False)
    _check_active(prescription)
    _end(prescription, status=PrescriptionStatus.STOPPED, at=at or timezone.now())
    _close_gap(client, prescription.position)
    return prescription


def _end(prescription: Prescription, *, status: str, at: datetime.datetime) -> None:
    prescription.status = status
    prescription.ended_at = at
    prescription.full_clean()
    prescription.save(update_fields=["status", "ended_at"])


@transaction.atomic
def prescription_move(*, prescription: Prescription, direction: Direction) -> Prescription:
    """Swap an exercise with its neighbour above or below; at either end nothing changes."""
    client = _lock_programme(prescription.client, adding=False)
    _check_active(prescription)
    prescription.refresh_from_db(fields=["position"])
    target = prescription.position + (-1 if direction == "up" else 1)
    neighbour = _active(client).filter(position=target).first()
    if neighbour is None:
        return prescription
    _active(client).filter(pk=neighbour.pk).update(position=prescription.position)
    _active(client).filter(pk=prescription.pk).update(position=target)
    prescription.position = target
    return prescription


def carried_dose(*, old: Prescription, new_exercise: Exercise) -> ProgrammeDose:
    """The dose for the step that replaces `old`.

    - Sets, frequency and the note carry over: how often the client trains and what they were
      told (e.g. "stop if the back hurts") are about the client, not the movement.
    - Reps, hold and hold-to-fatigue come from the new exercise's default: they describe the
      movement (a hold to fatigue cannot become "10 reps" of a thruster by copying). When the new
      exercise gives no sets, the old sets are kept; when neither does, none.
    - The load or band text is kept only when both exercises use the same equipment: "red band"
      means something for two band exercises and nothing for a bodyweight one.
    """
    default = ProgrammeDose.default_for(new_exercise)
    same_kit = bool(old.exercise.equipment) and sorted(old.exercise.equipment) == sorted(
        new_exercise.equipment
    )
    return ProgrammeDose(
        sets=old.sets if old.sets is not None else default.sets,
        reps=default.reps,
        hold_seconds=default.hold_seconds,
        hold_to_fatigue=default.hold_to_fatigue,
        per_side=default.per_side,
        load=old.load if same_kit else "",
        frequency_times=old.frequency_times,
        frequency_unit=old.frequency_unit,
        note=old.note,
    )


def _replace(
    *,
    prescription: Prescription,
    to: Exercise | None,
    harder: bool,
    prescribed_by: User | None,
    at: datetime.datetime | None,
) -> Prescription:
    client = _lock_programme(prescription.client, adding=True)
    _check_active(prescription)
    exercise = prescription.exercise
    edges = ladder_edges(clinic_id=client.clinic_id, harder=harder)
    steps = edges.filter(**{"easier" if harder else "harder": exercise})
    options = [edge.harder if harder else edge.easier for edge in steps]
    if not options:
        message = LAST_STEP if harder else FIRST_STEP
        raise ValidationError(message.format(exercise=exercise.name))
    if to is None:
        if len(options) > 1:
            names = " or ".join(option.name for option in options)
            raise ValidationError(CHOOSE_STEP.format(exercise=exercise.name, options=names))
        to = options[0]
    if to.pk not in {option.pk for option in options}:
        raise ValidationError(NOT_A_STEP.format(target=to.name, exercise=exercise.name))
    if _active(client).filter(exercise=to).exists():
        raise ValidationError(ALREADY_IN_PROGRAMME.format(exercise=to.name))
    now = at or timezone.now()
    prescription.refresh_from_db(fields=["position"])
    status = PrescriptionStatus.PROGRESSED if harder else PrescriptionStatus.REGRESSED
    _end(prescription, status=status, at=now)
    successor = Prescription(
        client=client,
        exercise=to,
        position=prescription.position,
        started_at=now,
        progressed_from=prescription,
        prescribed_by=prescribed_by,
        **_dose_fields(carried_dose(old=prescription, new_exercise=to)),
    )
    successor.full_clean()
    successor.save()
    return successor


@transaction.atomic
def prescription_progress(
    *,
    prescription: Prescription,
    prescribed_by: User | None,
    to: Exercise | None = None,
    at: datetime.datetime | None = None,
) -> Prescription:
    """Replace the exercise with the next step on its ladder, in the same place.

    `to` chooses among several next steps and may be left out when there is only one. The old
    prescription stays as history (status progressed); the dose carries over by
    `carried_dose`'s rule. No next step, or an ambiguous one, is a ValidationError.
    """
    return _replace(
        prescription=prescription, to=to, harder=True, prescribed_by=prescribed_by, at=at
    )


@transaction.atomic
def prescription_regress(
    *,
    prescription: Prescription,
    prescribed_by: User | None,
    to: Exercise | None = None,
    at: datetime.datetime | None = None,
) -> Prescription:
    """Replace the exercise with the previous step on its ladder, in the same place; the mirror
    of `prescription_progress` (the old prescription's status is regressed)."""
    return _replace(
        prescription=prescription, to=to, harder=False, prescribed_by=prescribed_by, at=at
    )
