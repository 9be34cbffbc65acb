"""The printable handout: the active programme only, in order, for the client to take home."""

import pytest
import time_machine

from exercises.services import prescription_stop
from tests.factories import PrescriptionFactory


@pytest.fixture
def programme(ana):
    bridge = PrescriptionFactory(
        client=ana,
        exercise__name="Glute bridge",
        exercise__setup="Lie on your back, knees bent, feet flat.",
        exercise__cues=["Breathe out and let the ribs drop.", "Push the floor away."],
        exercise__faults=["The low back arches."],
        note="Stop if the back hurts.",
    )
    stopped = PrescriptionFactory(client=ana, exercise__name="Pelvic drop")
    prescription_stop(prescription=stopped)
    clam = PrescriptionFactory(
        client=ana, exercise__name="Clam shell", reps=None, hold_to_fatigue=True
    )
    return bridge, clam


@time_machine.travel("2026-11-22 10:00 +0000", tick=False)
def test_the_handout_lists_the_active_exercises_in_order_with_the_clinics_name(
    alice_http, ana, programme
):
    response = alice_http.get(f"/clients/{ana.pk}/programme/handout/")
    body = response.content.decode()
    assert "Northside Physio" in body
    assert "<h1>Home exercises for Ana Souza</h1>" in body
    assert '<time datetime="2026-11-22">22 November 2026</time>' in body
    assert body.index("Glute bridge") < body.index("Clam shell")
    assert "Pelvic drop" not in body
    assert "Lie on your back, knees bent, feet flat." in body
    assert "<li>Breathe out and let the ribs drop.</li>" in body
    assert "<li>The low back arches.</li>" in body
    assert "Stop if the back hurts." in body
    assert "Hold to fatigue: keep the position until the muscles tire" in body


def test_the_handout_has_no_app_navigation_and_its_own_print_stylesheet(alice_http, ana, programme):
    body = alice_http.get(f"/clients/{ana.pk}/programme/handout/").content.decode()
    assert "<nav" not in body and "site-header" not in body and "Log out" not in body
    assert '<link rel="stylesheet" href="/static/css/handout-print.css" media="print">' in body
    assert "<script" not in body and "style=" not in body


def test_the_handout_is_never_cached(alice_http, ana, programme):
    response = alice_http.get(f"/clients/{ana.pk}/programme/handout/")
    assert "no-store" in response["Cache-Control"]


def test_an_empty_programme_says_so(alice_http, ana):
    body = alice_http.get(f"/clients/{ana.pk}/programme/handout/").content.decode()
    assert "There are no exercises in the programme yet." in body


def test_a_read_only_colleague_can_print_it(bob_http, ana, programme):
    response = bob_http.get(f"/clients/{ana.pk}/programme/handout/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Glute bridge" in body and "Push the floor away." in body
    assert "Pelvic drop" not in body


@pytest.mark.parametrize("count", [3, 20])
def test_the_handout_runs_a_fixed_number_of_queries(
    alice_http, ana, django_assert_num_queries, count
):
    PrescriptionFactory.create_batch(count, client=ana)
    # session, user, membership, client with its clinic, the access audit row, the
    # prescriptions with their exercises
    with django_assert_num_queries(6):
        response = alice_http.get(f"/clients/{ana.pk}/programme/handout/")
    assert response.content.decode().count('class="handout-exercise"') == count
