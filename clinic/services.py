import copy
import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify

from clinic.lib.identity import normalise_identity
from clinic.lib.versions import Attempt, Current, Edit, Saved, save_edit, update_if_current
from clinic.models import Client, ClientStatus, Clinic, Membership, Role

EMAIL_TAKEN = "A login with this email address already exists."
SLUG_TAKEN = "A clinic with this short name already exists."
NAME_REQUIRED = "Give the clinic a name."
ALREADY_DISCHARGED = "This client is already discharged."
ALREADY_ACTIVE = "This client is already active."
ALREADY_ARCHIVED = "This client is already archived."
NOT_ARCHIVED = "This client is not archived."
ARCHIVED_READ_ONLY = "This client is archived. Restore them before making changes."

# The details the edit form changes, and a stale edit compares.
CLIENT_DETAILS = ["name", "date_of_birth", "email", "phone", "presenting_complaint", "notes"]


def clinic_create_with_owner(
    *, name: str, owner_email: str, owner_password: str, two_factor_required: bool = True
) -> Membership:
    """Create a clinic and the login of its first owner, both or neither. A new clinic asks
    every member for a second factor unless told otherwise."""
    name = name.strip()
    if not name:
        raise ValidationError(NAME_REQUIRED)
    User = get_user_model()
    # Stored in its one spelling (clinic/lib/identity.py), so "Alice@…" is refused beside
    # "alice@…" and every spelling of the address signs in to this one account.
    email = normalise_identity(owner_email)
    slug = slugify(name)[:60] or "clinic"
    if User.objects.filter(username=email).exists():
        raise ValidationError({"owner_email": EMAIL_TAKEN})
    if Clinic.objects.filter(slug=slug).exists():
        raise ValidationError({"name": SLUG_TAKEN})
    user = User(username=email, email=email)
    validate_password(owner_password, user)
    with transaction.atomic():
        clinic = Clinic(name=name, slug=slug, two_factor_required=two_factor_required)
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


def _client_now(pk: int) -> Current:
    current = Client.objects.select_related("updated_by").get(pk=pk)
    if current.is_archived:
        raise ValidationError(ARCHIVED_READ_ONLY)
    return Current(
        version=current.version,
        values={name: getattr(current, name) for name in CLIENT_DETAILS},
        row=current,
    )


def client_update(*, client: Client, edit: Edit, by: User | None = None) -> Saved[Client]:
    """Save edits to a client's details made from version `edit.version`.

    Of two saves begun from the same version exactly one wins at once; the other is merged
    onto it when the two changed different fields, and raises StaleEdit (changing nothing)
    when both changed a field to different values. See clinic/lib/versions.py.
    """
    if client.is_archived:
        raise ValidationError(ARCHIVED_READ_ONLY)

    def write(attempt: Attempt) -> Client | None:
        candidate = copy.copy(client)
        for name, value in attempt.values.items():
            setattr(candidate, name, value)
        candidate.full_clean()
        now = timezone.now()
        changes = {**attempt.changes, "updated_by": by, "updated_at": now}
        if not update_if_current(
            Client, where={"pk": client.pk}, version=attempt.version, changes=changes
        ):
            return None
        candidate.version, candidate.updated_by, candidate.updated_at = attempt.version + 1, by, now
        return candidate

    return save_edit(edit, write=write, read=lambda: _client_now(client.pk))


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
