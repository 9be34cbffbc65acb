"""Search on the real database: pg_trgm word similarity over unaccented names."""

import pytest

from exercises.selectors import exercise_list
from tests.factories import ExerciseFactory


def names(clinic, query: str) -> list[str]:
    return [e.name for e in exercise_list(clinic=clinic, query=query)]


def test_a_typo_still_finds_fire_hydrant_first(catalog, northside):
    assert names(northside, "hydrent")[:2] == ["Fire hydrant", "Standing fire hydrant"]


def test_bridge_ranks_the_glute_bridge_above_other_bridges(catalog, northside):
    for name in ["Single-leg glute bridge", "Bridge with march", "Marching bridge on a ball"]:
        ExerciseFactory(clinic=northside, name=name)
    found = names(northside, "bridge")
    assert found[0] == "Glute bridge"
    assert set(found) == {
        "Glute bridge",
        "Single-leg glute bridge",
        "Bridge with march",
        "Marching bridge on a ball",
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("hydr", "Fire hydrant"),  # the start of a word
        ("ydra", "Fire hydrant"),  # the middle of one
        ("thrust", "Loaded hip thrust"),
        ("psoas", "Kneeling psoas stretch with dowel"),
        ("pull throug", "Cable pull-through"),
        ("FIRE HYDRANT", "Fire hydrant"),
    ],
)
def test_part_of_a_word_or_any_case_is_enough(catalog, northside, query, expected):
    assert names(northside, query)[0] == expected


def test_partial_words_find_every_exercise_that_contains_them(catalog, northside):
    assert set(names(northside, "thrust")) == {
        "Loaded hip thrust",
        "Hip thruster",
        "Kneeling hip thruster",
        "Single-leg hip thruster",
    }


def test_accents_are_ignored_both_ways(catalog, northside):
    ExerciseFactory(clinic=northside, name="Relevé sur pointes")
    assert names(northside, "releve") == ["Relevé sur pointes"]
    assert names(northside, "clám")[0] == "Clam shell"


@pytest.mark.parametrize("query", ["zebra crossing", "xyz"])
def test_an_unrelated_word_finds_nothing(catalog, northside, query):
    assert names(northside, query) == []


def test_a_shared_syllable_is_not_a_match(catalog, northside):
    assert "Hip thruster" not in names(northside, "hinge")
    assert "Wall hip push" not in names(northside, "pull")


def test_search_never_reaches_another_clinics_exercises(catalog, northside, southside):
    ExerciseFactory(clinic=southside, name="Southside bridge on a ball")
    assert "Southside bridge on a ball" not in names(northside, "bridge")
    assert "Southside bridge on a ball" in names(southside, "bridge")
