"""A baseline and its retests, every finding judged and the findings ranked."""

from collections.abc import Sequence
from functools import partial

from .judge import judge_compensation, judge_ordinal, judge_response, judge_scale, seen
from .types import (
    Comparison,
    Measure,
    Ordinal,
    Reading,
    Response,
    Round,
    Row,
    Scale,
    Symmetry,
    TestFacts,
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
    ranked = sorted(scored, key=_size_of_latest_change, reverse=True)
    unranked = [row for row in rows if row.latest is None or row.latest.score is None]
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
            shown = tuple(seen(p) for p in present)
            rows.append(
                row(
                    Measure.COMPENSATION, f"{name}: {fault}", "", present, judge_compensation, shown
                )
            )
    return [r for r in rows if any(v is not None for v in r.values)]


def _size_of_latest_change(row: Row) -> float:
    step = row.latest
    return abs(step.score) if step is not None and step.score is not None else 0.0


def _symmetry(test: TestFacts, rounds: Sequence[Round], involved_side: str) -> list[Symmetry]:
    scale = test.value
    assert isinstance(scale, Scale)  # noqa: S101 - guarded by the caller
    found: list[Symmetry] = []
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
