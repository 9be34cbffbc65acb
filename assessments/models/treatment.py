"""What happens between rounds: treatment given in the visit, and the clinician's reflection."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from clinic.lib.triggers import keep_rows
from clinic.lib.versions import version_field
from exercises.dose import Dose, DoseFields, dose_constraints, dose_text, load_field

from .rounds import Assessment

INTERVENTION_NEEDS_CONTENT = "Choose an exercise or describe the treatment."
EXERCISE_NEEDED = "Choose the exercise from the catalog: search for it by name."
TECHNIQUE_NEEDED = "Name the technique, e.g. soft-tissue release."
REGION_NEEDED = "Say where: the region treated, e.g. left hip flexors."
MAX_MANUAL_MINUTES = 120
DURATION_RANGE = f"Give how long it took, in whole minutes from 1 to {MAX_MANUAL_MINUTES}."
MANUAL_HAS_NO_DOSE = "Manual treatment has a duration, not sets or reps."


class InterventionKind(models.TextChoices):
    EXERCISE = "exercise", "Exercise from the catalog"
    MANUAL = "manual", "Manual treatment"
    # Education, advice, taping, or an entry logged before treatment had kinds: in words.
    OTHER = "other", "Other, in words"


class InterventionQuerySet(models.QuerySet["Intervention"]):
    def current(self) -> "InterventionQuerySet":
        """Treatment entries that stand: not removed. A removed one is kept, read in history."""
        return self.filter(removed_at__isnull=True)


class Intervention(DoseFields):
    """What was done in the visit after a round and before the next one: a catalog exercise
    with its dose (a cable pull-through, about 40 reps), a manual treatment (technique, region,
    minutes), or another treatment in words; each with how the client responded.

    It hangs on the round it follows, so the report can show it between that round and the
    next whether the next round is minutes or weeks later.
    """

    clinic_path = "after_round__client__clinic"

    after_round = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="interventions"
    )
    kind = models.CharField(
        max_length=10, choices=InterventionKind.choices, default=InterventionKind.EXERCISE
    )
    exercise = models.ForeignKey(
        "exercises.Exercise", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Sets, reps and the hold come from DoseFields, as for a home programme; in a visit they
    # may all be left out, for manual treatment.
    load = load_field()
    technique = models.CharField(max_length=120, blank=True)
    region = models.CharField("region treated", max_length=120, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        "minutes",
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, DURATION_RANGE),
            MaxValueValidator(MAX_MANUAL_MINUTES, DURATION_RANGE),
        ],
    )
    # What the client said or showed ("felt it in the glutes"), whatever the kind.
    response = models.TextField("client's response", blank=True)
    description = models.TextField("treatment or note", blank=True)
    performed_at = models.DateTimeField(default=timezone.now)
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The form that logged it: a double tap or a retry logs the treatment once.
    submission = models.UUIDField(null=True, blank=True, editable=False)
    # An entry logged by mistake is removed, not deleted: it leaves the round and the report,
    # and its history keeps what it said.
    removed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InterventionQuerySet.as_manager()

    class Meta:
        ordering = ["performed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["submission"], name="intervention_submission_once"),
            models.CheckConstraint(
                condition=Q(kind__in=InterventionKind.values), name="intervention_kind_valid"
            ),
            # Each kind carries what defines it, and only an exercise comes from the catalog.
            models.CheckConstraint(
                condition=Q(exercise__isnull=False) | ~Q(kind=InterventionKind.EXERCISE),
                name="intervention_exercise_named",
                violation_error_message=EXERCISE_NEEDED,
            ),
            models.CheckConstraint(
                condition=Q(exercise__isnull=True) | Q(kind=InterventionKind.EXERCISE),
                name="intervention_exercise_only_for_its_kind",
            ),
            models.CheckConstraint(
                condition=~Q(kind=InterventionKind.MANUAL)
                | (
                    ~Q(technique="")
                    & ~Q(region="")
                    & Q(duration_minutes__isnull=False)
                    & Q(sets__isnull=True, reps__isnull=True, hold_seconds__isnull=True)
                    & Q(hold_to_fatigue=False, load="")
                ),
                name="intervention_manual_complete",
            ),
            models.CheckConstraint(
                condition=Q(kind=InterventionKind.MANUAL)
                | Q(technique="", region="", duration_minutes__isnull=True),
                name="intervention_manual_fields_only_for_manual",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True)
                | Q(duration_minutes__gte=1, duration_minutes__lte=MAX_MANUAL_MINUTES),
                name="intervention_duration_in_range",
                violation_error_message=DURATION_RANGE,
            ),
            models.CheckConstraint(
                condition=~Q(kind=InterventionKind.OTHER) | ~Q(description=""),
                name="intervention_other_described",
                violation_error_message=INTERVENTION_NEEDS_CONTENT,
            ),
            *dose_constraints("intervention", required=False),
        ]
        triggers = [keep_rows()]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        exercise = self.exercise if self.exercise_id else None
        if exercise is not None:
            return exercise.name
        if self.kind == InterventionKind.MANUAL:
            return f"{self.technique}, {self.region}"
        return self.description.splitlines()[0] if self.description else "Treatment"

    @property
    def duration_text(self) -> str:
        return f"{self.duration_minutes} min" if self.duration_minutes else ""

    @property
    def amount_text(self) -> str:
        """How much: the dose of an exercise, the minutes of a manual treatment."""
        return self.duration_text if self.kind == InterventionKind.MANUAL else self.dose_text

    @property
    def dose(self) -> Dose:
        # Not "each side" from the exercise: in a visit the clinician may treat one side only.
        return self._dose_with(load=self.load)

    @property
    def dose_text(self) -> str:
        return dose_text(self.dose)

    def clean(self) -> None:
        errors = {}
        if self.kind == InterventionKind.EXERCISE and self.exercise_id is None:
            errors["exercise"] = EXERCISE_NEEDED
        if self.kind == InterventionKind.MANUAL:
            if not self.technique.strip():
                errors["technique"] = TECHNIQUE_NEEDED
            if not self.region.strip():
                errors["region"] = REGION_NEEDED
            if self.duration_minutes is None:
                errors["duration_minutes"] = DURATION_RANGE
            if self.dose_text:
                errors["sets"] = MANUAL_HAS_NO_DOSE
        if self.kind == InterventionKind.OTHER and not self.description.strip():
            errors["description"] = INTERVENTION_NEEDS_CONTENT
        if errors:
            raise ValidationError(errors)


class Expectation(models.TextChoices):
    YES = "yes", "Yes, the change I aimed for"
    PARTLY = "partly", "Partly"
    NO = "no", "No"
    UNSURE = "unsure", "Not sure yet"


class Reflection(models.Model):
    """The clinician's reading of one retest's comparison with its baseline, kept beside the
    report: one per retest, so the same-visit reading is not replaced by the week-5 one.

    A reflection written before reflections were per retest may sit on a baseline that has
    no retest that counts (see migration 0008).
    """

    clinic_path = "round__client__clinic"

    round = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="reflection")
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
    version = version_field()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(expected__in=[*Expectation.values, ""]),
                name="reflection_expected_valid",
            ),
        ]
        triggers = [keep_rows()]

    def __str__(self) -> str:
        return f"Reflection on {self.round}"
