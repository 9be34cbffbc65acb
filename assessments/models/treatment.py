"""What happens between rounds: treatment given in the visit, and the clinician's reflection."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .rounds import Assessment

INTERVENTION_NEEDS_CONTENT = "Choose an exercise or describe the treatment."
INTERVENTION_MAX_SETS = 20
INTERVENTION_MAX_REPS = 500
INTERVENTION_MAX_HOLD = 600
INTERVENTION_DOSE_RANGE = (
    f"Sets go from 1 to {INTERVENTION_MAX_SETS}, reps from 1 to {INTERVENTION_MAX_REPS} "
    f"and a hold from 1 to {INTERVENTION_MAX_HOLD} seconds."
)


class Intervention(models.Model):
    """What was done in the visit after a round and before the next one: a catalog exercise
    with its dose (a cable pull-through, about 40 reps) or a manual treatment in words.

    It hangs on the round it follows, so the report can show it between that round and the
    next whether the next round is minutes or weeks later.
    """

    clinic_path = "after_round__client__clinic"

    after_round = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="interventions"
    )
    exercise = models.ForeignKey(
        "exercises.Exercise", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sets = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, INTERVENTION_DOSE_RANGE),
            MaxValueValidator(INTERVENTION_MAX_SETS, INTERVENTION_DOSE_RANGE),
        ],
    )
    reps = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, INTERVENTION_DOSE_RANGE),
            MaxValueValidator(INTERVENTION_MAX_REPS, INTERVENTION_DOSE_RANGE),
        ],
    )
    hold_seconds = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, INTERVENTION_DOSE_RANGE),
            MaxValueValidator(INTERVENTION_MAX_HOLD, INTERVENTION_DOSE_RANGE),
        ],
    )
    load = models.CharField("load or band", max_length=60, blank=True)
    description = models.TextField("treatment or note", blank=True)
    performed_at = models.DateTimeField(default=timezone.now)
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["performed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(exercise__isnull=False) | ~Q(description=""),
                name="intervention_has_content",
            ),
            models.CheckConstraint(
                condition=Q(sets__isnull=True) | Q(sets__gte=1, sets__lte=INTERVENTION_MAX_SETS),
                name="intervention_sets_range",
            ),
            models.CheckConstraint(
                condition=Q(reps__isnull=True) | Q(reps__gte=1, reps__lte=INTERVENTION_MAX_REPS),
                name="intervention_reps_range",
            ),
            models.CheckConstraint(
                condition=Q(hold_seconds__isnull=True)
                | Q(hold_seconds__gte=1, hold_seconds__lte=INTERVENTION_MAX_HOLD),
                name="intervention_hold_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.exercise.name if self.exercise_id else self.description.splitlines()[0]

    @property
    def dose_text(self) -> str:
        parts = []
        if self.sets and self.reps:
            parts.append(f"{self.sets} × {self.reps} reps")
        elif self.reps:
            parts.append(f"{self.reps} reps")
        elif self.sets:
            parts.append(f"{self.sets} sets")
        if self.hold_seconds:
            parts.append(f"hold {self.hold_seconds} s")
        if self.load:
            parts.append(self.load)
        return ", ".join(parts)

    def clean(self) -> None:
        if self.exercise_id is None and not self.description.strip():
            raise ValidationError({"description": INTERVENTION_NEEDS_CONTENT})


class Expectation(models.TextChoices):
    YES = "yes", "Yes, the change I aimed for"
    PARTLY = "partly", "Partly"
    NO = "no", "No"
    UNSURE = "unsure", "Not sure yet"


class Reflection(models.Model):
    """The clinician's reading of a baseline's comparison, kept beside the report."""

    clinic_path = "baseline__client__clinic"

    baseline = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="reflection")
    expected = models.CharField(
        "was this the change you aimed for?", max_length=10, choices=Expectation.choices,
        blank=True,
    )  # fmt: skip
    why = models.TextField("why do you think it happened?", blank=True)
    next_step = models.TextField("next step", blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(expected__in=[*Expectation.values, ""]),
                name="reflection_expected_valid",
            )
        ]

    def __str__(self) -> str:
        return f"Reflection on {self.baseline}"
