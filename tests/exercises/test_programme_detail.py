"""The programme page: the active exercises in order with their dose, the history, the picker."""

import re

import pytest
from django.utils import timezone

from clinic.models import Client
from exercises.services import prescription_stop
from tests.exercises.conftest import aim, shipped
from tests.factories import ExerciseFactory, PrescriptionFactory


def test_the_programme_shows_each_exercise_in_order_with_its_dose_in_units(alice_http, ana):
    PrescriptionFactory(
        client=ana, exercise__name="Glute bridge", sets=3, reps=10, frequency_times=2
    )
    PrescriptionFactory(
        client=ana,
        exercise__name="Side-lying abduction",
        exercise__per_side=True,
        sets=None,
        reps=None,
        hold_to_fatigue=True,
        frequency_times=3,
        frequency_unit="week",
    )
    PrescriptionFactory(client=ana, exercise__name="Clam shell", reps=None, hold_seconds=30)
    body = alice_http.get(f"/clients/{ana.pk}/programme/").content.decode()
    assert body.index("Glute bridge") < body.index("Side-lying abduction") < body.index("Clam")
    assert '<span class="num">3</span> × <span class="num">10</span> reps' in body
    assert '<span class="num">2</span>× a day' in body
    assert "hold to fatigue · each side" in body
    assert '<span class="num">3</span>× a week' in body
    assert 'hold <span class="num">30</span> s' in body


def test_the_clinician_gets_the_controls_and_a_read_only_colleague_does_not(
    alice_http, bob_http, ana
):
    prescription = PrescriptionFactory(client=ana)
    ExerciseFactory(clinic=ana.clinic, name="Not yet prescribed")
    mine = alice_http.get(f"/clients/{ana.pk}/programme/").content.decode()
    assert f'href="/prescriptions/{prescription.pk}/edit/"' in mine
    assert f'action="/prescriptions/{prescription.pk}/stop/"' in mine
    assert f'action="/clients/{ana.pk}/programme/add/"' in mine
    theirs = bob_http.get(f"/clients/{ana.pk}/programme/").content.decode()
    assert prescription.exercise.name in theirs
    assert "/prescriptions/" not in theirs and "/programme/add/" not in theirs


def test_an_archived_clients_programme_is_shown_without_controls(alice_http, ana):
    PrescriptionFactory(client=ana, exercise__name="Glute bridge")
    Client.objects.filter(pk=ana.pk).update(archived_at=timezone.now())
    body = alice_http.get(f"/clients/{ana.pk}/programme/").content.decode()
    assert "Glute bridge" in body and "This record is archived" in body
    assert "/prescriptions/" not in body and "/programme/add/" not in body


def test_the_history_lists_stopped_exercises_but_not_as_active(alice_http, ana):
    stopped = PrescriptionFactory(client=ana, exercise__name="Pelvic drop")
    prescription_stop(prescription=stopped)
    body = alice_http.get(f"/clients/{ana.pk}/programme/").content.decode()
    assert 'id="prescription-' not in body
    assert "No exercises in the programme yet." in body
    assert "Pelvic drop" in body[body.index('id="history-title"') :]


def test_the_picker_searches_and_filters_by_tier_and_aim(alice_http, ana, catalog):
    url = f"/clients/{ana.pk}/programme/picker/"
    htmx = {"HX-Request": "true"}
    body = alice_http.get(url, {"q": "bridg"}, headers=htmx).content.decode()
    assert "<html" not in body and body.lstrip().startswith('<div id="exercise-picker"')
    assert "Glute bridge" in body and "Clam shell" not in body
    tier_two = alice_http.get(url, {"tier": "2"}, headers=htmx).content.decode()
    assert "Cable pull-through" in tier_two and "Glute bridge" not in tier_two
    glutes = aim("glute-activation")
    by_aim = alice_http.get(url, {"aim": glutes.slug}, headers=htmx).content.decode()
    assert "Clam shell" in by_aim and "Kneeling psoas" not in by_aim


def test_the_picker_marks_what_is_already_in_the_programme(alice_http, ana, catalog):
    PrescriptionFactory(client=ana, exercise=shipped("glute-bridge"))
    body = alice_http.get(
        f"/clients/{ana.pk}/programme/picker/",
        {"q": "glute bridge"},
        headers={"HX-Request": "true"},
    ).content.decode()
    bridge = body[body.index("Glute bridge") :]
    assert bridge.index("In the programme") < bridge.index("</li>")


def test_the_picker_works_without_javascript(alice_http, ana, catalog):
    body = alice_http.get(f"/clients/{ana.pk}/programme/", {"q": "hydrant"}).content.decode()
    assert "<html" in body
    assert "Fire hydrant" in body and "Glute bridge" not in body
    assert 'value="hydrant"' in body


def test_the_picker_hides_other_clinics_exercises(alice_http, ana, southside):
    ExerciseFactory(clinic=southside, name="Southside secret")
    ExerciseFactory(clinic=ana.clinic, name="Northside own")
    body = alice_http.get(f"/clients/{ana.pk}/programme/").content.decode()
    assert "Northside own" in body and "Southside secret" not in body


def test_htmx_gets_the_programme_region_whatever_it_targets(alice_http, ana):
    url = f"/clients/{ana.pk}/programme/"
    for target in ("programme", "exercise-picker"):
        response = alice_http.get(url, headers={"HX-Request": "true", "HX-Target": target})
        body = response.content.decode()
        assert "<html" not in body and body.lstrip().startswith('<section id="programme"')
    assert "HX-Request" in response["Vary"]


def test_the_page_asks_the_pickers_own_address_for_its_results(alice_http, ana, catalog):
    body = alice_http.get(f"/clients/{ana.pk}/programme/").content.decode()
    picker = f'hx-get="/clients/{ana.pk}/programme/picker/"'
    form = re.search(r'<form id="picker-form"[^>]*>', body).group(0)
    assert f'action="/clients/{ana.pk}/programme/"' in form and picker in form
    assert picker in re.search(r'<input type="search"[^>]*>', body).group(0)
    assert picker in re.search(r'<div id="exercise-picker"[^>]*>', body).group(0)


def test_the_pickers_address_is_the_whole_page_without_javascript(alice_http, ana, catalog):
    response = alice_http.get(f"/clients/{ana.pk}/programme/picker/", {"q": "hydrant"})
    body = response.content.decode()
    assert "<html" in body and '<section id="programme"' in body
    assert "Fire hydrant" in body and "Glute bridge" not in body
    assert "HX-Request" in response["Vary"]


def test_the_picker_is_another_clinics_404_and_only_answers_gets(alice_http, charlie_http, ana):
    url = f"/clients/{ana.pk}/programme/picker/"
    assert charlie_http.get(url, headers={"HX-Request": "true"}).status_code == 404
    assert alice_http.post(url, headers={"HX-Request": "true"}).status_code == 405


def test_the_pickers_results_run_a_fixed_number_of_queries(
    alice_http, ana, catalog, django_assert_num_queries
):
    PrescriptionFactory(client=ana, exercise=shipped("glute-bridge"))
    # session, user, membership, client, the access audit row; the picker's aims, its
    # exercises, and the ids already in the programme
    with django_assert_num_queries(8):
        response = alice_http.get(
            f"/clients/{ana.pk}/programme/picker/", headers={"HX-Request": "true"}
        )
    assert response.content.decode().lstrip().startswith('<div id="exercise-picker"')


def test_the_edit_form_is_a_page_without_javascript_and_a_fragment_with_it(alice_http, ana):
    prescription = PrescriptionFactory(client=ana, exercise__name="Glute bridge")
    url = f"/prescriptions/{prescription.pk}/edit/"
    page = alice_http.get(url).content.decode()
    assert "<html" in page and "<h1>Dose of Glute bridge</h1>" in page and "hx-post" not in page
    fragment = alice_http.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and f'hx-post="{url}"' in fragment
    assert f'<label for="dose-{prescription.pk}-sets">Sets</label>' in fragment


@pytest.mark.parametrize("count", [3, 20])
def test_the_programme_page_runs_a_fixed_number_of_queries(
    alice_http, ana, catalog, django_assert_num_queries, count
):
    exercises = list(shipped_exercises(count))
    for exercise in exercises:
        PrescriptionFactory(client=ana, exercise=exercise)
    for old in PrescriptionFactory.create_batch(2, client=ana):
        prescription_stop(prescription=old)
    # session, user, membership, client, the access audit row; active prescriptions with
    # exercises, their steps up, their steps down; the history with what replaced each; the
    # picker's aims, its exercises, and the ids already in the programme; the live phone link
    with django_assert_num_queries(13):
        response = alice_http.get(f"/clients/{ana.pk}/programme/")
    assert response.content.decode().count('class="prescription"') == count


def shipped_exercises(count):
    from exercises.models import Exercise

    return Exercise.objects.filter(clinic__isnull=True).order_by("pk")[:count]
