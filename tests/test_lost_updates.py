"""A hundred saves of one record from one version, at once: exactly one wins, the 99 others are
refused (409) with the record left as the winner saved it, and nothing acknowledged is lost.

Each save goes through HTTP as a browser sends it, from a thread of its own with its own
database connection; the threads are released together (tests/concurrency.py).
"""

import re
from html import unescape

import pytest

from assessments import services
from assessments.models import Finding, Reflection, TestSet
from exercises.models import Prescription
from tests.concurrency import run_at_once, same_browser
from tests.factories import (
    ClientFactory,
    ClinicFactory,
    MembershipFactory,
    PrescriptionFactory,
    signed_in,
)

SAVES = 100
HTMX = {"HX-Request": "true"}

pytestmark = pytest.mark.django_db(transaction=True)


def hidden(html: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, value in re.findall(
        r'<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?', html
    ):
        found.setdefault(name, []).append(unescape(value or ""))
    found.pop("csrfmiddlewaretoken", None)
    # A hundred different edits: a page gives each its own key (tests/test_edit_repeats.py).
    found.pop("edit_key", None)
    return found


@pytest.fixture
def clinic_http():
    """A clinician signed in, a client of hers and a baseline of the glute bridge."""
    membership = MembershipFactory(clinic=ClinicFactory())
    client = ClientFactory(clinic=membership.clinic)
    http = signed_in(membership.user)
    screen = TestSet.objects.get(slug="glute-low-back-screen", clinic__isnull=True)
    bridge = screen.items.get(test__slug="glute-bridge").test
    baseline = services.assessment_create_baseline(
        client=client, clinician=membership.user, tests=[bridge]
    )
    return http, membership, client, baseline


def outcome(response) -> str:
    if isinstance(response, BaseException):
        return f"error: {response!r}"
    return str(response.status_code)


def one_winner(responses: list) -> int:
    """The index of the one save that won; every other was refused with 409."""
    codes = [outcome(r) for r in responses]
    assert sorted(set(codes)) == ["200" if "200" in codes else "302", "409"], set(codes)
    winners = [n for n, code in enumerate(codes) if code in ("200", "302")]
    assert len(winners) == 1 and codes.count("409") == SAVES - 1, codes
    return winners[0]


def test_a_hundred_saves_of_one_finding_from_one_version_have_one_winner(clinic_http):
    http, _, _, baseline = clinic_http
    item = baseline.items.select_related("test", "assessment").get()
    services.finding_save(item=item, side="none", grade=0, pain=6)
    url = f"/assessments/{baseline.pk}/findings/{item.test_id}/none/"
    prefix = f"f{item.test_id}-none"
    page = http.get(f"/assessments/{baseline.pk}/").content.decode()
    opened = hidden(re.search(rf'<form id="finding-{item.test_id}-none".*?</form>', page, re.S)[0])
    row = opened | {f"{prefix}-grade": "0", f"{prefix}-pain": "6"}

    responses = run_at_once(
        SAVES,
        lambda n: same_browser(http).post(url, row | {f"{prefix}-note": f"take {n}"}, headers=HTMX),
    )

    winner = one_winner(responses)
    stored = Finding.objects.get(assessment=baseline)
    assert (stored.note, stored.version) == (f"take {winner}", 2)
    assert "✓ Saved" in responses[winner].content.decode()
    for n, response in enumerate(responses):
        if n != winner:
            body = response.content.decode()
            assert f'value="take {n}"' in body  # what each one typed is kept in its row
            assert f"Changed to “take {winner}” since you opened it" in body


def test_a_hundred_saves_of_one_reflection_from_one_version_have_one_winner(clinic_http):
    http, membership, _, baseline = clinic_http
    retest = services.assessment_create_retest(baseline=baseline, clinician=membership.user)
    services.reflection_save(round_=retest, author=membership.user, why="")
    page = http.get(f"/assessments/{baseline.pk}/report/").content.decode()
    opened = hidden(re.search(rf'<div id="reflection-{retest.pk}".*?</form>', page, re.S)[0])
    url = f"/assessments/{retest.pk}/reflection/"

    responses = run_at_once(
        SAVES,
        lambda n: same_browser(http).post(
            url, opened | {"expected": "", "why": f"reading {n}", "next_step": ""}, headers=HTMX
        ),
    )

    winner = one_winner(responses)
    stored = Reflection.objects.get(round=retest)
    assert (stored.why, stored.version) == (f"reading {winner}", 2)


def test_a_hundred_first_saves_of_one_retests_reflection_have_one_winner(clinic_http):
    http, membership, _, baseline = clinic_http
    retest = services.assessment_create_retest(baseline=baseline, clinician=membership.user)
    page = http.get(f"/assessments/{baseline.pk}/report/").content.decode()
    opened = hidden(re.search(rf'<div id="reflection-{retest.pk}".*?</form>', page, re.S)[0])
    assert opened["version"] == ["0"]  # none written yet: every save is a first one
    url = f"/assessments/{retest.pk}/reflection/"

    responses = run_at_once(
        SAVES,
        lambda n: same_browser(http).post(
            url, opened | {"expected": "", "why": f"reading {n}", "next_step": ""}, headers=HTMX
        ),
    )

    winner = one_winner(responses)
    stored = Reflection.objects.get(round=retest)
    assert (stored.why, stored.version) == (f"reading {winner}", 1)


def test_a_hundred_saves_of_one_dose_from_one_version_have_one_winner(clinic_http):
    http, membership, client, _ = clinic_http
    prescription = PrescriptionFactory(client=client, exercise__clinic=membership.clinic)
    page = http.get(f"/prescriptions/{prescription.pk}/edit/").content.decode()
    opened = hidden(page)
    dose = {
        "sets": str(prescription.sets or ""),
        "reps": str(prescription.reps or ""),
        "hold_seconds": "",
        "load": "",
        "frequency_times": "1",
        "frequency_unit": "day",
    }
    url = f"/prescriptions/{prescription.pk}/edit/"

    responses = run_at_once(
        SAVES,
        lambda n: same_browser(http).post(url, opened | dose | {"note": f"note {n}"}),
    )

    winner = one_winner(responses)
    stored = Prescription.objects.get(pk=prescription.pk)
    assert (stored.note, stored.version) == (f"note {winner}", 2)


def test_a_hundred_saves_of_different_fields_of_one_finding_all_land(clinic_http):
    """The other half of the rule: saves of fields nobody else changed merge, none is lost."""
    http, _, _, baseline = clinic_http
    item = baseline.items.select_related("test", "assessment").get()
    url = f"/assessments/{baseline.pk}/findings/{item.test_id}/none/"
    prefix = f"f{item.test_id}-none"
    page = http.get(f"/assessments/{baseline.pk}/").content.decode()
    opened = hidden(re.search(rf'<form id="finding-{item.test_id}-none".*?</form>', page, re.S)[0])
    # Three saves from the empty row, each of one field: the grade, the pain, the note.
    changes = [{f"{prefix}-grade": "1"}, {f"{prefix}-pain": "3"}, {f"{prefix}-note": "slow"}]

    responses = run_at_once(
        3, lambda n: same_browser(http).post(url, opened | changes[n], headers=HTMX)
    )

    assert [outcome(r) for r in responses] == ["200"] * 3
    stored = Finding.objects.get(assessment=baseline)
    assert (stored.grade, stored.pain, stored.note, stored.version) == (1, 3, "slow", 3)
