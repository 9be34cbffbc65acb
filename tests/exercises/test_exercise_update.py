"""GET/POST /exercises/<pk>/edit/: a clinic edits its own exercises, never shipped ones."""

import re
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict

from exercises.dose import DOSE_MISSING, HOLD_EITHER
from exercises.forms import ExerciseForm
from exercises.models import NAME_TAKEN_CLINIC
from exercises.services import exercise_update
from tests.exercises.conftest import shipped
from tests.factories import ExerciseFactory


def opened(exercise) -> dict[str, list[str]]:
    """The edit form's hidden inputs as it opens: the exercise's version and what it shows."""
    initial = model_to_dict(exercise, fields=ExerciseForm.Meta.fields)
    html = str(ExerciseForm(initial=initial, version=exercise.version))
    hidden: dict[str, list[str]] = {}
    for name, value in re.findall(
        r'<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?', html
    ):
        hidden.setdefault(name, []).append(unescape(value))
    return hidden


def edit_data(exercise, **changes) -> dict:
    data = opened(exercise) | model_to_dict(exercise, fields=ExerciseForm.Meta.fields)
    data["cues"] = "\n".join(data["cues"])
    data["faults"] = "\n".join(data["faults"])
    data = {key: "" if value is None else value for key, value in data.items()}
    for flag in ("hold_to_fatigue", "per_side"):
        if not data[flag]:
            del data[flag]
    return {**data, **changes}


def test_the_form_opens_filled_in(alice_http, northside):
    own = ExerciseFactory(clinic=northside, name="Wobble board squat", cues=["One.", "Two."])
    body = alice_http.get(f"/exercises/{own.pk}/edit/").content.decode()
    assert 'value="Wobble board squat"' in body
    assert ">\nOne.\nTwo.</textarea>" in body
    assert f'action="/exercises/{own.pk}/retire/"' in body


def test_a_clinician_edits_her_clinics_exercise(alice_http, northside):
    own = ExerciseFactory(clinic=northside, name="Wobble board squat")
    data = edit_data(own, name="Wobble board half squat", cues="Knees soft.\nEyes ahead.")
    response = alice_http.post(f"/exercises/{own.pk}/edit/", data)
    assert response.status_code == 302
    assert response["Location"] == f"/exercises/{own.pk}/"
    own.refresh_from_db()
    assert own.name == "Wobble board half squat"
    assert own.cues == ["Knees soft.", "Eyes ahead."]


def test_a_rejected_edit_keeps_the_stored_exercise_and_the_page_title(alice_http, northside):
    own = ExerciseFactory(clinic=northside, name="Wobble board squat", hold_seconds=None)
    data = edit_data(own, name="Renamed", hold_seconds="20", hold_to_fatigue="on")
    response = alice_http.post(f"/exercises/{own.pk}/edit/", data)
    body = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200
    assert HOLD_EITHER in body
    assert "<h1>Edit Wobble board squat</h1>" in body
    own.refresh_from_db()
    assert own.name == "Wobble board squat"


def test_renaming_onto_another_of_the_clinics_exercises_is_refused(alice_http, northside):
    ExerciseFactory(clinic=northside, name="Step-up")
    own = ExerciseFactory(clinic=northside, name="Step-down variant")
    response = alice_http.post(f"/exercises/{own.pk}/edit/", edit_data(own, name="step-up"))
    assert NAME_TAKEN_CLINIC in response.content.decode().replace("&#x27;", "'")


def test_a_shipped_exercise_cannot_be_edited_and_the_page_says_why(catalog, alice_http):
    bridge = shipped("glute-bridge")
    for response in (
        alice_http.get(f"/exercises/{bridge.pk}/edit/"),
        alice_http.post(f"/exercises/{bridge.pk}/edit/", edit_data(bridge, name="Mine now")),
    ):
        assert response.status_code == 403
        assert "shipped exercises are read-only" in response.content.decode().lower()
    bridge.refresh_from_db()
    assert bridge.name == "Glute bridge"


def test_a_read_only_member_is_refused_a_shipped_exercise_for_being_read_only(catalog, bob_http):
    response = bob_http.post(f"/exercises/{shipped('glute-bridge').pk}/edit/")
    assert response.status_code == 403
    assert b"read-only" in response.content


def test_another_clinics_exercise_is_not_found_and_stays_unchanged(charlie_http, northside):
    own = ExerciseFactory(clinic=northside, name="Northside only")
    response = charlie_http.post(f"/exercises/{own.pk}/edit/", edit_data(own, name="Taken"))
    assert response.status_code == 404
    own.refresh_from_db()
    assert own.name == "Northside only"


def test_the_update_service_refuses_a_shipped_exercise(db):
    shipped_one = ExerciseFactory(clinic=None, slug="bridge", name="Bridge")
    with pytest.raises(ValidationError, match="read-only"):
        exercise_update(exercise=shipped_one, name="Mine now")
    shipped_one.refresh_from_db()
    assert shipped_one.name == "Bridge"


def test_the_update_service_checks_the_whole_exercise(northside):
    own = ExerciseFactory(clinic=northside)
    with pytest.raises(ValidationError) as error:
        exercise_update(exercise=own, reps=None, hold_seconds=None, hold_to_fatigue=False)
    assert DOSE_MISSING in str(error.value)


def test_two_stale_edits_of_an_exercise_merge_or_are_refused(alice_http, dana_http, northside):
    own = ExerciseFactory(clinic=northside, name="Wobble board squat", purpose="")
    alice_form, dana_form = edit_data(own), edit_data(own)
    assert (
        dana_http.post(f"/exercises/{own.pk}/edit/", dana_form | {"purpose": "Balance"}).status_code
        == 302
    )

    merged = alice_http.post(f"/exercises/{own.pk}/edit/", alice_form | {"pattern": "Squat"})
    refused = alice_http.post(f"/exercises/{own.pk}/edit/", alice_form | {"purpose": "Knees"})

    assert (merged.status_code, refused.status_code) == (302, 409)
    own.refresh_from_db()
    assert (own.purpose, own.pattern, own.updated_by.username) == (
        "Balance",
        "Squat",
        "alice@northside.example",
    )
    assert (
        "Changed to “Balance” since you opened it (it was “(empty)”); last saved by you"
        in refused.content.decode()
    )
