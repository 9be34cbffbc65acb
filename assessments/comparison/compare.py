"""A baseline and its retests, every finding judged and the findings ranked."""

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from .judge import (
    judge_compensation,
    judge_item,
    judge_ordinal,
    judge_response,
    judge_scale,
    not_compared,
    seen,
)
from .types import (
    SYMBOLS,
    Better,
    Comparison,
    Direction,
    Measure,
    Ordinal,
    Ranked,
    Reading,
    Response,
    Round,
    Row,
    Scale,
    ScoredItem,
    Step,
    Symmetry,
    TestFacts,
    Threshold,
)

SIDES = ("left", "right")

# The ranking rules in plain words, for the report's explanation lines.
RANKING_RULE = (
    "Ranked by the size of the change in the test's own measurement error (its MDC), else in "
    "its smallest important change (its MCID). A test's grade, category and compensations "
    "count once: a change of category counts like reaching the MDC, and all of a test's "
    "compensations together count at most that much (2 of 3 faults resolved counts two "
    "thirds)."
)
UNJUDGED_RULE = (
    "Changed, no threshold to judge it: tests with no published MDC or MCID, listed by their "
    "change relative to the baseline and never ranked among the findings above."
)


@dataclass(frozen=True)
class _Retest:
    """What every judgement of one retest needs besides the two values."""

    index: int
    label: str
    caveats: tuple[str, ...]
    # Measured by someone else than the baseline: another rater or another login.
    another_rater: bool


def compare(
    tests: Sequence[TestFacts],
    rounds: Sequence[Round],
    *,
    involved: Mapping[str, str] | None = None,
    involved_side: str = "",
) -> Comparison:
    """Every finding of a baseline (rounds[0]) and its retests, judged against the baseline.

    `involved` names the involved side per test key: "left", "right", "both" or "" (not
    recorded); `involved_side` is the default for a test it does not name."""
    if not rounds:
        return Comparison(round_labels=(), rows=(), ranked=(), symmetry=())
    baseline, retests = rounds[0], rounds[1:]
    judged = [
        _Retest(index, r.label, _changed_conditions(baseline, r), _another_rater(baseline, r))
        for index, r in enumerate(retests, start=1)
    ]
    rows: list[Row] = []
    symmetry: list[Symmetry] = []
    by_key = {test.key: test for test in tests}
    for test in tests:
        side_involved = (involved or {}).get(test.key, involved_side)
        for side in SIDES if test.sided else ("",):
            readings = [r.readings.get((test.key, side)) for r in rounds]
            if not any(readings):
                continue
            rows.extend(
                _rows_for(
                    test, side, readings, baseline.label, judged, _involved(side, side_involved)
                )
            )
        if test.sided and isinstance(test.value, Scale):
            symmetry.extend(_symmetry(test, rounds, side_involved))
    changed_most, unjudged = _rank(by_key, rows)
    listed = [row for entry in (*changed_most, *unjudged) for row in entry.rows]
    seen_rows = set(listed)
    rest = [row for row in rows if row not in seen_rows]
    return Comparison(
        round_labels=tuple(r.label for r in rounds),
        rows=tuple(rows),
        ranked=tuple(listed + rest),
        symmetry=tuple(symmetry),
        caveats={r.label: r.caveats for r in judged if r.caveats},
        changed_most=changed_most,
        unjudged=unjudged,
    )


def _involved(side: str, involved_side: str) -> bool | None:
    if not side or involved_side not in ("left", "right", "both"):
        return None
    return involved_side in (side, "both")


Judge = Callable[[object, object, _Retest], Step]


def _rows_for(
    test: TestFacts,
    side: str,
    readings: list[Reading | None],
    baseline_label: str,
    retests: list[_Retest],
    involved: bool | None,
) -> list[Row]:
    """The test's measures for one side: its value, quality grade, pain, and each compensation
    (or, for a scored test, each item) seen in any round, judged round by round against the
    baseline."""
    name = f"{test.name} ({side})" if side else test.name

    def values(attribute: str) -> tuple:
        return tuple(getattr(r, attribute) if r else None for r in readings)

    def row(
        measure: Measure,
        label: str,
        unit: str,
        shown: tuple,
        judge: Judge,
        better_text: str,
        compared: tuple | None = None,
    ) -> Row:
        compared = compared if compared is not None else shown
        steps = tuple(
            judge(compared[0], after, retest)
            for after, retest in zip(compared[1:], retests, strict=True)
        )
        return Row(
            test.key,
            test.name,
            side,
            measure,
            label,
            unit,
            shown,
            steps,
            involved=involved,
            better_text=better_text,
        )

    def scale_judge(scale: Scale) -> Judge:
        return lambda before, after, r: judge_scale(
            scale,
            before,  # type: ignore[arg-type]
            after,  # type: ignore[arg-type]
            r.caveats,
            another_rater=r.another_rater,
        )

    def ordinal_judge(ordinal: Ordinal) -> Judge:
        return lambda before, after, r: judge_ordinal(ordinal, before, after, r.caveats)  # type: ignore[arg-type]

    rows = []
    if isinstance(test.value, Scale):
        numbers = tuple(_number(v) for v in values("value"))
        rows.append(
            row(
                Measure.VALUE,
                name,
                test.value.unit,
                numbers,
                scale_judge(test.value),
                test.value.better_text,
            )
        )
    elif isinstance(test.value, Ordinal):
        texts = tuple(_text(v) for v in values("value"))
        rows.append(
            row(
                Measure.VALUE,
                name,
                "",
                texts,
                ordinal_judge(test.value),
                test.value.better_text,
            )
        )
    elif isinstance(test.value, Response):
        response = test.value
        rows.append(
            row(
                Measure.VALUE,
                name,
                "",
                tuple(_text(v) for v in values("value")),
                lambda _, after, r: judge_response(response, after, r.caveats),  # type: ignore[arg-type]
                f"better is {response.better[0].lower()}" if response.better else "",
            )
        )
    if test.grade is not None:
        rows.append(
            row(
                Measure.GRADE,
                f"{name}: quality",
                "",
                values("grade"),
                ordinal_judge(test.grade),
                test.grade.better_text,
            )
        )
    if test.pain is not None:
        rows.append(
            row(
                Measure.PAIN,
                f"{name}: pain",
                test.pain.unit,
                values("pain"),
                scale_judge(test.pain),
                test.pain.better_text,
            )
        )
    scored = {fault for item in test.items for fault in item.faults}
    for item in test.items:
        earned = tuple(_points(r, item) for r in readings)
        if any(p for p in earned):
            rows.append(
                row(
                    Measure.ITEM,
                    f"{name}: {item.name}",
                    "points",
                    earned,
                    _checked_judge(readings, baseline_label, judge_item),
                    "lower is better",
                )
            )
    for fault in test.compensations:
        if fault in scored:
            continue
        present = tuple(_present(r, fault) for r in readings)
        if any(present):
            rows.append(
                row(
                    Measure.COMPENSATION,
                    f"{name}: {fault}",
                    "",
                    tuple(seen(p) if r else None for p, r in zip(present, readings, strict=True)),
                    _checked_judge(readings, baseline_label, judge_compensation),
                    "better is absent",
                    compared=present,
                )
            )
    rows = _items_within_band(test, rows)
    return [r for r in rows if any(v is not None for v in r.values)]


def _items_within_band(test: TestFacts, rows: list[Row]) -> list[Row]:
    """A banded total decides its test's change: where it stayed inside one band, its items'
    points moved inside that band too, and say so in a neutral verdict, never "better"."""
    if not (isinstance(test.value, Ordinal) and test.value.bands):
        return rows
    total = next((r for r in rows if r.measure == Measure.VALUE), None)
    if total is None:
        return rows

    def settled(step: Step, total_step: Step) -> Step:
        if total_step.threshold != Threshold.WITHIN_CATEGORY or step.direction not in (
            Direction.BETTER,
            Direction.WORSE,
        ):
            return step
        band = total_step.words.split("within one category", 1)[-1].strip()
        words = f"{step.words.replace('better by', 'down').replace('worse by', 'up')}"
        return replace(
            step,
            threshold=Threshold.WITHIN_CATEGORY,
            words=f"{words}, no real change: within one category {band}".rstrip(),
            symbol=SYMBOLS["same"],
            score=0.0,
        )

    return [
        replace(
            r,
            steps=tuple(settled(s, t) for s, t in zip(r.steps, total.steps, strict=True)),
        )
        if r.measure == Measure.ITEM
        else r
        for r in rows
    ]


def _checked_judge(
    readings: list[Reading | None], baseline_label: str, judge: Callable[..., Step]
) -> Judge:
    """A checklist judgement: a round without the test is "not recorded"; a round with the
    test but this item left unmarked is "not checked" (the judge's None)."""

    def judged(before: object, after: object, r: _Retest) -> Step:
        if readings[0] is None:
            return not_compared(before, after, r.caveats, "not compared: no baseline value")
        if readings[r.index] is None:
            return not_compared(
                before, after, r.caveats, "not compared: not recorded in this round"
            )
        return judge(before, after, r.caveats, rounds=(baseline_label, r.label))

    return judged


# ---- What changed most -------------------------------------------------------------------

CATEGORICAL = (Measure.GRADE, Measure.COMPENSATION, Measure.ITEM)


def _rank(
    tests: Mapping[str, TestFacts], rows: list[Row]
) -> tuple[tuple[Ranked, ...], tuple[Ranked, ...]]:
    """The changes judged against a threshold or a category, the largest first, and apart
    from them the changes on scales without any threshold, by relative change."""
    judged: list[tuple[tuple, Ranked]] = []
    unjudged: list[tuple[tuple, Ranked]] = []
    groups: dict[tuple[str, str], list[Row]] = {}
    for order, row in enumerate(rows):
        test = tests[row.test_key]
        if row.measure in CATEGORICAL or (
            row.measure == Measure.VALUE and not isinstance(test.value, Scale)
        ):
            groups.setdefault((row.test_key, row.side), []).append(row)
            continue
        step = row.latest
        if step is None or step.score is None or step.change in (None, 0):
            continue
        entry = Ranked(
            row.test_key,
            row.test_name,
            row.side,
            row.label,
            step.words,
            step.direction,
            step.score,
            (row,),
        )
        if step.threshold == Threshold.NONE_KNOWN:
            zero_baseline = step.before == 0
            unjudged.append(((zero_baseline, -abs(step.score), order), entry))
        else:
            judged.append(((-abs(step.score), 0, order), entry))
    for order, ((key, side), group) in enumerate(groups.items()):
        categorical = _categorical(tests[key], side, group)
        if categorical is not None:
            judged.append(((-abs(categorical.score), 1, order), categorical))
    return (
        tuple(entry for _, entry in sorted(judged, key=lambda pair: pair[0])),
        tuple(entry for _, entry in sorted(unjudged, key=lambda pair: pair[0])),
    )


def _categorical(test: TestFacts, side: str, group: list[Row]) -> Ranked | None:
    """A test's categorical changes on one side as one entry: its value's category or band,
    its quality grade, its compensations summarised and its scored items, weighed once.

    Each part has a signed size (+ is improvement): a category (or band) moved counts 1 per
    category, like reaching the MDC once; a reported "gone" 1, "less" ½, "more" −1; the
    compensations together (resolved − new) / the faults seen at either round, at most 1;
    the scored items together (points lost − points gained) / the larger total, at most 1,
    unless the test's total is banded and was compared: then the band alone decides.
    The entry weighs as much as its largest part (never the sum, so that a test counts once);
    parts pulling both ways weigh their net sum."""
    compared = [
        row
        for row in group
        if row.latest is not None and row.latest.direction != Direction.NOT_COMPARED
    ]
    parts: list[float] = []
    words: list[str] = []
    changed = False
    # A banded total decides by band: its items' points, parts of that one scale, are then
    # shown but not weighed again (a move inside the band is no real change).
    by_band = (
        isinstance(test.value, Ordinal)
        and bool(test.value.bands)
        and any(row.measure == Measure.VALUE for row in compared)
    )
    for row in compared:
        step = row.latest
        assert step is not None  # noqa: S101 - filtered above
        if row.measure == Measure.ITEM and by_band:
            continue
        if row.measure == Measure.VALUE:
            parts.append(step.score or 0.0)
            words.append(step.words)
        elif row.measure == Measure.GRADE and step.direction != Direction.SAME:
            parts.append(step.score or 0.0)
            words.append(f"quality {step.words}")
        changed = changed or step.direction in (Direction.BETTER, Direction.WORSE)
    faults = [r.latest.words for r in compared if r.measure == Measure.COMPENSATION and r.latest]
    unchecked = sum(
        1
        for r in group
        if r.measure == Measure.COMPENSATION
        and r.latest is not None
        and r.latest.words.startswith("not compared: not checked")
    )
    resolved, new, still = (faults.count(w) for w in ("resolved", "new", "still present"))
    if resolved or new:
        parts.append(round((resolved - new) / (resolved + new + still), 9))
        words.append(_faults_text(resolved, new, resolved + still, unchecked))
    items = [r for r in compared if r.measure == Measure.ITEM]
    earned = [(_number(r.latest.before), _number(r.latest.after)) for r in items if r.latest]
    pairs = [(b, a) for b, a in earned if b is not None and a is not None]
    lost = sum(b - a for b, a in pairs)
    larger = max(sum(b for b, _ in pairs), sum(a for _, a in pairs), 0)
    if lost and larger and not by_band:
        parts.append(round(lost / larger, 9))
    words.extend(
        f"{r.label.rsplit(': ', 1)[-1]} {r.latest.words}"
        for r in items
        if r.latest and r.latest.direction != Direction.SAME
    )
    if not changed:
        return None
    total = sum(parts)
    largest = max((abs(p) for p in parts), default=0.0)
    score = math.copysign(min(abs(total), largest), total) if total else 0.0
    direction = Direction.BETTER if score > 0 else Direction.WORSE if score < 0 else Direction.SAME
    name = f"{test.name} ({side})" if side else test.name
    if not any(row.measure == Measure.VALUE for row in group):
        # Beside a number (a hold and how it was held): named apart from the number's entry.
        kinds = {Measure.GRADE: "quality", Measure.COMPENSATION: "compensations"}
        present = [kinds[m] for m in kinds if any(row.measure == m for row in group)]
        name = f"{name}: {', '.join(present)}" if present else name
    return Ranked(test.key, test.name, side, name, "; ".join(words), direction, score, tuple(group))


def _faults_text(resolved: int, new: int, present_before: int, unchecked: int) -> str:
    """ "2 of 3 faults resolved", "1 new fault", "1 of 2 faults resolved, 1 new"."""
    parts = []
    if resolved:
        noun = "fault" if present_before == 1 else "faults"
        parts.append(f"{resolved} of {present_before} {noun} resolved")
    if new:
        parts.append(f"{new} new" if resolved else f"{new} new {'fault' if new == 1 else 'faults'}")
    if unchecked:
        parts.append(f"{unchecked} not checked")
    return ", ".join(parts)


# ---- Symmetry, conditions, readings ------------------------------------------------------


def _symmetry(test: TestFacts, rounds: Sequence[Round], involved_side: str) -> list[Symmetry]:
    """The limb symmetry index per round, on a higher-is-better ratio scale only: involved /
    uninvolved × 100 when exactly one side is involved (it can exceed 100), else weaker /
    stronger × 100."""
    scale = test.value
    assert isinstance(scale, Scale)  # noqa: S101 - guarded by the caller
    found: list[Symmetry] = []
    if (
        scale.better != Better.HIGHER
        or not scale.percent_meaningful
        or (scale.minimum is not None and scale.minimum < 0)
    ):
        return found  # a ratio of angles that can be negative, or of scores, means nothing
    for r in rounds:
        left = _number(_value(r.readings.get((test.key, "left"))))
        right = _number(_value(r.readings.get((test.key, "right"))))
        if left is None or right is None or left <= 0 or right <= 0:
            continue
        if involved_side in SIDES:
            one, other = (left, right) if involved_side == "left" else (right, left)
            basis = "involved"
        else:
            one, other = min(left, right), max(left, right)
            basis = "weaker"
        found.append(
            Symmetry(
                test.key,
                test.name,
                r.label,
                left,
                right,
                round(one / other * 100, 9),
                basis=basis,
                involved_side=involved_side,
            )
        )
    return found


def _changed_conditions(baseline: Round, retest: Round) -> tuple[str, ...]:
    notes = []
    for attribute in ("rater", "instrument", "position"):
        was, now = getattr(baseline, attribute), getattr(retest, attribute)
        if was != now and (was or now):
            notes.append(
                f"different {attribute}: {was or 'not recorded'} → {now or 'not recorded'}"
            )
    if _other_login(baseline, retest):
        notes.append(
            f"recorded by a different login: {baseline.recorded_by} → {retest.recorded_by}"
        )
    return tuple(notes)


def _other_login(baseline: Round, retest: Round) -> bool:
    return bool(baseline.recorded_by and retest.recorded_by) and (
        baseline.recorded_by != retest.recorded_by
    )


def _another_rater(baseline: Round, retest: Round) -> bool:
    return baseline.rater != retest.rater or _other_login(baseline, retest)


def _value(reading: Reading | None) -> float | str | None:
    return reading.value if reading else None


def _number(value: float | str | None) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _text(value: float | str | None) -> str | None:
    return value if isinstance(value, str) else None


def _present(reading: Reading | None, fault: str) -> bool | None:
    """True present, False looked for and absent, None not checked (or no reading)."""
    if reading is None:
        return None
    if reading.compensations is not None and fault in reading.compensations:
        return True
    if fault in reading.absent:
        return False
    return None


def _points(reading: Reading | None, item: ScoredItem) -> float | None:
    """The item's points in a round: its present fault's points (the larger, should two be
    ticked), 0 when every one of its faults was looked for and none seen, None when any was
    left unchecked (or the round has no reading)."""
    if reading is None:
        return None
    present = reading.compensations or frozenset()
    earned = [points for fault, points in item.points if fault in present]
    if earned:
        return float(max(earned))
    if all(fault in reading.absent for fault in item.faults):
        return 0.0
    return None
