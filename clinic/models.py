import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower


class Clinic(models.Model):
    """The tenant: every client record belongs to exactly one clinic."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    CLINICIAN = "clinician", "Clinician"
    READ_ONLY = "read_only", "Read-only"


class Membership(models.Model):
    """A user's place in a clinic. A user works in one clinic at a time."""

    clinic_path = "clinic"
    # The lookup that scopes a request to its clinic reads the membership before any scope is
    # set (clinic/permissions.py), so row-level security lets an unscoped transaction read them.
    visible_before_scope = True

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CLINICIAN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.clinic} ({self.get_role_display()})"

    @property
    def can_write(self) -> bool:
        return self.role != Role.READ_ONLY


class ClientStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    DISCHARGED = "discharged", "Discharged"


EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)


class Client(models.Model):
    """A person the clinic treats. Never deleted from the app: archived instead."""

    # How tenancy helpers reach the owning clinic from this model.
    clinic_path = "clinic"

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="clients")
    name = models.CharField(max_length=200)
    date_of_birth = models.DateField(null=True, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    presenting_complaint = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=ClientStatus.choices, default=ClientStatus.ACTIVE
    )
    discharged_at = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    # When the client was last assessed or treated; set by the services that record a visit.
    last_seen_at = models.DateTimeField(null=True, blank=True)
    # Bumped by every edit; a save carrying an older number is refused (optimistic concurrency).
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = [Lower("name"), "pk"]
        indexes = [models.Index(fields=["clinic", "status", "archived_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ClientStatus.values), name="client_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(date_of_birth__isnull=True) | Q(date_of_birth__gte=EARLIEST_BIRTH_DATE),
                name="client_birth_date_plausible",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="client_name_not_empty"),
            models.CheckConstraint(
                condition=Q(status=ClientStatus.DISCHARGED) | Q(discharged_at__isnull=True),
                name="client_discharged_at_only_when_discharged",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="client_version_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def is_active(self) -> bool:
        return self.status == ClientStatus.ACTIVE

    def age_on(self, day: datetime.date) -> int | None:
        born = self.date_of_birth
        if born is None:
            return None
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class LoginFailure(models.Model):
    """A failed login, kept briefly to slow down password guessing (see clinic/auth.py)."""

    username = models.CharField(max_length=254)
    ip = models.GenericIPAddressField()
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["username", "ip", "at"])]

    def __str__(self) -> str:
        return f"{self.username} from {self.ip} at {self.at:%Y-%m-%d %H:%M}"
