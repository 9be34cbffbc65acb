"""The database refuses impossible exercises and ladders even when the forms are bypassed."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from exercises.models import Exercise
from tests.factories import ExerciseFactory, ProgressionFactory

IMPOSSIBLE = {
    "tier 0": {"tier": 0},
    "tier 4": {"tier": 4},
    "no sets": {"sets": 0},
    "30 sets": {"sets": 30},
    "no reps": {"reps": 0},
    "1000 reps": {"reps": 1000},
    "a zero-second hold": {"reps": None, "hold_seconds": 0},
    "an hour-long hold": {"reps": None, "hold_seconds": 3600},
    "seconds and to fatigue": {"hold_seconds": 30, "hold_to_fatigue": True},
    "no dose at all": {"reps": None, "hold_seconds": None, "hold_to_fatigue": False},
    "no cues": {"cues": []},
    "a blank cue": {"cues": ["Ribs down.", ""]},
    "a blank fault": {"faults": [""]},
    "an unknown muscle": {"muscles": ["neck"]},
    "unknown equipment": {"equipment": ["trampoline"]},
    "no name": {"name": ""},
    "no set-up": {"setup": ""},
}


@pytest.mark.parametrize("changes", IMPOSSIBLE.values(), ids=IMPOSSIBLE.keys())
def test_an_impossible_exercise_is_refused_by_the_database_and_by_full_clean(northside, changes):
    exercise = ExerciseFactory(clinic=northside)
    with pytest.raises(IntegrityError), transaction.atomic():
        Exercise.objects.filter(pk=exercise.pk).update(**changes)
    for field, value in changes.items():
        setattr(exercise, field, value)
    with pytest.raises(ValidationError):
        exercise.full_clean()


@pytest.mark.django_db
def test_a_shipped_exercise_needs_a_slug_and_is_never_retired():
    with pytest.raises(IntegrityError), transaction.atomic():
        ExerciseFactory(clinic=None, slug="")
    shipped = ExerciseFactory(clinic=None, slug="bridge")
    with pytest.raises(IntegrityError), transaction.atomic():
        Exercise.objects.filter(pk=shipped.pk).update(retired_at=timezone.now())


@pytest.mark.django_db
def test_names_are_unique_per_owner_whatever_the_case(northside, southside):
    ExerciseFactory(clinic=None, slug="bridge", name="Bridge")
    ExerciseFactory(clinic=northside, name="Bridge")
    ExerciseFactory(clinic=southside, name="Bridge")
    for clinic, slug in ((None, "bridge-2"), (northside, "")):
        with pytest.raises(IntegrityError), transaction.atomic():
            ExerciseFactory(clinic=clinic, slug=slug, name="BRIDGE")
    with pytest.raises(IntegrityError), transaction.atomic():
        ExerciseFactory(clinic=None, slug="bridge", name="Another bridge")


def test_an_exercise_cannot_progress_to_itself_or_twice_to_the_same_one(northside):
    edge = ProgressionFactory(easier__clinic=northside, harder__clinic=northside)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressionFactory(easier=edge.easier, harder=edge.easier)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressionFactory(easier=edge.easier, harder=edge.harder)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressionFactory(easier=edge.harder, harder=edge.easier, criterion="")
