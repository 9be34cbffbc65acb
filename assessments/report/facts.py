"""From test definitions and findings to the plain facts and readings the comparison takes."""

from decimal import Decimal

from assessments.comparison import (
    Band,
    Better,
    Ordinal,
    Reading,
    Response,
    Scale,
    TestFacts,
)
from assessments.models import (
    PAIN_MAX,
    PAIN_MIN,
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
        value = Ordinal(_grade_levels(test))
    elif test.kind == RecordingKind.SYMPTOM:
        value = Response(
            better=(SymptomResponse.GONE.label, SymptomResponse.LESS.label),
            same=(SymptomResponse.SAME.label,),
            worse=(SymptomResponse.MORE.label,),
        )
    elif test.kind == RecordingKind.SIGN:
        value = Ordinal((TestSign.NEGATIVE.label, TestSign.POSITIVE.label))
    if test.kind != RecordingKind.GRADE and test.grade_labels:
        grade = Ordinal(_grade_levels(test))
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
    # An empty checklist means "none seen" only when the movement itself was graded or
    # measured; a finding with pain alone says nothing about the compensations.
    observed = bool(finding.compensations) or value is not None or finding.grade is not None
    return Reading(
        value=value,
        grade=grade_label if test.kind != RecordingKind.GRADE else None,
        pain=float(pain) if pain is not None else None,
        compensations=frozenset(finding.compensations) if test.compensations and observed else None,
    )
