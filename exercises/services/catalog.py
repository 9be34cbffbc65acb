"""Loading the shipped catalog (aims, exercises, ladders) into the database."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model

from exercises.catalog import CATALOG, Catalog, ExerciseData
from exercises.models import Aim, Exercise, Progression

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
    for exercise_data in catalog.exercises:
        exercise = shipped.setdefault(exercise_data.slug, Exercise(slug=exercise_data.slug))
        if _apply(exercise, _exercise_fields(exercise_data, aims), trusted=("aim",)):
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
    for step in catalog.progressions:
        for slug in (step.easier, step.harder):
            if slug not in shipped:
                raise ValidationError(UNKNOWN_EXERCISE.format(slug=slug))
        easier, harder = shipped[step.easier], shipped[step.harder]
        edge = edges.pop((easier.pk, harder.pk), None) or Progression(easier=easier, harder=harder)
        position = positions[step.easier] = positions.get(step.easier, -1) + 1
        fields = {"criterion": step.criterion, "position": position}
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
