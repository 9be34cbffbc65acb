"""What the shipped catalog holds: the glute programme's exercises, their teaching and ladders."""

from collections import Counter
from itertools import pairwise

import pytest

from exercises.catalog import CATALOG
from exercises.models import Aim, Exercise, Progression

# Every exercise of the Tier 1 glute programme, and the pull-through of the in-visit example.
PROGRAMME = [
    "kneeling-psoas-stretch",
    "kneeling-hip-extension-3d",
    "kneeling-innominate-rock",
    "prone-tke-press-up",
    "pelvic-pnf-anterior-elevation",
    "pelvic-pnf-posterior-elevation",
    "pelvic-drop",
    "side-lying-abduction",
    "single-leg-ab-series",
    "glute-set-neutral",
    "glute-set-40-flexion",
    "glute-bridge",
    "prone-leg-extension",
    "prone-external-rotation-band",
    "fire-hydrant",
    "single-leg-hip-thruster",
    "side-plank-clam",
    "bird-dog",
    "standing-fire-hydrant",
    "single-leg-rdl",
    "kneeling-hip-thruster",
    "wall-hip-push",
    "single-leg-squat",
    "cable-pull-through",
]

# The ladders the programme spells out, step by step.
NAMED_LADDERS = [
    ["clam-shell", "side-plank-clam", "fire-hydrant", "standing-fire-hydrant"],
    ["glute-bridge", "hip-thruster", "single-leg-hip-thruster"],
    ["glute-bridge", "kneeling-hip-thruster", "standing-hip-hinge"],
    ["side-lying-abduction", "wall-hip-push"],
]


def edges() -> set[tuple[str, str]]:
    return set(Progression.objects.values_list("easier__slug", "harder__slug"))


def test_the_catalog_ships_each_tier(catalog):
    per_tier = Counter(Exercise.objects.values_list("tier", flat=True))
    assert per_tier == {1: 25, 2: 9, 3: 3}
    assert len(catalog) == 37


def test_every_exercise_of_the_programme_is_shipped(catalog):
    slugs = set(Exercise.objects.filter(clinic__isnull=True).values_list("slug", flat=True))
    assert set(PROGRAMME) <= slugs


def test_the_programme_exercises_are_tier_one_and_the_pull_through_loads_a_hinge(catalog):
    tiers = dict(Exercise.objects.values_list("slug", "tier"))
    assert {tiers[slug] for slug in PROGRAMME if slug != "cable-pull-through"} == {1}
    assert tiers["cable-pull-through"] == 2


@pytest.mark.parametrize("ladder", NAMED_LADDERS, ids=lambda ladder: " → ".join(ladder))
def test_every_ladder_the_programme_names_is_in_the_catalog(catalog, ladder):
    assert set(pairwise(ladder)) <= edges()


def test_every_exercise_has_set_up_cues_faults_and_a_dose(catalog):
    for exercise in Exercise.objects.all():
        texts = [exercise.name, exercise.purpose, exercise.pattern, exercise.setup]
        texts += exercise.cues + exercise.faults
        assert all(text.strip() == text and text for text in texts), exercise.slug
        assert len(exercise.cues) >= 3, exercise.slug
        assert len(exercise.faults) >= 2, exercise.slug
        assert exercise.muscles, exercise.slug
        assert exercise.sets and (
            exercise.reps or exercise.hold_seconds or exercise.hold_to_fatigue
        ), exercise.slug


def test_every_aim_has_exercises_and_pelvic_control_has_tier_one_ones(catalog):
    assert not Aim.objects.filter(exercises__isnull=True).exists()
    assert Aim.objects.count() == 7
    pelvic = Exercise.objects.filter(aim__slug="pelvic-control", tier=1)
    assert pelvic.count() >= 4


def test_every_ladder_leads_beyond_tier_one(catalog):
    tiers = dict(Exercise.objects.values_list("slug", "tier"))
    steps = edges()
    tops = {harder for _, harder in steps} - {easier for easier, _ in steps}
    assert tops
    assert all(tiers[top] >= 2 for top in tops), sorted(t for t in tops if tiers[t] < 2)
    assert {tiers[top] for top in tops} >= {3}


def test_a_progression_never_steps_down_a_tier_and_every_step_has_a_criterion(catalog):
    for edge in Progression.objects.select_related("easier", "harder"):
        assert edge.harder.tier >= edge.easier.tier, str(edge)
        assert edge.criterion.strip(), str(edge)


def test_the_ladders_never_loop_back(catalog):
    steps: dict[str, set[str]] = {}
    for easier, harder in edges():
        steps.setdefault(easier, set()).add(harder)

    def reachable(start: str) -> set[str]:
        seen: set[str] = set()
        todo = [start]
        while todo:
            for nxt in steps.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    assert not [slug for slug in steps if slug in reachable(slug)]


def test_the_catalog_data_names_each_exercise_once():
    slugs = [e.slug for e in CATALOG.exercises]
    names = [e.name.lower() for e in CATALOG.exercises]
    assert len(set(slugs)) == len(slugs)
    assert len(set(names)) == len(names)
    known = set(slugs)
    assert all({p.easier, p.harder} <= known for p in CATALOG.progressions)
