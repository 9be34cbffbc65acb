"""An owner manages the clinic's members: changes a role, deactivates, reactivates.

The clinic always keeps at least one active owner. Two owners may act at the same moment, each
demoting or deactivating the other: every change first locks the clinic's active owner rows
(in key order, so two changes never wait on each other in a circle), and the second change
then counts the owners as the first one left them: it finds its own owner gone, or itself
the last, and is refused.

Each change is made from the version of the member's row that the owner's page showed; a row
another owner changed since is refused with `StaleMember`, which carries the row as it is now.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clinic.lib.versions import update_if_current
from clinic.models import Membership, Role

LAST_OWNER_ROLE = (
    "The clinic needs at least one active owner. Make another member an owner before "
    "changing this role."
)
LAST_OWNER_DEACTIVATE = (
    "The clinic needs at least one active owner. Make another member an owner before "
    "deactivating this one."
)
NO_LONGER_OWNER = "You are no longer an owner of this clinic, so you cannot change its members."
SAME_ROLE = "This member already has that role."
UNKNOWN_ROLE = "Choose one of the roles offered."
ALREADY_DEACTIVATED = "This member is already deactivated."
ALREADY_ACTIVE = "This member is already active."


class StaleMember(Exception):
    """Another owner changed the member after this page was opened; `current` is the row now."""

    def __init__(self, current: Membership) -> None:
        super().__init__(f"membership {current.pk} is at version {current.version}")
        self.current = current


@dataclass(frozen=True)
class RoleChange:
    member: Membership
    before: str
    after: str

    @property
    def detail(self) -> str:
        """The change in plain words for the audit: "clinician → owner"."""
        return f"{Role(self.before).label.lower()} → {Role(self.after).label.lower()}"


def _lock(*, member: Membership, by: Membership, version: int) -> tuple[Membership, list[int]]:
    """The member's row as it is now and the keys of the clinic's active owners, both locked
    until the transaction ends; refused when `by` is no longer one of those owners or the row
    is no longer at `version`."""
    owners = list(
        Membership.objects.select_for_update()
        .filter(clinic_id=by.clinic_id, role=Role.OWNER, deactivated_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if by.pk not in owners:
        raise ValidationError(NO_LONGER_OWNER)
    current = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("user", "deactivated_by")
        .get(pk=member.pk, clinic_id=by.clinic_id)
    )
    if current.version != version:
        raise StaleMember(current)
    return current, owners


def _write(member: Membership, *, version: int, **changes: object) -> Membership:
    if update_if_current(Membership, where={"pk": member.pk}, version=version, changes=changes):
        for name, value in changes.items():
            setattr(member, name, value)
        member.version = version + 1
        return member
    # The row is locked, so only a write outside these services (the admin) can get here.
    raise StaleMember(Membership.objects.get(pk=member.pk))


def member_change_role(
    *, member: Membership, role: str, version: int, by: Membership
) -> RoleChange:
    """Give `member` the role `role`, as the owner `by`, from the row at `version`.

    Refused when it would leave the clinic without an active owner."""
    if role not in Role.values:
        raise ValidationError({"role": UNKNOWN_ROLE})
    with transaction.atomic():
        current, owners = _lock(member=member, by=by, version=version)
        if current.role == role:
            raise ValidationError({"role": SAME_ROLE})
        if owners == [current.pk] and role != Role.OWNER:
            raise ValidationError({"role": LAST_OWNER_ROLE})
        before = current.role
        return RoleChange(_write(current, version=version, role=role), before, role)


def member_deactivate(*, member: Membership, version: int, by: Membership) -> Membership:
    """End `member`'s membership, as the owner `by`: their next request in this clinic is
    refused (clinic/permissions.py). The row is kept, with when and by whom.

    Refused for the clinic's last active owner."""
    with transaction.atomic():
        current, owners = _lock(member=member, by=by, version=version)
        if not current.is_active:
            raise ValidationError(ALREADY_DEACTIVATED)
        if owners == [current.pk]:
            raise ValidationError(LAST_OWNER_DEACTIVATE)
        return _write(
            current, version=version, deactivated_at=timezone.now(), deactivated_by=by.user
        )


def member_reactivate(*, member: Membership, version: int, by: Membership) -> Membership:
    """Let a deactivated member work in the clinic again, with the role they had."""
    with transaction.atomic():
        current, _ = _lock(member=member, by=by, version=version)
        if current.is_active:
            raise ValidationError(ALREADY_ACTIVE)
        return _write(current, version=version, deactivated_at=None, deactivated_by=None)
