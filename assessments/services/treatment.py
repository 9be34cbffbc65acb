"""Treatment logged between rounds, and the clinician's reflection on a comparison."""

import datetime
import uuid
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments.models import (
    Assessment,
    AssessmentKind,
    Intervention,
    InterventionKind,
    Reflection,
)
from clinic.lib.versions import (
    Attempt,
    Current,
    Edit,
    Saved,
    insert_if_absent,
    save_edit,
    update_if_current,
)
from exercises.models import Exercise

from .common import refuse_if_archived, refuse_if_voided

EXERCISE_NOT_AVAILABLE = "That exercise is not in your clinic's catalog."
TREATMENT_ONCE = "intervention_submission_once"


def intervention_log(
    *,
    after_round: Assessment,
    clinician: User,
    kind: str = "",
    exercise: Exercise | None = None,
    sets: int | None = None,
    reps: int | None = None,
    hold_seconds: int | None = None,
    hold_to_fatigue: bool = False,
    load: str = "",
    technique: str = "",
    region: str = "",
    duration_minutes: int | None = None,
    response: str = "",
    description: str = "",
    performed_at: datetime.datetime | None = None,
    submission: uuid.UUID | None = None,
) -> Intervention:
    """Record treatment given after a round: an exercise of the clinic's catalog with its dose,
    a manual treatment (technique, region, minutes), or another treatment in words; each with
    the client's response. Without a kind it is an exercise when one is named, else words.

    `submission` names the form that logs it: the same form sent again (a double tap, a retry)
    returns the treatment the first one logged instead of logging it twice.
    """
    refuse_if_archived(after_round.client)
    refuse_if_voided(after_round)
    clinic_id = after_round.client.clinic_id
    if exercise is not None and exercise.clinic_id not in (None, clinic_id):
        raise ValidationError({"exercise": EXERCISE_NOT_AVAILABLE})
    if not kind:
        kind = InterventionKind.EXERCISE if exercise is not None else InterventionKind.OTHER
    intervention = Intervention(
        after_round=after_round,
        clinician=clinician,
        kind=kind,
        exercise=exercise,
        sets=sets,
        reps=reps,
        hold_seconds=hold_seconds,
        hold_to_fatigue=hold_to_fatigue,
        load=load.strip(),
        technique=technique.strip(),
        region=region.strip(),
        duration_minutes=duration_minutes,
        response=response.strip(),
        description=description.strip(),
        performed_at=performed_at or timezone.now(),
        submission=submission,
    )
    # The submission's uniqueness is the database's to settle: two can arrive at once.
    intervention.full_clean(exclude=["submission"])
    try:
        with transaction.atomic():
            intervention.save()
    except IntegrityError as error:
        diag = getattr(error.__cause__, "diag", None)
        if submission is None or getattr(diag, "constraint_name", None) != TREATMENT_ONCE:
            raise
        return Intervention.objects.get(submission=submission, after_round=after_round)
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


REFLECTION_FIELDS = ["expected", "why", "next_step"]
REFLECTION_EMPTY = dict.fromkeys(REFLECTION_FIELDS, "")
REFLECTION_ON_RETEST = (
    "A reflection is written on a retest's comparison: start a retest, then reflect on it."
)


def _reflection_now(round_: Assessment) -> Current:
    found = Reflection.objects.select_related("updated_by").filter(round=round_).first()
    if found is None:
        return Current(version=0, values=REFLECTION_EMPTY)
    values = {name: getattr(found, name) for name in REFLECTION_FIELDS}
    return Current(version=found.version, values=values, row=found)


def reflection_save(
    *,
    round_: Assessment,
    author: User,
    expected: str = "",
    why: str = "",
    next_step: str = "",
    version: int | None = None,
    seen: Mapping[str, Any] | None = None,
) -> Saved[Reflection]:
    """Keep the clinician's reading of one retest's comparison beside the report (one per
    retest). A baseline holds one only when it was written there before reflections were per
    retest (migration 0008): that one can still be corrected, and no new one is started.

    `version` is the reflection's when the form was opened (0: none written yet) and `seen`
    what it showed: an older version merges or raises StaleEdit (see clinic/lib/versions.py).
    Without a version the reflection is simply replaced, for code that owns it (seeding).
    """
    refuse_if_archived(round_.client)
    refuse_if_voided(round_)
    if round_.kind == AssessmentKind.BASELINE and not (
        Reflection.objects.filter(round=round_).exists()
    ):
        raise ValidationError(REFLECTION_ON_RETEST)
    mine = {"expected": expected, "why": why.strip(), "next_step": next_step.strip()}

    def write(attempt: Attempt) -> Reflection | None:
        reflection = Reflection(round=round_, updated_by=author, **attempt.values)
        # The round and the author were just loaded and the CHECK constraints are the
        # choices clean_fields() checks: asking the database again would cost a query each.
        reflection.full_clean(
            exclude=["round", "updated_by"], validate_unique=False, validate_constraints=False
        )
        if attempt.version == 0:
            pk = insert_if_absent(reflection, unique=["round"])
        else:
            reflection.updated_at = timezone.now()
            changes = {
                **attempt.values,
                "updated_by": author,
                "updated_at": reflection.updated_at,
            }
            pk = update_if_current(
                Reflection, where={"round": round_}, version=attempt.version, changes=changes
            )
            reflection.version = attempt.version + 1
        if pk is None:
            return None
        reflection.pk = pk
        return reflection

    if version is None:
        version = _reflection_now(round_).version
    return save_edit(
        Edit(version=version, mine=mine, seen=seen),
        write=write,
        read=lambda: _reflection_now(round_),
    )
