"""The programme between visits: the client's private link to it, each opening of that link,
and what the client logs for each exercise.

A link's token is shown once, when it is made, and stored only as its SHA-256 digest; the row
never holds the client's name or id in a form that could be guessed. A link lives until it is
revoked, replaced, expires, or its client is discharged or archived (a trigger in the migration
revokes the client's link the moment that happens, so reactivating a client does not revive it).
"""

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from clinic.lib.triggers import keep_rows
from clinic.models import Clinic
from exercises.dose import MAX_SETS

MAX_COMMENT_LENGTH = 500
PAIN_RANGE = "Pain goes from 0 (none) to 10 (the worst imaginable)."
EFFORT_RANGE = "Effort goes from 0 (nothing at all) to 10 (as hard as you can)."
SETS_DONE_RANGE = f"Sets done go from 0 to {MAX_SETS}."
NOT_TODAY_HAS_NO_FIGURES = "A session not done today has no sets, pain or effort."


def token_digest(token: str) -> str:
    """The stored form of a link's token."""
    return hashlib.sha256(token.encode()).hexdigest()


class ProgrammeLink(models.Model):
    """A client's private address for their home programme."""

    clinic_path = "clinic"
    # The token's own lookup, made before any clinic scope is set, reads this table: it holds
    # digests and dates, never client data.
    visible_before_scope = True

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(
        "clinic.Client", on_delete=models.PROTECT, related_name="programme_links"
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    last_opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="programme_link_expires_later"
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_at__gte=F("created_at")),
                name="programme_link_revoked_after_made",
            ),
            models.CheckConstraint(
                condition=Q(token_digest__regex=r"^[0-9a-f]{64}$"),  # noqa: S106
                name="programme_link_digest_is_sha256",
            ),
            # One live link per client: issuing a new one revokes the old in the same write.
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(revoked_at__isnull=True),
                name="programme_link_one_live_per_client",
            ),
        ]
        triggers = [keep_rows()]

    def __str__(self) -> str:
        return f"Programme link {self.pk}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class LinkOpening(models.Model):
    """One opening of a programme link: when, and a keyed digest of the address (never the
    address itself), so that openings from one place can be told apart without keeping it."""

    append_only = True
    clinic_path = "clinic"

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    link = models.ForeignKey(ProgrammeLink, on_delete=models.PROTECT, related_name="openings")
    opened_at = models.DateTimeField()
    address_digest = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        indexes = [models.Index(fields=["link", "-opened_at"])]
        triggers = [keep_rows()]

    def __str__(self) -> str:
        return f"Opened {self.opened_at:%Y-%m-%d %H:%M}"


class SessionOutcome(models.TextChoices):
    DONE = "done", "Done"
    PARTLY = "partly", "Partly"
    NOT_TODAY = "not_today", "Not today"


class SessionLog(models.Model):
    """What the client did of one exercise in one session, as they logged it.

    Logs are only ever added (a second log the same day is a second session); `entry_id` is made
    by the client's page, so a log sent twice (a retry after a lost answer, a queue sent again)
    is stored once.
    """

    append_only = True
    clinic_path = "clinic"

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(
        "clinic.Client", on_delete=models.PROTECT, related_name="session_logs"
    )
    prescription = models.ForeignKey(
        "exercises.Prescription", on_delete=models.PROTECT, related_name="logs"
    )
    link = models.ForeignKey(
        ProgrammeLink, on_delete=models.PROTECT, null=True, blank=True, related_name="logs"
    )
    entry_id = models.UUIDField(default=uuid.uuid4)
    # The client's day, in the clinic's time zone.
    performed_on = models.DateField()
    logged_at = models.DateTimeField()
    outcome = models.CharField(max_length=12, choices=SessionOutcome.choices)
    sets_done = models.PositiveSmallIntegerField(null=True, blank=True)
    pain = models.PositiveSmallIntegerField("pain during it (0–10)", null=True, blank=True)
    effort = models.PositiveSmallIntegerField("effort (0–10)", null=True, blank=True)
    comment = models.CharField(max_length=MAX_COMMENT_LENGTH, blank=True)

    class Meta:
        ordering = ["performed_on", "logged_at", "pk"]
        indexes = [
            models.Index(fields=["client", "performed_on"]),
            models.Index(fields=["prescription", "performed_on"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "entry_id"], name="session_log_entry_once"),
            models.CheckConstraint(
                condition=Q(outcome__in=SessionOutcome.values), name="session_log_outcome_valid"
            ),
            models.CheckConstraint(
                condition=Q(pain__isnull=True) | Q(pain__lte=10),
                name="session_log_pain_0_to_10",
                violation_error_message=PAIN_RANGE,
            ),
            models.CheckConstraint(
                condition=Q(effort__isnull=True) | Q(effort__lte=10),
                name="session_log_effort_0_to_10",
                violation_error_message=EFFORT_RANGE,
            ),
            models.CheckConstraint(
                condition=Q(sets_done__isnull=True) | Q(sets_done__lte=MAX_SETS),
                name="session_log_sets_in_range",
                violation_error_message=SETS_DONE_RANGE,
            ),
            models.CheckConstraint(
                condition=~Q(outcome=SessionOutcome.NOT_TODAY)
                | Q(sets_done__isnull=True, pain__isnull=True, effort__isnull=True),
                name="session_log_not_today_has_no_figures",
                violation_error_message=NOT_TODAY_HAS_NO_FIGURES,
            ),
        ]
        triggers = [keep_rows()]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} on {self.performed_on}"

    @property
    def was_done(self) -> bool:
        """Done or partly: a session that happened."""
        return self.outcome != SessionOutcome.NOT_TODAY


class LinkMiss(models.Model):
    """A programme address opened with a token that names no live link: the throttle counts
    these per keyed digest of the address (no clinic: the token named none)."""

    append_only = True

    address_digest = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["address_digest", "-at"])]

    def __str__(self) -> str:
        return f"Missed {self.at:%Y-%m-%d %H:%M}"
