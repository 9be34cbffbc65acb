"""GET /exercises/: the catalog list, its filters, search as you type and the htmx fragment."""

import re

import pytest
from django.utils import timezone

from exercises.models import Exercise
from tests.factories import AimFactory, ExerciseFactory


def listed(response) -> list[str]:
    return re.findall(r'<span class="exercise-name">([^<]+)</span>', response.content.decode())


def test_a_member_sees_the_shipped_catalog_and_the_clinics_own_exercises(
    catalog, alice_http, northside, southside
):
    ExerciseFactory(clinic=northside, name="Northside wobble board")
    ExerciseFactory(clinic=northside, name="Northside retired drill", retired_at=timezone.now())
    ExerciseFactory(clinic=southside, name="Southside ladder drill")
    names = listed(alice_http.get("/exercises/"))
    assert len(names) == len(catalog) + 1
    assert "Northside wobble board" in names
    assert "Northside retired drill" not in names
    assert "Southside ladder drill" not in names


def test_without_a_search_the_list_runs_from_tier_one_to_tier_three(catalog, alice_http):
    body = alice_http.get("/exercises/").content.decode()
    tiers = [int(t) for t in re.findall(r'class="tier tier-(\d)"', body)]
    assert tiers == sorted(tiers)
    assert listed(alice_http.get("/exercises/?tier=3")) == [
        "Kettlebell swing",
        "Lateral bound and stick",
        "Split-squat jump",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "tier=1&aim=pelvic-control",
            [
                "Bird dog",
                "Pelvic drops",
                "Pelvic PNF: anterior elevation to posterior depression",
                "Pelvic PNF: posterior elevation to anterior depression",
                "Single-leg ab series",
            ],
        ),
        (
            "equipment=band",
            [
                "Kneeling hip thruster",
                "Prone hip external rotation with band",
                "Banded lateral walk",
            ],
        ),
        ("equipment=kettlebell&tier=3", ["Kettlebell swing"]),
        (
            "muscle=gluteus_medius&tier=2",
            ["Banded lateral walk", "Single-leg Romanian deadlift with kettlebell", "Step-down"],
        ),
        ("equipment=none&aim=sacral-lumbar-extension", ["Prone knee lock-out with press-up"]),
        ("q=hydrant&tier=1&aim=glute-activation", ["Fire hydrant", "Standing fire hydrant"]),
        ("q=hydrant&tier=2", []),
    ],
)
def test_filters_and_search_combine(catalog, alice_http, query, expected):
    assert listed(alice_http.get(f"/exercises/?{query}")) == expected


def test_an_htmx_request_gets_only_the_results_fragment(catalog, alice_http):
    response = alice_http.get("/exercises/?q=hydrent", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert body.strip().startswith('<section id="exercise-table"')
    assert listed(response)[0] == "Fire hydrant"
    assert "HX-Request" in response["Vary"]


def test_a_plain_request_gets_the_whole_page_with_the_filters_filled_in(catalog, alice_http):
    body = alice_http.get("/exercises/?q=hydrent&tier=1").content.decode()
    assert "<html" in body and 'id="exercise-table"' in body
    assert 'value="hydrent"' in body
    assert '<option value="1" selected>' in body
    assert "/static/css/exercises.css" in body


def test_a_history_restore_gets_the_whole_page(catalog, alice_http):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    assert "<html" in alice_http.get("/exercises/?tier=1", headers=headers).content.decode()


def test_the_filters_work_without_javascript_and_push_the_url_with_it(catalog, alice_http):
    body = alice_http.get("/exercises/").content.decode()
    form = re.search(r'<form id="exercise-filters"[^>]*>', body).group(0)
    assert 'method="get"' in form and 'action="/exercises/"' in form
    assert 'hx-get="/exercises/"' in form and 'hx-push-url="true"' in form
    assert 'hx-target="#exercise-table"' in form
    assert re.search(r'<input type="search" name="q"[^>]*hx-trigger="input changed', body)
    assert '<button type="submit"' in body


def test_filters_that_do_not_clean_are_reported_and_ignored(catalog, alice_http):
    response = alice_http.get("/exercises/?tier=9&aim=no-such-aim&q=bridge")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Some filters were not understood" in body
    assert "Select a valid choice" in body
    assert listed(response) == ["Glute bridge"]


def test_the_search_box_collapses_spaces_and_caps_its_length(catalog, alice_http):
    assert listed(alice_http.get("/exercises/?q=++fire+++hydrant++"))[0] == "Fire hydrant"
    too_long = alice_http.get("/exercises/?q=" + "a" * 101)
    assert "Ensure this value has at most 100 characters" in too_long.content.decode()


def test_an_empty_result_offers_the_whole_catalog(catalog, alice_http):
    body = alice_http.get("/exercises/?q=zebra").content.decode()
    assert "No exercise matches" in body
    assert "0 exercises found" in body


def test_the_catalog_is_in_the_navigation(alice_http, db):
    body = alice_http.get("/exercises/").content.decode()
    assert '<a href="/exercises/" aria-current="page">Exercises</a>' in body


# Session, user, membership, the aims for the filter form, then the exercises with their aims.
LIST_QUERIES = 5


@pytest.mark.parametrize("count", [10, 60, 200])
@pytest.mark.parametrize("query", ["", "?q=exercise&tier=1", "?equipment=none&muscle=hamstrings"])
def test_the_list_takes_the_same_queries_however_long_the_catalog(
    alice_http, northside, catalog, django_assert_num_queries, count, query
):
    aims = AimFactory.create_batch(3)
    own = Exercise.objects.bulk_create(
        ExerciseFactory.build(clinic=northside, aim=aims[n % 3], muscles=["hamstrings"])
        for n in range(count)
    )
    with django_assert_num_queries(LIST_QUERIES):
        response = alice_http.get(f"/exercises/{query}")
    # The shipped exercises that match are listed too; every one of the clinic's must be.
    shipped = {exercise.name for exercise in catalog.values()}
    listed_own = [name for name in listed(response) if name not in shipped]
    assert sorted(listed_own) == sorted(exercise.name for exercise in own)
    with django_assert_num_queries(LIST_QUERIES):
        alice_http.get(f"/exercises/{query}", headers={"HX-Request": "true"})


def test_only_a_member_who_can_write_is_offered_to_add_an_exercise(alice_http, bob_http, db):
    add = 'href="/exercises/new/"'
    assert add in alice_http.get("/exercises/").content.decode()
    assert add not in bob_http.get("/exercises/").content.decode()
