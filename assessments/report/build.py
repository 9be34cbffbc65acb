"""A baseline's report: its rounds as columns, every finding judged, ranked and charted."""

from dataclasses import dataclass, field

from django.utils import timezone

from assessments.comparison import (
    Comparison,
    Measure,
    Round,
    Row,
    Scale,
    compare,
)
from assessments.models import (
    Assessment,
    Intervention,
    Reflection,
    Side,
)

from .charts import Chart, chart_for
from .facts import facts_for, reading_for
from .text import change_text, value_text, verdict_class


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


@dataclass(frozen=True)
class RoundReflection:
    """The reflection on one retest's comparison (None: not written yet), in round order; a
    baseline's only when it holds one written before reflections were per retest."""

    column: RoundColumn
    reflection: Reflection | None

    @property
    def round(self) -> Assessment:
        return self.column.assessment


@dataclass
class Report:
    baseline: Assessment
    columns: list[RoundColumn]
    comparison: Comparison
    charts: dict[Row, Chart] = field(default_factory=dict)
    reflection: Reflection | None = None
    reflections: list[RoundReflection] = field(default_factory=list)

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
            chart = self.charts.get(row)
            result.append(Line(row, tuple(cells), chart, rank if scored else None))
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
                by_pk[f.test_id], f
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
                recorded_by=r.clinician.get_username(),
            )
        )
    facts = [facts_for(test, baseline.client.presenting_complaint) for test in tests]
    comparison = compare(facts, core_rounds, involved=involved_sides(baseline))
    scales = {f.key: f.value for f in facts if isinstance(f.value, Scale)}
    charts = {}
    for row in comparison.rows:
        scale = scales.get(row.test_key)
        if row.measure == Measure.VALUE and scale is not None:
            chart = chart_for(row, scale, comparison.round_labels)
            if chart is not None:
                charts[row] = chart
    legacy = getattr(baseline, "reflection", None)
    reflections = [
        RoundReflection(column, getattr(column.assessment, "reflection", None))
        for column in columns[1:]
    ]
    if legacy is not None:
        reflections.insert(0, RoundReflection(columns[0], legacy))
    return Report(
        baseline=baseline,
        columns=columns,
        comparison=comparison,
        charts=charts,
        reflection=legacy,
        reflections=reflections,
    )


def involved_sides(baseline: Assessment) -> dict[str, str]:
    """The involved side per sided test key: the test's own, else the baseline's; a test
    with neither is left out (its symmetry compares the weaker side with the stronger)."""
    sides = {}
    for item in baseline.items.all():
        side = item.involved_side or baseline.involved_side
        if item.test.sided and side:
            sides[str(item.test_id)] = side
    return sides
