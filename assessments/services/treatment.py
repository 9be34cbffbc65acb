"""Treatment logged between rounds, and the clinician's reflection on a comparison."""

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.models import (
    Assessment,
    AssessmentKind,
    Intervention,
    Reflection,
)
from exercises.models import Exercise

from .common import RETEST_OF_RETEST, refuse_if_archived, refuse_if_voided

EXERCISE_NOT_AVAILABLE = "That exercise is not in your clinic's catalog."


def intervention_log(
    *,
    after_round: Assessment,
    clinician: User,
    exercise: Exercise | None = None,
    sets: int | None = None,
    reps: int | None = None,
    hold_seconds: int | None = None,
    hold_to_fatigue: bool = False,
    load: str = "",
    description: str = "",
    performed_at: datetime.datetime | None = None,
) -> Intervention:
    """Record treatment given after a round: an exercise of the clinic's catalog with its dose,
    or a manual treatment described in words."""
    refuse_if_archived(after_round.client)
    refuse_if_voided(after_round)
    clinic_id = after_round.client.clinic_id
    if exercise is not None and exercise.clinic_id not in (None, clinic_id):
        raise ValidationError({"exercise": EXERCISE_NOT_AVAILABLE})
    intervention = Intervention(
        after_round=after_round,
        clinician=clinician,
        exercise=exercise,
        sets=sets,
        reps=reps,
        hold_seconds=hold_seconds,
        hold_to_fatigue=hold_to_fatigue,
        load=load.strip(),
        description=description.strip(),
        performed_at=performed_at or timezone.now(),
    )
    intervention.full_clean()
    intervention.save()
    return intervention


def intervention_remove(*, intervention: Intervention) -> None:
    """Take back a treatment entry logged by mistake, unless the client is archived or the
    round voided. The entry is marked removed, never deleted: it leaves the round, the report
    and the client's timeline, and its history keeps what it said."""
    refuse_if_archived(intervention.after_round.client)
    refuse_if_voided(intervention.after_round)
    if intervention.removed_at is None:
        intervention.removed_at = timezone.now()
        intervention.save(update_fields=["removed_at"])


def reflection_save(
    *,
    baseline: Assessment,
    author: User,
    expected: str = "",
    why: str = "",
    next_step: str = "",
) -> Reflection:
    """Keep the clinician's reading of the comparison beside the report (one per baseline)."""
    if baseline.kind != AssessmentKind.BASELINE:
        raise ValidationError(RETEST_OF_RETEST)
    refuse_if_archived(baseline.client)
    refuse_if_voided(baseline)
    reflection = Reflection(
        baseline=baseline,
        expected=expected,
        why=why.strip(),
        next_step=next_step.strip(),
        updated_by=author,
    )
    reflection.full_clean(validate_unique=False)
    (saved,) = Reflection.objects.bulk_create(
        [reflection],
        update_conflicts=True,
        unique_fields=["baseline"],
        update_fields=["expected", "why", "next_step", "updated_by", "updated_at"],
    )
    return saved
