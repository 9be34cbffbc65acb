"""A baseline's report: its rounds as columns, every finding judged, ranked and charted."""

from dataclasses import dataclass, field

from django.utils import timezone

from assessments.comparison import (
    RANKING_RULE,
    SYMBOLS,
    UNJUDGED_RULE,
    Comparison,
    Measure,
    Ranked,
    Round,
    Row,
    Scale,
    TestFacts,
    compare,
)
from assessments.models import (
    Assessment,
    Finding,
    Intervention,
    RecordingKind,
    Reflection,
    Side,
    TestDefinition,
)

from .charts import Chart, chart_for
from .facts import facts_for, reading_for
from .notes import FindingNotes, finding_notes
from .text import (
    better_text,
    change_text,
    is_categorical,
    thresholds_text,
    value_text,
    verdict_class,
    verdict_symbol,
    verdict_words,
)

# What a test's ordinal value is called where the report says which way is better.
KIND_NOUNS: dict[str, str] = {
    RecordingKind.GRADE: "grade",
    RecordingKind.SIGN: "sign",
    RecordingKind.SYMPTOM: "response",
}
# A retest's conditions that make its error larger than the baseline's: the core's Round fields.
CONDITIONS = ("rater", "instrument", "position", "recorded_by")


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
    # Which way is better for this measure, and the thresholds it is judged on, with units.
    better: str = ""
    thresholds: str = ""

    @property
    def latest(self) -> Cell:
        return self.cells[-1]

    @property
    def numeric(self) -> bool:
        return self.row.measure in (Measure.VALUE, Measure.PAIN) and any(
            isinstance(v, int | float) for v in self.row.values
        )


@dataclass(frozen=True)
class Entry:
    """One line of "Changed most" or of "Changed, no threshold to judge it"."""

    label: str
    words: str
    css: str
    symbol: str
    # Before → after and the change, for an entry of one numeric or graded finding.
    before: str = ""
    after: str = ""
    change: str = ""
    better: str = ""
    thresholds: str = ""
    caveats: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoundReflection:
    """The reflection on one retest's comparison (None: not written yet), in round order; a
    baseline's only when it holds one written before reflections were per retest."""

    column: RoundColumn
    reflection: Reflection | None

    @property
    def round(self) -> Assessment:
        return self.column.assessment


@dataclass(frozen=True)
class WithoutBaseline:
    """A test recorded at a retest that its baseline does not have: listed apart, since there
    is nothing to compare it with."""

    test: TestDefinition
    findings: tuple[tuple[str, Finding], ...]


@dataclass
class Report:
    baseline: Assessment
    columns: list[RoundColumn]
    comparison: Comparison
    charts: dict[Row, Chart] = field(default_factory=dict)
    reflection: Reflection | None = None
    reflections: list[RoundReflection] = field(default_factory=list)
    facts: dict[str, TestFacts] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    rounds: tuple[Round, ...] = ()
    without_baseline: tuple[WithoutBaseline, ...] = ()

    ranking_rule: str = RANKING_RULE
    unjudged_rule: str = UNJUDGED_RULE

    @property
    def retests(self) -> list[RoundColumn]:
        return self.columns[1:]

    @property
    def has_retest(self) -> bool:
        return len(self.columns) > 1

    def better(self, row: Row) -> str:
        """Which way is better for the row's measure, named ("pain 0–10: lower is better")."""
        noun = KIND_NOUNS.get(self.kinds.get(row.test_key, ""), "")
        return better_text(self.facts.get(row.test_key), row, noun) or row.better_text

    def thresholds(self, row: Row) -> str:
        return thresholds_text(self.facts.get(row.test_key), row)

    @property
    def notes(self) -> list[FindingNotes]:
        """The notes typed beside the findings, per test and side, round by round."""
        return finding_notes(self)

    @property
    def lines(self) -> list[Line]:
        """Every finding, in the core's order: the most changed first."""
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
                        words=verdict_words(row, step),
                        symbol=verdict_symbol(row, step),
                        css=verdict_class(step),
                        caveats=step.caveats,
                    )
                )
            chart = self.charts.get(row)
            result.append(
                Line(
                    row,
                    tuple(cells),
                    chart,
                    rank if scored else None,
                    better=self.better(row),
                    thresholds=self.thresholds(row),
                )
            )
        return result

    def _entry(self, ranked: Ranked, *, judged: bool) -> Entry:
        betters = dict.fromkeys(b for b in (self.better(r) for r in ranked.rows) if b)
        label = ranked.label
        if len(ranked.rows) == 1 and ranked.rows[0].latest is not None:
            row = ranked.rows[0]
            step = row.latest
            assert step is not None  # noqa: S101 - checked above
            # A categorical entry's words are the core's summary of the test ("2 of 3 faults
            # resolved"); a numeric one reads as its line in the table does.
            words = ranked.words if is_categorical(row) else verdict_words(row, step)
            return Entry(
                label=label,
                words=words,
                css=verdict_class(step) if judged else "verdict-same",
                symbol=verdict_symbol(row, step),
                before=value_text(row, row.values[0]),
                after=value_text(row, row.values[-1]),
                change=change_text(row, step),
                better="; ".join(betters),
                thresholds=self.thresholds(row),
                caveats=step.caveats,
            )
        symbol = SYMBOLS.get(ranked.tone, SYMBOLS["none"])
        caveats = next((r.latest.caveats for r in ranked.rows if r.latest is not None), ())
        return Entry(
            label=label,
            words=ranked.words,
            css=f"verdict-{ranked.tone}" if judged else "verdict-same",
            symbol=symbol if judged else "↕",
            better="; ".join(betters),
            caveats=caveats,
        )

    @property
    def changed_most(self) -> list[Entry]:
        """The five changes judged against a threshold or a category that changed most."""
        return [self._entry(r, judged=True) for r in self.comparison.changed_most[:5]]

    @property
    def unjudged(self) -> list[Entry]:
        """Changes on tests without any threshold, by relative change: never ranked above."""
        return [self._entry(r, judged=False) for r in self.comparison.unjudged]

    def changed_conditions(self, index: int = -1) -> tuple[str, ...]:
        """Which of a retest's conditions differ from the baseline's: "rater", "instrument",
        "position", "recorded_by" (the login that recorded it)."""
        if len(self.rounds) < 2:
            return ()
        first, other = self.rounds[0], self.rounds[index]
        return tuple(
            name
            for name in CONDITIONS
            if (getattr(first, name, "") or "") != (getattr(other, name, "") or "")
            and (getattr(first, name, "") or getattr(other, name, ""))
        )


def recorded_by(round_: Assessment) -> str:
    """The logins that recorded a round: the one that opened it and those that entered its
    findings, so that a retest opened by one login and entered by another is flagged too."""
    logins = {round_.clinician.get_username()}
    logins.update(
        f.updated_by.get_username() for f in round_.findings.all() if f.updated_by is not None
    )
    return ", ".join(sorted(logins))


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
                recorded_by=recorded_by(r),
            )
        )
    facts = [facts_for(test, baseline.client.presenting_complaint) for test in tests]
    comparison = compare(facts, core_rounds, involved=involved_sides(baseline))
    by_key = {f.key: f for f in facts}
    legacy = getattr(baseline, "reflection", None)
    reflections = [
        RoundReflection(column, getattr(column.assessment, "reflection", None))
        for column in columns[1:]
    ]
    if legacy is not None:
        reflections.insert(0, RoundReflection(columns[0], legacy))
    extra: dict[int, list[tuple[str, Finding]]] = {}
    for column in columns[1:]:
        for f in column.assessment.findings.all():
            if f.test_id not in by_pk:
                extra.setdefault(f.test_id, []).append((column.label, f))
    report = Report(
        without_baseline=tuple(
            WithoutBaseline(found[0][1].test, tuple(found)) for found in extra.values()
        ),
        baseline=baseline,
        columns=columns,
        comparison=comparison,
        reflection=legacy,
        reflections=reflections,
        facts=by_key,
        kinds={str(test.pk): test.kind for test in tests},
        rounds=tuple(core_rounds),
    )
    for row in comparison.rows:
        scale = by_key[row.test_key].value if row.test_key in by_key else None
        if row.measure == Measure.VALUE and isinstance(scale, Scale):
            chart = chart_for(row, scale, comparison.round_labels, report.better(row))
            if chart is not None:
                report.charts[row] = chart
    return report


def involved_sides(baseline: Assessment) -> dict[str, str]:
    """The involved side per sided test key: the test's own, else the baseline's; a test
    with neither is left out (its symmetry compares the weaker side with the stronger)."""
    sides = {}
    for item in baseline.items.all():
        side = item.involved_side or baseline.involved_side
        if item.test.sided and side:
            sides[str(item.test_id)] = side
    return sides
