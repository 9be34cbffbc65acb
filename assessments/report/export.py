"""The report as CSV: one line per finding per round, safe to open in a spreadsheet; then,
after an empty line, a section of its own for the treatment given after each round."""

from collections.abc import Iterable

from assessments.comparison import (
    Row,
)
from clinic.lib.spreadsheet import safe_cell

from .build import Report
from .notes import notes_by_round
from .text import PERCENT_UNIT, is_categorical, number_text, verdict_words

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
    # Which way is better for this measure, the thresholds it is judged on (with units), the
    # unit its change is counted in ("points" on a percent scale), and the retest's conditions
    # that differ from the baseline's.
    "better",
    "thresholds",
    "change_unit",
    "caveats",
    # For a sided finding: "yes" on the involved side, "no" on the other, empty when no single
    # involved side is recorded.
    "involved_side",
    # The note typed beside the finding in that round.
    "note",
]


def csv_rows(report: Report) -> Iterable[list[str]]:
    """One line per finding per round, with units, change and verdicts (none on baseline lines)."""
    notes = notes_by_round(report)
    for row in report.comparison.rows:
        for index, column in enumerate(report.columns):
            r = column.assessment
            step = row.steps[index - 1] if index > 0 else None
            change = step.change if step is not None else None
            percent = step.percent if step is not None else None
            numeric = change is not None and not is_categorical(row)
            yield [
                safe_cell(row.label),
                safe_cell(row.test_name),
                row.side,
                row.measure.value,
                row.unit,
                column.label,
                r.performed_at.isoformat(),
                safe_cell(_csv_value(row.values[index])),
                _csv_value(change) if numeric else "",
                f"{percent:.1f}" if numeric and percent is not None else "",
                step.direction.value if step else "",
                step.threshold.value if step and step.threshold else "",
                safe_cell(verdict_words(row, step)) if step else "",
                safe_cell(r.rater),
                safe_cell(r.instrument),
                safe_cell(r.position),
                safe_cell(report.better(row)),
                safe_cell(report.thresholds(row)),
                _change_unit(row) if numeric else "",
                safe_cell("; ".join(step.caveats)) if step else "",
                _involved(row),
                safe_cell(notes[index].get((row.test_key, row.side), "")),
            ]


# The treatment section's own header: its lines come after the findings and an empty line, so
# the findings' columns stay as they are for whoever reads them.
TREATMENT_CSV_HEADER = [
    "treatment_after_round",
    "round_performed_at",
    "given_at",
    "kind",
    "treatment",
    "sets",
    "reps",
    "hold_seconds",
    "hold_to_fatigue",
    "load",
    "technique",
    "region",
    "duration_minutes",
    "response",
    "note",
]


def treatment_csv_rows(report: Report) -> Iterable[list[str]]:
    """One line per treatment entry, round by round: what was done, its dose or its technique,
    region and minutes, and the client's response."""
    for column in report.columns:
        for t in column.interventions_after:
            yield [
                column.label,
                column.assessment.performed_at.isoformat(),
                t.performed_at.isoformat(),
                t.kind,
                safe_cell(t.title),
                _number(t.sets),
                _number(t.reps),
                _number(t.hold_seconds),
                "yes" if t.hold_to_fatigue else "",
                safe_cell(t.load),
                safe_cell(t.technique),
                safe_cell(t.region),
                _number(t.duration_minutes),
                safe_cell(t.response),
                safe_cell(t.description),
            ]


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


def _involved(row: Row) -> str:
    if not row.side or row.involved is None:
        return ""
    return "yes" if row.involved else "no"


def _change_unit(row: Row) -> str:
    return "points" if row.unit.strip() == PERCENT_UNIT else row.unit


def _csv_value(value: float | str | None) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else number_text(value)
