"""Rounds of tests (a baseline and its retests) and the findings recorded in them."""

from collections.abc import Callable, Iterable

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from clinic.lib.triggers import StrictProtect, keep_rows
from clinic.lib.units import plain_number, with_unit
from clinic.lib.versions import version_field
from clinic.models import Client

from .choices import PAIN_MAX, PAIN_MIN, RecordingKind, Side, Sign, SymptomResponse
from .definitions import VALUE_DIGITS, VALUE_PLACES, TestDefinition
from .test_sets import OrderedTest

# Messages a clinician reads beside the input they typed; kept here so forms, services and
# tests quote the same words.
PAIN_OUT_OF_RANGE = "Pain is scored from 0 (none) to 10 (worst imaginable)."
VALUE_OUT_OF_RANGE = "{test} is recorded from {low} to {high}."
VALUE_TOO_PRECISE = "{test} is recorded to {places}."
GRADE_OUT_OF_SCALE = "Choose a grade from the test's scale."
NOT_RECORDED_BY_TEST = "{test} does not record this."
UNKNOWN_COMPENSATION = "“{name}” is not on this test's checklist."
PRESENT_AND_ABSENT = "“{name}” is marked both present and not seen: choose one."
FAULTS_OF_ONE_ITEM = "{item}: “{first}” and “{second}” exclude each other; mark one present."
TOTAL_AGAINST_ITEMS = "Marked faults add up to {points}; the total cannot be {total}."
TOTAL_OUTSIDE_ITEMS = (
    "Marked faults add up to {points} and the items not checked could add {more}: the total "
    "lies from {low} to {high}, not {total}."
)
SIDE_REQUIRED = "{test} is recorded for the left or the right side."
SIDE_NOT_USED = "{test} is not recorded per side."
RETEST_NEEDS_BASELINE = "A retest belongs to a baseline; a baseline belongs to none."
BASELINE_OF_OTHER_CLIENT = "A retest's baseline must be a baseline of the same client."
RETEST_BEFORE_BASELINE = "A retest cannot be performed before its baseline."
BASELINE_AFTER_RETEST = "A baseline cannot be moved after its retests: the first is on {date}."
INVOLVED_SIDE_ON_BASELINE = "The involved side is recorded on the baseline; its retests use it."
# What the database says when a round that holds anything is deleted, or a finding is written
# to a test that has left its round (migration 0012); services and views quote it.
ROUND_NOT_EMPTY = "a round that holds findings, treatment, a reflection or retests is voided"
TEST_LEFT_ROUND = "this test was removed from the round"


class KeepRoundsWithContent(StrictProtect):
    """Refuses DELETE of a round that holds anything: a finding row (a cleared one too), a
    treatment entry, a reflection or a retest. An empty round, opened by mistake, may go: its
    history keeps the delete, with who and when."""

    def __init__(self) -> None:
        super().__init__(name="keep_rows", operation=pgtrigger.Delete)

    def get_func(self, model: models.Model) -> str:
        return """
            IF EXISTS (SELECT 1 FROM assessments_finding WHERE assessment_id = OLD.id)
                OR EXISTS (SELECT 1 FROM assessments_intervention WHERE after_round_id = OLD.id)
                OR EXISTS (SELECT 1 FROM assessments_reflection WHERE round_id = OLD.id)
                OR EXISTS (SELECT 1 FROM assessments_assessment WHERE baseline_id = OLD.id)
            THEN
                RAISE EXCEPTION
                    'a round that holds findings, treatment, a reflection or retests is voided'
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN OLD;
        """


class InvolvedSide(models.TextChoices):
    """Which side the client's problem is on: the symmetry index divides the involved side by
    the other, and the report says which side of a sided test is involved."""

    NOT_RECORDED = "", "Not recorded"
    LEFT = "left", "Left"
    RIGHT = "right", "Right"
    BOTH = "both", "Both"


class AssessmentKind(models.TextChoices):
    BASELINE = "baseline", "Baseline"
    RETEST = "retest", "Retest"


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def live(self) -> "AssessmentQuerySet":
        """Rounds that count: not voided. A voided round is kept, and read only in history."""
        return self.filter(voided_at__isnull=True)


class Assessment(models.Model):
    """One round of tests for a client at a moment: a baseline, or a retest of a baseline.

    A retest's rater, instrument and position are compared with its baseline's, because
    the error between raters is far larger than within one. The involved side is the
    baseline's (a test of it may say otherwise, see AssessmentTest); its retests use it.
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
    involved_side = models.CharField(
        "involved side", max_length=5, choices=InvolvedSide.choices, blank=True, default=""
    )
    note = models.TextField(blank=True)
    tests: "models.ManyToManyField[TestDefinition, AssessmentTest]" = models.ManyToManyField(
        TestDefinition, through="AssessmentTest", related_name="+"
    )
    # The form that opened the round: its repeats (a double tap, a retry) land on this round.
    submission = models.UUIDField(null=True, blank=True, editable=False)
    version = version_field()
    # A round recorded by mistake (the wrong client, a duplicate) is voided with a reason,
    # never deleted: it drops out of the lists and the report, and stays in the history.
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    void_reason = models.TextField("why void this round?", blank=True)
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

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-performed_at", "-pk"]
        indexes = [models.Index(fields=["client", "-performed_at"])]
        constraints = [
            models.UniqueConstraint(fields=["submission"], name="assessment_submission_once"),
            models.CheckConstraint(
                condition=Q(kind__in=AssessmentKind.values), name="assessment_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind=AssessmentKind.BASELINE, baseline__isnull=True)
                | Q(kind=AssessmentKind.RETEST, baseline__isnull=False),
                name="assessment_retest_has_baseline",
            ),
            models.CheckConstraint(
                condition=Q(voided_at__isnull=True, voided_by__isnull=True, void_reason="")
                | (Q(voided_at__isnull=False) & ~Q(void_reason="")),
                name="assessment_voided_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(involved_side__in=InvolvedSide.values)
                & (Q(kind=AssessmentKind.BASELINE) | Q(involved_side="")),
                name="assessment_involved_side_on_baseline",
            ),
        ]
        triggers = [KeepRoundsWithContent()]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.client} on {self.performed_at:%Y-%m-%d}"

    @property
    def is_retest(self) -> bool:
        return self.kind == AssessmentKind.RETEST

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None

    def clean(self) -> None:
        if (self.kind == AssessmentKind.RETEST) != (self.baseline_id is not None):
            raise ValidationError({"baseline": RETEST_NEEDS_BASELINE})
        if self.kind == AssessmentKind.RETEST and self.involved_side:
            raise ValidationError({"involved_side": INVOLVED_SIDE_ON_BASELINE})
        baseline = self.baseline
        if baseline is not None:
            if baseline.kind != AssessmentKind.BASELINE or baseline.client_id != self.client_id:
                raise ValidationError({"baseline": BASELINE_OF_OTHER_CLIENT})
            if self.performed_at and self.performed_at < baseline.performed_at:
                raise ValidationError({"performed_at": RETEST_BEFORE_BASELINE})


class AssessmentTestQuerySet(models.QuerySet["AssessmentTest"]):
    def live(self) -> "AssessmentTestQuerySet":
        """The round's tests as they stand: a test removed with a reason is kept, voided."""
        return self.filter(voided_at__isnull=True)


class AssessmentTest(OrderedTest):
    """A test in a round, in the order it is performed; a retest repeats the same order.

    A sided test of a baseline may name its own involved side (a right hip problem, tested
    with a left single-leg bridge too); left empty, the baseline's applies.
    """

    clinic_path = "assessment__client__clinic"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="items")
    involved_side = models.CharField(
        "involved side", max_length=5, choices=InvolvedSide.choices, blank=True, default=""
    )
    # A test removed from the round after a finding was recorded for it: kept, with why, and
    # its finding kept too, both out of the entry, the comparison and the report.
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    void_reason = models.TextField("why remove this test?", blank=True)

    objects = AssessmentTestQuerySet.as_manager()

    class Meta(OrderedTest.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(voided_at__isnull=True, voided_by__isnull=True, void_reason="")
                | (Q(voided_at__isnull=False) & ~Q(void_reason="")),
                name="assessmenttest_voided_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(involved_side__in=InvolvedSide.values),
                name="assessmenttest_involved_side_valid",
            ),
            models.UniqueConstraint(fields=["assessment", "test"], name="assessmenttest_once"),
            models.UniqueConstraint(
                fields=["assessment", "position"], name="assessmenttest_position_unique"
            ),
        ]


# A finding with nothing in it. Such a row is a cleared finding (see Finding.cleared_at).
NOTHING_RECORDED = Q(
    value__isnull=True,
    pain__isnull=True,
    grade__isnull=True,
    symptom="",
    sign="",
    compensations=[],
    compensations_absent=[],
    note="",
)


class FindingQuerySet(models.QuerySet["Finding"]):
    def recorded(self) -> "FindingQuerySet":
        """Findings that hold a result: every reader's view of a round (the entry page, the
        comparison, the report and its CSV). A cleared finding reads as not recorded, and so
        does the finding of a test removed from its round."""
        voided = AssessmentTest.objects.filter(
            assessment=models.OuterRef("assessment"),
            test=models.OuterRef("test"),
            voided_at__isnull=False,
        )
        return self.filter(cleared_at__isnull=True).exclude(models.Exists(voided))


class Finding(models.Model):
    """One test's result in a round, per side for sided tests.

    Which fields a finding may fill depends on its test; the database checks the fixed rules
    and a trigger checks the test's own range, scale, checklist and scored total (see migrations
    0002 and 0011).

    Clearing a finding empties the row and sets `cleared_at`; the row is never deleted, so what
    it held before stays in its history. Saving a result again makes it recorded again.
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
    # The checklist has three states per item: present (`compensations`), looked for and not
    # seen (`compensations_absent`), and not checked (in neither list).
    compensations = ArrayField(
        models.CharField(max_length=80), default=list, blank=True,
        verbose_name="compensations present",
    )  # fmt: skip
    # The database default too: a row inserted by SQL that names only the older columns.
    compensations_absent = ArrayField(
        models.CharField(max_length=80), default=list, db_default=[], blank=True,
        verbose_name="compensations not seen",
        help_text="Checklist items looked for and not seen; an item in neither list was not "
        "checked.",
    )  # fmt: skip
    note = models.TextField(blank=True)
    version = version_field()
    cleared_at = models.DateTimeField(null=True, blank=True)
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

    objects = FindingQuerySet.as_manager()

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
            # An item is present or not seen, never both.
            models.CheckConstraint(
                condition=~Q(compensations__overlap=models.F("compensations_absent")),
                name="finding_compensation_present_or_absent",
            ),
            # Cleared exactly when nothing is recorded: no reader meets an empty live finding.
            models.CheckConstraint(
                condition=(Q(cleared_at__isnull=True) & ~NOTHING_RECORDED)
                | (Q(cleared_at__isnull=False) & NOTHING_RECORDED),
                name="finding_cleared_exactly_when_empty",
            ),
        ]
        triggers = [keep_rows()]

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
            and not self.compensations_absent
            and not self.note
        )

    @property
    def compensations_unchecked(self) -> list[str]:
        """The checklist's items neither present nor not seen: not checked."""
        marked = {*self.compensations, *self.compensations_absent}
        return [name for name in self.test.compensations if name not in marked]

    @property
    def checklist_text(self) -> str:
        """The checklist in words, its three states apart: "present: Trunk lean; not seen: Arm
        strategy; not checked: Pelvis not level"."""
        return checklist_text(
            self.test.compensations, self.compensations, self.compensations_absent
        )

    @property
    def value_text(self) -> str:
        return with_unit(self.value, self.test.unit_symbol)

    @property
    def grade_label(self) -> str:
        return self.test.grade_label(self.grade)

    @property
    def summary(self) -> str:
        """Everything recorded, in one line: "8° · pain 2/10 · Good · lumbar extension"."""
        parts = [
            self.value_text,
            f"pain {self.pain}/10" if self.pain is not None else "",
            self.grade_label,
            self.get_symptom_display() if self.symptom else "",
            self.get_sign_display() if self.sign else "",
            self.checklist_text,
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
            elif (
                test.value_min is None
                or test.value_max is None
                or not test.value_min <= self.value <= test.value_max
            ):
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
        for name in [*self.compensations, *self.compensations_absent]:
            if name not in test.compensations:
                refuse("compensations", UNKNOWN_COMPENSATION.format(name=name))
        for name in self.compensations:
            if name in self.compensations_absent:
                refuse("compensations", PRESENT_AND_ABSENT.format(name=name))
        if test.scored_items and "compensations" not in errors:
            self._check_total(refuse)
        if errors:
            raise ValidationError(errors)

    def _check_total(self, refuse: Callable[[str, str], None]) -> None:
        """A scored test's total and its marked faults agree (see TestDefinition.points_range)."""
        test = self.test
        faults = test.scored_faults
        by_item: dict[str, str] = {}
        for name in self.compensations:
            if name in faults:
                item = faults[name][0]
                if item in by_item:
                    first = by_item[item]
                    refuse(
                        "compensations",
                        FAULTS_OF_ONE_ITEM.format(item=item, first=first, second=name),
                    )
                    return
                by_item[item] = name
        if self.grade is None:
            return
        low, high = test.points_range(self.compensations, self.compensations_absent)
        total = plain_number(self.grade)
        if low == high and self.grade != low:
            refuse("grade", TOTAL_AGAINST_ITEMS.format(points=points_text(low), total=total))
        elif not low <= self.grade <= high:
            refuse(
                "grade",
                TOTAL_OUTSIDE_ITEMS.format(
                    points=points_text(low),
                    more=plain_number(high - low),
                    low=plain_number(low),
                    high=plain_number(high),
                    total=total,
                ),
            )

    def derived_grade(self) -> int | None:
        """The total of a scored test whose every item is settled by its marked faults, when
        none was typed; otherwise the grade as it is."""
        if self.grade is not None or not self.test.scored_items:
            return self.grade
        if not self.compensations and not self.compensations_absent:
            return None
        low, high = self.test.points_range(self.compensations, self.compensations_absent)
        if low != high or low != int(low) or not 0 <= low < len(self.test.grade_labels):
            return None
        return int(low)


def points_text(points: float) -> str:
    """ "1 point", "3 points"."""
    return f"{plain_number(points)} point{'' if points == 1 else 's'}"


def checklist_text(checklist: Iterable[str], present: Iterable[str], absent: Iterable[str]) -> str:
    """A checklist's three states in words, in the checklist's order: what is present, what
    was looked for and not seen, and what was not checked; "" for a test without one."""
    items, present, absent = list(checklist), list(present), list(absent)
    if not items:
        return ""
    if not present and not absent:
        return "checklist not checked"
    unchecked = [name for name in items if name not in present and name not in absent]
    parts = []
    if present:
        parts.append(f"present: {', '.join(present)}")
    if absent:
        everything = not present and not unchecked
        parts.append("none present" if everything else f"not seen: {', '.join(absent)}")
    if unchecked:
        parts.append(f"not checked: {', '.join(unchecked)}")
    return "; ".join(parts)


def value_range_message(test: TestDefinition) -> str:
    return VALUE_OUT_OF_RANGE.format(
        test=test.name,
        low=plain_number(test.value_min),
        high=with_unit(test.value_max, test.unit_symbol),
    )
