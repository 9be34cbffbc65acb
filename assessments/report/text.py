"""Values, changes and verdicts in the words, units and colours the report prints."""

from assessments.comparison import (
    Direction,
    Measure,
    Row,
    Step,
    Threshold,
)
from clinic.lib.units import plain_number, with_unit


def number_text(value: float | str | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return plain_number(round(value, 2))


def value_text(row: Row, value: float | str | None) -> str:
    """A value as the report prints it, with its unit: "8°", "6/10", "present", "—"."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return with_unit(round(value, 2), row.unit)


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
