"""Reordering and stopping: the active programme stays numbered 0, 1, 2, … in the order shown."""

import pytest
from django.core.exceptions import ValidationError

from exercises.models import Prescription
from exercises.services import prescription_move, prescription_stop
from tests.factories import PrescriptionFactory


@pytest.fixture
def three(ana, northside):
    return [
        PrescriptionFactory(client=ana, exercise__clinic=northside, exercise__name=name)
        for name in ("Clam shell", "Glute bridge", "Side-lying abduction")
    ]


def order(client) -> list[tuple[str, int]]:
    rows = Prescription.objects.filter(client=client, status="active").order_by("position")
    return list(rows.values_list("exercise__name", "position"))


def test_moving_down_swaps_with_the_next_one(alice_http, ana, three):
    response = alice_http.post(f"/prescriptions/{three[0].pk}/move/", {"direction": "down"})
    assert response.status_code == 302
    assert order(ana) == [("Glute bridge", 0), ("Clam shell", 1), ("Side-lying abduction", 2)]


def test_moving_up_with_htmx_returns_the_programme_in_its_new_order(alice_http, ana, three):
    response = alice_http.post(
        f"/prescriptions/{three[2].pk}/move/", {"direction": "up"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "<html" not in body
    assert body.index("Side-lying abduction") < body.index("Glute bridge")
    assert order(ana) == [("Clam shell", 0), ("Side-lying abduction", 1), ("Glute bridge", 2)]


def test_moving_past_either_end_changes_nothing(ana, three):
    prescription_move(prescription=three[0], direction="up")
    prescription_move(prescription=three[2], direction="down")
    assert [p for _, p in order(ana)] == [0, 1, 2]
    assert order(ana)[0][0] == "Clam shell"


def test_a_garbage_direction_is_a_clear_message(alice_http, ana, three):
    response = alice_http.post(
        f"/prescriptions/{three[0].pk}/move/",
        {"direction": "sideways"},
        headers={"HX-Request": "true"},
    )
    assert "Choose whether to move the exercise up or down." in response.content.decode()
    assert [p for _, p in order(ana)] == [0, 1, 2]


def test_stopping_moves_the_exercise_to_the_history_and_closes_the_gap(alice_http, ana, three):
    response = alice_http.post(
        f"/prescriptions/{three[1].pk}/stop/", headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "Stopped Glute bridge: it is in the history below." in body
    three[1].refresh_from_db()
    assert three[1].status == "stopped" and three[1].ended_at is not None
    assert order(ana) == [("Clam shell", 0), ("Side-lying abduction", 1)]
    history = body[body.index('id="history-title"') :]
    assert "Glute bridge" in history and "Stopped on" in history


def test_a_stopped_exercise_cannot_be_stopped_moved_or_edited_again(three):
    prescription_stop(prescription=three[0])
    for change in (
        lambda: prescription_stop(prescription=three[0]),
        lambda: prescription_move(prescription=three[0], direction="down"),
    ):
        with pytest.raises(ValidationError, match="Clam shell is no longer in the programme"):
            change()


def test_the_stopped_exercise_can_be_added_again(alice_http, ana, three):
    prescription_stop(prescription=three[0])
    alice_http.post(f"/clients/{ana.pk}/programme/add/", {"exercise": three[0].exercise_id})
    assert order(ana)[-1] == ("Clam shell", 2)
