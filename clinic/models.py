import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower, Now
from django.utils import timezone

from clinic.lib.triggers import AppendOnly, keep_rows
from clinic.lib.versions import version_field

DEFAULT_PROGRAMME_LINK_DAYS = 120
MIN_PROGRAMME_LINK_DAYS = 7
MAX_PROGRAMME_LINK_DAYS = 730
PROGRAMME_LINK_DAYS_RANGE = (
    f"A programme link lasts from {MIN_PROGRAMME_LINK_DAYS} to {MAX_PROGRAMME_LINK_DAYS} days."
)


class Clinic(models.Model):
    """The tenant: every client record belongs to exactly one clinic."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    # Every member must pass a second factor after the password (clinic/two_factor/). On for a
    # new clinic; the owner may turn it off, and a member who has set one up still uses it.
    two_factor_required = models.BooleanField(default=True, db_default=True)
    # How long a client's programme link lives before a new one must be issued.
    programme_link_days = models.PositiveSmallIntegerField(
        "programme links last (days)",
        default=DEFAULT_PROGRAMME_LINK_DAYS,
        db_default=DEFAULT_PROGRAMME_LINK_DAYS,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    programme_link_days__gte=MIN_PROGRAMME_LINK_DAYS,
                    programme_link_days__lte=MAX_PROGRAMME_LINK_DAYS,
                ),
                name="clinic_programme_link_days_in_range",
                violation_error_message=PROGRAMME_LINK_DAYS_RANGE,
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    CLINICIAN = "clinician", "Clinician"
    READ_ONLY = "read_only", "Read-only"


class Membership(models.Model):
    """A user's place in a clinic, with a role. One login may belong to several clinics, once
    each; the session says which one a request works in (clinic/permissions.py).

    A member who leaves is deactivated, never deleted: the row keeps who they were for the
    audit and the history, and an owner can reactivate them.
    """

    clinic_path = "clinic"
    # The lookup that scopes a request to its clinic reads the membership before any scope is
    # set (clinic/permissions.py), so row-level security lets an unscoped transaction read them.
    visible_before_scope = True

    # The unique (user, clinic) index leads with the user and serves the lookups by user.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        db_index=False,
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CLINICIAN)
    created_at = models.DateTimeField(auto_now_add=True)
    deactivated_at = models.DateTimeField(null=True, blank=True, editable=False)
    deactivated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        db_index=False,
    )
    # Two owners changing one member from the same page: the second change is refused.
    version = version_field()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
            models.UniqueConstraint(fields=["user", "clinic"], name="membership_once_per_clinic"),
            models.CheckConstraint(
                condition=Q(deactivated_at__isnull=False) | Q(deactivated_by__isnull=True),
                name="membership_deactivated_by_only_when_deactivated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.clinic} ({self.get_role_display()})"

    @property
    def can_write(self) -> bool:
        return self.role != Role.READ_ONLY

    @property
    def is_active(self) -> bool:
        return self.deactivated_at is None


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
    # Who saved the details last: a refused stale edit names them.
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = [Lower("name"), "pk"]
        indexes = [
            models.Index(fields=["clinic", "status", "archived_at"]),
            # The client list: one clinic's live clients under one status, in the list's order.
            models.Index(
                F("clinic"),
                F("status"),
                F("last_seen_at").desc(nulls_last=True),
                F("created_at").desc(),
                name="client_list_order",
                condition=Q(archived_at__isnull=True),
            ),
        ]
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
        triggers = [keep_rows()]

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


class AccessKind(models.TextChoices):
    """What a member looked at. A short word, never the record's content."""

    CLIENT_LIST = "client-list", "Client list"
    CLIENT_SEARCH = "client-search", "Client search"
    CLIENT_PAGE = "client-page", "Client page"
    CLIENT_FORM = "client-form", "Client edit form"
    BASELINE_FORM = "baseline-form", "New baseline form"
    ROUND_PAGE = "round-page", "Round page"
    ENTRY_PARTIAL = "entry-partial", "Round entry (partial)"
    REPORT = "report", "Report"
    REPORT_CSV = "report-csv", "Report CSV"
    SUMMARY = "summary", "Client summary"
    REFLECTION = "reflection", "Reflection (partial)"
    PROGRAMME_PAGE = "programme-page", "Programme"
    PROGRAMME_PICKER = "programme-picker", "Programme exercise picker"
    DOSE_FORM = "dose-form", "Dose form"
    HANDOUT = "handout", "Programme handout"
    PROGRAMME_LINK = "programme-link", "Programme link"
    HOME_LOGS_CSV = "home-logs-csv", "Home logs CSV"
    HISTORY = "history", "Record history"
    AUDIT_PAGE = "audit-page", "Access audit"
    AUDIT_CSV = "audit-csv", "Access audit CSV"
    # Staff in the Django admin, who need not be members of the clinic.
    ADMIN_CLIENT = "admin-client", "Admin: client record"
    ADMIN_CLIENT_LIST = "admin-client-list", "Admin: client list"


class AccessEvent(models.Model):
    """One response that showed client data: who, in which clinic, which client, what, when.

    Written by `clinic.audit.record_view` inside the view, in the request's transaction, so a
    page is served only when its row is stored. It holds no client data: ids, a kind, the
    route's name, never a name, a note or a search term. Rows are only ever added; each is
    then sealed into its clinic's hash chain by an `AccessSeal`.
    """

    # Checked by the database role setup: the app may INSERT here, never UPDATE or DELETE.
    append_only = True
    clinic_path = "clinic"

    # The indexes below lead with the clinic, so the foreign keys need none of their own.
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+", db_index=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # None on pages that show many clients at once (the list, a search).
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    kind = models.CharField(max_length=30, choices=AccessKind.choices)
    url_name = models.CharField(max_length=100)
    # The object the address names besides the client (a round, a prescription), if any.
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)
    request_id = models.CharField(max_length=32)
    remote_addr = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["clinic", "-id"], name="access_by_clinic"),
            models.Index(fields=["clinic", "client", "-id"], name="access_by_client"),
            models.Index(fields=["clinic", "user", "-id"], name="access_by_user"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AccessKind.values), name="access_kind_valid"
            )
        ]
        triggers = [AppendOnly()]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by user {self.user_id} at {self.at:%Y-%m-%d %H:%M}"


class AccessSeal(models.Model):
    """An access row's link in its clinic's hash chain (see clinic/lib/hash_chain.py).

    Kept apart from the row so that both tables stay insert-only: a row is written unsealed
    during its request, and sealed just after that request commits (`clinic.audit.seal`).
    `position` counts 1, 2, 3… per clinic in the order rows were sealed; `hash` covers the
    row, the position, `sealed_at` and the previous seal's hash.
    """

    append_only = True
    clinic_path = "clinic"

    event = models.OneToOneField(
        AccessEvent, on_delete=models.PROTECT, primary_key=True, related_name="seal"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+", db_index=False)
    position = models.PositiveBigIntegerField()
    hash = models.CharField(max_length=64)
    sealed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clinic", "position"], name="access_seal_position"),
        ]
        triggers = [AppendOnly()]

    def __str__(self) -> str:
        return f"Seal {self.position} of clinic {self.clinic_id}"


class AccessChainHead(models.Model):
    """Where a clinic's hash chain ends: the last seal's position and hash.

    Every seal moves it on by one, in the same statement that writes the seal; the row lock of
    that UPDATE is what makes one clinic's seals take turns. It is a pointer, not evidence: the
    verifier recomputes the chain from the rows, and compares its end with this.
    """

    clinic_path = "clinic"

    clinic = models.OneToOneField(
        Clinic, on_delete=models.PROTECT, primary_key=True, related_name="+"
    )
    position = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"Chain of clinic {self.clinic_id} at {self.position}"


class AuthEventKind(models.TextChoices):
    """What happened to a login. Never a password, a code or a token."""

    LOGIN = "login", "Signed in"
    LOGIN_FAILED = "login-failed", "Sign-in failed"
    LOCKED_OUT = "locked-out", "Sign-in refused: too many failures"
    LOCK_LIFTED = "lock-lifted", "Sign-in lock lifted"
    LOGOUT = "logout", "Signed out"
    SESSION_EXPIRED = "session-expired", "Session ended by a time limit"
    SECOND_FACTOR_PASSED = "2fa-passed", "Second factor accepted"
    SECOND_FACTOR_FAILED = "2fa-failed", "Second factor refused"
    RECOVERY_CODE_USED = "recovery-code-used", "Recovery code used"
    SECOND_FACTOR_ADDED = "2fa-added", "Second factor set up"
    SECOND_FACTOR_REMOVED = "2fa-removed", "Second factor removed"
    RECOVERY_CODES_ISSUED = "recovery-codes-issued", "Recovery codes issued"
    PASSWORD_CHANGED = "password-changed", "Password changed"
    PASSWORD_RESET_REQUESTED = "password-reset-requested", "Password reset asked for"
    PASSWORD_RESET = "password-reset", "Password reset"
    MEMBER_INVITED = "member-invited", "Member invited"
    MEMBER_JOINED = "member-joined", "Invitation accepted"
    INVITATION_REVOKED = "invitation-revoked", "Invitation withdrawn"
    ROLE_CHANGED = "role-changed", "Role changed"
    MEMBER_DEACTIVATED = "member-deactivated", "Member deactivated"
    MEMBER_REACTIVATED = "member-reactivated", "Member reactivated"
    CLINIC_SWITCHED = "clinic-switched", "Switched clinic"
    TWO_FACTOR_POLICY = "2fa-policy", "Clinic's second-factor rule changed"


class AuthOutcome(models.TextChoices):
    SUCCESS = "success", "Succeeded"
    FAILURE = "failure", "Failed"
    REFUSED = "refused", "Refused"


class AuthEvent(models.Model):
    """One authentication or account event, kept for good (see clinic/auth_audit.py).

    Written before anyone is signed in (a failed login names no user, only the identity typed),
    so the table belongs to no clinic's row-level security; the owner's page selects the rows
    of its own clinic's members. Rows are only ever added.
    """

    append_only = True

    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=30, choices=AuthEventKind.choices)
    outcome = models.CharField(max_length=10, choices=AuthOutcome.choices)
    # The account the event is about, when one is known (None for an identity with no account).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    # The identity as typed, normalised (clinic/lib/identity.py): what throttles count on.
    identity = models.CharField(max_length=254, blank=True)
    # The clinic the event concerns, when it concerns one (a role change, a switch).
    clinic = models.ForeignKey(
        Clinic, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    # Who did it, when not the user themself (an owner changing a member's role).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    remote_addr = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    request_id = models.CharField(max_length=32, blank=True)
    # The id of a browser that had signed in to this identity before, when the event came from
    # one (clinic/lib/known_browser.py): the throttle counts such a browser's failures apart.
    browser = models.CharField(max_length=16, blank=True)
    # A short plain-words detail ("idle for 30 minutes", "clinician → owner"); never a secret.
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["identity", "at"], name="auth_by_identity"),
            models.Index(fields=["remote_addr", "at"], name="auth_by_address"),
            models.Index(fields=["user", "-id"], name="auth_by_user"),
            models.Index(fields=["clinic", "-id"], name="auth_by_clinic"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AuthEventKind.values), name="auth_event_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=AuthOutcome.values), name="auth_event_outcome_valid"
            ),
        ]
        triggers = [AppendOnly()]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.outcome}) for {self.identity} at {self.at}"


class Invitation(models.Model):
    """An owner's invitation for one email address to join the clinic with a role.

    The link sent by email carries a random token; only its hash is stored, so a copy of the
    table opens no door. The link works once, until `expires_at`, and not after the owner
    revokes it (see clinic/invitations.py).
    """

    clinic_path = "clinic"
    # The invitation page is opened by someone not yet signed in to any clinic: it reads the
    # invitation (by its token's hash) before a clinic scope can be set.
    visible_before_scope = True

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="invitations")
    # Normalised as logins are (clinic/lib/identity.py), so it names the account it becomes.
    email = models.EmailField(max_length=254)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CLINICIAN)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["clinic", "email"], name="invitation_by_email")]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="invitation_role_valid"),
            models.CheckConstraint(condition=~Q(email=""), name="invitation_email_not_empty"),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(accepted_by__isnull=False),
                name="invitation_accepted_by_someone",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="invitation_accepted_or_revoked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} to {self.clinic} ({self.get_role_display()})"

    def is_pending(self, now: datetime.datetime) -> bool:
        return self.accepted_at is None and self.revoked_at is None and now < self.expires_at


class AppliedEdit(models.Model):
    """An edit the server has applied, by the key its form carried (clinic/idempotency.py).

    A save that loses its answer on the way back is sent again by the page with the same key;
    finding the key here, the server applies nothing a second time and answers with the row as
    it now is. Keys are random (a UUID a page makes for each edit), bound to the clinic and the
    login that sent them, and of no use after a few days: `prune_applied_edits` removes them.
    """

    clinic_path = "clinic"

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="+", db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.UUIDField()
    # What the edit said (a hash of the values posted): the same key with other values is not
    # a copy of this edit.
    digest = models.CharField(max_length=64)
    applied_at = models.DateTimeField(default=timezone.now, db_default=Now())

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clinic", "key"], name="applied_edit_once_per_clinic")
        ]
        indexes = [models.Index(fields=["applied_at"], name="applied_edit_by_age")]

    def __str__(self) -> str:
        return f"{self.key} applied at {self.applied_at}"


# The event models live beside the models they track; importing them here is what registers
# them with Django (they subclass models defined above, so this import comes last).
from clinic import history  # noqa: E402, F401
