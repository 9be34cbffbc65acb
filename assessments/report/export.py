"""The report as CSV: one line per finding per round, safe to open in a spreadsheet."""

from collections.abc import Iterable

from assessments.comparison import (
    Measure,
    Row,
)

from .build import Report
from .text import number_text

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
            change = step.change if step is not None else None
            percent = step.percent if step is not None else None
            numeric = change is not None and not _categorical(row)
            yield [
                _cell(row.label),
                _cell(row.test_name),
                row.side,
                row.measure.value,
                row.unit,
                column.label,
                r.performed_at.isoformat(),
                _cell(_csv_value(row.values[index])),
                _csv_value(change) if numeric else "",
                f"{percent:.1f}" if numeric and percent is not None else "",
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
    return value if isinstance(value, str) else number_text(value)
