"""Values, changes and verdicts in the words, units and colours the report prints.

The report page, the CSV and the client summary take their verdicts from here, so one finding
reads the same in all three: `verdict_words` for the clinician, `plain_words` for the client,
both from the same step.
"""

from assessments.comparison import (
    Better,
    Direction,
    Measure,
    Ordinal,
    Response,
    Row,
    Scale,
    Step,
    TestFacts,
    Threshold,
)
from clinic.lib.units import plain_number, with_unit

# A verdict the report prints in the neutral colour: nothing that can be called real.
NEUTRAL = (Threshold.WITHIN_ERROR, Threshold.WITHIN_CATEGORY, Threshold.NONE_KNOWN)
# On a scale in percent (the ODI's percentage of its maximum score) a change is a number of
# points: "−12 points", never "−12 %", which would read as a twelfth less.
PERCENT_UNIT = "%"
# A scored test's item counts points ("knee position: 2 points → 1 point").
POINTS = "points"


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
    if row.unit.strip() == POINTS:
        return _points(value)
    return with_unit(round(value, 2), row.unit)


def _points(amount: float) -> str:
    number = plain_number(round(amount, 2))
    return f"{number} point" if number in ("1", "-1") else f"{number} points"


def amount_text(unit: str, amount: float) -> str:
    """A difference on a scale, with its unit: "3°", "2/10", "12 points" on a percent scale."""
    if unit.strip() in (PERCENT_UNIT, POINTS):
        return _points(amount)
    return with_unit(round(amount, 2), unit)


def _signed(text: str, positive: bool) -> str:
    if text.startswith("-"):
        return "−" + text[1:]
    return f"+{text}" if positive else text


def is_categorical(row: Row) -> bool:
    return row.measure in (Measure.GRADE, Measure.COMPENSATION) or isinstance(row.values[0], str)


def change_text(row: Row, step: Step) -> str:
    """ "+3°", "−4/10 (−67 %)", "−12 points": the change from the baseline, with the percent
    change only where the core found it meaningful (a ratio scale), for pain wherever it is
    recorded, and never on a scale that is itself in percent."""
    if step.change is None or is_categorical(row):
        return ""
    text = _signed(amount_text(row.unit, step.change), step.change > 0)
    if step.percent is not None and row.unit.strip() != PERCENT_UNIT:
        text += f" ({_signed(f'{step.percent:.0f}', step.percent > 0)} %)"
    return text


def _unjudged_change(row: Row, step: Step) -> bool:
    """A numeric change on a measure without any threshold: its sign is all that is known."""
    return (
        step.threshold == Threshold.NONE_KNOWN
        and step.change is not None
        and step.change != 0
        and not is_categorical(row)
    )


def verdict_words(row: Row, step: Step) -> str:
    """The verdict as the report and the CSV print it: the core's words, which name the
    population a threshold comes from and say only "higher" or "lower" without a threshold."""
    return step.words


def verdict_symbol(row: Row, step: Step) -> str:
    """▲ ▼ for a judged change, ≈ for none, ↑ ↓ for a change no threshold can judge."""
    return step.symbol


def verdict_class(step: Step | None) -> str:
    """The verdict's colour, from the core's tone: green and red only for a change a threshold
    or a category calls real; within error, within one category and no threshold are neutral."""
    if step is None:
        return "verdict-none"
    return f"verdict-{step.tone}"


def scale_of(facts: TestFacts | None, row: Row) -> Scale | None:
    """The numeric scale a row is judged on: the test's value or the pain recorded beside it."""
    if facts is None:
        return None
    if row.measure == Measure.PAIN:
        return facts.pain
    if row.measure == Measure.VALUE and isinstance(facts.value, Scale):
        return facts.value
    return None


def _direction(better: Better) -> str:
    return "higher is better" if better == Better.HIGHER else "lower is better"


def _range(scale: Scale) -> str:
    if scale.minimum is None or scale.maximum is None:
        return ""
    return f"{plain_number(scale.minimum)}–{plain_number(scale.maximum)}"


def better_text(facts: TestFacts | None, row: Row, noun: str = "") -> str:
    """Which way is better for this measure, named so that a test recording several measures
    reads right: "grade: better is Good", "pain 0–10: lower is better"."""
    if facts is None:
        return ""
    if row.measure == Measure.PAIN and facts.pain is not None:
        return f"pain {_range(facts.pain)}: {_direction(facts.pain.better)}"
    if row.measure == Measure.GRADE and facts.grade is not None and facts.grade.levels:
        return f"grade: better is {facts.grade.levels[0]}"
    if row.measure == Measure.COMPENSATION:
        return "better is absent"
    if row.measure == Measure.ITEM:
        return "points: fewer is better"
    value = facts.value
    if isinstance(value, Scale):
        if row.unit.strip() == "/10":
            return f"pain {_range(value)}: {_direction(value.better)}"
        return _direction(value.better)
    if isinstance(value, Ordinal) and value.levels:
        best = value.bands[0].name if value.bands else value.levels[0]
        return f"{noun or 'grade'}: better is {best}"
    if isinstance(value, Response) and value.better:
        return f"{noun or 'response'}: better is {value.better[0]}"
    return ""


def thresholds_text(facts: TestFacts | None, row: Row) -> str:
    """The thresholds a numeric row is judged on, each with its unit and, when recorded, the
    population it was measured in: "MDC 13° (same rater; hip osteoarthritis)"."""
    scale = scale_of(facts, row)
    if scale is None:
        return ""
    base = row.values[0] if isinstance(row.values[0], int | float) else None
    parts = []
    if scale.mdc is not None:
        parts.append(f"MDC {amount_text(row.unit, scale.mdc)}")
    mcid = scale.mcid_for(float(base)) if base is not None else scale.mcid
    if mcid is not None or scale.mcid_percent is not None:
        named = [amount_text(row.unit, mcid)] if mcid is not None else []
        if scale.mcid_percent is not None:
            named.append(f"{plain_number(scale.mcid_percent)} % of the baseline")
        parts.append(f"MCID {' or '.join(named)}")
    if not parts:
        return "no threshold known"
    notes = []
    if scale.mdc is not None and scale.mdc_same_rater:
        notes.append("MDC with one rater")
    if scale.population:
        notes.append(f"measured in {scale.population}")
    text = " · ".join(parts)
    return f"{text} ({'; '.join(notes)})" if notes else text


# The client summary's words for the client's own reading of a change.
COMPENSATION_WORDS = {
    "resolved": "no longer seen",
    "new": "newly seen",
    "still present": "still there",
    "still absent": "still not seen",
}


def plain_words(row: Row, step: Step) -> str:
    """The change in words a client reads in their summary: never "MDC", never an improvement
    where no threshold can say so."""
    if step.direction == Direction.NOT_COMPARED:
        return "not measured again yet"
    if row.measure in (Measure.COMPENSATION, Measure.ITEM):
        return COMPENSATION_WORDS.get(step.words, step.words)
    if _unjudged_change(row, step):
        assert step.change is not None  # noqa: S101 - checked by _unjudged_change
        way = "higher" if step.change > 0 else "lower"
        return f"{way} than at the start, but this test has no agreed size for a real change"
    if step.threshold == Threshold.WITHIN_CATEGORY:
        return "no real change yet: still in the same range"
    if step.direction == Direction.SAME or step.threshold in NEUTRAL:
        return "no real change yet"
    good = step.direction == Direction.BETTER
    if step.threshold == Threshold.IMPORTANT:
        return "a clear improvement, large enough to matter" if good else "clearly worse"
    if step.threshold == Threshold.REAL:
        return "a real improvement, if small" if good else "a little worse"
    return "better" if good else "worse"
