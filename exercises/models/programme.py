from django.conf import settings
from django.db import models
from django.db.models import F, Q

from clinic.lib.triggers import keep_rows
from clinic.lib.versions import version_field
from exercises.dose import Dose, DoseFields, dose_constraints, load_field
from exercises.models.catalog import Exercise

# How often a client does the programme at home: up to several times a day, or a few days a week.
MAX_TIMES_PER_DAY = 6
MAX_TIMES_PER_WEEK = 14
MAX_NOTE_LENGTH = 500

FREQUENCY_RANGE = (
    f"Give 1 to {MAX_TIMES_PER_DAY} times a day, or 1 to {MAX_TIMES_PER_WEEK} times a week."
)
ENDED_WHEN_NOT_ACTIVE = "An exercise has an end date once, and only once, it leaves the programme."
ENDS_AFTER_START = "An exercise cannot leave the programme before it was added."


class PrescriptionStatus(models.TextChoices):
    ACTIVE = "active", "In the programme"
    PROGRESSED = "progressed", "Progressed"
    REGRESSED = "regressed", "Regressed"
    STOPPED = "stopped", "Stopped"


class FrequencyUnit(models.TextChoices):
    DAY = "day", "a day"
    WEEK = "week", "a week"


class Prescription(DoseFields):
    """An exercise in a client's home programme, with its dose.

    A progression or regression never edits a row: it ends this one and starts a new one that
    points back here through `progressed_from`, so the programme's history reads as a chain.
    """

    # How tenancy helpers reach the owning clinic from this model.
    clinic_path = "client__clinic"

    client = models.ForeignKey(
        "clinic.Client", on_delete=models.PROTECT, related_name="prescriptions"
    )
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="prescriptions")
    # Sets, reps and the hold come from DoseFields.
    load = load_field()
    frequency_times = models.PositiveSmallIntegerField("times", default=1)
    frequency_unit = models.CharField(
        "per", max_length=10, choices=FrequencyUnit.choices, default=FrequencyUnit.DAY
    )
    note = models.CharField("note for the client", max_length=MAX_NOTE_LENGTH, blank=True)
    # Order in the programme; the services keep the active rows numbered 0, 1, 2, … per client.
    position = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(
        max_length=20, choices=PrescriptionStatus.choices, default=PrescriptionStatus.ACTIVE
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    progressed_from = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )
    prescribed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = version_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ["client", "position", "pk"]
        indexes = [models.Index(fields=["client", "status", "position"])]
        constraints = [
            *dose_constraints("prescription"),
            models.CheckConstraint(
                condition=Q(
                    frequency_unit=FrequencyUnit.DAY,
                    frequency_times__gte=1,
                    frequency_times__lte=MAX_TIMES_PER_DAY,
                )
                | Q(
                    frequency_unit=FrequencyUnit.WEEK,
                    frequency_times__gte=1,
                    frequency_times__lte=MAX_TIMES_PER_WEEK,
                ),
                name="prescription_frequency_in_range",
                violation_error_message=FREQUENCY_RANGE,
            ),
            models.CheckConstraint(
                condition=Q(status__in=PrescriptionStatus.values),
                name="prescription_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status=PrescriptionStatus.ACTIVE, ended_at__isnull=True)
                | (~Q(status=PrescriptionStatus.ACTIVE) & Q(ended_at__isnull=False)),
                name="prescription_ended_iff_not_active",
                violation_error_message=ENDED_WHEN_NOT_ACTIVE,
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("started_at")),
                name="prescription_ends_after_start",
                violation_error_message=ENDS_AFTER_START,
            ),
        ]
        triggers = [keep_rows()]

    def __str__(self) -> str:
        return f"{self.exercise} for {self.client}"

    @property
    def is_active(self) -> bool:
        return self.status == PrescriptionStatus.ACTIVE

    @property
    def dose(self) -> Dose:
        # "Each side" is the exercise's: the same movement is done on each side in any programme.
        return self._dose_with(per_side=self.exercise.per_side, load=self.load)
