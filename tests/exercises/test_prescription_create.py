"""Adding an exercise to a client's programme from the picker."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from clinic.models import Client
from exercises.models import Prescription
from exercises.services import prescription_create
from tests.factories import ClientFactory, ExerciseFactory, PrescriptionFactory


def add(http, client, exercise, **headers):
    return http.post(
        f"/clients/{client.pk}/programme/add/", {"exercise": exercise.pk}, headers=headers
    )


def test_an_added_exercise_starts_from_its_default_dose_at_the_end(alice, alice_http, ana):
    first = PrescriptionFactory(client=ana)
    exercise = ExerciseFactory(clinic=ana.clinic, sets=2, reps=None, hold_to_fatigue=True)
    response = add(alice_http, ana, exercise)
    assert response.status_code == 302
    added = Prescription.objects.get(exercise=exercise)
    assert (added.sets, added.reps, added.hold_seconds, added.hold_to_fatigue) == (
        2,
        None,
        None,
        True,
    )
    assert (added.frequency_times, added.frequency_unit) == (1, "day")
    assert added.position == first.position + 1 == 1
    assert added.status == "active" and added.ended_at is None
    assert added.prescribed_by == alice.user


def test_a_shipped_exercise_can_be_added(alice_http, ana):
    shipped = ExerciseFactory(clinic=None, slug="shipped-bridge", name="Shipped bridge")
    assert add(alice_http, ana, shipped).status_code == 302
    assert ana.prescriptions.get().exercise == shipped


def test_with_htmx_the_programme_comes_back_and_the_picker_is_told(alice_http, ana):
    exercise = ExerciseFactory(clinic=ana.clinic, name="Clam shell")
    response = add(alice_http, ana, exercise, **{"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body
    assert body.lstrip().startswith('<section id="programme"')
    assert "Added Clam shell to the programme." in body
    assert json.loads(response["HX-Trigger"]) == {"programme-changed": {}}


def test_adding_does_not_count_as_a_visit(alice_http, ana):
    add(alice_http, ana, ExerciseFactory(clinic=ana.clinic))
    ana.refresh_from_db()
    assert ana.last_seen_at is None


def test_an_exercise_already_in_the_programme_is_not_added_twice(alice_http, ana):
    existing = PrescriptionFactory(client=ana, exercise__name="Glute bridge")
    response = add(alice_http, ana, existing.exercise, **{"HX-Request": "true"})
    assert "Glute bridge is already in the programme." in response.content.decode()
    assert ana.prescriptions.count() == 1


@pytest.mark.parametrize("status", ["archived", "discharged"])
def test_an_archived_or_discharged_client_gets_no_new_exercise(alice_http, ana, status):
    changes = {"archived_at": timezone.now()}
    if status == "discharged":
        changes = {"status": "discharged", "discharged_at": timezone.now()}
    Client.objects.filter(pk=ana.pk).update(**changes)
    response = add(alice_http, ana, ExerciseFactory(clinic=ana.clinic))
    assert response.status_code == 302
    assert Prescription.objects.count() == 0
    page = alice_http.get(response["Location"]).content.decode()
    assert f"Ana Souza is {status}" in page


def test_the_service_refuses_an_archived_client_with_a_clear_message(alice, ana):
    Client.objects.filter(pk=ana.pk).update(archived_at=timezone.now())
    with pytest.raises(ValidationError, match="Ana Souza is archived: restore the record"):
        prescription_create(client=ana, exercise=ExerciseFactory(), prescribed_by=alice.user)


def test_a_retired_exercise_is_not_added(alice_http, ana):
    retired = ExerciseFactory(clinic=ana.clinic, name="Old drill", retired_at=timezone.now())
    response = add(alice_http, ana, retired, **{"HX-Request": "true"})
    assert "Old drill is retired" in response.content.decode()
    assert Prescription.objects.count() == 0


def test_another_clinics_exercise_is_not_found(alice_http, ana, southside):
    theirs = ExerciseFactory(clinic=southside)
    assert add(alice_http, ana, theirs).status_code == 404
    assert Prescription.objects.count() == 0


def test_another_clinics_client_is_not_found(alice_http, southside):
    theirs = ClientFactory(clinic=southside)
    shipped = ExerciseFactory(clinic=None, slug="shipped", name="Shipped")
    assert add(alice_http, theirs, shipped).status_code == 404
    assert Prescription.objects.count() == 0


def test_the_clinic_and_the_client_come_from_the_url_never_the_form(alice_http, ana, southside):
    exercise = ExerciseFactory(clinic=ana.clinic)
    other = ClientFactory(clinic=southside)
    alice_http.post(
        f"/clients/{ana.pk}/programme/add/",
        {"exercise": exercise.pk, "client": other.pk, "status": "stopped", "position": 9},
    )
    added = Prescription.objects.get()
    assert (added.client, added.status, added.position) == (ana, "active", 0)


@pytest.mark.parametrize("value", ["", "abc", "-1", "1e99", "99999999999999999999"])
def test_a_garbage_exercise_id_is_a_clear_message(alice_http, ana, value):
    response = alice_http.post(
        f"/clients/{ana.pk}/programme/add/", {"exercise": value}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "Choose an exercise to add." in response.content.decode()
