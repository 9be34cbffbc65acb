"""A prescription's dose: the form's field messages, the service's checks, the database's."""

import re
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from exercises.models import Prescription
from exercises.services import ProgrammeDose, prescription_update
from tests.factories import PrescriptionFactory

GOOD = {
    "sets": "3",
    "reps": "10",
    "hold_seconds": "",
    "load": "red band",
    "frequency_times": "2",
    "frequency_unit": "day",
    "note": "Slowly on the way down.",
}


@pytest.fixture
def prescription(ana, northside):
    return PrescriptionFactory(client=ana, exercise__clinic=northside)


def opened(http, prescription) -> dict[str, list[str]]:
    """The dose form's hidden inputs as the edit page renders them now: its version and the
    dose it shows."""
    html = http.get(f"/prescriptions/{prescription.pk}/edit/").content.decode()
    hidden: dict[str, list[str]] = {}
    for name, value in re.findall(
        r'<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?', html
    ):
        hidden.setdefault(name, []).append(unescape(value))
    hidden.pop("csrfmiddlewaretoken", None)
    return hidden


def edit(http, prescription, *, seen=None, headers=None, **changes):
    seen = opened(http, prescription) if seen is None else seen
    return http.post(
        f"/prescriptions/{prescription.pk}/edit/", {**seen, **GOOD, **changes}, headers=headers
    )


def test_a_valid_dose_is_saved_and_the_programme_shown(alice_http, prescription):
    response = edit(alice_http, prescription)
    assert response.status_code == 302
    assert response["Location"] == f"/clients/{prescription.client_id}/programme/"
    prescription.refresh_from_db()
    assert (prescription.sets, prescription.reps, prescription.hold_seconds) == (3, 10, None)
    assert prescription.load == "red band"
    assert (prescription.frequency_times, prescription.frequency_unit) == (2, "day")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("sets", "-1", "Sets go from 1 to 20."),
        ("sets", "0", "Sets go from 1 to 20."),
        ("sets", "21", "Sets go from 1 to 20."),
        ("reps", "0", "Reps go from 1 to 500."),
        ("reps", "1000", "Reps go from 1 to 500."),
        ("reps", "99999999999999999999999", "Reps go from 1 to 500."),
        ("reps", "ten", "Reps must be a whole number, such as 3."),
        ("reps", "NaN", "Reps must be a whole number, such as 3."),
        ("reps", "inf", "Reps must be a whole number, such as 3."),
        ("reps", "2.5", "Reps must be a whole number, such as 3."),
        ("hold_seconds", "3600", "A hold lasts from 1 to 600 seconds."),
        ("hold_seconds", "-30", "A hold lasts from 1 to 600 seconds."),
        ("frequency_times", "0", "Give 1 to 6 times a day, or 1 to 14 times a week."),
        ("frequency_times", "7", "Give 1 to 6 times a day, or 1 to 14 times a week."),
        ("frequency_times", "", "This field is required."),
        ("frequency_unit", "fortnight", "Select a valid choice."),
        ("load", "x" * 81, "Ensure this value has at most 80 characters"),
        ("note", "x" * 10_000, "Ensure this value has at most 500 characters"),
    ],
)
def test_a_bad_value_is_refused_beside_its_field(alice_http, prescription, field, value, message):
    before = Prescription.objects.values().get(pk=prescription.pk)
    response = edit(alice_http, prescription, **{field: value})
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="dose-{prescription.pk}-{field}_error"' in body
    assert message in body
    assert Prescription.objects.values().get(pk=prescription.pk) == before


def test_a_hold_in_seconds_and_to_fatigue_together_are_refused(alice_http, prescription):
    response = edit(alice_http, prescription, hold_seconds="30", hold_to_fatigue="on")
    body = response.content.decode()
    assert f'id="dose-{prescription.pk}-hold_seconds_error"' in body
    assert "Give a hold in seconds or tick &#x27;hold to fatigue&#x27;, not both." in body


def test_a_dose_needs_reps_a_hold_or_hold_to_fatigue(alice_http, prescription):
    response = edit(alice_http, prescription, reps="", hold_seconds="")
    body = response.content.decode()
    assert f'id="dose-{prescription.pk}-reps_error"' in body
    assert "Give the dose: reps, a hold in seconds, or &#x27;hold to fatigue&#x27;." in body


def test_fourteen_times_a_week_is_fine_but_not_a_day(alice_http, prescription):
    assert (
        edit(alice_http, prescription, frequency_times="14", frequency_unit="week").status_code
        == 302
    )
    assert (
        edit(alice_http, prescription, frequency_times="14", frequency_unit="day").status_code
        == 200
    )


def test_a_hold_to_fatigue_without_reps_is_a_dose(alice_http, prescription):
    response = edit(alice_http, prescription, reps="", hold_to_fatigue="on")
    assert response.status_code == 302
    prescription.refresh_from_db()
    assert prescription.hold_to_fatigue and prescription.reps is None


def test_a_rejected_edit_keeps_what_was_typed_inline_with_htmx(alice_http, prescription):
    response = alice_http.post(
        f"/prescriptions/{prescription.pk}/edit/",
        {**GOOD, "reps": "501", "note": "Keep this note"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert "<html" not in body
    assert response["HX-Retarget"] == f"#prescription-{prescription.pk}"
    assert response["HX-Reswap"] == "innerHTML"
    assert 'value="501"' in body and "Keep this note" in body


def test_the_service_refuses_an_absurd_dose_without_touching_the_row(prescription):
    with pytest.raises(ValidationError) as caught:
        prescription_update(prescription=prescription, dose=ProgrammeDose(sets=3, reps=5000))
    assert caught.value.message_dict["reps"] == ["Reps go from 1 to 500."]
    prescription.refresh_from_db()
    assert prescription.reps == 10


@pytest.mark.parametrize(
    "change",
    [
        {"sets": 0},
        {"reps": 501},
        {"hold_seconds": 601},
        {"hold_seconds": 30, "hold_to_fatigue": True},
        {"reps": None, "hold_seconds": None, "hold_to_fatigue": False},
        {"frequency_times": 7, "frequency_unit": "day"},
        {"frequency_times": 15, "frequency_unit": "week"},
        {"frequency_unit": "month"},
        {"status": "paused"},
        {"status": "stopped"},
    ],
)
def test_the_database_refuses_what_the_forms_refuse(prescription, change):
    with pytest.raises(IntegrityError), transaction.atomic():
        Prescription.objects.filter(pk=prescription.pk).update(**change)
