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
    Finding,
    RecordingKind,
    SymptomResponse,
    TestDefinition,
    Unit,
)
from assessments.models import Sign as TestSign

# Pain is scored on the NPRS everywhere in the app. Its MCID depends on the starting pain
# (Suzuki et al., PLoS One 2020: about 1 point from 1–4, 2 from 5–7, 3–4 from 8–10), or is

# reached by a 30 % fall (Childs et al., Spine 2005; Abbott & Schmitt, JOSPT 2014).
NPRS_MCID_BANDS = (Band(1, 4, 1), Band(5, 7, 2), Band(8, 10, 3.5))
NPRS_MCID_PERCENT = 30.0
NPRS_DEFAULT_MDC = 2.0
NPRS_DEFAULT_MCID = 2.0


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def pain_scale(test: TestDefinition | None = None) -> Scale:
    """NPRS thresholds; a clinic's own pain test keeps its own MCID, without the NPRS bands."""
    mdc = _number(test.mdc) if test is not None and test.mdc is not None else NPRS_DEFAULT_MDC
    mcid = _number(test.mcid) if test is not None and test.mcid is not None else NPRS_DEFAULT_MCID
    shipped = test is None or test.clinic_id is None
    return Scale(
        better=Better.LOWER,
        unit="/10",
        minimum=0,
        maximum=10,
        mdc=mdc,
        mcid=mcid,
        mcid_percent=NPRS_MCID_PERCENT if shipped else None,
        mcid_bands=NPRS_MCID_BANDS if shipped else (),
    )


def _short(label: str) -> str:
    """ "Poor: extends through the low back" → "Poor": the grade's name, for the report."""
    return label.split(":", 1)[0].strip()


def _grade_levels(test: TestDefinition) -> tuple[str, ...]:
    """The test's grade labels from best to worst, as the core reads an ordinal scale."""
    labels = tuple(_short(label) for label in test.grade_labels)
    return tuple(reversed(labels)) if test.grade_better == Better.HIGHER else labels


def facts_for(test: TestDefinition) -> TestFacts:
    value: Scale | Ordinal | None = None
    grade: Ordinal | None = None
    if test.kind == RecordingKind.NUMBER:
        value = Scale(
            better=Better(test.better),
            unit=test.unit_symbol.strip(),
            minimum=_number(test.value_min),
            maximum=_number(test.value_max),
            mdc=_number(test.mdc),
            mcid=_number(test.mcid),
            # Percent change means something on ratio scales only: not on scores, percentages
            # or angles measured either side of zero.
            percent_meaningful=test.unit not in (Unit.SCORE, Unit.PERCENT) and test.value_min >= 0,
        )
    elif test.kind == RecordingKind.PAIN:
        value = pain_scale(test)
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
    pain = pain_scale() if test.records_pain and test.kind != RecordingKind.PAIN else None
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
    labels = test.grade_labels
    in_scale = finding.grade is not None and finding.grade < len(labels)
    grade_label = _short(labels[finding.grade]) if in_scale else None
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
