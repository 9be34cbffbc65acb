"""Loading the shipped catalog: idempotent, authoritative for shipped rows, blind to clinics'."""

import dataclasses
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from exercises.catalog import CATALOG, ProgressionData
from exercises.models import Aim, Exercise, Progression
from exercises.services import catalog_load
from tests.exercises.conftest import shipped
from tests.factories import ExerciseFactory


def snapshot() -> dict:
    return {
        "exercises": dict(Exercise.objects.values_list("pk", "updated_at")),
        "aims": list(Aim.objects.values_list("pk", "slug", "name", "position")),
        "ladder": list(Progression.objects.values_list("pk", "criterion", "position")),
    }


@pytest.fixture
def no_catalog(db) -> None:
    """The database as `migrate` leaves it, before the first load: no shipped exercise or aim."""
    Exercise.objects.filter(clinic__isnull=True).delete()  # their ladder steps go with them
    Aim.objects.all().delete()


def with_exercise(slug: str, **changes):
    exercises = tuple(
        dataclasses.replace(e, **changes) if e.slug == slug else e for e in CATALOG.exercises
    )
    return dataclasses.replace(CATALOG, exercises=exercises)


def test_loading_the_catalog_twice_changes_nothing(catalog):
    before = snapshot()
    again = catalog_load()
    assert (again.created, again.updated, again.progressions_changed) == (0, 0, 0)
    assert again.unchanged == len(CATALOG.exercises)
    assert not again.changed
    assert snapshot() == before


def test_a_changed_cue_in_the_data_updates_only_that_exercise(catalog):
    bridge = shipped("glute-bridge")
    data = next(e for e in CATALOG.exercises if e.slug == "glute-bridge")
    cues = ("Breathe out and draw the ribs down.", *data.cues[1:])
    result = catalog_load(catalog=with_exercise("glute-bridge", cues=cues))
    assert (result.created, result.updated) == (0, 1)
    bridge.refresh_from_db()
    assert bridge.cues == list(cues)
    assert Exercise.objects.count() == len(CATALOG.exercises)


def test_a_shipped_row_edited_by_hand_is_put_back_by_the_next_load(catalog):
    Exercise.objects.filter(slug="fire-hydrant").update(tier=3, cues=["Something else."])
    assert catalog_load().updated == 1
    hydrant = shipped("fire-hydrant")
    assert hydrant.tier == 1
    assert hydrant.cues[0] == "Push the floor away so the upper back does not sag."


def test_loading_never_touches_a_clinics_own_exercises(northside):
    own = ExerciseFactory(
        clinic=northside, name="Glute bridge", slug="glute-bridge", cues=["Our own cue."]
    )
    catalog_load()
    catalog_load(catalog=with_exercise("glute-bridge", cues=("A new shipped cue.",)))
    stored = Exercise.objects.get(pk=own.pk)
    assert (stored.name, stored.cues, stored.updated_at) == (
        "Glute bridge",
        ["Our own cue."],
        own.updated_at,
    )
    assert Exercise.objects.filter(name="Glute bridge").count() == 2


def test_a_ladder_step_dropped_from_the_data_is_removed(catalog):
    fewer = dataclasses.replace(CATALOG, progressions=CATALOG.progressions[1:])
    assert catalog_load(catalog=fewer).progressions_changed == 1
    assert not Progression.objects.filter(
        easier__slug="clam-shell", harder__slug="side-plank-clam"
    ).exists()
    assert catalog_load().progressions_changed == 1


def test_a_ladder_that_names_an_unknown_exercise_is_refused_and_nothing_is_saved(no_catalog):
    broken = dataclasses.replace(
        CATALOG,
        progressions=(*CATALOG.progressions, ProgressionData("glute-bridge", "moonwalk", "Never.")),
    )
    with pytest.raises(ValidationError, match="moonwalk"):
        catalog_load(catalog=broken)
    assert not Exercise.objects.exists()
    assert not Aim.objects.exists()


def run_load_catalog() -> str:
    out = StringIO()
    call_command("load_catalog", stdout=out)
    return out.getvalue()


def test_the_load_catalog_command_loads_once_and_then_reports_no_change(no_catalog):
    first = run_load_catalog()
    assert f"{len(CATALOG.exercises)} added, 0 updated" in first
    second = run_load_catalog()
    assert f"0 added, 0 updated, {len(CATALOG.exercises)} unchanged, 0 ladder steps" in second
    assert Exercise.objects.count() == len(CATALOG.exercises)
