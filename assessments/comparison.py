"""The before/after judgement: plain values in, plain verdicts out.

No ORM, no request, no templates. A selector turns rows into the facts and readings below;
pages, CSV and charts only format what `compare` returns.

How a change is judged (../reference/outcome-measures.md):
- A numeric change smaller than the test's MDC is within measurement error, whatever its sign.
- At or beyond the MDC it is real; an improvement that also reaches the MCID is clinically
  important. A test with an MCID but no MDC is judged on the MCID alone.
- Ordinal grades and signs compare by category; each compensation is present → absent
  (resolved), absent → present (new) or still present.
- Findings are ranked by |change| / MDC, else / MCID, else / the test's range, signed so that
  improvement is positive. Raw numbers of different units are never ranked against each other.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial


class Better(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Direction(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    SAME = "no change"
    NOT_COMPARED = "not compared"


class Threshold(StrEnum):
    IMPORTANT = "beyond MCID"
    REAL = "beyond MDC"
    WITHIN_ERROR = "within measurement error"
    NONE_KNOWN = "no threshold known"
    CATEGORY = "category change"


class Measure(StrEnum):
    VALUE = "value"
    GRADE = "grade"
    PAIN = "pain"
    COMPENSATION = "compensation"


SYMBOLS = {"better": "▲", "worse": "▼", "same": "≈", "none": "–"}


@dataclass(frozen=True)
class Band:
    """An MCID that applies when the baseline lies in [low, high]."""

    low: float
    high: float
    mcid: float


@dataclass(frozen=True)
class Scale:
    """A numeric measure and what counts as a real or an important change in it."""

    better: Better
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    mdc: float | None = None
    mcid: float | None = None
    # "≈ 30 %" for NPRS and ODI: an improvement of this share of the baseline is important too.
    mcid_percent: float | None = None
    mcid_bands: tuple[Band, ...] = ()
    # Percent change means something on ratio scales (degrees, seconds, reps), not on scores
    # whose zero is arbitrary.
    percent_meaningful: bool = True

    def mcid_for(self, baseline: float) -> float | None:
        for band in self.mcid_bands:
            if band.low <= baseline <= band.high:
                return band.mcid
        return self.mcid

    @property
    def range(self) -> float | None:
        if self.minimum is None or self.maximum is None or self.maximum <= self.minimum:
            return None
        return self.maximum - self.minimum


@dataclass(frozen=True)
class Ordinal:
    """Categories from best to worst, e.g. ("good", "fair", "poor") or ("negative", "positive")."""

    levels: tuple[str, ...]


@dataclass(frozen=True)
class Response:
    """A change the client reports at the retest itself ("gone, less, same or more than
    before"): judged on its own value, never against the baseline's."""

    better: tuple[str, ...]
    same: tuple[str, ...]
    worse: tuple[str, ...]


@dataclass(frozen=True)
class TestFacts:
    # A clinical test, not a test case: keep pytest from collecting it.
    __test__ = False

    key: str
    name: str
    value: Scale | Ordinal | Response | None = None
    # A quality grade recorded beside a numeric value (a hold's time and how it was held).
    grade: Ordinal | None = None
    pain: Scale | None = None
    compensations: tuple[str, ...] = ()
    sided: bool = False


@dataclass(frozen=True)
class Reading:
    """One finding: a test's result in a round, for one side ("" when the test is not sided)."""

    value: float | str | None = None
    grade: str | None = None
    pain: float | None = None
    # None when the checklist was not filled in; an empty set when nothing was seen.
    compensations: frozenset[str] | None = None


@dataclass(frozen=True)
class Round:
    label: str
    readings: Mapping[tuple[str, str], Reading]
    rater: str = ""
    instrument: str = ""
    position: str = ""


@dataclass(frozen=True)
class Step:
    """One retest against the baseline, for one measure."""

    before: float | str | None
    after: float | str | None
    change: float | None
    percent: float | None
    direction: Direction
    threshold: Threshold | None
    # Signed standardised change (+ is improvement) used for ranking; None when not comparable.
    score: float | None
    words: str
    symbol: str
    # Conditions of the retest that differ from the baseline's (rater, instrument, position).
    caveats: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    test_key: str
    test_name: str
    side: str
    measure: Measure
    label: str
    unit: str
    values: tuple[float | str | None, ...]
    steps: tuple[Step, ...]

    @property
    def latest(self) -> Step | None:
        return self.steps[-1] if self.steps else None


@dataclass(frozen=True)
class Symmetry:
    test_key: str
    test_name: str
    round_label: str
    left: float
    right: float
    # Involved / uninvolved × 100, or weaker / stronger × 100 when the involved side is unknown.
    index: float


@dataclass(frozen=True)
class Comparison:
    round_labels: tuple[str, ...]
    rows: tuple[Row, ...]
    ranked: tuple[Row, ...]
    symmetry: tuple[Symmetry, ...]
    caveats: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def judge_scale(
    scale: Scale, before: float | None, after: float | None, caveats: tuple[str, ...] = ()
) -> Step:
    """The verdict on one numeric change."""
    if before is None or after is None:
        return _not_compared(before, after, caveats)
    # Rounded so that 0.3 → 2.3 is exactly 2, and reaches an MDC of 2, as the clinician reads it.
    change = round(after - before, 9)
    gain = change if scale.better == Better.HIGHER else -change
    percent = None
    if scale.percent_meaningful and before != 0:
        percent = change / abs(before) * 100
    direction = Direction.SAME if gain == 0 else Direction.BETTER if gain > 0 else Direction.WORSE
    mcid = scale.mcid_for(before)
    size = abs(gain)
    if direction == Direction.SAME:
        threshold = _threshold_when_unchanged(scale, mcid)
    elif scale.mdc is not None and size < scale.mdc:
        threshold = Threshold.WITHIN_ERROR
    elif _reaches_mcid(scale, mcid, size, before):
        threshold = Threshold.IMPORTANT
    elif scale.mdc is not None:
        threshold = Threshold.REAL
    elif mcid is not None:
        # Known MCID, unknown MDC, not reached: too small to matter, error size unknown.
        threshold = Threshold.WITHIN_ERROR
    else:
        threshold = Threshold.NONE_KNOWN
    divisor = scale.mdc or mcid or scale.range
    score = gain / divisor if divisor else None
    return Step(
        before=before,
        after=after,
        change=change,
        percent=percent,
        direction=direction,
        threshold=threshold,
        score=score,
        words=_words(direction, threshold),
        symbol=_symbol(direction, threshold),
        caveats=caveats,
    )


def judge_ordinal(
    ordinal: Ordinal, before: str | None, after: str | None, caveats: tuple[str, ...] = ()
) -> Step:
    """The verdict on a change of category; levels run from best to worst."""
    if (
        before is None
        or after is None
        or before not in ordinal.levels
        or after not in ordinal.levels
    ):
        return _not_compared(before, after, caveats)
    steps = ordinal.levels.index(before) - ordinal.levels.index(after)
    if steps == 0:
        direction, threshold, words = Direction.SAME, Threshold.CATEGORY, f"no change: {after}"
    else:
        direction = Direction.BETTER if steps > 0 else Direction.WORSE
        threshold = Threshold.CATEGORY
        words = f"{direction.value}: {before} → {after}"
    span = len(ordinal.levels) - 1
    return Step(
        before=before,
        after=after,
        change=float(steps),
        percent=None,
        direction=direction,
        threshold=threshold,
        score=steps / span if span else None,
        words=words,
        symbol=_symbol(direction, threshold),
        caveats=caveats,
    )


def judge_response(response: Response, after: str | None, caveats: tuple[str, ...] = ()) -> Step:
    """The verdict a reported change carries by itself: gone or less is better, more is worse."""
    if after in response.better:
        direction = Direction.BETTER
        score = 1.0 if after == response.better[0] else 0.5
    elif after in response.worse:
        direction, score = Direction.WORSE, -1.0
    elif after in response.same:
        direction, score = Direction.SAME, 0.0
    else:
        return _not_compared("", after, caveats)
    words = "no change" if direction == Direction.SAME else f"{direction.value}: {after.lower()}"
    return Step(
        before=None,
        after=after,
        change=None,
        percent=None,
        direction=direction,
        threshold=Threshold.CATEGORY,
        score=score,
        words=words,
        symbol=_symbol(direction, Threshold.CATEGORY),
        caveats=caveats,
    )


def judge_compensation(
    present_before: bool | None, present_after: bool | None, caveats: tuple[str, ...] = ()
) -> Step:
    """A single fault: resolved, new, still present, or still absent."""
    if present_before is None or present_after is None:
        return _not_compared(_seen(present_before), _seen(present_after), caveats)
    if present_before and not present_after:
        direction, words, score = Direction.BETTER, "resolved", 1.0
    elif present_after and not present_before:
        direction, words, score = Direction.WORSE, "new", -1.0
    else:
        direction, score = Direction.SAME, 0.0
        words = "still present" if present_after else "still absent"
    return Step(
        before=_seen(present_before),
        after=_seen(present_after),
        change=None,
        percent=None,
        direction=direction,
        threshold=Threshold.CATEGORY,
        score=score,
        words=words,
        symbol=_symbol(direction, Threshold.CATEGORY),
        caveats=caveats,
    )


def compare(
    tests: Sequence[TestFacts], rounds: Sequence[Round], *, involved_side: str = ""
) -> Comparison:
    """Every finding of a baseline (rounds[0]) and its retests, judged against the baseline."""
    if not rounds:
        return Comparison(round_labels=(), rows=(), ranked=(), symmetry=())
    baseline, retests = rounds[0], rounds[1:]
    caveats = {r.label: _changed_conditions(baseline, r) for r in retests}
    rows: list[Row] = []
    symmetry: list[Symmetry] = []
    for test in tests:
        for side in ("left", "right") if test.sided else ("",):
            readings = [r.readings.get((test.key, side)) for r in rounds]
            if not any(readings):
                continue
            rows.extend(_rows_for(test, side, readings, [caveats[r.label] for r in retests]))
        if test.sided and isinstance(test.value, Scale):
            symmetry.extend(_symmetry(test, rounds, involved_side))
    scored = [row for row in rows if row.latest is not None and row.latest.score is not None]
    ranked = sorted(scored, key=lambda row: abs(row.latest.score), reverse=True)  # type: ignore[union-attr]
    ranked_ids = {id(row) for row in ranked}
    unranked = [row for row in rows if id(row) not in ranked_ids]
    return Comparison(
        round_labels=tuple(r.label for r in rounds),
        rows=tuple(rows),
        ranked=tuple(ranked + unranked),
        symmetry=tuple(symmetry),
        caveats={label: notes for label, notes in caveats.items() if notes},
    )


def _rows_for(
    test: TestFacts,
    side: str,
    readings: list[Reading | None],
    caveats: list[tuple[str, ...]],
) -> list[Row]:
    """The test's measures for one side: its value, quality grade, pain and each compensation
    seen in any round, each judged round by round against the baseline."""
    name = f"{test.name} ({side})" if side else test.name

    def values(attribute: str) -> tuple:
        return tuple(getattr(r, attribute) if r else None for r in readings)

    def row(measure: Measure, label: str, unit: str, seen: tuple, judge, shown=None) -> Row:
        steps = tuple(judge(seen[0], after, c) for after, c in zip(seen[1:], caveats, strict=True))
        return Row(test.key, test.name, side, measure, label, unit, shown or seen, steps)

    rows = []
    if isinstance(test.value, Scale):
        numbers = tuple(_number(v) for v in values("value"))
        rows.append(
            row(Measure.VALUE, name, test.value.unit, numbers, partial(judge_scale, test.value))
        )
    elif isinstance(test.value, Ordinal):
        texts = tuple(_text(v) for v in values("value"))
        rows.append(row(Measure.VALUE, name, "", texts, partial(judge_ordinal, test.value)))
    elif isinstance(test.value, Response):
        reported = tuple(_text(v) for v in values("value"))
        response = test.value
        rows.append(
            row(
                Measure.VALUE,
                name,
                "",
                reported,
                lambda _, after, c: judge_response(response, after, c),
            )
        )
    if test.grade is not None:
        rows.append(
            row(
                Measure.GRADE,
                f"{name}: quality",
                "",
                values("grade"),
                partial(judge_ordinal, test.grade),
            )
        )
    if test.pain is not None:
        rows.append(
            row(
                Measure.PAIN,
                f"{name}: pain",
                test.pain.unit,
                values("pain"),
                partial(judge_scale, test.pain),
            )
        )
    for fault in test.compensations:
        present = tuple(_present(r, fault) for r in readings)
        if any(present):
            shown = tuple(_seen(p) for p in present)
            rows.append(
                row(
                    Measure.COMPENSATION, f"{name}: {fault}", "", present, judge_compensation, shown
                )
            )
    return [r for r in rows if any(v is not None for v in r.values)]


def _symmetry(test: TestFacts, rounds: Sequence[Round], involved_side: str) -> list[Symmetry]:
    scale = test.value
    assert isinstance(scale, Scale)  # noqa: S101 - guarded by the caller
    found = []
    if scale.minimum is not None and scale.minimum < 0:
        return found  # a ratio of angles that can be negative means nothing
    for r in rounds:
        left = _number(_value(r.readings.get((test.key, "left"))))
        right = _number(_value(r.readings.get((test.key, "right"))))
        if left is None or right is None or left <= 0 or right <= 0:
            continue
        if involved_side in {"left", "right"}:
            involved, other = (left, right) if involved_side == "left" else (right, left)
        else:
            involved, other = min(left, right), max(left, right)
        found.append(Symmetry(test.key, test.name, r.label, left, right, involved / other * 100))
    return found


def _reaches_mcid(scale: Scale, mcid: float | None, size: float, before: float) -> bool:
    if mcid is not None and size >= mcid:
        return True
    if scale.mcid_percent is not None and before != 0:
        return size / abs(before) * 100 >= scale.mcid_percent
    return False


def _threshold_when_unchanged(scale: Scale, mcid: float | None) -> Threshold:
    if scale.mdc is None and mcid is None:
        return Threshold.NONE_KNOWN
    return Threshold.WITHIN_ERROR


def _words(direction: Direction, threshold: Threshold) -> str:
    if direction == Direction.SAME:
        return "no change"
    if threshold == Threshold.WITHIN_ERROR:
        return "no real change: within measurement error"
    if threshold == Threshold.IMPORTANT:
        return f"{direction.value}, clinically important"
    if threshold == Threshold.REAL:
        return f"{direction.value}, beyond measurement error"
    return f"{direction.value} (no threshold known)"


def _symbol(direction: Direction, threshold: Threshold | None) -> str:
    if direction == Direction.NOT_COMPARED:
        return SYMBOLS["none"]
    if direction == Direction.SAME or threshold == Threshold.WITHIN_ERROR:
        return SYMBOLS["same"]
    return SYMBOLS["better"] if direction == Direction.BETTER else SYMBOLS["worse"]


def _not_compared(before: object, after: object, caveats: tuple[str, ...]) -> Step:
    missing = "no baseline value" if before is None else "not recorded in this round"
    return Step(
        before=before,  # type: ignore[arg-type]
        after=after,  # type: ignore[arg-type]
        change=None,
        percent=None,
        direction=Direction.NOT_COMPARED,
        threshold=None,
        score=None,
        words=f"not compared: {missing}",
        symbol=SYMBOLS["none"],
        caveats=caveats,
    )


def _changed_conditions(baseline: Round, retest: Round) -> tuple[str, ...]:
    notes = []
    for attribute in ("rater", "instrument", "position"):
        was, now = getattr(baseline, attribute), getattr(retest, attribute)
        if was != now and (was or now):
            notes.append(
                f"different {attribute}: {was or 'not recorded'} → {now or 'not recorded'}"
            )
    return tuple(notes)


def _value(reading: Reading | None) -> float | str | None:
    return reading.value if reading else None


def _number(value: float | str | None) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _text(value: float | str | None) -> str | None:
    return value if isinstance(value, str) else None


def _present(reading: Reading | None, fault: str) -> bool | None:
    if reading is None or reading.compensations is None:
        return None
    return fault in reading.compensations


def _seen(present: bool | None) -> str | None:
    if present is None:
        return None
    return "present" if present else "absent"
