"""Progress and regress along the shipped ladders: bridge → hip thruster or kneeling thruster."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from exercises.models import Prescription
from exercises.services import (
    ProgrammeDose,
    carried_dose,
    prescription_create,
    prescription_progress,
    prescription_regress,
)
from tests.exercises.conftest import shipped
from tests.factories import ExerciseFactory, PrescriptionFactory, ProgressionFactory


@pytest.fixture
def bridge(catalog, alice, ana) -> Prescription:
    """Ana's programme: a clam shell, then the glute bridge (3 × 10, twice a day)."""
    prescription_create(client=ana, exercise=shipped("clam-shell"), prescribed_by=alice.user)
    return prescription_create(
        client=ana,
        exercise=shipped("glute-bridge"),
        prescribed_by=alice.user,
        dose=ProgrammeDose(sets=4, reps=12, load="", frequency_times=2, note="No back pain."),
    )


def progress(http, prescription, to=None, **headers):
    data = {"to": to.pk} if to else {}
    return http.post(f"/prescriptions/{prescription.pk}/progress/", data, headers=headers)


def test_progressing_replaces_the_exercise_in_the_same_place_and_keeps_history(alice_http, bridge):
    thruster = shipped("hip-thruster")
    response = progress(alice_http, bridge, to=thruster)
    assert response.status_code == 302
    bridge.refresh_from_db()
    assert bridge.status == "progressed"
    assert bridge.ended_at >= bridge.started_at
    new = bridge.replaced_by
    assert new.exercise == thruster
    assert new.status == "active" and new.position == bridge.position == 1
    assert new.progressed_from == bridge and new.started_at == bridge.ended_at


def test_the_dose_carries_over_by_the_rule(alice_http, bridge):
    progress(alice_http, bridge, to=shipped("hip-thruster"))
    new = Prescription.objects.get(status="active", exercise__slug="hip-thruster")
    # Sets, frequency and note stay; reps and hold come from the hip thruster's default.
    assert (new.sets, new.frequency_times, new.frequency_unit, new.note) == (
        4,
        2,
        "day",
        "No back pain.",
    )
    assert (new.reps, new.hold_seconds, new.hold_to_fatigue) == (10, None, False)


def test_the_load_is_kept_only_when_the_equipment_matches(ana, northside):
    band_a = ExerciseFactory(clinic=northside, equipment=["band"])
    band_b = ExerciseFactory(clinic=northside, equipment=["band"], reps=15)
    bench = ExerciseFactory(clinic=northside, equipment=["bench"])
    old = PrescriptionFactory(client=ana, exercise=band_a, load="red band")
    assert carried_dose(old=old, new_exercise=band_b).load == "red band"
    assert carried_dose(old=old, new_exercise=band_b).reps == 15
    assert carried_dose(old=old, new_exercise=bench).load == ""


def test_a_hold_to_fatigue_step_does_not_inherit_reps(ana, northside):
    reps = ExerciseFactory(clinic=northside, sets=3, reps=10)
    holds = ExerciseFactory(clinic=northside, sets=None, reps=None, hold_to_fatigue=True)
    old = PrescriptionFactory(client=ana, exercise=reps, sets=2)
    dose = carried_dose(old=old, new_exercise=holds)
    assert (dose.sets, dose.reps, dose.hold_to_fatigue) == (2, None, True)


def test_the_page_offers_both_next_steps_each_with_its_criterion(alice_http, bridge, ana):
    body = alice_http.get(f"/clients/{ana.pk}/programme/").content.decode()
    assert "Progress to Hip thruster" in body
    assert "Progress to Kneeling hip thruster" in body
    assert "Move on when: 3 × 10 felt in the glutes" in body
    assert "Move on when: 3 × 10 with no low-back pain, when the client is not yet ready" in body
    assert "First step on its ladder." in body


def test_the_second_branch_can_be_chosen(alice_http, bridge):
    progress(alice_http, bridge, to=shipped("kneeling-hip-thruster"))
    assert bridge.__class__.objects.get(status="active", position=1).exercise.slug == (
        "kneeling-hip-thruster"
    )


def test_without_a_choice_between_two_steps_the_clinician_is_asked_to_choose(alice_http, bridge):
    response = progress(alice_http, bridge, **{"HX-Request": "true"})
    assert response.status_code == 200
    assert (
        "Glute bridge has more than one next step: choose Hip thruster or Kneeling hip thruster."
        in response.content.decode()
    )
    bridge.refresh_from_db()
    assert bridge.status == "active"


def test_a_single_next_step_is_taken_without_a_choice(alice, bridge):
    thruster = prescription_progress(
        prescription=bridge, prescribed_by=alice.user, to=shipped("hip-thruster")
    )
    single = prescription_progress(prescription=thruster, prescribed_by=alice.user)
    assert single.exercise.slug == "single-leg-hip-thruster"
    # The chain reads back to the bridge.
    assert single.progressed_from.progressed_from == bridge


def test_a_step_off_the_ladder_is_refused(alice_http, bridge):
    response = progress(alice_http, bridge, to=shipped("clam-shell"), **{"HX-Request": "true"})
    assert "Clam shell is not a step from Glute bridge on the ladder." in response.content.decode()


def test_the_last_step_says_so_instead_of_failing(alice, alice_http, catalog, ana):
    top = prescription_create(
        client=ana, exercise=shipped("kettlebell-swing"), prescribed_by=alice.user
    )
    response = progress(alice_http, top, **{"HX-Request": "true"})
    assert response.status_code == 200
    assert "Kettlebell swing is the last step on its ladder" in response.content.decode()
    top.refresh_from_db()
    assert top.status == "active"


def test_the_first_step_says_so_when_regressing(alice_http, bridge):
    response = alice_http.post(f"/prescriptions/{bridge.pk}/regress/")
    assert response.status_code == 302
    page = alice_http.get(response["Location"]).content.decode()
    assert "Glute bridge is the first step on its ladder: there is nothing to regress to." in page


def test_regressing_from_the_middle_goes_back_one_step(alice, alice_http, bridge):
    thruster = prescription_progress(
        prescription=bridge, prescribed_by=alice.user, to=shipped("hip-thruster")
    )
    response = alice_http.post(f"/prescriptions/{thruster.pk}/regress/")
    assert response.status_code == 302
    thruster.refresh_from_db()
    assert thruster.status == "regressed"
    back = thruster.replaced_by
    assert back.exercise.slug == "glute-bridge" and back.position == 1
    assert back.reps == 10 and back.hold_seconds == 3  # the bridge's own default dose


def test_regress_refuses_a_step_the_client_already_does(alice, ana, bridge):
    # The clam shell is already in the programme: the side-plank clam cannot regress onto it.
    side_plank = prescription_create(
        client=ana, exercise=shipped("side-plank-clam"), prescribed_by=alice.user
    )
    with pytest.raises(ValidationError, match="Clam shell is already in the programme"):
        prescription_regress(prescription=side_plank, prescribed_by=alice.user)


def test_a_progressed_prescription_cannot_be_progressed_again(alice, bridge):
    prescription_progress(prescription=bridge, prescribed_by=alice.user, to=shipped("hip-thruster"))
    with pytest.raises(ValidationError, match="Glute bridge is no longer in the programme"):
        prescription_progress(prescription=bridge, prescribed_by=alice.user)


def test_another_clinics_own_step_is_not_offered(alice, ana, northside, southside):
    start = ExerciseFactory(clinic=northside, name="Our start")
    ProgressionFactory(easier=start, harder=ExerciseFactory(clinic=southside, name="Their step"))
    prescription = PrescriptionFactory(client=ana, exercise=start)
    with pytest.raises(ValidationError, match="Our start is the last step on its ladder"):
        prescription_progress(prescription=prescription, prescribed_by=alice.user)


def test_history_lists_what_was_replaced_and_by_what(alice, alice_http, bridge, ana):
    later = timezone.now() + datetime.timedelta(days=1)
    prescription_progress(
        prescription=bridge, prescribed_by=alice.user, to=shipped("hip-thruster"), at=later
    )
    body = alice_http.get(f"/clients/{ana.pk}/programme/").content.decode()
    history = body[body.index('id="history-title"') :]
    assert "Glute bridge" in history and "Progressed to Hip thruster" in history
