"""The comparison core, table by table. Every expected figure here was worked out by hand."""

import pytest

from assessments.comparison import (
    Band,
    Better,
    Direction,
    Measure,
    Ordinal,
    Reading,
    Response,
    Round,
    Scale,
    TestFacts,
    Threshold,
    compare,
    judge_compensation,
    judge_ordinal,
    judge_scale,
)

# NPRS: MDC 2; MCID 1 for baselines 1–4, 2 for 5–7, 3.5 for 8–10, 2 otherwise, or 30 %.
NPRS = Scale(
    better=Better.LOWER,
    unit="/10",
    minimum=0,
    maximum=10,
    mdc=2,
    mcid=2,
    mcid_percent=30,
    mcid_bands=(Band(1, 4, 1), Band(5, 7, 2), Band(8, 10, 3.5)),
)
HIP_EXTENSION = Scale(better=Better.HIGHER, unit="°", minimum=-20, maximum=40, mdc=9)
SIDE_BRIDGE = Scale(better=Better.HIGHER, unit="s", minimum=0, maximum=300, mdc=30)
LEFS = Scale(better=Better.HIGHER, unit="/80", minimum=0, maximum=80, mdc=9, mcid=9)
ODI = Scale(better=Better.LOWER, unit="%", minimum=0, maximum=100, mdc=10, mcid=10, mcid_percent=30)
MCID_ONLY = Scale(better=Better.HIGHER, minimum=0, maximum=10, mcid=3)
PERCENT_ONLY = Scale(better=Better.LOWER, mcid_percent=30)
REPS_NO_RANGE = Scale(better=Better.HIGHER, unit="reps")
REPS_WITH_RANGE = Scale(better=Better.HIGHER, unit="reps", minimum=0, maximum=50)
SCORE_NOT_RATIO = Scale(better=Better.HIGHER, minimum=0, maximum=80, percent_meaningful=False)

QUALITY = Ordinal(("good", "fair", "poor"))
SIGN = Ordinal(("negative", "positive"))
SYMPTOM = Ordinal(("gone", "less", "same", "more"))


# fmt: off
NUMERIC_CASES = [
    # Pain 6 → 2: improvement 4 ≥ MDC 2 and ≥ MCID 2 (baseline 5–7).
    (NPRS, 6, 2, -4, -66.67, "better", "beyond MCID", 2.0, "better, clinically important"),
    # Pain 6 → 5: 1 < MDC 2.
    (NPRS, 6, 5, -1, -16.67, "better", "within measurement error", 0.5,
     "no real change: within measurement error"),
    # Pain 3 → 1: 2 ≥ MDC, MCID for baseline 1–4 is 1.
    (NPRS, 3, 1, -2, -66.67, "better", "beyond MCID", 1.0, "better, clinically important"),
    # Pain 9 → 6: 3 ≥ MDC but < MCID 3.5 (baseline 8–10); 33 % ≥ 30 % makes it important.
    (NPRS, 9, 6, -3, -33.33, "better", "beyond MCID", 1.5, "better, clinically important"),
    # Pain 2 → 5: worse by 3, beyond the MDC and the MCID.
    (NPRS, 2, 5, 3, 150.0, "worse", "beyond MCID", -1.5, "worse, clinically important"),
    # A zero baseline has no percent change; 0 → 3 is judged on points alone.
    (NPRS, 0, 3, 3, None, "worse", "beyond MCID", -1.5, "worse, clinically important"),
    (NPRS, 0, 0, 0, None, "no change", "within measurement error", 0.0, "no change"),
    # Hip extension 5° → 8°: 3 < MDC 9 (the same-visit retest after the pull-through).
    (HIP_EXTENSION, 5, 8, 3, 60.0, "better", "within measurement error", 0.3333,
     "no real change: within measurement error"),
    # 5° → 15°: 10 ≥ MDC 9, no MCID known: real but small.
    (HIP_EXTENSION, 5, 15, 10, 200.0, "better", "beyond MDC", 1.1111,
     "better, beyond measurement error"),
    (HIP_EXTENSION, 10, -2, -12, -120.0, "worse", "beyond MDC", -1.3333,
     "worse, beyond measurement error"),
    # Side bridge 60 s → 95 s: 35 ≥ MDC 30; 60 → 80: 20 < 30.
    (SIDE_BRIDGE, 60, 95, 35, 58.33, "better", "beyond MDC", 1.1667,
     "better, beyond measurement error"),
    (SIDE_BRIDGE, 60, 80, 20, 33.33, "better", "within measurement error", 0.6667,
     "no real change: within measurement error"),
    # LEFS 40 → 52: 12 ≥ 9 and ≥ MCID 9; 40 → 47: 7 < MDC 9.
    (LEFS, 40, 52, 12, 30.0, "better", "beyond MCID", 1.3333, "better, clinically important"),
    (LEFS, 40, 47, 7, 17.5, "better", "within measurement error", 0.7778,
     "no real change: within measurement error"),
    # ODI 40 → 30: exactly the MDC and the MCID count as reached.
    (ODI, 40, 30, -10, -25.0, "better", "beyond MCID", 1.0, "better, clinically important"),
    # MCID 3 and no MDC: 5 → 6 falls short of the MCID; 5 → 8 reaches it.
    (MCID_ONLY, 5, 6, 1, 20.0, "better", "within measurement error", 0.3333,
     "no real change: within measurement error"),
    (MCID_ONLY, 5, 8, 3, 60.0, "better", "beyond MCID", 1.0, "better, clinically important"),
    # Only a percent MCID: 10 → 6 is a 40 % improvement; ranked as 40 / 30 = 1.3333 of it.
    (PERCENT_ONLY, 10, 6, -4, -40.0, "better", "beyond MCID", 1.3333,
     "better, clinically important"),
    # No threshold at all: higher or lower, never called better or worse in words, sized by
    # the relative change and never by the range: 6 / 20 = 0.3 (not 6 / 50 = 0.12).
    (REPS_NO_RANGE, 20, 26, 6, 30.0, "better", "no threshold known", 0.3,
     "higher (no threshold known)"),
    (REPS_WITH_RANGE, 20, 14, -6, -30.0, "worse", "no threshold known", -0.3,
     "lower (no threshold known)"),
    (REPS_WITH_RANGE, 20, 20, 0, 0.0, "no change", "no threshold known", 0.0, "no change"),
    # A score whose zero is arbitrary gets no percent change; ranked apart by 10 / 40 = 0.25.
    (SCORE_NOT_RATIO, 40, 50, 10, None, "better", "no threshold known", 0.25,
     "higher (no threshold known)"),
    # Exactly the MDC and the MCID, in decimals that floats cannot hold exactly.
    (Scale(better=Better.HIGHER, minimum=0, maximum=10, mdc=2, mcid=2), 0.3, 2.3, 2.0, 666.67,
     "better", "beyond MCID", 1.0, "better, clinically important"),
    (Scale(better=Better.LOWER, minimum=0, maximum=10, mdc=2), 3.3, 1.3, -2.0, -60.61,
     "better", "beyond MDC", 1.0, "better, beyond measurement error"),
]
# fmt: on


@pytest.mark.parametrize(
    ("scale", "before", "after", "change", "percent", "direction", "threshold", "score", "words"),
    NUMERIC_CASES,
)
def test_numeric_changes_are_judged_against_the_mdc_and_mcid_for_the_tests_direction(
    scale, before, after, change, percent, direction, threshold, score, words
):
    step = judge_scale(scale, before, after)
    assert step.change == change
    assert step.percent == (pytest.approx(percent, abs=0.01) if percent is not None else None)
    assert step.direction == direction
    assert step.threshold == threshold
    assert step.score == (pytest.approx(score, abs=0.0001) if score is not None else None)
    assert step.words == words


@pytest.mark.parametrize(
    ("before", "after", "words"),
    [
        (None, 4, "not compared: no baseline value"),
        (6, None, "not compared: not recorded in this round"),
        (None, None, "not compared: no baseline value"),
    ],
)
def test_a_value_missing_from_a_round_is_not_compared(before, after, words):
    step = judge_scale(NPRS, before, after)
    assert (step.direction, step.threshold, step.score, step.change) == (
        Direction.NOT_COMPARED,
        None,
        None,
        None,
    )
    assert (step.words, step.symbol) == (words, "–")


@pytest.mark.parametrize(
    ("direction", "threshold", "symbol"),
    [
        # Words and a symbol as well as colour: ▲ better, ▼ worse, ≈ within error or unchanged.
        ((6, 2), "beyond MCID", "▲"),
        ((2, 5), "beyond MCID", "▼"),
        ((6, 5), "within measurement error", "≈"),
        ((6, 6), "within measurement error", "≈"),
    ],
)
def test_every_verdict_carries_a_symbol(direction, threshold, symbol):
    step = judge_scale(NPRS, *direction)
    assert (step.threshold, step.symbol) == (threshold, symbol)


# fmt: off
ORDINAL_CASES = [
    # The score counts categories moved, each like reaching the MDC once: poor → good is 2.
    (QUALITY, "poor", "good", "better", 2, 2.0, "better: poor → good", "▲"),
    (QUALITY, "good", "fair", "worse", -1, -1.0, "worse: good → fair", "▼"),
    (QUALITY, "fair", "fair", "no change", 0, 0.0, "no change: fair", "≈"),
    (SIGN, "positive", "negative", "better", 1, 1.0, "better: positive → negative", "▲"),
    (SYMPTOM, "same", "gone", "better", 2, 2.0, "better: same → gone", "▲"),
    (SYMPTOM, "less", "more", "worse", -2, -2.0, "worse: less → more", "▼"),
    (QUALITY, "fair", None, "not compared", None, None,
     "not compared: not recorded in this round", "–"),
    (QUALITY, "fair", "excellent", "not compared", None, None,
     "not compared: not recorded in this round", "–"),
]
# fmt: on


@pytest.mark.parametrize(
    ("ordinal", "before", "after", "direction", "change", "score", "words", "symbol"),
    ORDINAL_CASES,
)
def test_ordinal_grades_and_signs_compare_by_category(
    ordinal, before, after, direction, change, score, words, symbol
):
    step = judge_ordinal(ordinal, before, after)
    assert step.direction == direction
    assert step.change == change
    assert step.score == (pytest.approx(score, abs=0.0001) if score is not None else None)
    assert (step.words, step.symbol) == (words, symbol)
    assert step.percent is None


@pytest.mark.parametrize(
    ("before", "after", "direction", "words", "score", "symbol"),
    [
        (True, False, "better", "resolved", 1.0, "▲"),
        (False, True, "worse", "new", -1.0, "▼"),
        (True, True, "no change", "still present", 0.0, "≈"),
        (False, False, "no change", "still absent", 0.0, "≈"),
        # None is "not checked": not compared, never resolved.
        (True, None, "not compared", "not compared: not checked at the retest", None, "–"),
        (None, False, "not compared", "not compared: not checked at the baseline", None, "–"),
    ],
)
def test_each_compensation_is_resolved_new_or_still_present(
    before, after, direction, words, score, symbol
):
    step = judge_compensation(before, after)
    assert (step.direction, step.words, step.score, step.symbol) == (
        direction,
        words,
        score,
        symbol,
    )


BRIDGE = TestFacts(
    key="glute-bridge",
    name="Glute bridge",
    value=QUALITY,
    pain=NPRS,
    compensations=("lumbar extension", "hamstring dominance", "low-back tension"),
)
HIP_EXT = TestFacts(key="hip-extension", name="Hip extension", value=HIP_EXTENSION, sided=True)
SLB = TestFacts(
    key="single-leg-bridge", name="Single-leg bridge", value=REPS_WITH_RANGE, sided=True
)


def the_issue_rounds() -> list[Round]:
    """Bridge with lumbar extension and pain 6, hip extension 5°; after a pull-through:
    every compensation looked for and none seen, pain 2, hip extension 8°."""
    baseline = Round(
        "Baseline",
        {
            ("glute-bridge", ""): Reading(
                value="poor", pain=6, compensations=frozenset({"lumbar extension"})
            ),
            ("hip-extension", "left"): Reading(value=5),
        },
    )
    retest = Round(
        "Retest, same visit",
        {
            ("glute-bridge", ""): Reading(
                value="good",
                pain=2,
                compensations=frozenset(),
                absent=frozenset(BRIDGE.compensations),
            ),
            ("hip-extension", "left"): Reading(value=8),
        },
    )
    return [baseline, retest]


def test_the_issue_case_pain_is_important_the_compensation_resolved_the_rom_within_error():
    result = compare([BRIDGE, HIP_EXT], the_issue_rounds())
    by_label = {row.label: row for row in result.rows}

    pain = by_label["Glute bridge: pain"].latest
    assert (pain.change, pain.threshold, pain.words) == (
        -4,
        Threshold.IMPORTANT,
        "better, clinically important",
    )
    assert by_label["Glute bridge: lumbar extension"].latest.words == "resolved"
    assert by_label["Glute bridge"].latest.words == "better: poor → good"
    rom = by_label["Hip extension (left)"].latest
    assert (rom.change, rom.threshold) == (3, Threshold.WITHIN_ERROR)
    # Faults never seen in any round are not listed.
    assert "Glute bridge: hamstring dominance" not in by_label

    order = [row.label for row in result.ranked]
    assert order.index("Glute bridge: pain") < order.index("Hip extension (left)")
    assert order == [
        "Glute bridge: pain",  # 4 / MDC 2 = 2.0
        # One entry for the bridge: poor → good 2 categories = 2.0, the fault 1 of 1 resolved
        # = 1.0; it weighs its largest part, 2.0, and a tie puts the number first.
        "Glute bridge",
        "Glute bridge: lumbar extension",
        "Hip extension (left)",  # 3 / MDC 9 = 0.33
    ]


def test_every_retest_is_judged_against_the_baseline():
    baseline, same_visit = the_issue_rounds()
    weeks_later = Round(
        "Retest, week 4",
        {
            ("glute-bridge", ""): Reading(value="fair", pain=3, compensations=frozenset()),
            ("hip-extension", "left"): Reading(value=16),
        },
    )
    result = compare([BRIDGE, HIP_EXT], [baseline, same_visit, weeks_later])
    rom = next(row for row in result.rows if row.label == "Hip extension (left)")
    assert rom.values == (5, 8, 16)
    assert [s.change for s in rom.steps] == [3, 11]
    assert [s.threshold for s in rom.steps] == [Threshold.WITHIN_ERROR, Threshold.REAL]
    assert result.round_labels == ("Baseline", "Retest, same visit", "Retest, week 4")


def test_a_finding_missing_from_the_retest_is_listed_but_ranked_last():
    baseline, retest = the_issue_rounds()
    retest = Round(retest.label, {("glute-bridge", ""): retest.readings[("glute-bridge", "")]})
    result = compare([BRIDGE, HIP_EXT], [baseline, retest])
    assert result.ranked[-1].label == "Hip extension (left)"
    assert result.ranked[-1].latest.direction == Direction.NOT_COMPARED


def test_tests_with_no_readings_in_any_round_are_left_out():
    result = compare([BRIDGE, HIP_EXT, SLB], the_issue_rounds())
    assert {row.test_key for row in result.rows} == {"glute-bridge", "hip-extension"}


def test_a_change_of_rater_instrument_or_position_is_flagged_beside_every_finding():
    baseline, retest = the_issue_rounds()
    baseline = Round(baseline.label, baseline.readings, rater="AS", instrument="goniometer")
    retest = Round(
        retest.label, retest.readings, rater="BK", instrument="goniometer", position="supine"
    )
    result = compare([BRIDGE, HIP_EXT], [baseline, retest])
    notes = (
        "different rater: AS → BK",
        "different position: not recorded → supine",
    )
    assert result.caveats == {"Retest, same visit": notes}
    assert all(row.latest.caveats == notes for row in result.rows)


def test_the_same_conditions_raise_no_caveat():
    baseline, retest = the_issue_rounds()
    baseline = Round(baseline.label, baseline.readings, rater="AS")
    retest = Round(retest.label, retest.readings, rater="AS")
    assert compare([BRIDGE, HIP_EXT], [baseline, retest]).caveats == {}


@pytest.mark.parametrize(
    ("left", "right", "involved", "index"),
    [
        # Involved side unknown: weaker as a share of stronger.
        (20, 25, "", 80.0),
        (25, 20, "", 80.0),
        # Involved side known: involved / uninvolved × 100, even above 100.
        (20, 25, "left", 80.0),
        (20, 25, "right", 125.0),
    ],
)
def test_sided_tests_get_a_limb_symmetry_index_per_round(left, right, involved, index):
    rounds = [
        Round(
            "Baseline",
            {
                ("single-leg-bridge", "left"): Reading(value=left),
                ("single-leg-bridge", "right"): Reading(value=right),
            },
        )
    ]
    (symmetry,) = compare([SLB], rounds, involved_side=involved).symmetry
    assert (symmetry.left, symmetry.right) == (left, right)
    assert symmetry.index == pytest.approx(index)


def test_no_symmetry_index_when_a_side_is_missing_or_zero():
    rounds = [
        Round("Baseline", {("single-leg-bridge", "left"): Reading(value=12)}),
        Round(
            "Retest",
            {
                ("single-leg-bridge", "left"): Reading(value=0),
                ("single-leg-bridge", "right"): Reading(value=0),
            },
        ),
    ]
    assert compare([SLB], rounds).symmetry == ()


def test_a_baseline_alone_lists_its_findings_without_changes():
    result = compare([BRIDGE, HIP_EXT], the_issue_rounds()[:1])
    assert all(row.steps == () for row in result.rows)
    assert len(result.ranked) == len(result.rows)


def test_no_rounds_give_an_empty_comparison():
    assert compare([BRIDGE], []).rows == ()


def test_rows_keep_their_measure_and_unit():
    result = compare([BRIDGE, HIP_EXT], the_issue_rounds())
    kinds = {(row.label, row.measure, row.unit) for row in result.rows}
    assert ("Glute bridge: pain", Measure.PAIN, "/10") in kinds
    assert ("Hip extension (left)", Measure.VALUE, "°") in kinds
    assert ("Glute bridge: lumbar extension", Measure.COMPENSATION, "") in kinds


def test_a_quality_grade_beside_a_number_is_compared_as_its_own_measure():
    hold = TestFacts(
        key="side-lying-abduction",
        name="Side-lying abduction",
        value=SIDE_BRIDGE,
        grade=Ordinal(("Good", "Fair", "Poor")),
    )
    rounds = [
        Round("Baseline", {("side-lying-abduction", ""): Reading(value=40, grade="Poor")}),
        Round("Retest", {("side-lying-abduction", ""): Reading(value=45, grade="Fair")}),
    ]
    rows = {row.measure: row for row in compare([hold], rounds).rows}
    assert rows[Measure.GRADE].label == "Side-lying abduction: quality"
    assert rows[Measure.GRADE].latest.words == "better: Poor → Fair"
    assert rows[Measure.VALUE].latest.threshold == Threshold.WITHIN_ERROR


SYMPTOMS = Response(better=("Gone", "Less"), same=("Same",), worse=("More",))


@pytest.mark.parametrize(
    ("baseline", "retest", "words", "symbol", "score"),
    [
        (None, "Gone", "better: gone", "▲", 1.0),
        (None, "Less", "better: less", "▲", 0.5),
        (None, "Same", "no change", "≈", 0.0),
        (None, "More", "worse: more", "▼", -1.0),
        # Reported against the baseline by the client: what the baseline held does not matter.
        ("More", "Same", "no change", "≈", 0.0),
        ("Same", None, "not compared: not recorded in this round", "–", None),
    ],
)
def test_a_symptom_response_is_judged_by_what_the_retest_reports(
    baseline, retest, words, symbol, score
):
    facts = TestFacts(key="symptoms", name="Symptom response", value=SYMPTOMS)
    rounds = [
        Round("Baseline", {("symptoms", ""): Reading(value=baseline)} if baseline else {}),
        Round("Retest", {("symptoms", ""): Reading(value=retest)} if retest else {}),
    ]
    (row,) = compare([facts], rounds).rows
    assert (row.latest.words, row.latest.symbol, row.latest.score) == (words, symbol, score)


@pytest.mark.parametrize(("left", "right"), [(-10, 5), (-10, -20), (0, 12)])
def test_no_symmetry_index_for_angles_either_side_of_zero_or_a_zero_side(left, right):
    thomas = TestFacts(
        key="thomas",
        name="Modified Thomas",
        value=Scale(better=Better.HIGHER, unit="°", minimum=-45, maximum=45),
        sided=True,
    )
    readings = {("thomas", "left"): Reading(value=left), ("thomas", "right"): Reading(value=right)}
    signed = [Round("B", readings)]
    assert compare([thomas], signed).symmetry == ()
