"""The rules of judging like a physiotherapist: three-state checklists, category bands, scored
items, raters, the involved side, what changed most, thresholds reached exactly, the population
in the words and words that match the scale. Every expected figure was worked out by hand."""

import pytest

from assessments.comparison import (
    SYMBOLS,
    Band,
    Better,
    Category,
    Direction,
    Measure,
    Ordinal,
    Reading,
    Round,
    Scale,
    ScoredItem,
    TestFacts,
    Threshold,
    compare,
    judge_item,
    judge_ordinal,
    judge_scale,
)
from tests.assessments.test_comparison import NPRS

HIP_ROM = Scale(
    better=Better.HIGHER,
    unit="°",
    minimum=0,
    maximum=120,
    mdc=9,
    population="hip osteoarthritis",
    mdc_same_rater=True,
)
HOLD = Scale(better=Better.HIGHER, unit="s", minimum=0, maximum=600)
REPS = Scale(better=Better.HIGHER, unit="reps", minimum=0, maximum=50)
LEVELS = ("0", "1", "2", "3", "4", "5", "6")
STEP_DOWN_TOTAL = Ordinal(
    LEVELS,
    bands=(
        Category("good", ("0", "1")),
        Category("moderate", ("2", "3")),
        Category("poor", ("4", "5", "6")),
    ),
)
QUALITY = Ordinal(("Good", "Fair", "Poor"))
FAULTS = ("lumbar extension", "hamstring dominance", "low-back tension")
BRIDGE = TestFacts(
    key="bridge", name="Glute bridge", value=QUALITY, pain=NPRS, compensations=FAULTS
)


def two_rounds(test: str, before: Reading, after: Reading, side: str = "") -> list[Round]:
    return [
        Round("Baseline", {(test, side): before}),
        Round("Retest 1", {(test, side): after}),
    ]


def checklist(present: tuple[str, ...] = (), absent: tuple[str, ...] = ()) -> Reading:
    return Reading(value="Fair", compensations=frozenset(present), absent=frozenset(absent))


# ---- 1. Not checked is not absent ------------------------------------------------------

PRESENT, ABSENT, UNCHECKED = "present", "absent", "not checked"


def marked(state: str) -> Reading:
    if state == PRESENT:
        return checklist(present=("lumbar extension",))
    if state == ABSENT:
        return checklist(absent=("lumbar extension",))
    return checklist()


# fmt: off
CHECKLIST_CASES = [
    # Looked for at both rounds: the change is real.
    (PRESENT, ABSENT, ("present", "absent"), "better", "resolved", "▲"),
    (ABSENT, PRESENT, ("absent", "present"), "worse", "new", "▼"),
    (PRESENT, PRESENT, ("present", "present"), "no change", "still present", "≈"),
    # Left unticked at the retest: nobody looked, so it is not resolved.
    (PRESENT, UNCHECKED, ("present", "not checked"), "not compared",
     "not compared: not checked at Retest 1", "–"),
    (UNCHECKED, PRESENT, ("not checked", "present"), "not compared",
     "not compared: not checked at Baseline", "–"),
]
# fmt: on


@pytest.mark.parametrize(
    ("before", "after", "values", "direction", "words", "symbol"), CHECKLIST_CASES
)
def test_a_compensation_compares_only_when_it_was_looked_for_at_both_rounds(
    before, after, values, direction, words, symbol
):
    result = compare([BRIDGE], two_rounds("bridge", marked(before), marked(after)))
    (row,) = [r for r in result.rows if r.measure == Measure.COMPENSATION]
    assert row.values == values
    assert (row.latest.direction, row.latest.words, row.latest.symbol) == (
        direction,
        words,
        symbol,
    )


def test_a_checklist_with_nothing_marked_is_not_checked_and_never_changes_most():
    # Baseline: lumbar extension present. Retest: the grade recorded, the checklist untouched
    # (compensations None, nothing absent): not "present → absent ▲ resolved".
    rounds = two_rounds(
        "bridge",
        checklist(present=("lumbar extension",)),
        Reading(value="Fair", compensations=None),
    )
    result = compare([BRIDGE], rounds)
    (row,) = [r for r in result.rows if r.measure == Measure.COMPENSATION]
    assert row.latest.words == "not compared: not checked at Retest 1"
    assert row.latest.score is None
    # Fair → Fair and a fault not compared: nothing changed.
    assert result.changed_most == ()


def test_all_looked_for_none_present_resolves_every_fault_seen_before():
    rounds = two_rounds(
        "bridge",
        checklist(present=("lumbar extension", "low-back tension")),
        checklist(absent=FAULTS),
    )
    result = compare([BRIDGE], rounds)
    words = {r.label: r.latest.words for r in result.rows if r.measure == Measure.COMPENSATION}
    # A fault never seen in any round is not listed.
    assert words == {
        "Glute bridge: lumbar extension": "resolved",
        "Glute bridge: low-back tension": "resolved",
    }


# ---- 2. Category scales change only by category ---------------------------------------

# fmt: off
BAND_CASES = [
    # 3 → 2: one level better, both moderate: no real change, neutral.
    ("3", "2", "no change", "within one category", 1, 0.0,
     "no real change: within one category (moderate)", "≈"),
    ("4", "6", "no change", "within one category", -2, 0.0,
     "no real change: within one category (poor)", "≈"),
    # 2 → 1: one level, but moderate → good: a category change, one category.
    ("2", "1", "better", "category change", 1, 1.0, "better: moderate → good", "▲"),
    # 1 → 5: four levels, good → poor: two categories worse.
    ("1", "5", "worse", "category change", -4, -2.0, "worse: good → poor", "▼"),
    ("3", "3", "no change", "within one category", 0, 0.0, "no change: 3", "≈"),
]
# fmt: on


@pytest.mark.parametrize(
    ("before", "after", "direction", "threshold", "change", "score", "words", "symbol"),
    BAND_CASES,
)
def test_a_banded_score_changes_only_by_band(
    before, after, direction, threshold, change, score, words, symbol
):
    step = judge_ordinal(STEP_DOWN_TOTAL, before, after)
    assert (step.direction, step.threshold, step.change, step.score) == (
        direction,
        threshold,
        change,
        score,
    )
    assert (step.words, step.symbol) == (words, symbol)


def test_an_ordinal_without_bands_still_changes_by_level():
    step = judge_ordinal(Ordinal(LEVELS), "3", "2")
    assert (step.direction, step.threshold, step.words) == (
        Direction.BETTER,
        Threshold.CATEGORY,
        "better: 3 → 2",
    )


# ---- 3. A scored test and its items agree ---------------------------------------------

KNEE = ScoredItem("Knee position", (("Knee inside the 2nd toe", 1), ("Knee inside the foot", 2)))
STEP_DOWN_ITEMS = (
    ScoredItem("Arm strategy", (("Arm strategy", 1),)),
    ScoredItem("Trunk lean", (("Trunk lean", 1),)),
    ScoredItem("Pelvis", (("Pelvis not level", 1),)),
    KNEE,
    ScoredItem("Unsteady stance", (("Unsteady stance", 1),)),
)
STEP_DOWN_FAULTS = tuple(fault for item in STEP_DOWN_ITEMS for fault, _ in item.points)
STEP_DOWN = TestFacts(
    key="lsd",
    name="Lateral step-down",
    value=STEP_DOWN_TOTAL,
    compensations=STEP_DOWN_FAULTS,
    sided=True,
    items=STEP_DOWN_ITEMS,
)


def step_down(total: str, present: tuple[str, ...], checked: tuple[str, ...] | None = None):
    """A step-down reading: `present` ticked, the rest of `checked` (all faults by default)
    looked for and not seen."""
    checked = STEP_DOWN_FAULTS if checked is None else checked
    return Reading(
        value=total,
        compensations=frozenset(present),
        absent=frozenset(f for f in checked if f not in present),
    )


def test_a_scored_item_compares_in_points_not_as_one_fault_resolved_and_another_new():
    # Baseline: knee inside the foot 2 + trunk lean 1 = 3 (moderate).
    # Retest: knee inside the 2nd toe 1 = 1 (good).
    rounds = two_rounds(
        "lsd",
        step_down("3", ("Knee inside the foot", "Trunk lean")),
        step_down("1", ("Knee inside the 2nd toe",)),
        side="left",
    )
    result = compare([STEP_DOWN], rounds)
    rows = {r.label: r for r in result.rows}
    assert set(rows) == {
        "Lateral step-down (left)",
        "Lateral step-down (left): Trunk lean",
        "Lateral step-down (left): Knee position",
    }
    assert all(r.measure != Measure.COMPENSATION for r in result.rows)
    knee = rows["Lateral step-down (left): Knee position"]
    assert (knee.measure, knee.unit, knee.values) == (Measure.ITEM, "points", (2.0, 1.0))
    assert (knee.latest.change, knee.latest.words) == (-1.0, "better by 1 point")
    assert rows["Lateral step-down (left): Trunk lean"].latest.words == "better by 1 point"
    assert rows["Lateral step-down (left)"].latest.words == "better: moderate → good"
    # One entry for the test and side: the band 1 category (1.0); the items lost
    # (2 − 1) + (1 − 0) = 2 of the larger totals 2 + 1 = 3 points (0.6667); it weighs its
    # largest part, 1.0.
    (entry,) = result.changed_most
    assert (entry.label, entry.direction, entry.score) == (
        "Lateral step-down (left)",
        Direction.BETTER,
        1.0,
    )
    assert entry.words == (
        "better: moderate → good; Trunk lean better by 1 point; Knee position better by 1 point"
    )
    assert len(entry.rows) == 3


# fmt: off
POINTS_CASES = [
    # (present, looked for, the knee's points)
    (("Knee inside the foot",), STEP_DOWN_FAULTS, 2.0),
    (("Knee inside the 2nd toe",), STEP_DOWN_FAULTS, 1.0),
    ((), STEP_DOWN_FAULTS, 0.0),
    # Both knee faults ticked although they exclude each other: the larger, 2.
    (("Knee inside the 2nd toe", "Knee inside the foot"), STEP_DOWN_FAULTS, 2.0),
    # One of the knee's faults looked for, the other not: the item was not checked.
    ((), ("Knee inside the 2nd toe",), None),
    ((), (), None),
]
# fmt: on


@pytest.mark.parametrize(("present", "checked", "points"), POINTS_CASES)
def test_an_item_scores_its_present_faults_points_zero_when_looked_for_else_not_checked(
    present, checked, points
):
    # Against a baseline of 2 (knee inside the foot), so that the knee row is listed.
    rounds = two_rounds(
        "lsd",
        step_down("2", ("Knee inside the foot",)),
        step_down("2", present, checked),
        side="left",
    )
    result = compare([STEP_DOWN], rounds)
    (knee,) = [r for r in result.rows if r.label.endswith("Knee position")]
    assert knee.values == (2.0, points)


# fmt: off
ITEM_CASES = [
    (2, 1, "better", -1, 0.5, "better by 1 point", "▲"),  # 1 of the larger 2
    (1, 0, "better", -1, 1.0, "better by 1 point", "▲"),  # 1 of 1
    (0, 2, "worse", 2, -1.0, "worse by 2 points", "▼"),  # 2 of 2
    (1, 1, "no change", 0, 0.0, "no change: 1 point", "≈"),
    (2, None, "not compared", None, None, "not compared: not checked at the retest", "–"),
]
# fmt: on


@pytest.mark.parametrize(
    ("before", "after", "direction", "change", "score", "words", "symbol"), ITEM_CASES
)
def test_an_item_is_judged_as_a_change_in_points(
    before, after, direction, change, score, words, symbol
):
    step = judge_item(before, after)
    assert (step.direction, step.change, step.score, step.words, step.symbol) == (
        direction,
        change,
        score,
        words,
        symbol,
    )


# ---- 4. Who measured ------------------------------------------------------------------


def test_a_retest_recorded_by_another_login_is_flagged_even_with_the_rater_copied():
    baseline, retest = two_rounds("bridge", checklist(), checklist())
    baseline = Round(baseline.label, baseline.readings, rater="AS", recorded_by="asmith")
    retest = Round(retest.label, retest.readings, rater="AS", recorded_by="bkhan")
    result = compare([BRIDGE], [baseline, retest])
    assert result.caveats == {"Retest 1": ("recorded by a different login: asmith → bkhan",)}


# fmt: off
RATER_CASES = [
    # (raters, logins, before, after, the one-rater MDC caveat?)
    # 5° → 15°: 10 ≥ MDC 9, measured by another rater: the MDC is for one rater.
    (("AS", "BK"), ("", ""), 5, 15, True),
    # The same rater text, another login: treated as another rater.
    (("AS", "AS"), ("asmith", "bkhan"), 5, 15, True),
    (("AS", "AS"), ("asmith", "asmith"), 5, 15, False),
    # 5° → 8°: within error already; no need to say the error is larger.
    (("AS", "BK"), ("", ""), 5, 8, False),
    # 5° → 14°: exactly the MDC, reached, so the caveat applies.
    (("AS", "BK"), ("", ""), 5, 14, True),
]
# fmt: on


@pytest.mark.parametrize(("raters", "logins", "before", "after", "caveat"), RATER_CASES)
def test_a_change_beyond_a_one_rater_mdc_by_another_rater_says_the_error_is_larger(
    raters, logins, before, after, caveat
):
    hip = TestFacts(key="hip", name="Hip flexion", value=HIP_ROM)
    rounds = [
        Round("Baseline", {("hip", ""): Reading(value=before)}, rater=raters[0],
              recorded_by=logins[0]),
        Round("Retest 1", {("hip", ""): Reading(value=after)}, rater=raters[1],
              recorded_by=logins[1]),
    ]  # fmt: skip
    (row,) = compare([hip], rounds).rows
    one_rater = [c for c in row.latest.caveats if "one rater" in c]
    assert bool(one_rater) == caveat
    if caveat:
        assert one_rater == [
            "the MDC was measured with one rater: the error between two raters is larger, "
            "so this change may still be measurement error"
        ]


def test_no_one_rater_caveat_on_a_scale_whose_mdc_is_not_for_one_rater():
    step = judge_scale(Scale(better=Better.HIGHER, mdc=9), 5, 15, another_rater=True)
    assert step.caveats == ()


# ---- 5. The involved side -------------------------------------------------------------

SLB = TestFacts(key="slb", name="Single-leg bridge", value=REPS, sided=True)


# fmt: off
INVOLVED_CASES = [
    # left 20, right 25 reps.
    # Left involved: 20 / 25 × 100 = 80 %.
    ("left", 80.0, "involved", (True, False)),
    # Right involved: 25 / 20 × 100 = 125 %: above 100, the involved side is the stronger.
    ("right", 125.0, "involved", (False, True)),
    # Both involved: no single side to divide by; weaker / stronger 20 / 25 = 80 %.
    ("both", 80.0, "weaker", (True, True)),
    ("", 80.0, "weaker", (None, None)),
]
# fmt: on


@pytest.mark.parametrize(("involved", "index", "basis", "rows_involved"), INVOLVED_CASES)
def test_the_symmetry_index_divides_by_the_involved_side_per_test(
    involved, index, basis, rows_involved
):
    rounds = [
        Round(
            "Baseline",
            {("slb", "left"): Reading(value=20), ("slb", "right"): Reading(value=25)},
        )
    ]
    result = compare([SLB], rounds, involved={"slb": involved})
    (symmetry,) = result.symmetry
    assert (symmetry.index, symmetry.basis, symmetry.involved_side) == (index, basis, involved)
    assert tuple(r.involved for r in result.rows) == rows_involved


def test_the_involved_side_is_per_test_and_the_old_keyword_is_the_default():
    other = TestFacts(key="other", name="Other", value=REPS, sided=True)
    readings = {
        (key, side): Reading(value=value)
        for key in ("slb", "other")
        for side, value in (("left", 20), ("right", 25))
    }
    result = compare(
        [SLB, other], [Round("Baseline", readings)], involved={"slb": "right"}, involved_side="left"
    )
    # slb: right involved 25 / 20 = 125 %; other: the default left, 20 / 25 = 80 %.
    assert [(s.test_key, s.index) for s in result.symmetry] == [("slb", 125.0), ("other", 80.0)]


@pytest.mark.parametrize(
    "scale",
    [
        # Lower is better (a time to complete): a ratio of sides would read backwards.
        Scale(better=Better.LOWER, unit="s", minimum=0),
        # No true zero: a score whose ratio means nothing.
        Scale(better=Better.HIGHER, minimum=0, maximum=80, percent_meaningful=False),
    ],
)
def test_no_symmetry_index_without_a_higher_is_better_ratio_scale(scale):
    test = TestFacts(key="t", name="T", value=scale, sided=True)
    readings = {("t", "left"): Reading(value=20), ("t", "right"): Reading(value=25)}
    assert compare([test], [Round("B", readings)], involved={"t": "left"}).symmetry == ()


# ---- 6 + 8. What changed most -----------------------------------------------------------

PAIN = TestFacts(key="pain", name="Pain at rest", value=NPRS)
HIP = TestFacts(key="hip", name="Hip flexion", value=HIP_ROM)
SIDE_PLANK = TestFacts(key="plank", name="Side plank", value=HOLD)
REPS_TEST = TestFacts(key="reps", name="Heel raises", value=REPS)
FROM_ZERO = TestFacts(key="zero", name="Single-leg stance", value=HOLD)
BANDED = TestFacts(key="banded", name="Step-down total", value=STEP_DOWN_TOTAL)
LEFS = TestFacts(
    key="lefs",
    name="LEFS",
    value=Scale(better=Better.HIGHER, unit="/80", minimum=0, maximum=80, mdc=9, mcid=9),
)


def the_ranking() -> list[Round]:
    before = {
        ("pain", ""): Reading(value=6),
        ("hip", ""): Reading(value=5),
        ("plank", ""): Reading(value=10),
        ("reps", ""): Reading(value=20),
        ("zero", ""): Reading(value=0),
        ("banded", ""): Reading(value="3"),
        ("lefs", ""): Reading(value=40),
        ("bridge", ""): checklist(present=FAULTS),
    }
    after = {
        ("pain", ""): Reading(value=2),
        ("hip", ""): Reading(value=8),
        ("plank", ""): Reading(value=35),
        ("reps", ""): Reading(value=26),
        ("zero", ""): Reading(value=12),
        ("banded", ""): Reading(value="2"),
        ("lefs", ""): Reading(value=40),
        ("bridge", ""): checklist(present=("low-back tension",), absent=FAULTS[:2]),
    }
    return [Round("Baseline", before), Round("Retest 1", after)]


def test_what_changed_most_ranks_comparable_sizes_and_lists_changes_without_a_threshold_apart():
    tests = [PAIN, HIP, SIDE_PLANK, REPS_TEST, FROM_ZERO, BANDED, LEFS, BRIDGE]
    result = compare(tests, the_ranking())
    assert [(e.label, round(e.score, 4), e.words) for e in result.changed_most] == [
        # 4 / MDC 2 = 2.0.
        ("Pain at rest", 2.0, "better, clinically important"),
        # The bridge's faults once: (2 resolved − 0 new) / 3 seen = 0.6667; Fair → Fair.
        ("Glute bridge", 0.6667, "no change: Fair; 2 of 3 faults resolved"),
        # 3 / MDC 9 = 0.3333, within error but a change in the measure's own error units.
        (
            "Hip flexion",
            0.3333,
            "no real change: within the measurement error reported for hip osteoarthritis",
        ),
    ]
    assert [(e.label, e.score, e.words) for e in result.unjudged] == [
        # (35 − 10) / 10 = 2.5: never 25 / the 600 s range (0.04), never among the judged.
        ("Side plank", 2.5, "higher (no threshold known)"),
        # (26 − 20) / 20 = 0.3.
        ("Heel raises", 0.3, "higher (no threshold known)"),
        # From 0: no relative change; after the others, by its change, 12 s.
        ("Single-leg stance", 12.0, "higher (no threshold known)"),
    ]
    # Not changed, so in neither list: LEFS 40 → 40 and the total 3 → 2 inside "moderate".
    listed = {e.test_key for e in (*result.changed_most, *result.unjudged)}
    assert {"lefs", "banded"}.isdisjoint(listed)
    # `ranked` keeps every row: the judged entries' rows, the unjudged, then the rest.
    assert [r.label for r in result.ranked] == [
        "Pain at rest",
        "Glute bridge",
        "Glute bridge: lumbar extension",
        "Glute bridge: hamstring dominance",
        "Glute bridge: low-back tension",
        "Hip flexion",
        "Side plank",
        "Heel raises",
        "Single-leg stance",
        "Step-down total",
        "LEFS",
    ]
    assert len(result.ranked) == len(result.rows)


# fmt: off
FAULT_SUMMARY_CASES = [
    # (present before, present after (the rest looked for and absent), score, words)
    # 1 resolved of 1 seen: (1 − 0) / 1 = 1.0, at most one MDC for all faults together.
    (("lumbar extension",), (), 1.0, "1 of 1 fault resolved"),
    # 3 new of 3 seen: (0 − 3) / 3 = −1.0, not −3.
    ((), FAULTS, -1.0, "3 new faults"),
    # 1 resolved, 1 new, 1 still present: (1 − 1) / 3 = 0, a mixed change, still listed.
    (("lumbar extension", "low-back tension"), ("hamstring dominance", "low-back tension"),
     0.0, "1 of 2 faults resolved, 1 new"),
    # 1 resolved, 1 still present: (1 − 0) / 2 = 0.5.
    (("lumbar extension", "low-back tension"), ("low-back tension",), 0.5,
     "1 of 2 faults resolved"),
]
# fmt: on


@pytest.mark.parametrize(("before", "after", "score", "words"), FAULT_SUMMARY_CASES)
def test_a_tests_compensations_are_summarised_and_weighed_as_one_share(before, after, score, words):
    rounds = two_rounds(
        "bridge",
        checklist(present=before, absent=tuple(f for f in FAULTS if f not in before)),
        checklist(present=after, absent=tuple(f for f in FAULTS if f not in after)),
    )
    (entry,) = compare([BRIDGE], rounds).changed_most
    assert entry.score == pytest.approx(score)
    assert entry.words == f"no change: Fair; {words}"


def test_unchecked_faults_are_counted_apart_in_the_summary():
    # lumbar extension present → absent, low-back tension present → not checked.
    rounds = two_rounds(
        "bridge",
        checklist(present=("lumbar extension", "low-back tension"), absent=FAULTS[1:2]),
        checklist(absent=("lumbar extension", "hamstring dominance")),
    )
    (entry,) = compare([BRIDGE], rounds).changed_most
    # (1 − 0) / 1 compared = 1.0.
    assert (entry.score, entry.words) == (
        1.0,
        "no change: Fair; 1 of 1 fault resolved, 1 not checked",
    )
    # The test's rows stay together, the fault not checked among them.
    assert [r.label for r in entry.rows] == [
        "Glute bridge",
        "Glute bridge: lumbar extension",
        "Glute bridge: low-back tension",
    ]


def test_a_grade_and_faults_of_one_test_count_once_by_their_largest_part():
    # Poor → Good: 2 categories (2.0); 1 of 1 fault resolved (1.0): the entry weighs 2.0,
    # not 3.0.
    rounds = two_rounds(
        "bridge",
        Reading(value="Poor", compensations=frozenset(FAULTS[:1]), absent=frozenset(FAULTS[1:])),
        Reading(value="Good", compensations=frozenset(), absent=frozenset(FAULTS)),
    )
    (entry,) = compare([BRIDGE], rounds).changed_most
    assert (entry.score, entry.direction, entry.words) == (
        2.0,
        Direction.BETTER,
        "better: Poor → Good; 1 of 1 fault resolved",
    )


def test_parts_pulling_both_ways_weigh_their_net_sum():
    # Fair → Good +1.0; 2 new of the 2 faults seen (0 − 2) / 2 = −1.0: net 0, listed as mixed.
    rounds = two_rounds(
        "bridge",
        Reading(value="Fair", absent=frozenset(FAULTS)),
        Reading(value="Good", compensations=frozenset(FAULTS[:2]), absent=frozenset(FAULTS[2:])),
    )
    (entry,) = compare([BRIDGE], rounds).changed_most
    assert (entry.score, entry.direction, entry.words) == (
        0.0,
        Direction.SAME,
        "better: Fair → Good; 2 new faults",
    )


# ---- 7. One rule for thresholds: exactly at one is reached ---------------------------

# fmt: off
EXACT_CASES = [
    # MDC 2: 0.3 → 2.3 is exactly 2 (not 1.9999999999999998).
    (Scale(better=Better.HIGHER, mdc=2), 0.3, 2.3, "beyond MDC", 1.0),
    (Scale(better=Better.HIGHER, mdc=2), 0.3, 2.2, "within measurement error", 0.95),
    # MCID 0.3, no MDC: 0.1 → 0.4 is exactly 0.3.
    (Scale(better=Better.HIGHER, mcid=0.3), 0.1, 0.4, "beyond MCID", 1.0),
    # The MCID of the baseline's band 5–7 is 2: 6.6 → 4.6 is exactly 2; 6 → 4.1 is 1.9.
    (Scale(better=Better.LOWER, mcid=3, mcid_bands=(Band(5, 7, 2),)), 6.6, 4.6,
     "beyond MCID", 1.0),
    (Scale(better=Better.LOWER, mcid=3, mcid_bands=(Band(5, 7, 2),)), 6, 4.1,
     "within measurement error", 0.95),
    # Percent MCID 30: 3.3 → 2.31 is 0.99 / 3.3 = exactly 30 % (29.999999999999993 unrounded);
    # ranked 30 / 30 = 1.0.
    (Scale(better=Better.LOWER, mcid_percent=30), 3.3, 2.31, "beyond MCID", 1.0),
    (Scale(better=Better.LOWER, mcid_percent=30), 10, 7.1, "within measurement error", 0.9667),
    # ODI: MDC 10 and MCID 10: 40 → 30 reaches both.
    (Scale(better=Better.LOWER, mdc=10, mcid=10), 40, 30, "beyond MCID", 1.0),
]
# fmt: on


@pytest.mark.parametrize(("scale", "before", "after", "threshold", "score"), EXACT_CASES)
def test_a_change_exactly_at_a_threshold_reaches_it(scale, before, after, threshold, score):
    step = judge_scale(scale, before, after)
    assert step.threshold == threshold
    assert step.score == pytest.approx(score, abs=0.0001)


# ---- 9. The population in the words ----------------------------------------------------

# fmt: off
POPULATION_CASES = [
    (HIP_ROM, 5, 8, "no real change: within the measurement error reported for hip osteoarthritis"),
    (HIP_ROM, 5, 15, "better, beyond the measurement error reported for hip osteoarthritis"),
    (HIP_ROM, 15, 5, "worse, beyond the measurement error reported for hip osteoarthritis"),
    # No population recorded: the client's own problem.
    (Scale(better=Better.HIGHER, mdc=9), 5, 8, "no real change: within measurement error"),
    (Scale(better=Better.HIGHER, mdc=9), 5, 15, "better, beyond measurement error"),
    # Clinically important is a verdict on the client, not on the error.
    (Scale(better=Better.HIGHER, mdc=9, mcid=9, population="knee OA"), 5, 15,
     "better, clinically important"),
]
# fmt: on


@pytest.mark.parametrize(("scale", "before", "after", "words"), POPULATION_CASES)
def test_the_error_verdict_names_the_population_it_was_measured_in(scale, before, after, words):
    assert judge_scale(scale, before, after).words == words


# ---- 13. Words match the scale ---------------------------------------------------------

# fmt: off
NO_THRESHOLD_CASES = [
    # A hold 10 → 35 s: higher, neither better nor worse in words; ↑, neutral.
    (HOLD, 10, 35, "better", "higher (no threshold known)", SYMBOLS["higher"], 250.0),
    (HOLD, 35, 10, "worse", "lower (no threshold known)", SYMBOLS["lower"], -71.43),
    # Lower is better (a time): the direction records it, the words still say "lower".
    (Scale(better=Better.LOWER, unit="s", minimum=0), 20, 14, "better",
     "lower (no threshold known)", "↓", -30.0),
    # A score with no true zero: no percent change.
    (Scale(better=Better.HIGHER, minimum=0, maximum=80, percent_meaningful=False), 40, 50,
     "better", "higher (no threshold known)", "↑", None),
    (HOLD, 10, 10, "no change", "no change", "≈", 0.0),
]
# fmt: on


@pytest.mark.parametrize(
    ("scale", "before", "after", "direction", "words", "symbol", "percent"), NO_THRESHOLD_CASES
)
def test_a_change_without_a_threshold_says_higher_or_lower_never_better_or_worse(
    scale, before, after, direction, words, symbol, percent
):
    step = judge_scale(scale, before, after)
    assert step.threshold == Threshold.NONE_KNOWN
    assert (step.direction, step.words, step.symbol) == (direction, words, symbol)
    assert step.percent == (pytest.approx(percent, abs=0.01) if percent is not None else None)


def test_pain_is_judged_the_same_as_a_test_of_its_own_and_inside_another():
    pain_test = TestFacts(key="pain", name="Pain at rest", value=NPRS)
    rounds = [
        Round(
            "Baseline",
            {("pain", ""): Reading(value=6), ("bridge", ""): Reading(value="Fair", pain=6)},
        ),
        Round(
            "Retest 1",
            {("pain", ""): Reading(value=2), ("bridge", ""): Reading(value="Fair", pain=2)},
        ),
    ]
    rows = {r.label: r for r in compare([pain_test, BRIDGE], rounds).rows}
    own, inside = rows["Pain at rest"], rows["Glute bridge: pain"]
    assert (own.measure, inside.measure) == (Measure.VALUE, Measure.PAIN)
    # 6 → 2: −4 points, (2 − 6) / 6 = −66.67 %, the same step either way.
    assert own.latest == inside.latest
    assert own.latest.percent == pytest.approx(-66.67, abs=0.01)
    assert (own.better_text, inside.better_text) == ("lower is better", "lower is better")


def test_every_row_says_which_way_is_better_for_its_own_measure():
    hold = TestFacts(key="abd", name="Side-lying abduction", value=HOLD, grade=QUALITY, pain=NPRS)
    rounds = [
        Round("Baseline", {("abd", ""): Reading(value=20, grade="Poor", pain=3)}),
        Round("Baseline", {("lsd", "left"): step_down("3", ("Trunk lean",))}),
    ]
    rows = compare([hold], rounds[:1]).rows + compare([STEP_DOWN], rounds[1:]).rows
    assert {r.label: r.better_text for r in rows} == {
        "Side-lying abduction": "higher is better",
        "Side-lying abduction: quality": "better is Good",
        "Side-lying abduction: pain": "lower is better",
        "Lateral step-down (left)": "better is good",
        "Lateral step-down (left): Trunk lean": "lower is better",
    }
    bridge = compare([BRIDGE], two_rounds("bridge", marked(PRESENT), marked(ABSENT))).rows
    assert {r.measure: r.better_text for r in bridge}[Measure.COMPENSATION] == "better is absent"


def test_items_moving_inside_one_band_of_the_total_are_no_real_change_of_the_test():
    # 3 (knee inside the foot 2 + trunk lean 1) → 2 (inside the 2nd toe 1 + trunk lean 1):
    # the knee is 1 point lower, the total stays moderate, so the test did not change: the
    # knee's point is read inside that band, neutral, never a green "better".
    rounds = two_rounds(
        "lsd",
        step_down("3", ("Knee inside the foot", "Trunk lean")),
        step_down("2", ("Knee inside the 2nd toe", "Trunk lean")),
        side="right",
    )
    result = compare([STEP_DOWN], rounds)
    words = {r.label: r.latest.words for r in result.rows}
    assert words == {
        "Lateral step-down (right)": "no real change: within one category (moderate)",
        "Lateral step-down (right): Trunk lean": "no change: 1 point",
        "Lateral step-down (right): Knee position": (
            "down 1 point, no real change: within one category (moderate)"
        ),
    }
    assert {r.latest.tone for r in result.rows} == {"same"}
    assert result.changed_most == ()


def test_items_weigh_the_test_when_its_total_was_not_recorded():
    # No total at either round: the items decide. Knee 2 → 0, trunk lean 1 → 1:
    # lost 2 of the larger of the two totals, 3 (before) and 1 (after): 2 / 3 = 0.6667.
    rounds = two_rounds(
        "lsd",
        step_down(None, ("Knee inside the foot", "Trunk lean")),
        step_down(None, ("Trunk lean",)),
        side="left",
    )
    (entry,) = compare([STEP_DOWN], rounds).changed_most
    assert entry.score == pytest.approx(0.6667, abs=0.0001)
    assert entry.words == "Knee position better by 2 points"


def test_items_pulling_both_ways_weigh_their_net_points_over_the_larger_of_the_two_totals():
    # Arm strategy 1 → 0, pelvis 1 → 0, trunk lean 0 → 1: totals 2 → 1, a net 1 point lost
    # over the larger total 2 = 0.5 (not over the items' larger values 1 + 1 + 1 = 3).
    rounds = two_rounds(
        "lsd",
        step_down(None, ("Arm strategy", "Pelvis not level")),
        step_down(None, ("Trunk lean",)),
        side="left",
    )
    (entry,) = compare([STEP_DOWN], rounds).changed_most
    assert entry.score == pytest.approx(0.5)


def test_a_different_rater_and_a_different_login_are_both_flagged():
    baseline, retest = two_rounds("bridge", checklist(), checklist())
    baseline = Round(baseline.label, baseline.readings, rater="AS", recorded_by="asmith")
    retest = Round(retest.label, retest.readings, rater="BK", recorded_by="bkhan")
    assert compare([BRIDGE], [baseline, retest]).caveats == {
        "Retest 1": (
            "different rater: AS → BK",
            "recorded by a different login: asmith → bkhan",
        )
    }


@pytest.mark.parametrize(("logins"), [("", "bkhan"), ("asmith", "")])
def test_a_login_not_recorded_on_one_round_raises_no_login_caveat(logins):
    baseline, retest = two_rounds("bridge", checklist(), checklist())
    baseline = Round(baseline.label, baseline.readings, recorded_by=logins[0])
    retest = Round(retest.label, retest.readings, recorded_by=logins[1])
    assert compare([BRIDGE], [baseline, retest]).caveats == {}


# fmt: off
TONE_CASES = [
    # Colour follows the verdict: only a judged change is green or red.
    (NPRS, 6, 2, "better"),  # 4 ≥ MDC 2
    (NPRS, 2, 6, "worse"),
    (NPRS, 6, 5, "same"),  # 1 < MDC 2: within error
    (HOLD, 10, 35, "same"),  # no threshold: higher, neutral
    (HOLD, 10, None, "none"),
]
# fmt: on


@pytest.mark.parametrize(("scale", "before", "after", "tone"), TONE_CASES)
def test_only_a_judged_change_takes_a_colour(scale, before, after, tone):
    assert judge_scale(scale, before, after).tone == tone


def test_a_move_inside_one_band_is_neutral_and_between_bands_coloured():
    assert judge_ordinal(STEP_DOWN_TOTAL, "3", "2").tone == "same"
    assert judge_ordinal(STEP_DOWN_TOTAL, "2", "1").tone == "better"
    assert judge_ordinal(STEP_DOWN_TOTAL, "1", "4").tone == "worse"


def test_a_percent_scale_changes_in_points_yet_its_percent_mcid_still_judges():
    # ODI-like: the unit is a percent of the maximum score, so no "% change" is given; 40 → 28
    # is −12 points, 12 / 40 = 30 % of the baseline: exactly the percent MCID, 30 / 30 = 1.0.
    odi = Scale(better=Better.LOWER, unit="%", mcid_percent=30, percent_meaningful=False)
    step = judge_scale(odi, 40, 28)
    assert (step.change, step.percent, step.threshold, step.score) == (
        -12,
        None,
        Threshold.IMPORTANT,
        1.0,
    )


def test_a_grade_beside_a_number_is_an_entry_of_its_own_named_apart_from_the_number():
    hold = TestFacts(
        key="abd",
        name="Side-lying abduction",
        value=HOLD,
        grade=QUALITY,
        compensations=("hip flexion",),
    )
    rounds = two_rounds(
        "abd",
        Reading(value=20, grade="Poor", compensations=frozenset({"hip flexion"})),
        Reading(value=45, grade="Fair", absent=frozenset({"hip flexion"})),
    )
    result = compare([hold], rounds)
    # Poor → Fair 1 category (1.0), 1 of 1 fault resolved (1.0): weighs 1.0.
    assert [(e.label, e.score, e.words) for e in result.changed_most] == [
        (
            "Side-lying abduction: quality, compensations",
            1.0,
            "quality better: Poor → Fair; 1 of 1 fault resolved",
        )
    ]
    # The hold itself, (45 − 20) / 20 = 1.25, apart.
    assert [(e.label, e.score) for e in result.unjudged] == [("Side-lying abduction", 1.25)]
