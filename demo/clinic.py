"""The quick-start's demo clinic: one owner login with a printed password and a few clients."""

from dataclasses import dataclass

from django.db import transaction

from clinic.models import Membership
from clinic.services import client_create, clinic_create_with_owner

DEMO_CLINIC_NAME = "Demo Physiotherapy"
DEMO_EMAIL = "demo@retest.local"
DEMO_PASSWORD = "test-treat-retest"  # noqa: S105 - printed by the quick-start on purpose
DEMO_CLIENTS = [
    ("Ana Souza", "Low back pain on bending; glute bridge extends through the lumbar spine."),
    ("Ben Okafor", "Right lateral hip pain on stairs and single-leg stance."),
    ("Chloé Martin", "Left knee pain on step-down; pelvic drop on the left."),
]


@dataclass(frozen=True)
class DemoSeed:
    membership: Membership
    created: bool


def demo_seed() -> DemoSeed:
    """The demo clinic, its owner login and a few clients; a second run changes nothing."""
    existing = (
        Membership.objects.select_related("clinic", "user")
        .filter(user__username=DEMO_EMAIL)
        .first()
    )
    if existing is not None:
        return DemoSeed(membership=existing, created=False)
    with transaction.atomic():
        membership = clinic_create_with_owner(
            name=DEMO_CLINIC_NAME,
            owner_email=DEMO_EMAIL,
            owner_password=DEMO_PASSWORD,
            # The demo is tried on a laptop without an authenticator app to hand; its owner can
            # turn the second factor on from the Security page.
            two_factor_required=False,
        )
        for client_name, complaint in DEMO_CLIENTS:
            client_create(
                membership=membership,
                created_by=membership.user,
                name=client_name,
                presenting_complaint=complaint,
            )
    return DemoSeed(membership=membership, created=True)
