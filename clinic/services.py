from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from clinic.models import Client, Clinic, Membership, Role

EMAIL_TAKEN = "A login with this email address already exists."
SLUG_TAKEN = "A clinic with this short name already exists."
NAME_REQUIRED = "Give the clinic a name."

DEMO_CLINIC_NAME = "Demo Physiotherapy"
DEMO_EMAIL = "demo@retest.local"
DEMO_PASSWORD = "test-treat-retest"  # noqa: S105 - printed by the quick-start on purpose
DEMO_CLIENTS = [
    ("Ana Souza", "Low back pain on bending; glute bridge extends through the lumbar spine."),
    ("Ben Okafor", "Right lateral hip pain on stairs and single-leg stance."),
    ("Chloé Martin", "Left knee pain on step-down; pelvic drop on the left."),
]


def clinic_create_with_owner(
    *, name: str, owner_email: str, owner_password: str, validate: bool = True
) -> Membership:
    """Create a clinic and the login of its first owner, both or neither."""
    name = name.strip()
    if not name:
        raise ValidationError(NAME_REQUIRED)
    email = get_user_model().objects.normalize_email(owner_email.strip()).lower()
    slug = slugify(name)[:60] or "clinic"
    User = get_user_model()
    if User.objects.filter(username__iexact=email).exists():
        raise ValidationError({"owner_email": EMAIL_TAKEN})
    if Clinic.objects.filter(slug=slug).exists():
        raise ValidationError({"name": SLUG_TAKEN})
    user = User(username=email, email=email)
    if validate:
        validate_password(owner_password, user)
    with transaction.atomic():
        clinic = Clinic(name=name, slug=slug)
        clinic.full_clean()
        clinic.save()
        user.set_password(owner_password)
        user.full_clean()
        user.save()
        membership = Membership(user=user, clinic=clinic, role=Role.OWNER)
        membership.full_clean()
        membership.save()
    return membership


def client_create(
    *, membership: Membership, created_by: AbstractBaseUser, **fields: object
) -> Client:
    """Add a client to the member's clinic."""
    client = Client(clinic=membership.clinic, created_by=created_by, **fields)
    client.full_clean()
    client.save()
    return client


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
            validate=False,
        )
        for client_name, complaint in DEMO_CLIENTS:
            client_create(
                membership=membership,
                created_by=membership.user,
                name=client_name,
                presenting_complaint=complaint,
            )
    return DemoSeed(membership=membership, created=True)
