"""POST /exercises/<pk>/retire/: a clinic takes its own exercise out of the list."""

import pytest
import time_machine
from django.core.exceptions import ValidationError

from exercises.models import Exercise
from exercises.services import exercise_retire
from tests.exercises.conftest import shipped
from tests.factories import ExerciseFactory


def test_a_retired_exercise_leaves_the_list_but_still_opens(alice_http, northside):
    own = ExerciseFactory(clinic=northside, name="Old drill")
    response = alice_http.post(f"/exercises/{own.pk}/retire/")
    assert response.status_code == 302
    assert response["Location"] == "/exercises/"
    listing = alice_http.get("/exercises/").content.decode()
    assert "Retired Old drill" in listing
    assert '<span class="exercise-name">Old drill</span>' not in listing
    assert "Retired" in alice_http.get(f"/exercises/{own.pk}/").content.decode()


def test_retiring_twice_keeps_the_first_date(alice_http, northside):
    own = ExerciseFactory(clinic=northside)
    with time_machine.travel("2026-03-01 09:00Z", tick=False):
        alice_http.post(f"/exercises/{own.pk}/retire/")
    with time_machine.travel("2026-04-01 09:00Z", tick=False):
        alice_http.post(f"/exercises/{own.pk}/retire/")
    own.refresh_from_db()
    assert own.retired_at.isoformat() == "2026-03-01T09:00:00+00:00"


def test_a_shipped_exercise_cannot_be_retired(catalog, alice_http):
    hydrant = shipped("fire-hydrant")
    response = alice_http.post(f"/exercises/{hydrant.pk}/retire/")
    assert response.status_code == 403
    assert "shipped exercises are read-only" in response.content.decode().lower()
    assert not Exercise.objects.filter(retired_at__isnull=False).exists()


def test_another_clinic_cannot_retire_an_exercise(charlie_http, northside):
    own = ExerciseFactory(clinic=northside)
    assert charlie_http.post(f"/exercises/{own.pk}/retire/").status_code == 404
    own.refresh_from_db()
    assert own.retired_at is None


def test_retiring_takes_a_post(alice_http, northside):
    own = ExerciseFactory(clinic=northside)
    assert alice_http.get(f"/exercises/{own.pk}/retire/").status_code == 405


def test_the_retire_service_refuses_a_shipped_exercise(db):
    shipped_one = ExerciseFactory(clinic=None, slug="bridge")
    with pytest.raises(ValidationError, match="read-only"):
        exercise_retire(exercise=shipped_one)
