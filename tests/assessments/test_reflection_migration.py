"""Migration 0008 moves each reflection, written when there was one per baseline, to the retest
whose comparison the clinician was reading: the newest live retest performed no later than the
reflection's last save; the first live retest when it was written before any; a baseline
without a live retest keeps it."""

import datetime

import pytest
from django.utils import timezone

from assessments.models import Reflection, ReflectionEvent
from tests.migrating import migrate, migrate_to_latest

BEFORE = [("assessments", "0007_versions_submissions_and_round_dates")]
DAY = datetime.timedelta(days=1)


# Each case: the retests (day after the baseline, voided?), the day the reflection was last
# saved, and which round it belongs to after the migration ("baseline" or the retest's index).
# fmt: off
CASES = {
    "written after the first retest":       ([(0, False), (35, False)], 10, 0),
    "written after the week-5 retest":      ([(0, False), (35, False)], 36, 1),
    "written the day of the newest":        ([(0, False), (35, False)], 35, 1),
    "written before any retest":            ([(3, False), (35, False)], 1, 0),
    "the newest retest voided":             ([(0, False), (35, True)], 36, 0),
    "no retest":                            ([], 5, "baseline"),
    "every retest voided":                  ([(2, True)], 5, "baseline"),
}
# fmt: on


@pytest.mark.django_db(transaction=True)
def test_each_reflection_moves_to_the_retest_it_was_written_on():
    old = migrate(BEFORE, policies=False)
    start = timezone.now() - 60 * DAY
    expected = {}
    try:
        clinic = old.get_model("clinic", "Clinic").objects.create(name="North", slug="north")
        client = old.get_model("clinic", "Client").objects.create(clinic=clinic, name="Ana")
        user = old.get_model("auth", "User").objects.create(username="alice@north.example")
        rounds = old.get_model("assessments", "Assessment").objects
        reflections = old.get_model("assessments", "Reflection").objects
        for name, (retests, written_day, target) in CASES.items():
            baseline = rounds.create(
                client=client, kind="baseline", clinician=user, performed_at=start
            )
            made = [
                rounds.create(
                    client=client,
                    kind="retest",
                    baseline=baseline,
                    clinician=user,
                    performed_at=start + day * DAY + datetime.timedelta(hours=1),
                    voided_at=timezone.now() if voided else None,
                    void_reason="Opened twice" if voided else "",
                )
                for day, voided in retests
            ]
            reflection = reflections.create(baseline=baseline, why=name)
            saved_at = start + written_day * DAY + datetime.timedelta(hours=2)
            reflections.filter(pk=reflection.pk).update(updated_at=saved_at)
            expected[name] = baseline.pk if target == "baseline" else made[target].pk
    finally:
        migrate_to_latest()

    assert dict(Reflection.objects.values_list("why", "round")) == expected
    # The move is in each moved reflection's history.
    for name, (_, _, target) in CASES.items():
        events = ReflectionEvent.objects.filter(why=name, pgh_label="update")
        moved = events.filter(round_id=expected[name]).exists()
        assert moved == (target != "baseline"), name
