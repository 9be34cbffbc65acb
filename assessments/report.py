"""From a baseline and its retests, as loaded by `selectors.report_queryset`, to what the report,
the CSV and the client summary show. The judging itself is `assessments.comparison`'s."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from assessments.comparison import (
    Band,
    Better,
    Comparison,
    Direction,
    Measure,
    Ordinal,
    Reading,
    Response,
    Round,
    Row,
    Scale,
    Step,
    TestFacts,
    Threshold,
    compare,
)
from assessments.models import (
    Assessment,
    Finding,
    Intervention,
    RecordingKind,
    Reflection,
    Side,
    SymptomResponse,
    TestDefinition,
    Unit,
    plain_number,
)
from assessments.models import Better as TestBetter
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
    return tuple(reversed(labels)) if test.grade_better == TestBetter.HIGHER else labels


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
    grade_label = _short(finding.grade_label) or None
    value: float | str | None
    if test.kind == RecordingKind.NUMBER:
        value = _number(finding.value)
    elif test.kind == RecordingKind.PAIN:
        value = float(finding.pain) if finding.pain is not None else None
    elif test.kind == RecordingKind.GRADE:
        value = grade_label
    elif test.kind == RecordingKind.SYMPTOM:
        value = finding.get_symptom_display() if finding.symptom else None
    else:
        value = finding.get_sign_display() if finding.sign else None
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


def round_label(round_: Assessment, number: int, baseline: Assessment) -> str:
    if number == 0:
        return "Baseline"
    days = (
        timezone.localdate(round_.performed_at) - timezone.localdate(baseline.performed_at)
    ).days
    if days == 0:
        when = "same visit"
    elif days < 14:
        when = f"day {days}"
    else:
        when = f"week {days // 7}"
    return f"Retest {number} ({when})"


@dataclass(frozen=True)
class RoundColumn:
    assessment: Assessment
    label: str
    interventions_after: tuple[Intervention, ...]


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    label: str
    value: str
    # Under the axis: "B" for the baseline, "R1", "R2"… for the retests.
    short: str


@dataclass(frozen=True)
class Chart:
    """A small line chart of one numeric finding over the rounds, in SVG user units."""

    title: str
    description: str
    points: tuple[ChartPoint, ...]
    # The baseline ± MDC band: changes inside it are within measurement error.
    band_top: float | None
    band_bottom: float | None
    axis_top: str
    axis_bottom: str
    width: int = 320
    height: int = 140

    @property
    def band_height(self) -> float | None:
        if self.band_top is None or self.band_bottom is None:
            return None
        return self.band_bottom - self.band_top

    @property
    def path(self) -> str:
        return " ".join(
            f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}" for i, p in enumerate(self.points)
        )


CHART_LEFT, CHART_RIGHT, CHART_TOP, CHART_BOTTOM = 44.0, 304.0, 16.0, 112.0


def chart_for(row: Row, scale: Scale, labels: tuple[str, ...]) -> Chart | None:
    """A chart when at least two rounds have a value; None otherwise."""
    known = [(i, v) for i, v in enumerate(row.values) if isinstance(v, int | float)]
    if len(known) < 2:
        return None
    numbers = [float(v) for _, v in known]
    low = scale.minimum if scale.minimum is not None else min(numbers)
    high = scale.maximum if scale.maximum is not None else max(numbers)
    base = row.values[0]
    band = None
    if isinstance(base, int | float) and scale.mdc:
        band = (float(base) - scale.mdc, float(base) + scale.mdc)
    if high <= low:
        high = low + 1

    def y(value: float) -> float:
        clamped = min(max(value, low), high)
        return CHART_BOTTOM - (clamped - low) / (high - low) * (CHART_BOTTOM - CHART_TOP)

    step = (CHART_RIGHT - CHART_LEFT) / max(len(labels) - 1, 1)
    unit = scale.unit
    points = tuple(
        ChartPoint(
            x=CHART_LEFT + i * step,
            y=y(float(v)),
            label=labels[i],
            value=f"{_fmt(v)}{unit}",
            short=f"R{i}" if i else "B",
        )
        for i, v in known
    )
    described = ", ".join(f"{p.label} {p.value}" for p in points)
    direction = "higher" if scale.better == Better.HIGHER else "lower"
    description = f"{row.label}: {described}. {direction.capitalize()} is better."
    if band is not None:
        description += (
            f" Shaded: within measurement error of the baseline (± {_fmt(scale.mdc)}{unit})."
        )
    return Chart(
        title=f"{row.label} over the rounds",
        description=description,
        points=points,
        band_top=y(band[1]) if band else None,
        band_bottom=y(band[0]) if band else None,
        axis_top=f"{_fmt(high)}{unit}",
        axis_bottom=f"{_fmt(low)}{unit}",
    )


def _fmt(value: float | str | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return plain_number(Decimal(str(round(value, 2))))


def value_text(row: Row, value: float | str | None) -> str:
    """A value as the report prints it, with its unit: "8°", "6/10", "present", "—"."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    unit = row.unit
    return f"{_fmt(value)}{unit}" if unit.startswith(("/", "°", "%")) else f"{_fmt(value)} {unit}"


def change_text(row: Row, step: Step) -> str:
    if step.change is None or row.measure in (Measure.GRADE, Measure.COMPENSATION):
        return ""
    if isinstance(row.values[0], str):
        return ""
    sign = "+" if step.change > 0 else ""
    text = value_text(row, step.change)
    text = f"{sign}{text}" if not text.startswith("-") else text.replace("-", "−", 1)
    if step.percent is not None and row.measure == Measure.VALUE:
        text += f" ({'+' if step.percent > 0 else ''}{step.percent:.0f} %)".replace("-", "−")
    return text


def verdict_class(step: Step | None) -> str:
    if step is None or step.direction == Direction.NOT_COMPARED:
        return "verdict-none"
    if step.direction == Direction.SAME or step.threshold == Threshold.WITHIN_ERROR:
        return "verdict-same"
    return "verdict-better" if step.direction == Direction.BETTER else "verdict-worse"


def plain_words(row: Row, step: Step) -> str:
    """The change in words a client reads in their summary."""
    if row.measure == Measure.COMPENSATION:
        return {
            "resolved": "no longer seen",
            "new": "newly seen",
            "still present": "still there",
        }.get(step.words, step.words)
    if step.direction == Direction.NOT_COMPARED:
        return "not measured again yet"
    if step.direction == Direction.SAME or step.threshold == Threshold.WITHIN_ERROR:
        return "no real change yet"
    good = step.direction == Direction.BETTER
    if step.threshold == Threshold.IMPORTANT:
        return "a clinically important improvement" if good else "clearly worse"
    if step.threshold == Threshold.REAL:
        return "a real improvement" if good else "a little worse"
    return "better" if good else "worse"


@dataclass(frozen=True)
class Cell:
    """One finding in one round as the report prints it."""

    value: str
    change: str = ""
    words: str = ""
    symbol: str = ""
    css: str = ""
    caveats: tuple[str, ...] = ()


@dataclass(frozen=True)
class Line:
    row: Row
    cells: tuple[Cell, ...]
    chart: Chart | None
    # 1 for the finding that changed most; None for findings that cannot be ranked.
    rank: int | None

    @property
    def latest(self) -> Cell:
        return self.cells[-1]

    @property
    def numeric(self) -> bool:
        return self.row.measure in (Measure.VALUE, Measure.PAIN) and any(
            isinstance(v, int | float) for v in self.row.values
        )


@dataclass
class Report:
    baseline: Assessment
    columns: list[RoundColumn]
    comparison: Comparison
    charts: dict[int, Chart] = field(default_factory=dict)
    reflection: Reflection | None = None

    @property
    def retests(self) -> list[RoundColumn]:
        return self.columns[1:]

    @property
    def has_retest(self) -> bool:
        return len(self.columns) > 1

    @property
    def lines(self) -> list[Line]:
        """Every finding, the most changed first."""
        result = []
        rank = 0
        for row in self.comparison.ranked:
            scored = row.latest is not None and row.latest.score is not None
            rank += 1 if scored else 0
            cells = [Cell(value=value_text(row, row.values[0]))]
            for index, step in enumerate(row.steps, start=1):
                cells.append(
                    Cell(
                        value=value_text(row, row.values[index]),
                        change=change_text(row, step),
                        words=step.words,
                        symbol=step.symbol,
                        css=verdict_class(step),
                        caveats=step.caveats,
                    )
                )
            lines_chart = self.charts.get(id(row))
            result.append(Line(row, tuple(cells), lines_chart, rank if scored else None))
        return result


def build(baseline: Assessment) -> Report:
    """The report of a baseline loaded by `selectors.report_queryset` (no further queries)."""
    rounds = [baseline, *baseline.retests.all()]
    tests = [item.test for item in baseline.items.all()]
    by_pk = {test.pk: test for test in tests}
    columns = [
        RoundColumn(r, round_label(r, n, baseline), tuple(r.interventions.all()))
        for n, r in enumerate(rounds)
    ]
    core_rounds = []
    for column in columns:
        r = column.assessment
        readings = {
            (str(f.test_id), "" if f.side == Side.NONE else f.side): reading_for(
                by_pk[f.test_id], _with_test(f, by_pk)
            )
            for f in r.findings.all()
            if f.test_id in by_pk
        }
        core_rounds.append(
            Round(
                label=column.label,
                readings=readings,
                # Who measured: the named rater, or else the clinician who recorded the round.
                rater=r.rater or r.clinician.get_full_name() or r.clinician.get_username(),
                instrument=r.instrument,
                position=r.position,
            )
        )
    facts = [facts_for(test) for test in tests]
    comparison = compare(facts, core_rounds)
    scales = {f.key: f.value for f in facts if isinstance(f.value, Scale)}
    charts = {}
    for row in comparison.rows:
        scale = scales.get(row.test_key)
        if row.measure == Measure.VALUE and scale is not None:
            chart = chart_for(row, scale, comparison.round_labels)
            if chart is not None:
                charts[id(row)] = chart
    return Report(
        baseline=baseline,
        columns=columns,
        comparison=comparison,
        charts=charts,
        reflection=getattr(baseline, "reflection", None),
    )


def _with_test(finding: Finding, tests: dict[int, TestDefinition]) -> Finding:
    finding.test = tests[finding.test_id]  # already loaded with the baseline's tests
    return finding


CSV_HEADER = [
    "finding",
    "test",
    "side",
    "measure",
    "unit",
    "round",
    "performed_at",
    "value",
    "change_from_baseline",
    "percent_change",
    "direction",
    "threshold",
    "verdict",
    "rater",
    "instrument",
    "position",
]


def csv_rows(report: Report) -> Iterable[list[str]]:
    """One line per finding per round, with units, change and verdicts (none on baseline lines)."""
    for row in report.comparison.rows:
        for index, column in enumerate(report.columns):
            r = column.assessment
            step = row.steps[index - 1] if index > 0 else None
            numeric = step is not None and step.change is not None and not _categorical(row)
            yield [
                _cell(row.label),
                _cell(row.test_name),
                row.side,
                row.measure.value,
                row.unit,
                column.label,
                r.performed_at.isoformat(),
                _cell(_csv_value(row.values[index])),
                _csv_value(step.change) if numeric else "",
                f"{step.percent:.1f}" if numeric and step.percent is not None else "",
                step.direction.value if step else "",
                step.threshold.value if step and step.threshold else "",
                _cell(step.words) if step else "",
                _cell(r.rater),
                _cell(r.instrument),
                _cell(r.position),
            ]


def _categorical(row: Row) -> bool:
    return row.measure in (Measure.GRADE, Measure.COMPENSATION) or isinstance(row.values[0], str)


# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """Free text made safe to open in a spreadsheet: a leading formula character is quoted."""
    if text.startswith(FORMULA_STARTS):
        try:
            float(text)
        except ValueError:
            return "'" + text
    return text


def _csv_value(value: float | str | None) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else _fmt(value)
