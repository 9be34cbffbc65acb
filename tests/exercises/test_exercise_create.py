"""GET/POST /exercises/new/: a clinic adds its own exercise."""

import pytest

from exercises.dose import DOSE_MISSING, HOLD_EITHER, HOLD_RANGE, REPS_RANGE, SETS_RANGE
from exercises.models import NAME_TAKEN_CLINIC, Exercise
from tests.exercises.conftest import aim

VALID = {
    "name": "Banded bridge march",
    "aim": None,  # filled in by `form_data`, once the catalog's aims exist
    "tier": "1",
    "purpose": "Bridge with alternating marches against a band.",
    "muscles": ["gluteus_maximus", "abdominals"],
    "pattern": "Hip extension with alternating hip flexion",
    "equipment": ["band"],
    "setup": "Bridge position, band above the knees.",
    # Blank lines and stray spaces, as a textarea sends them, are tidied away.
    "cues": "Lift into the bridge.\r\n\r\n  March one knee up, keep the pelvis level. \r\n"
    "Alternate.",
    "faults": "The pelvis drops on the marching side.",
    "sets": "3",
    "reps": "8",
    "hold_seconds": "",
    "per_side": "on",
    "video_url": "",
}


def form_data(**changes) -> dict:
    return {**VALID, "aim": aim("glute-activation").pk, **changes}


def test_a_clinician_adds_an_exercise_to_her_clinic(catalog, alice_http, northside):
    response = alice_http.post("/exercises/new/", form_data())
    exercise = Exercise.objects.get(name="Banded bridge march")
    assert response.status_code == 302
    assert response["Location"] == f"/exercises/{exercise.pk}/"
    assert exercise.clinic == northside
    assert exercise.cues == [
        "Lift into the bridge.",
        "March one knee up, keep the pelvis level.",
        "Alternate.",
    ]
    assert exercise.muscles == ["gluteus_maximus", "abdominals"]
    assert (exercise.sets, exercise.reps, exercise.per_side) == (3, 8, True)
    assert "Added Banded bridge march" in alice_http.get(response["Location"]).content.decode()


def test_the_form_lists_every_field_with_a_label(catalog, alice_http):
    body = alice_http.get("/exercises/new/").content.decode()
    for field in ["name", "aim", "tier", "setup", "cues", "faults", "sets", "reps", "hold_seconds"]:
        assert f'<label for="id_{field}">' in body
    assert "<legend>Target muscles</legend>" in body
    assert 'action="/exercises/new/"' in body


def test_the_clinic_and_slug_come_from_the_login_not_the_form(
    catalog, alice_http, northside, southside
):
    alice_http.post("/exercises/new/", form_data(clinic=southside.pk, slug="glute-bridge"))
    exercise = Exercise.objects.get(name="Banded bridge march")
    assert (exercise.clinic, exercise.slug) == (northside, "")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"sets": "0"}, SETS_RANGE),
        ({"sets": "-2"}, SETS_RANGE),
        ({"sets": "21"}, SETS_RANGE),
        ({"reps": "0"}, REPS_RANGE),
        ({"reps": "501"}, REPS_RANGE),
        ({"reps": "", "hold_seconds": "601"}, HOLD_RANGE),
        ({"hold_seconds": "30", "hold_to_fatigue": "on"}, HOLD_EITHER),
        ({"reps": "", "hold_seconds": ""}, DOSE_MISSING),
        ({"sets": "three"}, "Sets must be a whole number, such as 3."),
        ({"cues": " \r\n "}, "This field is required."),
        ({"tier": "4"}, "Select a valid choice."),
        ({"muscles": ["neck"]}, "Select a valid choice."),
        ({"video_url": "javascript:alert(1)"}, "Enter a valid URL."),
    ],
)
def test_a_bad_dose_or_field_is_explained_and_nothing_is_saved(
    catalog, alice_http, changes, message
):
    response = alice_http.post("/exercises/new/", form_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not Exercise.objects.filter(clinic__isnull=False).exists()


@pytest.mark.parametrize("changes", [{"cues": "Lift\x00into it."}, {"faults": "Pelvis\x00drops."}])
def test_a_nul_character_in_cues_or_faults_is_a_bad_request_and_nothing_is_saved(
    catalog, alice_http, changes
):
    # A form no browser sends is refused as a whole (clinic/lib/request_guard.py).
    assert alice_http.post("/exercises/new/", form_data(**changes)).status_code == 400
    assert not Exercise.objects.filter(clinic__isnull=False).exists()


def test_a_name_the_clinic_already_uses_is_refused_on_the_name_field(
    catalog, alice_http, northside
):
    alice_http.post("/exercises/new/", form_data())
    response = alice_http.post("/exercises/new/", form_data(name="BANDED bridge march"))
    assert 'id="id_name_error"' in response.content.decode()
    assert NAME_TAKEN_CLINIC in response.content.decode()
    assert Exercise.objects.filter(clinic=northside).count() == 1


def test_a_name_used_by_the_shipped_catalog_or_another_clinic_is_allowed(
    catalog, alice_http, charlie_http
):
    charlie_http.post("/exercises/new/", form_data(name="Glute bridge"))
    alice_http.post("/exercises/new/", form_data(name="Glute bridge"))
    assert Exercise.objects.filter(name="Glute bridge").count() == 3


def test_the_create_page_accepts_only_get_and_post(catalog, alice_http):
    assert alice_http.put("/exercises/new/").status_code == 405
