"""The test library's definitions: what a test records, its range, direction and thresholds."""

from collections.abc import Iterable

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from clinic.lib.units import plain_number, with_unit
from clinic.lib.versions import version_field
from clinic.models import Clinic

from .choices import (
    BETTER_CHOICES,
    UNIT_SYMBOLS,
    BestGrade,
    Better,
    BodyRegion,
    RecordingKind,
    Side,
    Unit,
)
from .thresholds import (
    THRESHOLD_NEEDS_SOURCE,
    band_error,
    band_text,
    category_constraints,
    category_error,
    category_text,
    most_points,
    percent_errors,
    scored_items_error,
    threshold_constraints,
)

VALUE_DIGITS, VALUE_PLACES = 7, 2

# Messages shown beside the field they are about, on the form for a clinic's own test.
GRADE_ORDER_AGAINST_BETTER = (
    "For a grade test, “lower is better” means the first grade is the best and “higher is "
    "better” the last."
)
PAIN_TEST_NEEDED = "Choose the pain test whose thresholds judge this pain."
PAIN_TEST_NOT_PAIN = "Choose a pain test: its thresholds judge the pain recorded here."
PAIN_TEST_UNUSED = "Only a test that records pain has a pain test."
PAIN_TEST_NOT_AVAILABLE = "That pain test is not in your clinic's library."


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
    # Rows without a clinic ship with Retest: row-level security lets every clinic read them.
    shipped_rows = True
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
    # Categories and scored items, both over the grade index (a grade's position in
    # `grade_labels`, from 0); see thresholds.py for their rules.
    category_bands = models.JSONField(
        "categories", default=list, blank=True,
        help_text=(
            "Grades read as one category: a list of {name, low, high} over the grade index, "
            "from grade 0 up, covering the scale. A change inside one category is no real "
            "change."
        ),
    )  # fmt: skip
    scored_items = models.JSONField(
        "scored items", default=list, blank=True,
        help_text=(
            "The parts of a total graded as the sum of its faults' points: a list of {item, "
            "fault, points}, each fault on the compensations checklist; the faults of one "
            "item exclude each other. The grade index is the total."
        ),
    )  # fmt: skip
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
        default=False, help_text="Some figures could not be confirmed in their source."
    )
    position = models.CharField(max_length=200, blank=True)
    instrument = models.CharField(max_length=120, blank=True)
    protocol = models.TextField(blank=True)
    # Where the thresholds come from: the population they were measured in, and whether the
    # MDC holds for one rater only. See `threshold_population_for` and `mdc_text`.
    threshold_population = models.CharField(
        "population the thresholds were measured in", max_length=120, blank=True,
        help_text=(
            "Who the MDC and MCID were measured in, as the sources say: “hip osteoarthritis”, "
            "“low back pain”. The report names it when it is not the client's own problem."
        ),
    )  # fmt: skip
    mdc_same_rater = models.BooleanField(
        "MDC measured within one rater", default=False,
        help_text="The MDC holds for a retest by the same rater; another rater's error is larger.",
    )  # fmt: skip
    sort_order = models.PositiveIntegerField(default=1000)
    version = version_field()
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
            *threshold_constraints(),
            *category_constraints(),
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

    def grade_label(self, grade: int | None) -> str:
        """The label of a grade on this test's scale; "" for none or one off the scale."""
        labels = self.grade_labels
        return labels[grade] if grade is not None and 0 <= grade < len(labels) else ""

    @property
    def grades_best_first(self) -> list[str]:
        """The grade labels from the best to the worst."""
        labels = list(self.grade_labels)
        return labels if self.best_grade == BestGrade.FIRST else labels[::-1]

    @property
    def mcid_bands_text(self) -> str:
        """ "1–4: 1 · 5–7: 2 · 8–10: 3.5": the MCID for each band of baselines."""
        return " · ".join(band_text(band) for band in self.mcid_bands)

    @property
    def category_bands_text(self) -> str:
        """ "good 0–1 · moderate 2–3 · poor 4–6": the categories over the grade index."""
        return " · ".join(category_text(band) for band in self.category_bands)

    @property
    def scored_faults(self) -> dict[str, tuple[str, float]]:
        """Each scored fault's item and points, by the fault's name on the checklist."""
        return {e["fault"]: (e["item"], float(e["points"])) for e in self.scored_items}

    def points_range(self, present: Iterable[str], absent: Iterable[str]) -> tuple[float, float]:
        """The lowest and highest total the checklist allows: the present faults' points,
        and that plus, for each item with no fault present, the most its faults not seen
        could not rule out (faults of one item exclude each other, so one present fault
        settles its item)."""
        faults = self.scored_faults
        present, absent = set(present), set(absent)
        low = sum(points for fault, (_, points) in faults.items() if fault in present)
        settled = {item for fault, (item, _) in faults.items() if fault in present}
        open_points: dict[str, float] = {}
        for fault, (item, points) in faults.items():
            if item not in settled and fault not in absent and fault not in present:
                open_points[item] = max(open_points.get(item, 0.0), points)
        return low, low + sum(open_points.values())

    @property
    def most_points(self) -> float:
        return most_points(self.scored_items)

    @property
    def has_threshold(self) -> bool:
        return (
            self.mdc is not None
            or self.mcid is not None
            or self.mcid_percent is not None
            or bool(self.mcid_bands)
        )

    # What the thresholds mean, printed the same way wherever they are shown.

    @property
    def threshold_unit(self) -> str:
        """The unit a threshold is counted in: points on scores, percentages and pain."""
        if self.kind == RecordingKind.PAIN or self.unit in (Unit.PERCENT, Unit.SCORE):
            return "points"
        return self.unit_symbol

    @property
    def mdc_text(self) -> str:
        """ "MDC 13°", "MDC 15 points"; "" without an MDC."""
        return f"MDC {with_unit(self.mdc, self.threshold_unit)}" if self.mdc is not None else ""

    @property
    def mcid_text(self) -> str:
        """ "MCID 12 points or 30 %"; with bands "MCID 2 points; by baseline 1–4: 1 · 5–7: 2 ·
        8–10: 4; or 30 %"; "" without any MCID."""
        text = with_unit(self.mcid, self.threshold_unit) if self.mcid is not None else ""
        if self.mcid_bands:
            text += ("; " if text else "") + f"by baseline {self.mcid_bands_text}"
        if self.mcid_percent is not None:
            joint = ("; or " if self.mcid_bands else " or ") if text else ""
            text += f"{joint}{plain_number(self.mcid_percent)} %"
        return f"MCID {text}" if text else ""

    def threshold_population_for(self, complaint: str) -> str:
        """The population to name beside a verdict for a client with this presenting
        complaint: empty when the complaint already names it. Case-insensitive containment:
        "low back pain" is the client's own problem for "Low back pain since May", not for
        "back pain"."""
        population = self.threshold_population.strip()
        if not population or population.casefold() in complaint.casefold():
            return ""
        return population

    @property
    def direction_text(self) -> str:
        """Which way is better for each thing the test records: "grade: better is Good;
        pain 0–10: lower is better". A test recording one thing says it alone."""
        parts = [self._main_direction()]
        if self.grade_labels and self.kind != RecordingKind.GRADE:
            parts.append(f"grade: better is {self._best_grade()}")
        if self.records_pain and self.kind != RecordingKind.PAIN:
            parts.append(f"pain 0–10: {Better.LOWER.label.lower()}")
        if len(parts) == 1:
            return parts[0].split(": ", 1)[-1] if self.kind == RecordingKind.NUMBER else parts[0]
        return "; ".join(parts)

    def _main_direction(self) -> str:
        if self.kind == RecordingKind.GRADE:
            return f"grade: better is {self._best_grade()}"
        if self.kind == RecordingKind.SIGN:
            return "negative is better"
        if self.kind == RecordingKind.SYMPTOM:
            return "gone or less is better"
        better = Better(self.better).label.lower()
        if self.kind == RecordingKind.NUMBER:
            return f"{self.get_unit_display()}: {better}"
        return better

    def _best_grade(self) -> str:
        best = self.grades_best_first[0] if self.grade_labels else ""
        return best.split(":", 1)[0].strip()

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
        errors.update(percent_errors(self))
        if error := band_error(self):
            errors["mcid_bands"] = error
        if (self.mcid_percent is not None or self.mcid_bands) and not self.mcid_source.strip():
            errors.setdefault("mcid_source", THRESHOLD_NEEDS_SOURCE)
        if pain_error := self._pain_test_error():
            errors["pain_test"] = pain_error
        if len(set(self.compensations)) != len(self.compensations):
            errors["compensations"] = "Each compensation appears once."
        if error := category_error(self):
            errors["category_bands"] = error
        if error := scored_items_error(self):
            errors["scored_items"] = error
        if errors:
            raise ValidationError(errors)

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
