"""Two clinicians changing the same dose: different numbers merge, the same one is refused."""

import re

import pytest

from exercises.models import Prescription
from tests.exercises.test_prescription_dose import GOOD, edit, opened
from tests.factories import PrescriptionFactory


@pytest.fixture
def prescription(ana, northside):
    return PrescriptionFactory(client=ana, exercise__clinic=northside, sets=3, reps=10)


def test_a_stale_dose_of_the_same_number_is_refused_and_theirs_is_intact(
    alice_http, dana_http, prescription
):
    alice_opened = opened(alice_http, prescription)
    assert edit(dana_http, prescription, reps="12").status_code == 302

    response = edit(
        alice_http, prescription, seen=alice_opened, reps="15", headers={"HX-Request": "true"}
    )

    assert response.status_code == 409
    prescription.refresh_from_db()
    assert prescription.reps == 12
    body = response.content.decode()
    assert "Not saved: this dose was saved by Dana Reyes at" in body
    assert "Changed to “12” since you opened it (it was “10”); last saved by Dana Reyes" in body
    assert 'name="reps" value="15"' in body
    assert "Keep yours: “15”" in body and "Use theirs: “12”" in body


def test_a_stale_dose_of_another_number_is_merged(alice_http, dana_http, prescription):
    alice_opened = opened(alice_http, prescription)
    edit(dana_http, prescription, reps="12")

    response = edit(alice_http, prescription, seen=alice_opened, reps="10", sets="4")

    assert response.status_code == 302
    prescription.refresh_from_db()
    assert (prescription.sets, prescription.reps, prescription.version) == (4, 12, 3)
    page = alice_http.get(response["Location"]).content.decode()
    assert "Saved, keeping the reps as changed meanwhile (last saved by Dana Reyes at" in page


def test_keeping_yours_or_using_theirs_after_a_refusal(alice_http, dana_http, prescription):
    alice_opened = opened(alice_http, prescription)
    edit(dana_http, prescription, reps="12")
    refused = edit(alice_http, prescription, seen=alice_opened, reps="15")
    resend = {
        k: v
        for k, v in zip(*_hidden(refused.content.decode()), strict=True)
        if k != "csrfmiddlewaretoken"
    }
    assert (
        edit(
            alice_http, prescription, seen=resend, reps="15", **{"reps-keep": "theirs"}
        ).status_code
        == 302
    )
    prescription.refresh_from_db()
    assert prescription.reps == 12


def _hidden(html: str) -> tuple[list[str], list[str]]:
    pairs = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html)
    return [name for name, _ in pairs], [value for _, value in pairs]


def test_saving_a_dose_takes_no_more_queries_than_before(
    alice_http, prescription, django_assert_max_num_queries
):
    seen = opened(alice_http, prescription)
    data = {**seen, **GOOD}
    # As many as before versions (59, most of them full_clean's constraint checks, each in a
    # savepoint): the conditional UPDATE took the place of the plain one.
    with django_assert_max_num_queries(59) as captured:
        response = alice_http.post(f"/prescriptions/{prescription.pk}/edit/", data)
    assert response.status_code == 302
    writes = [
        q["sql"] for q in captured.captured_queries if 'UPDATE "exercises_prescription"' in q["sql"]
    ]
    assert len(writes) == 1 and '"version" = "version" + 1' in writes[0]
    assert Prescription.objects.get(pk=prescription.pk).version == 2
