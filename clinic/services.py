import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify

from clinic.models import Client, ClientStatus, Clinic, Membership, Role

EMAIL_TAKEN = "A login with this email address already exists."
SLUG_TAKEN = "A clinic with this short name already exists."
NAME_REQUIRED = "Give the clinic a name."
ALREADY_DISCHARGED = "This client is already discharged."
ALREADY_ACTIVE = "This client is already active."
ALREADY_ARCHIVED = "This client is already archived."
NOT_ARCHIVED = "This client is not archived."
ARCHIVED_READ_ONLY = "This client is archived. Restore them before making changes."


def clinic_create_with_owner(*, name: str, owner_email: str, owner_password: str) -> Membership:
    """Create a clinic and the login of its first owner, both or neither."""
    name = name.strip()
    if not name:
        raise ValidationError(NAME_REQUIRED)
    User = get_user_model()
    email = User.objects.normalize_email(owner_email.strip()).lower()
    slug = slugify(name)[:60] or "clinic"
    if User.objects.filter(username__iexact=email).exists():
        raise ValidationError({"owner_email": EMAIL_TAKEN})
    if Clinic.objects.filter(slug=slug).exists():
        raise ValidationError({"name": SLUG_TAKEN})
    user = User(username=email, email=email)
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


def client_create(*, membership: Membership, created_by: User, **fields: object) -> Client:
    """Add a client to the member's clinic."""
    client = Client(clinic=membership.clinic, created_by=created_by, **fields)
    client.full_clean()
    client.save()
    return client


class StaleClientEdit(Exception):
    """Someone saved the client after this edit began; `current` is the row as it is now."""

    def __init__(self, current: Client) -> None:
        super().__init__(f"client {current.pk} is at version {current.version}")
        self.current = current


def client_update(*, client: Client, expected_version: int, changes: dict[str, object]) -> Client:
    """Save edits made to version `expected_version` of the client, if it is still current.

    The version check and the write are one UPDATE, so of two saves begun from the same
    version exactly one wins; the other raises StaleClientEdit and changes nothing.
    """
    if client.is_archived:
        raise ValidationError(ARCHIVED_READ_ONLY)
    for field, value in changes.items():
        setattr(client, field, value)
    client.full_clean()
    updated = Client.objects.filter(pk=client.pk, version=expected_version).update(
        **changes, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleClientEdit(current=Client.objects.get(pk=client.pk))
    client.refresh_from_db()
    return client


def _set_state(client: Client, **values: object) -> Client:
    Client.objects.filter(pk=client.pk).update(
        **values, version=F("version") + 1, updated_at=timezone.now()
    )
    client.refresh_from_db()
    return client


def client_discharge(*, client: Client) -> Client:
    """Mark an active client discharged; their records stay and they can come back."""
    if client.is_archived:
        raise ValidationError(ARCHIVED_READ_ONLY)
    if client.status == ClientStatus.DISCHARGED:
        raise ValidationError(ALREADY_DISCHARGED)
    return _set_state(client, status=ClientStatus.DISCHARGED, discharged_at=timezone.now())


def client_reactivate(*, client: Client) -> Client:
    """Bring a discharged client back to the active list."""
    if client.is_archived:
        raise ValidationError(ARCHIVED_READ_ONLY)
    if client.status == ClientStatus.ACTIVE:
        raise ValidationError(ALREADY_ACTIVE)
    return _set_state(client, status=ClientStatus.ACTIVE, discharged_at=None)


def client_archive(*, client: Client) -> Client:
    """Take a client off every list without deleting anything: the app never hard-deletes."""
    if client.is_archived:
        raise ValidationError(ALREADY_ARCHIVED)
    return _set_state(client, archived_at=timezone.now())


def client_restore(*, client: Client) -> Client:
    """Put an archived client back on the lists, with the status they had."""
    if not client.is_archived:
        raise ValidationError(NOT_ARCHIVED)
    return _set_state(client, archived_at=None)


def client_mark_seen(*, client: Client, at: datetime.datetime) -> None:
    """Record a visit so the client moves up the list; an older visit never moves them down."""
    Client.objects.filter(pk=client.pk).filter(
        Q(last_seen_at__isnull=True) | Q(last_seen_at__lt=at)
    ).update(last_seen_at=at)
