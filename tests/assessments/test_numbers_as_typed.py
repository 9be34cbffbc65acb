"""Numbers typed as clinicians type them, through the entry page and the dose forms: a decimal
comma, the test's own unit, and a clear refusal of another unit beside the field."""

import re
from decimal import Decimal
from html import unescape

import pytest

from assessments import services
from assessments.models import Finding, TestDefinition
from exercises.models import Prescription
from tests.assessments.helpers import item_of, post_finding
from tests.assessments.test_test_definition_create import HOP
from tests.factories import PrescriptionFactory

TESTS = [
    "psfs-mean",
    "hip-flexion-rom",
    "single-leg-bridge-reps",
    "side-bridge-hold",
    "odi",
    "nprs-movement",
]


@pytest.fixture
def round_(ana, alice, library):
    return services.assessment_create_baseline(
        client=ana, clinician=alice.user, tests=[library[slug] for slug in TESTS]
    )


def stored(round_, slug: str, side: str = "none") -> Finding:
    return Finding.objects.get(assessment=round_, test__slug=slug, side=side)


TYPED = [
    pytest.param("psfs-mean", "none", "value", "1,5", Decimal("1.5"), id="decimal-comma"),
    pytest.param("psfs-mean", "none", "value", "7,5 points", Decimal("7.5"), id="points"),
    pytest.param("hip-flexion-rom", "left", "value", "95°", Decimal(95), id="degrees-symbol"),
    pytest.param("hip-flexion-rom", "right", "value", "95 deg", Decimal(95), id="deg"),
    pytest.param("single-leg-bridge-reps", "left", "value", "12 reps", Decimal(12), id="reps"),
    pytest.param("side-bridge-hold", "left", "value", "30 s", Decimal(30), id="seconds"),
    pytest.param("side-bridge-hold", "right", "value", "30 sec", Decimal(30), id="sec"),
    pytest.param("odi", "none", "value", "34 %", Decimal(34), id="percent"),
    pytest.param("nprs-movement", "none", "pain", "6/10", 6, id="pain-out-of-ten"),
]


@pytest.mark.parametrize(("slug", "side", "field", "typed", "number"), TYPED)
def test_a_number_typed_with_a_comma_or_its_unit_is_saved(
    alice_http, round_, slug, side, field, typed, number
):
    response = post_finding(alice_http, round_, slug, side, **{field: typed})
    assert "✓ Saved" in response.content.decode()
    assert getattr(stored(round_, slug, side), field) == number


def test_a_wrong_unit_is_refused_beside_the_field_and_what_was_saved_stays(alice_http, round_):
    post_finding(alice_http, round_, "hip-flexion-rom", "left", value="90")
    before = list(Finding.objects.order_by("pk").values())

    response = post_finding(alice_http, round_, "hip-flexion-rom", "left", value="95 cm")

    body = response.content.decode()
    test_pk = item_of(round_, "hip-flexion-rom").test_id
    error_id = f"id_f{test_pk}-left-value_error"
    message = "This is measured in degrees, not cm: type it like 12 or 12°."
    assert "✗ Not saved" in body
    assert f'<p class="field-error" id="{error_id}">{message}</p>' in body
    name = f'name="f{test_pk}-left-value"'
    value_input = next(line for line in body.splitlines() if name in line)
    assert 'value="95 cm"' in value_input and 'aria-invalid="true"' in value_input
    assert list(Finding.objects.order_by("pk").values()) == before
    assert stored(round_, "hip-flexion-rom", "left").value == Decimal(90)


def test_a_thousands_separator_is_refused_with_both_readings(alice_http, round_):
    response = post_finding(alice_http, round_, "psfs-mean", value="1,500")
    body = unescape(response.content.decode())
    assert "“1,500” could be 1.5 or 1500" in body
    assert not Finding.objects.exists()


def test_reps_refuse_a_half_and_their_hint_never_offers_one(alice_http, round_):
    response = post_finding(alice_http, round_, "single-leg-bridge-reps", "left", value="12,5")
    assert "This is recorded in whole numbers, like 12." in response.content.decode()
    response = post_finding(alice_http, round_, "single-leg-bridge-reps", "left", value="twelve")
    body = response.content.decode()
    assert "Type a whole number of reps, like 12." in body and "12.5" not in body
    assert not Finding.objects.exists()


def test_a_test_recorded_to_one_decimal_hints_at_one(alice_http, round_):
    response = post_finding(alice_http, round_, "psfs-mean", value="lots")
    assert "Type a number of points, like 12 or 12.5." in response.content.decode()


def test_every_number_on_the_entry_page_is_typed_text_with_a_keypad(alice_http, round_):
    body = alice_http.get(f"/assessments/{round_.pk}/").content.decode()
    inputs = re.findall(r'<input[^>]*name="f\d+-\w+-(?:value|pain)"[^>]*>', body)
    # Three sided tests on two sides and two unsided ones record a value; some record pain.
    assert len([tag for tag in inputs if "-value" in tag]) == 8
    assert any("-pain" in tag for tag in inputs)
    assert all('type="text"' in tag for tag in inputs)
    assert all('inputmode="decimal"' in tag for tag in inputs if "-value" in tag)
    assert 'type="number"' not in body


def test_an_outsider_cannot_save_a_number_typed_any_way(charlie_http, round_):
    response = post_finding(charlie_http, round_, "psfs-mean", value="1,5")
    assert response.status_code == 404
    assert not Finding.objects.exists()


# The dose fields: treatment in the visit, and the home programme.


def test_treatment_in_the_visit_takes_its_dose_as_typed(alice_http, round_, catalog):
    exercise = next(iter(catalog.values()))
    response = alice_http.post(
        f"/assessments/{round_.pk}/interventions/",
        {"exercise": exercise.pk, "sets": "3 sets", "reps": "12 reps", "hold_seconds": ""},
    )
    assert response.status_code == 302
    logged = round_.interventions.get()
    assert (logged.sets, logged.reps) == (3, 12)


def test_treatment_with_a_wrong_unit_is_refused_beside_the_field(alice_http, round_, catalog):
    exercise = next(iter(catalog.values()))
    response = alice_http.post(
        f"/assessments/{round_.pk}/interventions/",
        {"exercise": exercise.pk, "sets": "3", "hold_seconds": "30 reps"},
    )
    body = response.content.decode()
    assert "This is measured in seconds, not reps: type it like 12 or 12 s." in body
    assert not round_.interventions.exists()


@pytest.fixture
def prescription(ana, northside):
    return PrescriptionFactory(client=ana, exercise__clinic=northside)


def _opened(http, prescription) -> dict[str, list[str]]:
    html = http.get(f"/prescriptions/{prescription.pk}/edit/").content.decode()
    hidden: dict[str, list[str]] = {}
    hidden_inputs = r'<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?'
    for name, value in re.findall(hidden_inputs, html):
        hidden.setdefault(name, []).append(unescape(value))
    hidden.pop("csrfmiddlewaretoken", None)
    return hidden


def test_a_home_programme_dose_is_saved_as_typed(alice_http, prescription):
    data = {
        "sets": "3 sets",
        "reps": "12 reps",
        "hold_seconds": "",
        "load": "",
        "frequency_times": "2 x",
        "frequency_unit": "day",
        "note": "",
    }
    page = alice_http.get(f"/prescriptions/{prescription.pk}/edit/").content.decode()
    assert 'type="number"' not in page
    response = alice_http.post(
        f"/prescriptions/{prescription.pk}/edit/", {**_opened(alice_http, prescription), **data}
    )
    assert response.status_code == 302
    saved = Prescription.objects.get(pk=prescription.pk)
    assert (saved.sets, saved.reps, saved.frequency_times) == (3, 12, 2)


def test_a_home_programme_hold_in_the_wrong_unit_keeps_the_saved_dose(alice_http, prescription):
    before = Prescription.objects.values().get(pk=prescription.pk)
    data = {"sets": "3", "reps": "", "hold_seconds": "30 kg", "frequency_times": "1"}
    data |= {"frequency_unit": "day", "load": "", "note": ""}
    response = alice_http.post(
        f"/prescriptions/{prescription.pk}/edit/", {**_opened(alice_http, prescription), **data}
    )
    body = response.content.decode()
    assert f'id="dose-{prescription.pk}-hold_seconds_error"' in body
    assert "This is measured in seconds, not kg" in body
    assert Prescription.objects.values().get(pk=prescription.pk) == before


def test_a_clinics_own_test_takes_its_figures_with_a_decimal_comma(alice_http, northside):
    figures = {"mcid": "12,5", "mcid_source": "Our audit, 2025.", "value_max": "300,0"}
    response = alice_http.post("/tests/new/", {**HOP, **figures})
    assert response.status_code == 302
    test = TestDefinition.objects.get(clinic__isnull=False)
    assert (test.mcid, test.value_max) == (Decimal("12.5"), Decimal(300))
