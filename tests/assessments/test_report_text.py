"""How the report words, colours and draws what the core returns: changes in the scale's own
units, neutral colours where nothing real can be said, which way is better per measure,
thresholds with their units, and charts on the values' own scale. Figures worked by hand."""

import pytest

from assessments.comparison import (
    Better,
    Direction,
    Measure,
    Ordinal,
    Row,
    Scale,
    Step,
    TestFacts,
    Threshold,
)
from assessments.report import change_text, chart_for, plain_words, verdict_class, verdict_words
from assessments.report.charts import axis_range
from assessments.report.summary import conditions_sentence
from assessments.report.text import better_text, thresholds_text
from tests.assessments.test_comparison import NPRS

ODI = Scale(
    better=Better.LOWER,
    unit="%",
    minimum=0,
    maximum=100,
    mdc=10,
    mcid=10,
    mcid_percent=30,
    percent_meaningful=False,
)
HIP = Scale(
    better=Better.HIGHER,
    unit="°",
    minimum=-20,
    maximum=40,
    mdc=13,
    percent_meaningful=False,
    population="hip osteoarthritis",
    mdc_same_rater=True,
)
HOLD = Scale(better=Better.HIGHER, unit="s", minimum=0, maximum=600)
SIDE_BRIDGE = Scale(better=Better.HIGHER, unit="s", minimum=0, maximum=600, mdc=30)


def step(
    before,
    after,
    direction: Direction,
    threshold: Threshold | None,
    words: str = "",
    percent: float | None = None,
    symbol: str = "▲",
) -> Step:
    change = after - before if isinstance(before, int | float) and after is not None else None
    return Step(before, after, change, percent, direction, threshold, None, words, symbol)


def row(measure: Measure, unit: str, values: tuple, steps: tuple[Step, ...] = ()) -> Row:
    return Row("1", "Test", "", measure, "Test", unit, values, steps)


# fmt: off
CHANGES = [
    # ODI 36 → 24 %: a percent-of-maximum score changes in points, and no percent change.
    (Measure.VALUE, "%", 36, 24, None, "−12 points"),
    # ODI 30 → 29: one point.
    (Measure.VALUE, "%", 30, 29, None, "−1 point"),
    # A pain test 6 → 2: −4 of 10, −66.7 % of the baseline rounds to −67 %.
    (Measure.VALUE, "/10", 6, 2, -66.67, "−4/10 (−67 %)"),
    # The same pain recorded inside a bridge reads the same.
    (Measure.PAIN, "/10", 6, 2, -66.67, "−4/10 (−67 %)"),
    # A hold 10 → 35 s: +25 s, +250 %.
    (Measure.VALUE, "s", 10, 35, 250.0, "+25 s (+250 %)"),
    # The step-down's knee from inside the foot (2) to inside the 2nd toe (1).
    (Measure.ITEM, "points", 2, 1, None, "−1 point"),
    # Hip extension 5 → 8° on a scale through zero: the core gives no percent.
    (Measure.VALUE, "°", 5, 8, None, "+3°"),
]
# fmt: on


@pytest.mark.parametrize(("measure", "unit", "before", "after", "percent", "expected"), CHANGES)
def test_a_change_is_printed_in_the_units_of_its_scale(
    measure, unit, before, after, percent, expected
):
    s = step(before, after, Direction.BETTER, Threshold.REAL, percent=percent)
    assert change_text(row(measure, unit, (before, after), (s,)), s) == expected


# fmt: off
VERDICTS = [
    # (threshold, direction, core's words, change, words printed, colour, symbol, client's words)
    (Threshold.IMPORTANT, Direction.BETTER, "better, clinically important", -4,
     "better, clinically important", "verdict-better", "▲",
     "a clear improvement, large enough to matter"),
    (Threshold.REAL, Direction.WORSE, "worse, beyond measurement error", -35,
     "worse, beyond measurement error", "verdict-worse", "▼", "a little worse"),
    (Threshold.WITHIN_ERROR, Direction.BETTER, "no real change: within measurement error", 3,
     "no real change: within measurement error", "verdict-same", "≈", "no real change yet"),
    # A hold 10 → 35 s has no threshold: which way it went, in the neutral colour.
    (Threshold.NONE_KNOWN, Direction.BETTER, "higher (no threshold known)", 25,
     "higher (no threshold known)", "verdict-same", "↑",
     "higher than at the start, but this test has no agreed size for a real change"),
    (Threshold.NONE_KNOWN, Direction.WORSE, "lower (no threshold known)", -5,
     "lower (no threshold known)", "verdict-same", "↓",
     "lower than at the start, but this test has no agreed size for a real change"),
    # A step-down total 3 → 2 stays "moderate": no real change, neutral.
    (Threshold.WITHIN_CATEGORY, Direction.SAME, "no real change: within one category", None,
     "no real change: within one category", "verdict-same", "≈",
     "no real change yet: still in the same range"),
    (None, Direction.NOT_COMPARED, "not compared: not recorded in this round", None,
     "not compared: not recorded in this round", "verdict-none", "–", "not measured again yet"),
]
# fmt: on


@pytest.mark.parametrize(
    ("threshold", "direction", "core", "change", "words", "css", "symbol", "plain"), VERDICTS
)
def test_each_verdict_has_one_wording_colour_and_symbol(
    threshold, direction, core, change, words, css, symbol, plain
):
    before = 10
    after = before + change if change is not None else None
    s = step(before, after, direction, threshold, core, symbol=symbol)
    r = row(Measure.VALUE, "s", (before, after), (s,))
    assert verdict_words(r, s) == words
    assert verdict_class(s) == css
    assert plain_words(r, s) == plain
    assert "MDC" not in plain and "MCID" not in plain


GLUTE_BRIDGE = TestFacts(
    key="1",
    name="Glute bridge",
    value=Ordinal(("Good", "Fair", "Poor")),
    pain=NPRS,
    compensations=("Lumbar extension",),
)
SIDE_LYING = TestFacts(
    key="1", name="Side-lying abduction", value=HOLD, grade=Ordinal(("Good", "Fair", "Poor"))
)


# fmt: off
BETTER = [
    # A graded test with pain beside it says which "better" is whose.
    (GLUTE_BRIDGE, Measure.VALUE, "", "grade", "grade: better is Good"),
    (GLUTE_BRIDGE, Measure.PAIN, "/10", "grade", "pain 0–10: lower is better"),
    (GLUTE_BRIDGE, Measure.COMPENSATION, "", "grade", "better is absent"),
    (SIDE_LYING, Measure.VALUE, "s", "", "higher is better"),
    (SIDE_LYING, Measure.GRADE, "", "", "grade: better is Good"),
    (TestFacts(key="1", name="Trendelenburg", value=Ordinal(("Negative", "Positive"))),
     Measure.VALUE, "", "sign", "sign: better is Negative"),
    (TestFacts(key="1", name="NPRS", value=NPRS), Measure.VALUE, "/10", "",
     "pain 0–10: lower is better"),
]
# fmt: on


@pytest.mark.parametrize(("facts", "measure", "unit", "noun", "expected"), BETTER)
def test_which_way_is_better_is_said_per_measure(facts, measure, unit, noun, expected):
    assert better_text(facts, row(measure, unit, (None,)), noun) == expected


# fmt: off
THRESHOLDS = [
    # ODI's thresholds are points, like its changes.
    (ODI, "%", 36, "MDC 10 points · MCID 10 points or 30 % of the baseline"),
    # Pain 6 lies in the 5–7 band: MCID 2.
    (NPRS, "/10", 6, "MDC 2/10 · MCID 2/10 or 30 % of the baseline"),
    # Pain 9 lies in the 8–10 band: MCID 3.5.
    (NPRS, "/10", 9, "MDC 2/10 · MCID 3.5/10 or 30 % of the baseline"),
    (HIP, "°", 5, "MDC 13° (MDC with one rater; measured in hip osteoarthritis)"),
    (HOLD, "s", 10, "no threshold known"),
]
# fmt: on


@pytest.mark.parametrize(("scale", "unit", "baseline", "expected"), THRESHOLDS)
def test_thresholds_carry_their_unit_and_population(scale, unit, baseline, expected):
    facts = TestFacts(key="1", name="Test", value=scale)
    assert thresholds_text(facts, row(Measure.VALUE, unit, (baseline,))) == expected


# fmt: off
AXES = [
    # A hold 10 → 35 s on a 0–600 s test: 10–35 with 2.5 s room is 7.5–37.5, cut into steps
    # of 10 (37.5 − 7.5 = 30, a quarter is 7.5 → 10): 0–40 s, not 0–600 s.
    (HOLD, [10, 35], None, (0, 40, 10)),
    # Side bridge 40 → 75 s with its ± 30 s band round the baseline: 10–75, room 6.5 →
    # 3.5–81.5, a quarter of 78 is 19.5 → steps of 20: 0–100 s.
    (SIDE_BRIDGE, [40, 75], (10, 70), (0, 100, 20)),
    # Pain 6 → 2 with ± 2 band (4–8): 2–8, room 0.6 → 1.4–8.6; a quarter of 7.2 is 1.8 →
    # steps of 2: 0–10, inside the 0–10 scale.
    (NPRS, [6, 2], (4, 8), (0, 10, 2)),
    # One value twice (20 → 20 s): 10 % of 20 either side, 18–22, steps of 1.
    (HOLD, [20, 20], None, (18, 22, 1)),
]
# fmt: on


@pytest.mark.parametrize(("scale", "numbers", "band", "expected"), AXES)
def test_a_charts_axis_fits_the_values_recorded(scale, numbers, band, expected):
    assert axis_range(numbers, scale, band) == pytest.approx(expected)


def test_a_chart_has_a_title_and_ticks_with_units():
    hold = Row("1", "Prone hold", "left", Measure.VALUE, "Prone hold (left)", "s", (10, 35), ())
    chart = chart_for(hold, HOLD, ("Baseline", "Retest 1 (week 4)"))
    assert chart is not None
    assert chart.title == "Prone hold (left) over the rounds"
    assert [t.label for t in chart.ticks] == ["0 s", "10 s", "20 s", "30 s", "40 s"]
    # 35 s on a 0–40 s axis drawn from y 112 (0 s) to 16 (40 s): 112 − 35/40 × 96 = 28.
    assert chart.points[1].y == pytest.approx(28)
    assert chart.legend == "Higher is better."


# fmt: off
CONDITIONS = [
    (("rater",), "Measured by a different person this time, so small changes may not be real."),
    # A different login with the rater's name copied: still a different person.
    (("recorded_by",),
     "Measured by a different person this time, so small changes may not be real."),
    (("rater", "recorded_by", "instrument", "position"),
     "Measured by a different person, with a different instrument and in a different position "
     "this time, so small changes may not be real."),
    ((), ""),
]
# fmt: on


@pytest.mark.parametrize(("changed", "sentence"), CONDITIONS)
def test_the_client_is_told_plainly_when_the_retest_was_measured_differently(changed, sentence):
    assert conditions_sentence(changed) == sentence


# fmt: off
SIDES = [
    # The same words on both sides are said once.
    ([("left", "pain 5/10 → 2/10"), ("right", "pain 5/10 → 2/10")],
     ["both sides: pain 5/10 → 2/10"]),
    ([("left", "a"), ("right", "a"), ("left", "b"), ("right", "b")], ["both sides: a; b"]),
    ([("left", "a"), ("right", "b")], ["left: a", "right: b"]),
    ([("", "6/10 → 3/10")], ["6/10 → 3/10"]),
]
# fmt: on


@pytest.mark.parametrize(("said", "parts"), SIDES)
def test_the_summary_says_what_both_sides_share_once(said, parts):
    from assessments.report.summary import Item

    assert Item("Test", said).parts == parts
