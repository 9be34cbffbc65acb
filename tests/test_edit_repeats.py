"""An edit sent again is applied once: a save whose answer was lost is sent again by the page
with the same edit key, and the second copy applies nothing and answers "saved" with the row as
it now is, where it used to be refused as stale (409) because the first copy moved the version.

A key belongs to one login in one clinic: anybody else's is a fresh key for them.
"""

import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from assessments import services
from assessments.models import Finding, Reflection
from clinic.models import AppliedEdit
from exercises.models import Prescription
from tests.assessments.helpers import item_of, opened_row, post_finding
from tests.assessments.test_finding_versions import sync_of
from tests.concurrency import run_at_once, same_browser
from tests.factories import ClientFactory, PrescriptionFactory

HTMX = {"HX-Request": "true"}


@pytest.fixture
def screen(library, ana, alice):
    from assessments.models import TestSet

    test_set = TestSet.objects.get(slug="glute-low-back-screen", clinic__isnull=True)
    tests = [item.test for item in test_set.items.select_related("test")]
    return services.assessment_create_baseline(client=ana, clinician=alice.user, tests=tests)


def keyed(round_, slug: str, key: uuid.UUID, side: str = "none") -> dict[str, list[str]]:
    """The row as the page opened it, with the edit key its form carries."""
    return opened_row(round_, slug, side) | {"edit_key": [str(key)]}


def bridge(round_) -> Finding:
    return Finding.objects.get(assessment=round_, test__slug="glute-bridge")


def test_a_finding_save_sent_again_with_its_key_is_applied_once_and_answers_saved(
    alice_http, screen
):
    opened = keyed(screen, "glute-bridge", uuid.uuid4())
    first = post_finding(alice_http, screen, "glute-bridge", opened=opened, grade="1", pain="5")
    again = post_finding(alice_http, screen, "glute-bridge", opened=opened, grade="1", pain="5")

    assert (first.status_code, again.status_code) == (200, 200)
    assert "✓ Saved" in again.content.decode()
    stored = bridge(screen)
    assert (stored.grade, stored.pain, stored.version) == (1, 5, 1)


def test_without_the_key_the_same_copy_sent_again_is_refused_as_stale(alice_http, screen):
    services.finding_save(item=item_of(screen, "glute-bridge"), side="none", grade=0, pain=6)
    opened = opened_row(screen, "glute-bridge")
    post_finding(alice_http, screen, "glute-bridge", opened=opened, pain="5")
    again = post_finding(alice_http, screen, "glute-bridge", opened=opened, pain="4")

    # Changed again from the version it was opened at: as before, a stale edit.
    assert again.status_code == 409
    assert bridge(screen).pain == 5


def test_a_save_sent_again_answers_with_the_row_as_a_colleague_left_it_since(
    alice_http, dana_http, screen
):
    opened = keyed(screen, "glute-bridge", uuid.uuid4())
    post_finding(alice_http, screen, "glute-bridge", opened=opened, grade="1", pain="5")
    post_finding(dana_http, screen, "glute-bridge", grade="1", pain="5", note="Hamstring cramp")

    again = post_finding(alice_http, screen, "glute-bridge", opened=opened, grade="1", pain="5")

    assert again.status_code == 200
    body = again.content.decode()
    assert "✓ Saved" in body
    note_field = body[body.index('class="finding-field finding-note"') :].split("</div>")[0]
    assert 'hx-swap-oob="outerHTML"' in note_field and "Hamstring cramp" in note_field
    assert (bridge(screen).note, bridge(screen).version) == ("Hamstring cramp", 2)
    # The row answered is the finding at its version now, Dana's note put in its input: the
    # next edit from it saves, and keeps her note.
    onward = post_finding(
        alice_http,
        screen,
        "glute-bridge",
        opened=sync_of(again),
        grade="1",
        pain="4",
        note="Hamstring cramp",
    )
    assert onward.status_code == 200
    assert (bridge(screen).pain, bridge(screen).note) == (4, "Hamstring cramp")


def test_a_refused_save_is_not_remembered_so_its_key_is_tried_again(alice_http, screen):
    opened = keyed(screen, "glute-bridge", uuid.uuid4())
    refused = post_finding(alice_http, screen, "glute-bridge", opened=opened, pain="11")
    assert "✗ Not saved" in refused.content.decode()
    assert not AppliedEdit.objects.exists()

    saved = post_finding(alice_http, screen, "glute-bridge", opened=opened, pain="3")

    assert "✓ Saved" in saved.content.decode()
    assert bridge(screen).pain == 3
    assert AppliedEdit.objects.count() == 1


def test_a_key_that_is_not_a_uuid_saves_as_a_save_without_a_key(alice_http, screen):
    opened = opened_row(screen, "glute-bridge") | {"edit_key": ["not-a-key"]}
    response = post_finding(alice_http, screen, "glute-bridge", opened=opened, pain="3")

    assert response.status_code == 200 and bridge(screen).pain == 3
    assert not AppliedEdit.objects.exists()


def test_another_logins_key_is_a_fresh_key_for_them(alice_http, dana_http, alice, dana, screen):
    key = uuid.uuid4()
    opened = keyed(screen, "glute-bridge", key)
    post_finding(alice_http, screen, "glute-bridge", opened=opened, grade="1", pain="5")
    # Dana's edit of another test, by chance or on purpose under Alice's key.
    opened = keyed(screen, "side-lying-abduction", key, side="left")
    response = post_finding(
        dana_http, screen, "side-lying-abduction", "left", opened=opened, value="25", grade="1"
    )

    assert response.status_code == 200
    assert "✓ Saved" in response.content.decode()
    abduction = Finding.objects.get(assessment=screen, test__slug="side-lying-abduction")
    assert (abduction.value, abduction.updated_by) == (25, dana.user)
    # The key stays Alice's, and says nothing of Dana's edit.
    assert list(AppliedEdit.objects.values_list("user", flat=True)) == [alice.user.pk]


def test_another_clinics_key_is_a_fresh_key_there(alice_http, charlie_http, charlie, screen):
    key = uuid.uuid4()
    opened = keyed(screen, "glute-bridge", key)
    post_finding(alice_http, screen, "glute-bridge", opened=opened, grade="1", pain="5")
    theirs = PrescriptionFactory(
        client=ClientFactory(clinic=charlie.clinic), exercise__clinic=charlie.clinic, reps=10
    )
    response = charlie_http.post(
        f"/prescriptions/{theirs.pk}/edit/", dose_post(theirs, reps="12", key=key)
    )

    assert response.status_code == 302
    assert Prescription.objects.get(pk=theirs.pk).reps == 12
    assert AppliedEdit.objects.filter(key=key).count() == 2  # one in each clinic


def dose_post(prescription: Prescription, *, reps: str, key: uuid.UUID | None) -> dict[str, str]:
    data = {
        "version": str(prescription.version),
        "sets": str(prescription.sets or ""),
        "reps": reps,
        "hold_seconds": "",
        "load": "",
        "frequency_times": "1",
        "frequency_unit": "day",
        "note": "",
    }
    return data | ({"edit_key": str(key)} if key else {})


def test_a_dose_edit_sent_again_with_its_key_is_applied_once(alice_http, alice, ana):
    prescription = PrescriptionFactory(client=ana, exercise__clinic=alice.clinic, reps=10)
    key = uuid.uuid4()
    url = f"/prescriptions/{prescription.pk}/edit/"
    first = alice_http.post(url, dose_post(prescription, reps="12", key=key), headers=HTMX)
    again = alice_http.post(url, dose_post(prescription, reps="12", key=key), headers=HTMX)

    assert (first.status_code, again.status_code) == (200, 200)
    assert "Saved the dose of" in again.content.decode()
    stored = Prescription.objects.get(pk=prescription.pk)
    assert (stored.reps, stored.version) == (12, prescription.version + 1)


def test_a_reflection_sent_again_with_its_key_is_applied_once(alice_http, alice, screen):
    retest = services.assessment_create_retest(baseline=screen, clinician=alice.user)
    data = {"version": "0", "expected": "", "why": "Bridge held longer", "next_step": ""}
    data["edit_key"] = str(uuid.uuid4())
    url = f"/assessments/{retest.pk}/reflection/"
    first = alice_http.post(url, data, headers=HTMX)
    again = alice_http.post(url, data, headers=HTMX)

    assert (first.status_code, again.status_code) == (200, 200)
    assert "✓ Saved" in again.content.decode()
    stored = Reflection.objects.get(round=retest)
    assert (stored.why, stored.version) == ("Bridge held longer", 1)


@pytest.mark.django_db(transaction=True)
def test_one_key_posted_many_times_at_once_is_applied_once_and_every_copy_answers_saved(
    alice, library, ana
):
    from tests.factories import signed_in

    http = signed_in(alice.user)
    screen = services.assessment_create_baseline(
        client=ana, clinician=alice.user, tests=[library["glute-bridge"]]
    )
    opened = keyed(screen, "glute-bridge", uuid.uuid4())

    responses = run_at_once(
        10,
        lambda n: post_finding(
            same_browser(http), screen, "glute-bridge", opened=opened, grade="1", pain="5"
        ),
    )

    assert [getattr(r, "status_code", r) for r in responses] == [200] * 10
    assert all("✓ Saved" in r.content.decode() for r in responses)
    stored = bridge(screen)
    assert (stored.pain, stored.version) == (5, 1)
    assert AppliedEdit.objects.count() == 1


def test_keys_older_than_a_week_are_pruned_and_newer_ones_kept(alice_http, screen):
    for pain in ("3", "4"):
        opened = keyed(screen, "glute-bridge", uuid.uuid4())
        post_finding(alice_http, screen, "glute-bridge", opened=opened, pain=pain)
    old = AppliedEdit.objects.first()
    AppliedEdit.objects.filter(pk=old.pk).update(applied_at=timezone.now() - timedelta(days=8))

    call_command("prune_applied_edits")

    assert AppliedEdit.objects.count() == 1
    assert not AppliedEdit.objects.filter(pk=old.pk).exists()


def test_a_key_sent_again_with_other_values_is_a_new_edit_and_is_not_skipped(alice_http, screen):
    opened = keyed(screen, "glute-bridge", uuid.uuid4())
    post_finding(alice_http, screen, "glute-bridge", opened=opened, grade="1", pain="5")
    # The same key with a note added: not a copy of the first, so it is saved, merged over
    # the first (whose values it repeats).
    other = post_finding(
        alice_http, screen, "glute-bridge", opened=opened, grade="1", pain="5", note="Cramp"
    )

    assert other.status_code == 200
    assert "✓ Saved" in other.content.decode()
    assert (bridge(screen).note, bridge(screen).pain, bridge(screen).version) == ("Cramp", 5, 2)


def test_a_refused_edit_under_someone_elses_key_leaves_their_record_alone(
    alice_http, dana_http, screen
):
    key = uuid.uuid4()
    opened = keyed(screen, "glute-bridge", key)
    post_finding(alice_http, screen, "glute-bridge", opened=opened, grade="1", pain="5")
    # Dana, under the same key, sends a value that is refused.
    theirs = keyed(screen, "side-lying-abduction", key, side="left")
    refused = post_finding(
        dana_http, screen, "side-lying-abduction", "left", opened=theirs, value="999"
    )
    assert "✗ Not saved" in refused.content.decode()
    # Alice's record of her edit is still there: her copy sent again is still a repeat.
    assert AppliedEdit.objects.filter(key=key).count() == 1
    again = post_finding(alice_http, screen, "glute-bridge", opened=opened, grade="1", pain="5")
    assert "✓ Saved" in again.content.decode()
    assert bridge(screen).version == 1


def test_the_same_fields_under_one_key_sent_to_another_record_are_a_new_edit(
    alice_http, alice, ana
):
    first, second = (
        PrescriptionFactory(client=ana, exercise__clinic=alice.clinic, reps=10) for _ in range(2)
    )
    key = uuid.uuid4()
    for prescription in (first, second):
        response = alice_http.post(
            f"/prescriptions/{prescription.pk}/edit/", dose_post(prescription, reps="14", key=key)
        )
        assert response.status_code == 302
    assert [p.reps for p in Prescription.objects.filter(pk__in=[first.pk, second.pk])] == [14, 14]
