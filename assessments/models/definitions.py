"""The test library: test definitions and the ordered sets of them that start a round."""

from decimal import Decimal
from itertools import pairwise

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Func, Q
from django.db.models.lookups import Exact

from clinic.lib.units import with_unit
from clinic.models import Clinic

from .choices import (
    BETTER_CHOICES,
    PAIN_MAX,
    PAIN_MIN,
    UNIT_SYMBOLS,
    BestGrade,
    Better,
    BodyRegion,
    RecordingKind,
    Side,
    Unit,
    plain_number,
)

VALUE_DIGITS, VALUE_PLACES = 7, 2

# Messages shown beside the field they are about, on the form for a clinic's own test.
THRESHOLD_NEEDS_SOURCE = "Give the source of this threshold."
PERCENT_NEEDS_TRUE_ZERO = "A percent of the baseline means nothing on a range that goes below zero."
MCID_PERCENT_RANGE = "A percent MCID lies above 0 and at most 100."
MCID_PERCENT_NOT_FOR_KIND = "Only a number or a pain score has a percent MCID."
BANDS_NOT_FOR_KIND = "Only a number or a pain score has an MCID by baseline."
BAND_SHAPE = "Each band needs a lowest and a highest baseline and its MCID, as numbers."
BAND_UPSIDE_DOWN = "A band's highest baseline must not be below its lowest."
BAND_MCID_NOT_POSITIVE = "A band's MCID must be above zero."
BANDS_OVERLAP = "List the bands from the lowest baseline up, without overlaps."
BAND_OUT_OF_RANGE = "Every band must lie within the test's valid range, {low} to {high}."
GRADE_ORDER_AGAINST_BETTER = (
    "For a grade test, “lower is better” means the first grade is the best and “higher is "
    "better” the last."
)
PAIN_TEST_NEEDED = "Choose the pain test whose thresholds judge this pain."
PAIN_TEST_NOT_PAIN = "Choose a pain test: its thresholds judge the pain recorded here."
PAIN_TEST_UNUSED = "Only a test that records pain has a pain test."
PAIN_TEST_NOT_AVAILABLE = "That pain test is not in your clinic's library."

# Kinds whose main value is a number on a scale, and so can have thresholds.
SCALED_KINDS = (RecordingKind.NUMBER, RecordingKind.PAIN)

# Each band of `mcid_bands` is {"low": n, "high": n, "mcid": n} with low ≤ high and mcid > 0.
# The order of the bands and the test's range are checked by `clean()`.
_MALFORMED_BAND = (
    '$[*] ? (!(@.low.type() == "number" && @.high.type() == "number" '
    '&& @.mcid.type() == "number" && @.low <= @.high && @.mcid > 0))'
)


class TestDefinition(models.Model):
    """A baseline test or outcome measure: what is recorded, its range, direction and thresholds.

    `kind` is the main thing recorded. A test may also record pain (`records_pain`, judged on
    the thresholds of `pain_test`), a quality grade (`grade_labels`, with `best_grade` saying
    which end of them is the best) and a checklist of compensations.

    A change is judged on the test's own thresholds: the MDC, the MCID, an MCID that depends on
    the baseline (`mcid_bands`, which take precedence over `mcid` inside their range), and an
    MCID as a share of the baseline (`mcid_percent`). Shipped tests have no clinic and are
    read-only; a clinic's own tests carry its FK.
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
    percent_meaningful = models.BooleanField(
        "percent change is meaningful", default=True,
        help_text=(
            "True on ratio scales with a true zero (degrees from 0, seconds, reps, cm, kg); "
            "false on scores and percentages, whose zero is arbitrary."
        ),
    )  # fmt: skip
    records_pain = models.BooleanField(default=False)
    pain_test = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        limit_choices_to={"kind": RecordingKind.PAIN},
        help_text="The pain test whose thresholds judge the pain recorded beside this test.",
    )  # fmt: skip
    grade_labels = ArrayField(models.CharField(max_length=120), default=list, blank=True)
    best_grade = models.CharField(
        max_length=5, choices=BestGrade.choices, default=BestGrade.LAST,
        help_text="Which end of the grade labels is the best grade.",
    )  # fmt: skip
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
    mcid_percent = models.DecimalField(
        "MCID as a percent of the baseline", max_digits=5, decimal_places=2, null=True,
        blank=True,
        help_text="An improvement of this share of the baseline is clinically important too.",
    )  # fmt: skip
    mcid_bands = models.JSONField(
        "MCID by baseline", default=list, blank=True,
        help_text=(
            "MCIDs that depend on the baseline: a list of {low, high, mcid}, the band holding "
            "the baseline giving the MCID."
        ),
    )  # fmt: skip
    mcid_source = models.TextField(
        "MCID source", blank=True,
        help_text="Where the MCID, the percent MCID and the bands come from.",
    )  # fmt: skip
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
            models.CheckConstraint(
                condition=Q(best_grade__in=BestGrade.values), name="testdef_best_grade_valid"
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
            models.CheckConstraint(
                condition=Q(mcid_percent__isnull=True)
                | (
                    Q(mcid_percent__gt=0, mcid_percent__lte=100, kind__in=SCALED_KINDS)
                    & ~Q(mcid_source="")
                ),
                name="testdef_mcid_percent_has_source",
            ),
            models.CheckConstraint(
                condition=Exact(
                    Func(F("mcid_bands"), function="jsonb_typeof", output_field=models.TextField()),
                    "array",
                ),
                name="testdef_mcid_bands_list",
            ),
            models.CheckConstraint(
                condition=Q(mcid_bands=[]) | (Q(kind__in=SCALED_KINDS) & ~Q(mcid_source="")),
                name="testdef_mcid_bands_have_source",
            ),
            models.CheckConstraint(
                condition=~Q(
                    Func(
                        F("mcid_bands"),
                        function="jsonb_path_exists",
                        template=f"%(function)s(%(expressions)s, '{_MALFORMED_BAND}')",
                        output_field=models.BooleanField(),
                    )
                ),
                name="testdef_mcid_bands_well_formed",
            ),
            # A percent of a value that can be negative (an angle either side of zero) means
            # nothing, whether as a change or as an MCID.
            models.CheckConstraint(
                condition=Q(value_min__isnull=True)
                | Q(value_min__gte=0)
                | Q(percent_meaningful=False, mcid_percent__isnull=True),
                name="testdef_percent_needs_true_zero",
            ),
            models.CheckConstraint(
                condition=~Q(kind=RecordingKind.GRADE)
                | Q(better=Better.LOWER.value, best_grade=BestGrade.FIRST)
                | Q(better=Better.HIGHER.value, best_grade=BestGrade.LAST),
                name="testdef_grade_order_matches_better",
            ),
            models.CheckConstraint(
                condition=Q(records_pain=True, pain_test__isnull=False)
                | Q(records_pain=False, pain_test__isnull=True),
                name="testdef_pain_has_pain_test",
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
        if (
            self.kind == RecordingKind.NUMBER
            and self.value_min is not None
            and self.value_max is not None
        ):
            low = plain_number(self.value_min)
            # "-30–50" is hard to read; a dash between numbers only when both are positive.
            dash = " to " if self.value_min < 0 else "–"
            return f"{low}{dash}{with_unit(self.value_max, self.unit_symbol)}"
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
    def grades_best_first(self) -> list[str]:
        """The grade labels from the best to the worst."""
        labels = list(self.grade_labels)
        return labels if self.best_grade == BestGrade.FIRST else labels[::-1]

    @property
    def mcid_bands_text(self) -> str:
        """ "1–4: 1 · 5–7: 2 · 8–10: 3.5": the MCID for each band of baselines."""
        return " · ".join(f"{b['low']:g}–{b['high']:g}: {b['mcid']:g}" for b in self.mcid_bands)

    @property
    def has_threshold(self) -> bool:
        return (
            self.mdc is not None
            or self.mcid is not None
            or self.mcid_percent is not None
            or bool(self.mcid_bands)
        )

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
        if self.kind == RecordingKind.GRADE and self.best_grade != (
            BestGrade.FIRST if self.better == Better.LOWER else BestGrade.LAST
        ):
            errors["best_grade"] = GRADE_ORDER_AGAINST_BETTER
        for field in ("mdc", "mcid"):
            if getattr(self, field) is not None and not getattr(self, f"{field}_source").strip():
                errors[f"{field}_source"] = THRESHOLD_NEEDS_SOURCE
        errors.update(self._percent_errors())
        if band_error := self._band_error():
            errors["mcid_bands"] = band_error
        if (self.mcid_percent is not None or self.mcid_bands) and not self.mcid_source.strip():
            errors.setdefault("mcid_source", THRESHOLD_NEEDS_SOURCE)
        if pain_error := self._pain_test_error():
            errors["pain_test"] = pain_error
        if len(set(self.compensations)) != len(self.compensations):
            errors["compensations"] = "Each compensation appears once."
        if errors:
            raise ValidationError(errors)

    def _percent_errors(self) -> dict[str, str]:
        errors = {}
        below_zero = self.value_min is not None and self.value_min < 0
        if self.percent_meaningful and below_zero:
            errors["percent_meaningful"] = PERCENT_NEEDS_TRUE_ZERO
        if self.mcid_percent is not None:
            if self.kind not in SCALED_KINDS:
                errors["mcid_percent"] = MCID_PERCENT_NOT_FOR_KIND
            elif not 0 < self.mcid_percent <= 100:
                errors["mcid_percent"] = MCID_PERCENT_RANGE
            elif below_zero:
                errors["mcid_percent"] = PERCENT_NEEDS_TRUE_ZERO
        return errors

    def _band_error(self) -> str | None:
        bands = self.mcid_bands
        if not bands:
            return None
        if self.kind not in SCALED_KINDS:
            return BANDS_NOT_FOR_KIND
        if not isinstance(bands, list) or not all(_is_band(band) for band in bands):
            return BAND_SHAPE
        if any(band["low"] > band["high"] for band in bands):
            return BAND_UPSIDE_DOWN
        if any(band["mcid"] <= 0 for band in bands):
            return BAND_MCID_NOT_POSITIVE
        # Bands include both ends, so each must start above the previous one's end.
        if any(later["low"] <= earlier["high"] for earlier, later in pairwise(bands)):
            return BANDS_OVERLAP
        low: Decimal | int | None
        high: Decimal | int | None
        if self.kind == RecordingKind.PAIN:
            low, high = PAIN_MIN, PAIN_MAX
        else:
            low, high = self.value_min, self.value_max
        if (
            low is not None
            and high is not None
            and (bands[0]["low"] < low or bands[-1]["high"] > high)
        ):
            return BAND_OUT_OF_RANGE.format(low=plain_number(low), high=plain_number(high))
        return None

    def _pain_test_error(self) -> str | None:
        if not self.records_pain:
            return PAIN_TEST_UNUSED if self.pain_test_id is not None else None
        pain_test = self.pain_test if self.pain_test_id is not None else None
        if pain_test is None:
            return PAIN_TEST_NEEDED
        if pain_test.kind != RecordingKind.PAIN:
            return PAIN_TEST_NOT_PAIN
        if pain_test.clinic_id not in (None, self.clinic_id):
            return PAIN_TEST_NOT_AVAILABLE
        return None


def _is_band(band: object) -> bool:
    return (
        isinstance(band, dict)
        and set(band) == {"low", "high", "mcid"}
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in band.values())
    )


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
    tests: "models.ManyToManyField[TestDefinition, TestSetItem]" = models.ManyToManyField(
        TestDefinition, through="TestSetItem", related_name="+"
    )
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
