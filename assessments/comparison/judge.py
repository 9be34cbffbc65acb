"""The verdict on one measure's change between the baseline and one retest."""

from .types import (
    SYMBOLS,
    Better,
    Direction,
    Ordinal,
    Response,
    Scale,
    Step,
    Threshold,
)


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
        return _not_compared(seen(present_before), seen(present_after), caveats)
    if present_before and not present_after:
        direction, words, score = Direction.BETTER, "resolved", 1.0
    elif present_after and not present_before:
        direction, words, score = Direction.WORSE, "new", -1.0
    else:
        direction, score = Direction.SAME, 0.0
        words = "still present" if present_after else "still absent"
    return Step(
        before=seen(present_before),
        after=seen(present_after),
        change=None,
        percent=None,
        direction=direction,
        threshold=Threshold.CATEGORY,
        score=score,
        words=words,
        symbol=_symbol(direction, Threshold.CATEGORY),
        caveats=caveats,
    )


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


def seen(present: bool | None) -> str | None:
    if present is None:
        return None
    return "present" if present else "absent"
