from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from clinic.models import Client, Clinic

PAIN_MIN, PAIN_MAX = 0, 10
VALUE_DIGITS, VALUE_PLACES = 7, 2

# Messages a clinician reads beside the input they typed; kept here so forms, services and
# tests quote the same words.
PAIN_OUT_OF_RANGE = "Pain is scored from 0 (none) to 10 (worst imaginable)."
VALUE_OUT_OF_RANGE = "{test} is recorded from {low} to {high}{unit}."
VALUE_TOO_PRECISE = "{test} is recorded to {places}."
GRADE_OUT_OF_SCALE = "Choose a grade from the test's scale."
NOT_RECORDED_BY_TEST = "{test} does not record this."
UNKNOWN_COMPENSATION = "“{name}” is not on this test's checklist."
SIDE_REQUIRED = "{test} is recorded for the left or the right side."
SIDE_NOT_USED = "{test} is not recorded per side."
RETEST_NEEDS_BASELINE = "A retest belongs to a baseline; a baseline belongs to none."
BASELINE_OF_OTHER_CLIENT = "A retest's baseline must be a baseline of the same client."
RETEST_BEFORE_BASELINE = "A retest cannot be performed before its baseline."


class BodyRegion(models.TextChoices):
    GENERAL = "general", "General / whole person"
    LUMBAR = "lumbar", "Lumbar spine and pelvis"
    HIP = "hip", "Hip"
    LOWER_LIMB = "lower_limb", "Lower limb"


class RecordingKind(models.TextChoices):
    NUMBER = "number", "Number with a unit"
    PAIN = "pain", "Pain 0–10"
    GRADE = "grade", "Ordinal grade"
    SYMPTOM = "symptom", "Symptom response"
    SIGN = "sign", "Positive / negative sign"


class Unit(models.TextChoices):
    DEGREES = "degrees", "degrees"
    SECONDS = "seconds", "seconds"
    REPS = "reps", "reps"
    CM = "cm", "cm"
    KG = "kg", "kg"
    PERCENT = "percent", "%"
    SCORE = "score", "points"


# Short forms shown right after a number ("12°", "30 s").
UNIT_SYMBOLS = {
    Unit.DEGREES: "°",
    Unit.SECONDS: " s",
    Unit.REPS: " reps",
    Unit.CM: " cm",
    Unit.KG: " kg",
    Unit.PERCENT: "%",
    Unit.SCORE: " points",
}


class Better(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class Side(models.TextChoices):
    NONE = "none", "Not sided"
    LEFT = "left", "Left"
    RIGHT = "right", "Right"


class SymptomResponse(models.TextChoices):
    # Listed from best to worst: the comparison reads them as an ordinal scale.
    GONE = "gone", "Gone"
    LESS = "less", "Less"
    SAME = "same", "Same"
    MORE = "more", "More"


class Sign(models.TextChoices):
    NEGATIVE = "negative", "Negative"
    POSITIVE = "positive", "Positive"


def plain_number(value: Decimal | None) -> str:
    """12.50 → "12.5", 40.00 → "40", -5 → "-5"; never scientific notation."""
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class TestDefinition(models.Model):
    """A baseline test or outcome measure: what is recorded, its range, direction and thresholds.

    `kind` is the main thing recorded. A test may also record pain (`records_pain`), a quality
    grade (`grade_labels`, index 0 first; for tests whose main kind is not a grade, the scale
    is listed worst first so a higher grade is better) and a checklist of compensations.
    Shipped tests have no clinic and are read-only; a clinic's own tests carry its FK.
    """

    # Shipped rows have no clinic; tenancy helpers only ever see a clinic's own rows.
    clinic_path = "clinic"
    __test__ = False  # a Django model, not a pytest class

    clinic = models.ForeignKey(
        Clinic, on_delete=models.PROTECT, null=True, blank=True, related_name="test_definitions"
    )
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=120)
    body_region = models.CharField(max_length=20, choices=BodyRegion.choices)
    kind = models.CharField(max_length=10, choices=RecordingKind.choices)
    unit = models.CharField(max_length=10, choices=Unit.choices, blank=True)
    value_min = models.DecimalField(
        max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES, null=True, blank=True
    )
    value_max = models.DecimalField(
        max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES, null=True, blank=True
    )
    decimals = models.PositiveSmallIntegerField(
        default=0, help_text="Decimal places a value is recorded to (0–2)."
    )
    records_pain = models.BooleanField(default=False)
    grade_labels = ArrayField(models.CharField(max_length=120), default=list, blank=True)
    compensations = ArrayField(models.CharField(max_length=80), default=list, blank=True)
    sided = models.BooleanField(default=False)
    better = models.CharField(max_length=10, choices=Better.choices)
    mdc = models.DecimalField(
        "MDC", max_digits=6, decimal_places=2, null=True, blank=True,
        help_text="Minimal detectable change, in the test's unit.",
    )  # fmt: skip
    mdc_source = models.TextField("MDC source", blank=True)
    mcid = models.DecimalField(
        "MCID", max_digits=6, decimal_places=2, null=True, blank=True,
        help_text="Minimal clinically important difference, in the test's unit.",
    )  # fmt: skip
    mcid_source = models.TextField("MCID source", blank=True)
    evidence_note = models.TextField(
        blank=True, help_text="Reliability, population, or why no threshold is known."
    )
    evidence_to_check = models.BooleanField(
        default=False, help_text="Some figures were recalled rather than read in the source."
    )
    position = models.CharField(max_length=200, blank=True)
    instrument = models.CharField(max_length=120, blank=True)
    protocol = models.TextField(blank=True)
    sort_order = models.PositiveIntegerField(default=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sort_order", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "slug"], nulls_distinct=False, name="testdef_slug_unique"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="testdef_name_not_empty"),
            models.CheckConstraint(
                condition=Q(body_region__in=BodyRegion.values), name="testdef_region_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=RecordingKind.values), name="testdef_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(unit__in=[*Unit.values, ""]), name="testdef_unit_valid"
            ),
            models.CheckConstraint(
                condition=Q(better__in=Better.values), name="testdef_better_valid"
            ),
            models.CheckConstraint(condition=Q(decimals__lte=2), name="testdef_decimals_valid"),
            # A number has a unit and a valid range; nothing else has either.
            models.CheckConstraint(
                condition=(
                    Q(
                        kind=RecordingKind.NUMBER,
                        value_min__isnull=False,
                        value_max__isnull=False,
                        value_min__lt=models.F("value_max"),
                    )
                    & ~Q(unit="")
                )
                | (
                    ~Q(kind=RecordingKind.NUMBER)
                    & Q(unit="", value_min__isnull=True, value_max__isnull=True)
                ),
                name="testdef_number_has_unit_and_range",
            ),
            models.CheckConstraint(
                condition=~Q(kind=RecordingKind.GRADE) | Q(grade_labels__len__gte=2),
                name="testdef_grade_has_scale",
            ),
            # Less pain, fewer symptoms and a negative sign are always the better result.
            models.CheckConstraint(
                condition=~Q(
                    kind__in=[RecordingKind.PAIN, RecordingKind.SYMPTOM, RecordingKind.SIGN]
                )
                | Q(better=Better.LOWER),
                name="testdef_pain_sign_symptom_lower_better",
            ),
            # A threshold without its source cannot be checked, so it is not stored.
            models.CheckConstraint(
                condition=Q(mdc__isnull=True) | (Q(mdc__gt=0) & ~Q(mdc_source="")),
                name="testdef_mdc_has_source",
            ),
            models.CheckConstraint(
                condition=Q(mcid__isnull=True) | (Q(mcid__gt=0) & ~Q(mcid_source="")),
                name="testdef_mcid_has_source",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_shipped(self) -> bool:
        return self.clinic_id is None

    @property
    def sides(self) -> list[str]:
        return [Side.LEFT, Side.RIGHT] if self.sided else [Side.NONE]

    @property
    def unit_symbol(self) -> str:
        return UNIT_SYMBOLS.get(self.unit, "")

    @property
    def range_text(self) -> str:
        if self.kind == RecordingKind.NUMBER:
            low, high = plain_number(self.value_min), plain_number(self.value_max)
            # "-30–50" is hard to read; a dash between numbers only when both are positive.
            dash = " to " if self.value_min < 0 else "–"
            return f"{low}{dash}{high}{self.unit_symbol}"
        if self.kind == RecordingKind.PAIN:
            return "0–10"
        return ""

    @property
    def records_value(self) -> bool:
        return self.kind == RecordingKind.NUMBER

    @property
    def records_any_pain(self) -> bool:
        return self.kind == RecordingKind.PAIN or self.records_pain

    @property
    def records_grade(self) -> bool:
        return bool(self.grade_labels)

    @property
    def grade_better(self) -> str:
        """Which way the grade index improves (see the class docstring)."""
        return self.better if self.kind == RecordingKind.GRADE else Better.HIGHER

    @property
    def has_threshold(self) -> bool:
        return self.mdc is not None or self.mcid is not None

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kind == RecordingKind.NUMBER:
            if not self.unit:
                errors["unit"] = "A number needs its unit."
            if self.value_min is None or self.value_max is None:
                errors["value_max"] = "A number needs its valid range."
            elif self.value_min >= self.value_max:
                errors["value_max"] = "The highest valid value must be above the lowest."
        elif self.unit or self.value_min is not None or self.value_max is not None:
            errors["unit"] = "Only numbers have a unit and a range."
        if self.kind == RecordingKind.GRADE and len(self.grade_labels) < 2:
            errors["grade_labels"] = "A grade needs a scale of at least two steps."
        lower_only = (RecordingKind.PAIN, RecordingKind.SYMPTOM, RecordingKind.SIGN)
        if self.kind in lower_only and self.better != Better.LOWER:
            errors["better"] = "Less pain, fewer symptoms or a negative sign is better."
        for field in ("mdc", "mcid"):
            if getattr(self, field) is not None and not getattr(self, f"{field}_source").strip():
                errors[f"{field}_source"] = "Give the source of this threshold."
        if len(set(self.compensations)) != len(self.compensations):
            errors["compensations"] = "Each compensation appears once."
        if errors:
            raise ValidationError(errors)


class OrderedTest(models.Model):
    """A test at a position in an ordered list: a test set's or a round's."""

    test = models.ForeignKey(TestDefinition, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()

    class Meta:
        abstract = True
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.position + 1}. {self.test}"


class TestSet(models.Model):
    """A named, ordered bundle of tests that starts a baseline in one click."""

    clinic_path = "clinic"
    __test__ = False

    clinic = models.ForeignKey(
        Clinic, on_delete=models.PROTECT, null=True, blank=True, related_name="test_sets"
    )
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    tests = models.ManyToManyField(TestDefinition, through="TestSetItem", related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "slug"], nulls_distinct=False, name="testset_slug_unique"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="testset_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_shipped(self) -> bool:
        return self.clinic_id is None


class TestSetItem(OrderedTest):
    __test__ = False

    test_set = models.ForeignKey(TestSet, on_delete=models.CASCADE, related_name="items")

    class Meta(OrderedTest.Meta):
        constraints = [
            models.UniqueConstraint(fields=["test_set", "test"], name="testsetitem_test_once"),
            models.UniqueConstraint(
                fields=["test_set", "position"], name="testsetitem_position_unique"
            ),
        ]


class AssessmentKind(models.TextChoices):
    BASELINE = "baseline", "Baseline"
    RETEST = "retest", "Retest"


class Assessment(models.Model):
    """One round of tests for a client at a moment: a baseline, or a retest of a baseline.

    A retest's rater, instrument and position are compared with its baseline's, because
    the error between raters is far larger than within one.
    """

    clinic_path = "client__clinic"

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="assessments")
    kind = models.CharField(max_length=10, choices=AssessmentKind.choices)
    baseline = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="retests"
    )
    performed_at = models.DateTimeField(default=timezone.now)
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    rater = models.CharField(max_length=120, blank=True)
    instrument = models.CharField(max_length=120, blank=True)
    position = models.CharField(max_length=120, blank=True)
    note = models.TextField(blank=True)
    tests = models.ManyToManyField(TestDefinition, through="AssessmentTest", related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-performed_at", "-pk"]
        indexes = [models.Index(fields=["client", "-performed_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AssessmentKind.values), name="assessment_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind=AssessmentKind.BASELINE, baseline__isnull=True)
                | Q(kind=AssessmentKind.RETEST, baseline__isnull=False),
                name="assessment_retest_has_baseline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.client} on {self.performed_at:%Y-%m-%d}"

    @property
    def is_retest(self) -> bool:
        return self.kind == AssessmentKind.RETEST

    def clean(self) -> None:
        if (self.kind == AssessmentKind.RETEST) != (self.baseline_id is not None):
            raise ValidationError({"baseline": RETEST_NEEDS_BASELINE})
        baseline = self.baseline
        if baseline is not None:
            if baseline.kind != AssessmentKind.BASELINE or baseline.client_id != self.client_id:
                raise ValidationError({"baseline": BASELINE_OF_OTHER_CLIENT})
            if self.performed_at and self.performed_at < baseline.performed_at:
                raise ValidationError({"performed_at": RETEST_BEFORE_BASELINE})


class AssessmentTest(OrderedTest):
    """A test in a round, in the order it is performed; a retest repeats the same order."""

    clinic_path = "assessment__client__clinic"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="items")

    class Meta(OrderedTest.Meta):
        constraints = [
            models.UniqueConstraint(fields=["assessment", "test"], name="assessmenttest_once"),
            models.UniqueConstraint(
                fields=["assessment", "position"], name="assessmenttest_position_unique"
            ),
        ]


class Finding(models.Model):
    """One test's result in a round, per side for sided tests.

    Which fields a finding may fill depends on its test; the database checks the fixed rules
    and a trigger checks the test's own range, scale and checklist (see migration 0002).
    """

    clinic_path = "assessment__client__clinic"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="findings")
    test = models.ForeignKey(TestDefinition, on_delete=models.PROTECT, related_name="+")
    side = models.CharField(max_length=5, choices=Side.choices, default=Side.NONE)
    value = models.DecimalField(
        max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES, null=True, blank=True
    )
    pain = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[
            MinValueValidator(PAIN_MIN, PAIN_OUT_OF_RANGE),
            MaxValueValidator(PAIN_MAX, PAIN_OUT_OF_RANGE),
        ],
    )
    grade = models.PositiveSmallIntegerField(null=True, blank=True)
    symptom = models.CharField(max_length=5, choices=SymptomResponse.choices, blank=True)
    sign = models.CharField(max_length=8, choices=Sign.choices, blank=True)
    compensations = ArrayField(models.CharField(max_length=80), default=list, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["assessment", "test", "side"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "test", "side"], name="finding_once_per_test_and_side"
            ),
            models.CheckConstraint(condition=Q(side__in=Side.values), name="finding_side_valid"),
            models.CheckConstraint(
                condition=Q(pain__isnull=True) | Q(pain__gte=PAIN_MIN, pain__lte=PAIN_MAX),
                name="finding_pain_0_to_10",
            ),
            models.CheckConstraint(
                condition=Q(grade__isnull=True) | Q(grade__gte=0), name="finding_grade_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(symptom__in=[*SymptomResponse.values, ""]),
                name="finding_symptom_valid",
            ),
            models.CheckConstraint(
                condition=Q(sign__in=[*Sign.values, ""]), name="finding_sign_valid"
            ),
        ]

    def __str__(self) -> str:
        side = "" if self.side == Side.NONE else f" ({self.get_side_display().lower()})"
        return f"{self.test}{side}"

    @property
    def is_empty(self) -> bool:
        return (
            self.value is None
            and self.pain is None
            and self.grade is None
            and not self.symptom
            and not self.sign
            and not self.compensations
            and not self.note
        )

    @property
    def value_text(self) -> str:
        return (
            f"{plain_number(self.value)}{self.test.unit_symbol}" if self.value is not None else ""
        )

    @property
    def grade_label(self) -> str:
        labels = self.test.grade_labels
        return labels[self.grade] if self.grade is not None and self.grade < len(labels) else ""

    @property
    def summary(self) -> str:
        """Everything recorded, in one line: "8° · pain 2/10 · Good · lumbar extension"."""
        parts = [
            self.value_text,
            f"pain {self.pain}/10" if self.pain is not None else "",
            self.grade_label,
            self.get_symptom_display() if self.symptom else "",
            self.get_sign_display() if self.sign else "",
            ", ".join(self.compensations),
        ]
        return " · ".join(part for part in parts if part)

    def clean(self) -> None:
        test = self.test
        errors: dict[str, list[str]] = {}

        def refuse(field: str, message: str) -> None:
            errors.setdefault(field, []).append(message)

        if test.sided and self.side == Side.NONE:
            refuse("side", SIDE_REQUIRED.format(test=test.name))
        elif not test.sided and self.side != Side.NONE:
            refuse("side", SIDE_NOT_USED.format(test=test.name))
        if self.value is not None:
            if not test.records_value:
                refuse("value", NOT_RECORDED_BY_TEST.format(test=test.name))
            elif not test.value_min <= self.value <= test.value_max:
                refuse("value", value_range_message(test))
            elif self.value != round(self.value, test.decimals):
                places = {0: "whole numbers", 1: "one decimal place"}.get(
                    test.decimals, f"{test.decimals} decimal places"
                )
                refuse("value", VALUE_TOO_PRECISE.format(test=test.name, places=places))
        if self.pain is not None and not test.records_any_pain:
            refuse("pain", NOT_RECORDED_BY_TEST.format(test=test.name))
        if self.grade is not None and not 0 <= self.grade < len(test.grade_labels):
            refuse("grade", GRADE_OUT_OF_SCALE)
        if self.symptom and test.kind != RecordingKind.SYMPTOM:
            refuse("symptom", NOT_RECORDED_BY_TEST.format(test=test.name))
        if self.sign and test.kind != RecordingKind.SIGN:
            refuse("sign", NOT_RECORDED_BY_TEST.format(test=test.name))
        for name in self.compensations:
            if name not in test.compensations:
                refuse("compensations", UNKNOWN_COMPENSATION.format(name=name))
        if errors:
            raise ValidationError(errors)


def value_range_message(test: TestDefinition) -> str:
    return VALUE_OUT_OF_RANGE.format(
        test=test.name,
        low=plain_number(test.value_min),
        high=plain_number(test.value_max),
        unit=test.unit_symbol,
    )


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
