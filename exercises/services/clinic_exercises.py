"""A clinic's own exercises: added, edited and retired by the clinic; shipped ones are
read-only."""

import copy
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone

from clinic.lib.versions import Attempt, Current, Edit, Saved, save_edit, update_if_current
from clinic.models import Membership
from exercises.models import NAME_TAKEN_CLINIC, Exercise

SHIPPED_READ_ONLY = "Shipped exercises are read-only. Add your clinic's own exercise instead."


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


def _exercise_now(exercise: Exercise, fields: list[str]) -> Current:
    current = Exercise.objects.select_related("aim", "updated_by").get(pk=exercise.pk)
    values = {name: getattr(current, name) for name in fields}
    return Current(version=current.version, values=values, row=current)


def exercise_update(
    *,
    exercise: Exercise,
    version: int | None = None,
    seen: Mapping[str, Any] | None = None,
    by: User | None = None,
    **fields: Any,
) -> Saved[Exercise]:
    """Change a clinic's own exercise; shipped exercises are read-only.

    `version` is the exercise's when the form was opened and `seen` what it showed: a save
    from an older version merges or raises StaleEdit (clinic/lib/versions.py). Without a
    version the fields given simply replace the stored ones.
    """
    if exercise.is_shipped:
        raise ValidationError(SHIPPED_READ_ONLY)
    names = list(fields)

    def write(attempt: Attempt) -> Exercise | None:
        candidate = copy.copy(exercise)
        for key, value in attempt.values.items():
            setattr(candidate, key, value)
        _check_name_free(exercise=candidate)
        candidate.full_clean()
        candidate.updated_by, candidate.updated_at = by, timezone.now()
        changes = {**attempt.changes, "updated_by": by, "updated_at": candidate.updated_at}
        if not update_if_current(
            Exercise, where={"pk": exercise.pk}, version=attempt.version, changes=changes
        ):
            return None
        candidate.version = attempt.version + 1
        return candidate

    if version is None:
        current = _exercise_now(exercise, names)
        version, seen = current.version, current.values
    return save_edit(
        Edit(version=version, mine=fields, seen=seen),
        write=write,
        read=lambda: _exercise_now(exercise, names),
    )


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
