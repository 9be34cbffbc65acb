"""The test library: test definitions and the ordered sets of them that start a round."""

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from clinic.models import Clinic

from .choices import (
    BETTER_CHOICES,
    UNIT_SYMBOLS,
    Better,
    BodyRegion,
    RecordingKind,
    Side,
    Unit,
    plain_number,
)

VALUE_DIGITS, VALUE_PLACES = 7, 2


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
    better = models.CharField(max_length=10, choices=BETTER_CHOICES)
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
                condition=Q(better__in=[b.value for b in Better]), name="testdef_better_valid"
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
