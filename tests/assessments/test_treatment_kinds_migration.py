"""Migration 0013 gives each treatment entry logged before treatment had kinds its kind: an
exercise when it names one, else other treatment in words (what it was: a description)."""

import pytest
from django.utils import timezone

from assessments.models import Intervention
from tests.migrating import migrate, migrate_to_latest

BEFORE = [
    ("assessments", "0012_round_corrections"),
    ("exercises", "0005_versions_and_who_saved"),
]


@pytest.mark.django_db(transaction=True)
def test_each_earlier_entry_becomes_an_exercise_or_words():
    old = migrate(BEFORE, policies=False)
    try:
        clinic = old.get_model("clinic", "Clinic").objects.create(name="North", slug="north")
        client = old.get_model("clinic", "Client").objects.create(clinic=clinic, name="Ana")
        user = old.get_model("auth", "User").objects.create(username="alice@north.example")
        aim = old.get_model("exercises", "Aim").objects.create(slug="hinge", name="Hinge")
        exercise = old.get_model("exercises", "Exercise").objects.create(
            clinic=clinic,
            name="Pull-through",
            aim=aim,
            tier=2,
            setup="Cable",
            cues=["Hinge"],
            reps=10,
        )
        round_ = old.get_model("assessments", "Assessment").objects.create(
            client=client, kind="baseline", clinician=user, performed_at=timezone.now()
        )
        entries = old.get_model("assessments", "Intervention").objects
        entries.create(after_round=round_, clinician=user, exercise=exercise, reps=40)
        entries.create(after_round=round_, clinician=user, description="Massage", sets=2)
    finally:
        migrate_to_latest()

    kinds = dict(Intervention.objects.values_list("description", "kind"))
    assert kinds == {"": "exercise", "Massage": "other"}
    # Each still satisfies its kind's constraints: a later change to it is accepted.
    for entry in Intervention.objects.all():
        entry.removed_at = timezone.now()
        entry.save(update_fields=["removed_at"])
