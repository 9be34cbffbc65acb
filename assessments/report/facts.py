"""From test definitions and findings to the plain facts and readings the comparison takes."""

from decimal import Decimal

from assessments.comparison import (
    Band,
    Better,
    Category,
    Ordinal,
    Reading,
    Response,
    Scale,
    ScoredItem,
    TestFacts,
)
from assessments.models import (
    PAIN_MAX,
    PAIN_MIN,
    BestGrade,
    Finding,
    RecordingKind,
    SymptomResponse,
    TestDefinition,
)
from assessments.models import Sign as TestSign


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _scale(
    test: TestDefinition,
    *,
    unit: str,
    minimum: float | None,
    maximum: float | None,
    complaint: str = "",
) -> Scale:
    """A numeric measure judged on the test's own direction and thresholds, naming the
    population they were measured in unless the client's `complaint` already names it."""
    return Scale(
        better=Better(test.better),
        unit=unit,
        minimum=minimum,
        maximum=maximum,
        mdc=_number(test.mdc),
        mcid=_number(test.mcid),
        mcid_percent=_number(test.mcid_percent),
        mcid_bands=tuple(
            Band(float(b["low"]), float(b["high"]), float(b["mcid"])) for b in test.mcid_bands
        ),
        percent_meaningful=test.percent_meaningful,
        population=test.threshold_population_for(complaint),
        mdc_same_rater=test.mdc_same_rater and test.mdc is not None,
    )


def pain_scale(test: TestDefinition, complaint: str = "") -> Scale:
    """A pain test's 0–10 scale, judged on that test's thresholds."""
    return _scale(test, unit="/10", minimum=PAIN_MIN, maximum=PAIN_MAX, complaint=complaint)


def _short(label: str) -> str:
    """ "Poor: extends through the low back" → "Poor": the grade's name, for the report."""
    return label.split(":", 1)[0].strip()


def _grade_levels(test: TestDefinition) -> tuple[str, ...]:
    """The test's grade labels from best to worst, as the core reads an ordinal scale."""
    return tuple(_short(label) for label in test.grades_best_first)


def _grade_ordinal(test: TestDefinition) -> Ordinal:
    """The grade scale best first, with its categories best first when it has them."""
    labels = test.grade_labels
    # Categories are stored from grade index 0 up; the scale reads best first.
    bands = [
        Category(str(band["name"]), tuple(_short(labels[i]) for i in _indexes(band, test)))
        for band in test.category_bands
    ]
    if test.best_grade != BestGrade.FIRST:
        bands.reverse()
    return Ordinal(_grade_levels(test), bands=tuple(bands))


def _indexes(band: dict, test: TestDefinition) -> list[int]:
    """A category's grade indexes, in the order the scale reads best first."""
    indexes = list(range(int(band["low"]), int(band["high"]) + 1))
    return indexes if test.best_grade == BestGrade.FIRST else indexes[::-1]


def _scored_items(test: TestDefinition) -> tuple[ScoredItem, ...]:
    """The parts of a scored test's total, each with its faults' points, in checklist order."""
    items: dict[str, list[tuple[str, float]]] = {}
    for entry in test.scored_items:
        items.setdefault(str(entry["item"]), []).append(
            (str(entry["fault"]), float(entry["points"]))
        )
    return tuple(ScoredItem(name, tuple(points)) for name, points in items.items())


def facts_for(test: TestDefinition, complaint: str = "") -> TestFacts:
    """The test as the comparison reads it; `complaint` is the client's presenting complaint,
    against which the thresholds' population is named or left out."""
    value: Scale | Ordinal | Response | None = None
    grade: Ordinal | None = None
    if test.kind == RecordingKind.NUMBER:
        value = _scale(
            test,
            unit=test.unit_symbol.strip(),
            minimum=_number(test.value_min),
            maximum=_number(test.value_max),
            complaint=complaint,
        )
    elif test.kind == RecordingKind.PAIN:
        value = pain_scale(test, complaint)
    elif test.kind == RecordingKind.GRADE:
        value = _grade_ordinal(test)
    elif test.kind == RecordingKind.SYMPTOM:
        value = Response(
            better=(SymptomResponse.GONE.label, SymptomResponse.LESS.label),
            same=(SymptomResponse.SAME.label,),
            worse=(SymptomResponse.MORE.label,),
        )
    elif test.kind == RecordingKind.SIGN:
        value = Ordinal((TestSign.NEGATIVE.label, TestSign.POSITIVE.label))
    if test.kind != RecordingKind.GRADE and test.grade_labels:
        grade = _grade_ordinal(test)
    pain = None
    # Loaded with the test (`selectors.report_queryset`); a test that records pain has one.
    if test.records_pain and test.kind != RecordingKind.PAIN and test.pain_test is not None:
        pain = pain_scale(test.pain_test, complaint)
    return TestFacts(
        key=str(test.pk),
        name=test.name,
        value=value,
        grade=grade,
        pain=pain,
        compensations=tuple(test.compensations),
        sided=test.sided,
        items=_scored_items(test),
    )


def reading_for(test: TestDefinition, finding: Finding) -> Reading:
    # `test` is the finding's test, already loaded: its labels are read from there.
    grade_label = _short(test.grade_label(finding.grade)) or None
    value: float | str | None
    if test.kind == RecordingKind.NUMBER:
        value = _number(finding.value)
    elif test.kind == RecordingKind.PAIN:
        value = float(finding.pain) if finding.pain is not None else None
    elif test.kind == RecordingKind.GRADE:
        value = grade_label
    elif test.kind == RecordingKind.SYMPTOM:
        value = SymptomResponse(finding.symptom).label if finding.symptom else None
    else:
        value = TestSign(finding.sign).label if finding.sign else None
    pain = finding.pain if test.kind != RecordingKind.PAIN else None
    # Present, not seen, or (in neither) not checked: nothing is inferred from a checklist
    # left unmarked, whatever else the finding records.
    marked = bool(finding.compensations or finding.compensations_absent)
    return Reading(
        value=value,
        grade=grade_label if test.kind != RecordingKind.GRADE else None,
        pain=float(pain) if pain is not None else None,
        compensations=frozenset(finding.compensations) if test.compensations and marked else None,
        absent=frozenset(finding.compensations_absent) if test.compensations else frozenset(),
    )
