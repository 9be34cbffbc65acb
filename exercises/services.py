import datetime
from dataclasses import asdict, dataclass
from typing import Any, Literal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Model, QuerySet
from django.utils import timezone

from clinic.models import Client, Membership
from exercises.catalog import CATALOG, Catalog, ExerciseData
from exercises.dose import Dose
from exercises.models import (
    NAME_TAKEN_CLINIC,
    Aim,
    Exercise,
    FrequencyUnit,
    Prescription,
    PrescriptionStatus,
    Progression,
)
from exercises.selectors import ladder_edges

SHIPPED_READ_ONLY = "Shipped exercises are read-only. Add your clinic's own exercise instead."
UNKNOWN_EXERCISE = "The catalog's ladder names an exercise it does not define: {slug}."
UNKNOWN_AIM = "The catalog's exercise {slug} names an aim it does not define: {aim}."


@dataclass(frozen=True)
class CatalogLoad:
    created: int
    updated: int
    unchanged: int
    progressions_changed: int

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.progressions_changed)


def _exercise_fields(data: ExerciseData, aims: dict[str, Aim]) -> dict[str, Any]:
    if data.aim not in aims:
        raise ValidationError(UNKNOWN_AIM.format(slug=data.slug, aim=data.aim))
    return {
        "name": data.name,
        "aim_id": aims[data.aim].pk,
        "tier": data.tier,
        "purpose": data.purpose,
        "muscles": [str(m) for m in data.muscles],
        "pattern": data.pattern,
        "equipment": [str(e) for e in data.equipment],
        "setup": data.setup,
        "cues": list(data.cues),
        "faults": list(data.faults),
        "sets": data.dose.sets,
        "reps": data.dose.reps,
        "hold_seconds": data.dose.hold_seconds,
        "hold_to_fatigue": data.dose.hold_to_fatigue,
        "per_side": data.dose.per_side,
    }


def _apply(instance: Any, fields: dict[str, Any], *, trusted: tuple[str, ...] = ()) -> bool:
    """Copy `fields` onto `instance` and validate it; False when nothing differed."""
    if instance.pk is not None and all(getattr(instance, k) == v for k, v in fields.items()):
        return False
    for key, value in fields.items():
        setattr(instance, key, value)
    # The database enforces the constraints, and the foreign keys in `trusted` point at rows
    # this load has just written; checking them in Python first would cost a query each.
    instance.full_clean(exclude=trusted, validate_constraints=False)
    return True


def _write(model: type[Model], changed: list[Any]) -> None:
    """Insert the new rows in one statement, then save the changed ones."""
    existing = [row for row in changed if row.pk is not None]
    model._default_manager.bulk_create([row for row in changed if row.pk is None])
    for row in existing:
        row.save()


@transaction.atomic
def catalog_load(*, catalog: Catalog = CATALOG) -> CatalogLoad:
    """Bring the shipped catalog in the database in line with `catalog`, keyed by slug.

    Rows that already match are not written, so a second run changes nothing. Only shipped
    rows (clinic empty) are read or written: a clinic's own exercises are never touched, even
    when one has the same name. Ladder edges between shipped exercises that the data no longer
    names are removed; shipped exercises it no longer names are kept, because clinics may
    already use them.
    """
    aims = {aim.slug: aim for aim in Aim.objects.all()}
    changed_aims = []
    for position, data in enumerate(catalog.aims):
        aim = aims.setdefault(data.slug, Aim(slug=data.slug))
        fields = {"name": data.name, "description": data.description, "position": position}
        if _apply(aim, fields):
            changed_aims.append(aim)
    _write(Aim, changed_aims)

    shipped = {e.slug: e for e in Exercise.objects.filter(clinic__isnull=True)}
    changed_exercises = []
    for data in catalog.exercises:
        exercise = shipped.setdefault(data.slug, Exercise(slug=data.slug))
        if _apply(exercise, _exercise_fields(data, aims), trusted=("aim",)):
            changed_exercises.append(exercise)
    created = sum(exercise.pk is None for exercise in changed_exercises)
    _write(Exercise, changed_exercises)

    edges = {
        (edge.easier_id, edge.harder_id): edge
        for edge in Progression.objects.filter(
            easier__clinic__isnull=True, harder__clinic__isnull=True
        )
    }
    changed_edges = []
    positions: dict[str, int] = {}
    for data in catalog.progressions:
        for slug in (data.easier, data.harder):
            if slug not in shipped:
                raise ValidationError(UNKNOWN_EXERCISE.format(slug=slug))
        easier, harder = shipped[data.easier], shipped[data.harder]
        edge = edges.pop((easier.pk, harder.pk), None) or Progression(easier=easier, harder=harder)
        position = positions[data.easier] = positions.get(data.easier, -1) + 1
        fields = {"criterion": data.criterion, "position": position}
        if _apply(edge, fields, trusted=("easier", "harder")):
            changed_edges.append(edge)
    _write(Progression, changed_edges)
    # What is left of `edges` is no longer in the data.
    removed = Progression.objects.filter(pk__in=[e.pk for e in edges.values()]).delete()[0]

    return CatalogLoad(
        created=created,
        updated=len(changed_exercises) - created,
        unchanged=len(catalog.exercises) - len(changed_exercises),
        progressions_changed=len(changed_edges) + removed,
    )


def _check_name_free(*, exercise: Exercise) -> None:
    # The unique constraint is the backstop; checking first puts the message on the name field.
    taken = (
        Exercise.objects.filter(clinic=exercise.clinic, name__iexact=exercise.name)
        .exclude(pk=exercise.pk)
        .exists()
    )
    if taken:
        raise ValidationError({"name": NAME_TAKEN_CLINIC})


def exercise_create(*, membership: Membership, **fields: Any) -> Exercise:
    """Add an exercise to the member's clinic's own catalog."""
    exercise = Exercise(clinic=membership.clinic, **fields)
    _check_name_free(exercise=exercise)
    exercise.full_clean()
    exercise.save()
    return exercise


def exercise_update(*, exercise: Exercise, **fields: Any) -> Exercise:
    """Change a clinic's own exercise; shipped exercises are read-only."""
    if exercise.is_shipped:
        raise ValidationError(SHIPPED_READ_ONLY)
    for key, value in fields.items():
        setattr(exercise, key, value)
    _check_name_free(exercise=exercise)
    exercise.full_clean()
    exercise.save()
    return exercise


def exercise_retire(*, exercise: Exercise) -> Exercise:
    """Take a clinic's own exercise out of the catalog list; it stays readable where it is used.

    Retiring twice keeps the first date.
    """
    if exercise.is_shipped:
        raise ValidationError(SHIPPED_READ_ONLY)
    if exercise.retired_at is None:
        exercise.retired_at = timezone.now()
        exercise.save(update_fields=["retired_at", "updated_at"])
    return exercise


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
    prescribed_by: AbstractBaseUser | None,
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


@transaction.atomic
def prescription_update(*, prescription: Prescription, dose: ProgrammeDose) -> Prescription:
    """Change the dose of an exercise that is in the programme."""
    _lock_programme(prescription.client, adding=False)
    _check_active(prescription)
    for key, value in _dose_fields(dose).items():
        setattr(prescription, key, value)
    prescription.full_clean()
    prescription.save(update_fields=list(_dose_fields(dose)))
    return prescription


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
    prescribed_by: AbstractBaseUser | None,
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
    prescribed_by: AbstractBaseUser | None,
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
    prescribed_by: AbstractBaseUser | None,
    to: Exercise | None = None,
    at: datetime.datetime | None = None,
) -> Prescription:
    """Replace the exercise with the previous step on its ladder, in the same place; the mirror
    of `prescription_progress` (the old prescription's status is regressed)."""
    return _replace(
        prescription=prescription, to=to, harder=False, prescribed_by=prescribed_by, at=at
    )
