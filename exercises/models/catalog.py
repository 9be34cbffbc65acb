from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower

from clinic.lib.versions import version_field
from clinic.models import Clinic
from exercises.dose import Dose, DoseFields, dose_constraints

if TYPE_CHECKING:
    from exercises.models.images import ExerciseImage

NAME_TAKEN_GLOBAL = "The shipped catalog already has an exercise with this name."
NAME_TAKEN_CLINIC = "Your clinic already has an exercise with this name."


class Tier(models.IntegerChoices):
    ISOLATION = 1, "Tier 1 · isolation and activation"
    INTEGRATION = 2, "Tier 2 · integration and multi-joint loading"
    FUNCTION = 3, "Tier 3 · function, power and speed"


class Muscle(models.TextChoices):
    GLUTEUS_MAXIMUS = "gluteus_maximus", "Gluteus maximus"
    GLUTEUS_MEDIUS = "gluteus_medius", "Gluteus medius"
    DEEP_HIP_ROTATORS = "deep_hip_rotators", "Deep hip rotators"
    HIP_FLEXORS = "hip_flexors", "Hip flexors"
    HAMSTRINGS = "hamstrings", "Hamstrings"
    QUADRICEPS = "quadriceps", "Quadriceps"
    ADDUCTORS = "adductors", "Adductors"
    QUADRATUS_LUMBORUM = "quadratus_lumborum", "Quadratus lumborum"
    LUMBAR_EXTENSORS = "lumbar_extensors", "Lumbar extensors"
    ABDOMINALS = "abdominals", "Abdominals"
    OBLIQUES = "obliques", "Obliques"
    SCAPULAR_STABILISERS = "scapular_stabilisers", "Scapular stabilisers"
    FOOT_AND_ANKLE = "foot_and_ankle", "Foot and ankle"


class Equipment(models.TextChoices):
    # A floor or mat is assumed everywhere; an exercise with no equipment needs nothing else.
    DOWEL = "dowel", "Dowel"
    STEP = "step", "Step or box"
    BENCH = "bench", "Bench"
    TABLE = "table", "Treatment table"
    WALL = "wall", "Wall"
    BAND = "band", "Resistance band"
    CABLE = "cable", "Cable machine"
    KETTLEBELL = "kettlebell", "Kettlebell or dumbbell"
    BARBELL = "barbell", "Barbell"
    HANDS_ON = "hands_on", "Clinician's hands"


class Aim(models.Model):
    """What an exercise is for, in the order a programme usually works through them."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Exercise(DoseFields):
    """One exercise: shipped with the app (clinic empty) or a clinic's own."""

    # How tenancy helpers reach the owning clinic from this model.
    clinic_path = "clinic"
    # Rows without a clinic ship with Retest: row-level security lets every clinic read them.
    shipped_rows = True

    clinic = models.ForeignKey(
        Clinic, on_delete=models.PROTECT, null=True, blank=True, related_name="exercises"
    )
    # The shipped catalog's stable key, so a reload updates rows instead of adding them.
    slug = models.SlugField(max_length=80, blank=True)
    name = models.CharField(max_length=120)
    aim = models.ForeignKey(Aim, on_delete=models.PROTECT, related_name="exercises")
    tier = models.PositiveSmallIntegerField(choices=Tier.choices)
    purpose = models.TextField("why this exercise", blank=True)
    muscles = ArrayField(
        models.CharField(max_length=30, choices=Muscle.choices),
        default=list,
        blank=True,
        verbose_name="target muscles",
    )
    pattern = models.CharField("movement pattern", max_length=200, blank=True)
    equipment = ArrayField(
        models.CharField(max_length=30, choices=Equipment.choices), default=list, blank=True
    )
    setup = models.TextField("set-up and position")
    cues = ArrayField(models.TextField(), verbose_name="cues, in order")
    faults = ArrayField(
        models.TextField(), default=list, blank=True, verbose_name="common faults, in order"
    )
    # Sets, reps and the hold come from DoseFields: this is the catalog's default dose.
    per_side = models.BooleanField("each side", default=False)
    video_url = models.URLField("video link", blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)
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
        ordering = ["tier", Lower("name"), "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tier__gte=1, tier__lte=3), name="exercise_tier_1_to_3"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="exercise_name_not_empty"),
            models.CheckConstraint(condition=~Q(setup=""), name="exercise_setup_not_empty"),
            models.CheckConstraint(condition=Q(cues__len__gte=1), name="exercise_has_a_cue"),
            models.CheckConstraint(
                condition=~Q(cues__contains=[""]) & ~Q(faults__contains=[""]),
                name="exercise_no_blank_cue_or_fault",
            ),
            models.CheckConstraint(
                condition=Q(muscles__contained_by=Muscle.values),
                name="exercise_muscles_known",
            ),
            models.CheckConstraint(
                condition=Q(equipment__contained_by=Equipment.values),
                name="exercise_equipment_known",
            ),
            *dose_constraints("exercise"),
            # Shipped exercises are keyed by slug and never retired; a clinic retires its own.
            models.CheckConstraint(
                condition=Q(clinic__isnull=False) | ~Q(slug=""), name="exercise_global_has_slug"
            ),
            models.CheckConstraint(
                condition=Q(clinic__isnull=False) | Q(retired_at__isnull=True),
                name="exercise_only_clinic_ones_retire",
            ),
            models.UniqueConstraint(
                "slug", condition=Q(clinic__isnull=True), name="exercise_global_slug_unique"
            ),
            models.UniqueConstraint(
                Lower("name"),
                condition=Q(clinic__isnull=True),
                name="exercise_global_name_unique",
                violation_error_message=NAME_TAKEN_GLOBAL,
            ),
            models.UniqueConstraint(
                Lower("name"),
                "clinic",
                condition=Q(clinic__isnull=False),
                name="exercise_clinic_name_unique",
                violation_error_message=NAME_TAKEN_CLINIC,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_shipped(self) -> bool:
        return self.clinic_id is None

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    @property
    def picture(self) -> "ExerciseImage | None":
        """The clinic's picture of the exercise, where a selector loaded the clinic's pictures
        into `clinic_pictures` (at most one); None where it has none, or they were not loaded."""
        pictures = getattr(self, "clinic_pictures", None)
        return pictures[0] if pictures else None

    @property
    def tier_meaning(self) -> str:
        return self.get_tier_display().split(" · ", 1)[-1]

    @property
    def dose(self) -> Dose:
        return self._dose_with(per_side=self.per_side)

    def muscle_labels(self) -> list[str]:
        return [Muscle(value).label for value in self.muscles]

    def equipment_labels(self) -> list[str]:
        return [Equipment(value).label for value in self.equipment]


class Progression(models.Model):
    """A ladder edge: move from `easier` to `harder` once the criterion is met.

    Read backwards, the same row is the regression from `harder` to `easier`.
    """

    easier = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="progressions")
    harder = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="regressions")
    criterion = models.TextField("move on when")
    # Order among the progressions that leave the same exercise.
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(easier=F("harder")), name="progression_not_to_itself"
            ),
            models.CheckConstraint(condition=~Q(criterion=""), name="progression_has_criterion"),
            models.UniqueConstraint(fields=["easier", "harder"], name="progression_unique_edge"),
        ]

    def __str__(self) -> str:
        return f"{self.easier} → {self.harder}"
