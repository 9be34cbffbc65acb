"""A clinic's own exercises: added, edited and retired by the clinic; shipped ones are
read-only."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

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
