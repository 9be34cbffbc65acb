"""What happens between rounds: treatment given in the visit, and the clinician's reflection."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from clinic.lib.triggers import keep_rows
from clinic.lib.versions import version_field
from exercises.dose import Dose, DoseFields, dose_constraints, dose_text, load_field

from .rounds import Assessment

INTERVENTION_NEEDS_CONTENT = "Choose an exercise or describe the treatment."


class InterventionQuerySet(models.QuerySet["Intervention"]):
    def current(self) -> "InterventionQuerySet":
        """Treatment entries that stand: not removed. A removed one is kept, read in history."""
        return self.filter(removed_at__isnull=True)


class Intervention(DoseFields):
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
    # Sets, reps and the hold come from DoseFields, as for a home programme; in a visit they
    # may all be left out, for manual treatment.
    load = load_field()
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
                condition=Q(exercise__isnull=False) | ~Q(description=""),
                name="intervention_has_content",
            ),
            *dose_constraints("intervention", required=False),
        ]
        triggers = [keep_rows()]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        exercise = self.exercise if self.exercise_id else None
        return exercise.name if exercise is not None else self.description.splitlines()[0]

    @property
    def dose(self) -> Dose:
        # Not "each side" from the exercise: in a visit the clinician may treat one side only.
        return self._dose_with(load=self.load)

    @property
    def dose_text(self) -> str:
        return dose_text(self.dose)

    def clean(self) -> None:
        if self.exercise_id is None and not self.description.strip():
            raise ValidationError({"description": INTERVENTION_NEEDS_CONTENT})


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
