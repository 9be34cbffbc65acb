"""A complete test → treat → retest history for the demo clinic, so a new user sees a real report
on first login. Only the demo clinic is touched, and only once."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from assessments import services
from assessments.models import Assessment, AssessmentTest, TestSet
from clinic.models import Client, Membership
from demo.clinic import DEMO_EMAIL
from exercises.models import Exercise

DEMO_CLIENT = "Ana Souza"
SCREEN = "glute-low-back-screen"

BRIDGE_CHECKLIST = [
    "Lumbar extension",
    "Hamstring dominance",
    "Low-back tension",
    "Pelvic rotation",
]
HOLD_CHECKLIST = [
    "Pelvis or belly drives into the table",
    "Lumbar extension",
    "Pelvic rotation",
    "Hamstring takes over",
]

# (test slug, side): baseline, same-visit retest after the pull-through, retest four weeks on.
HISTORY: dict[tuple[str, str], tuple[dict, dict, dict]] = {
    ("nprs-movement", "none"): (
        {"pain": 6, "note": "Bending to pick up the laundry basket"},
        {"pain": 4, "note": "Bending to pick up the laundry basket"},
        {"pain": 1, "note": "Bending to pick up the laundry basket"},
    ),
    ("hip-extension-rom", "left"): ({"value": 5}, {"value": 8}, {"value": 19}),
    ("hip-extension-rom", "right"): ({"value": 12}, {"value": 13}, {"value": 18}),
    # Each round looks for the whole checklist: what is not present was looked for, not seen.
    ("glute-bridge", "none"): (
        {
            "grade": 0,
            "pain": 6,
            "compensations": ["Lumbar extension", "Low-back tension"],
            "compensations_absent": ["Hamstring dominance", "Pelvic rotation"],
        },
        {"grade": 2, "pain": 2, "compensations_absent": BRIDGE_CHECKLIST},
        {"grade": 2, "pain": 0, "compensations_absent": BRIDGE_CHECKLIST},
    ),
    ("prone-hip-extension-hold", "left"): (
        {
            "value": 8,
            "compensations": ["Lumbar extension"],
            "compensations_absent": [n for n in HOLD_CHECKLIST if n != "Lumbar extension"],
        },
        {"value": 15, "compensations_absent": HOLD_CHECKLIST},
        {"value": 45, "compensations_absent": HOLD_CHECKLIST},
    ),
    ("prone-hip-extension-hold", "right"): (
        {"value": 20, "compensations_absent": HOLD_CHECKLIST},
        {"value": 22, "compensations_absent": HOLD_CHECKLIST},
        {"value": 50, "compensations_absent": HOLD_CHECKLIST},
    ),
}


def demo_history_seed(*, now: datetime.datetime | None = None) -> Assessment | None:
    """Record the demo client's history if the demo clinic exists and she has none yet.

    Returns the baseline it created, or None when there was nothing to do.
    """
    demo_logins = Membership.objects.select_related("clinic", "user")
    membership = demo_logins.filter(user__username=DEMO_EMAIL).first()
    if membership is None:
        return None
    client = Client.objects.filter(clinic=membership.clinic, name=DEMO_CLIENT).first()
    if client is None or Assessment.objects.filter(client=client).exists():
        return None
    return history_record(client=client, clinician=membership.user, now=now or timezone.now())


def history_record(*, client: Client, clinician: User, now: datetime.datetime) -> Assessment:
    """A baseline from the glute / low-back screen four weeks before `now`, a cable pull-through,
    a retest in the same visit and one an hour before `now`, with a reflection."""
    first_visit = (now - datetime.timedelta(days=28)).replace(hour=9, minute=30)
    screen = TestSet.objects.get(clinic=None, slug=SCREEN)
    tests = [item.test for item in screen.items.select_related("test")]
    user = clinician
    with transaction.atomic():
        baseline = services.assessment_create_baseline(
            client=client,
            clinician=user,
            tests=tests,
            performed_at=first_visit,
            rater="Demo physio",
            instrument="Universal goniometer",
            position="As the protocol of each test",
        )
        pull_through = Exercise.objects.get(clinic=None, slug="cable-pull-through")
        services.intervention_log(
            after_round=baseline,
            clinician=user,
            exercise=pull_through,
            sets=2,
            reps=20,
            load="Light cable, 10 kg",
            description="Cued to hinge at the hips and finish with the glutes, not the low back.",
            performed_at=first_visit + datetime.timedelta(minutes=20),
        )
        same_visit = services.assessment_create_retest(
            baseline=baseline,
            clinician=user,
            performed_at=first_visit + datetime.timedelta(minutes=35),
        )
        weeks_later = services.assessment_create_retest(
            baseline=baseline, clinician=user, performed_at=now - datetime.timedelta(hours=1)
        )
        for index, round_ in enumerate((baseline, same_visit, weeks_later)):
            items = {
                item.test.slug: item
                for item in AssessmentTest.objects.filter(assessment=round_).select_related(
                    "test", "assessment"
                )
            }
            for (slug, side), values in HISTORY.items():
                found = dict(values[index])
                if "value" in found:
                    found["value"] = Decimal(found["value"])
                services.finding_save(item=items[slug], side=side, **found)
        services.reflection_save(
            round_=same_visit,
            author=user,
            expected="yes",
            why=(
                "The bridge went wrong through the low back. Loading the hinge with the "
                "pull-through taught hip extension, and the bridge came right in the same visit."
            ),
            next_step="Progress the bridge to the hip thruster; retest at discharge.",
        )
    return baseline
