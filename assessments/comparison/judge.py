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

# Changes, shares and ratios are rounded to this many decimals before any threshold is
# applied, so that 0.3 → 2.3 is exactly 2 and reaches an MDC of 2, as the clinician reads it.
PLACES = 9

ANOTHER_RATER = (
    "the MDC was measured with one rater: the error between two raters is larger, so this "
    "change may still be measurement error"
)


def judge_scale(
    scale: Scale,
    before: float | None,
    after: float | None,
    caveats: tuple[str, ...] = (),
    *,
    another_rater: bool = False,
) -> Step:
    """The verdict on one numeric change. `another_rater`: the retest was measured by someone
    else than the baseline (another rater, or another login)."""
    if before is None or after is None:
        return not_compared(before, after, caveats)
    change = round(after - before, PLACES)
    gain = change if scale.better == Better.HIGHER else -change
    percent = None
    if scale.percent_meaningful and before != 0:
        percent = round(change / abs(before) * 100, PLACES)
    direction = Direction.SAME if gain == 0 else Direction.BETTER if gain > 0 else Direction.WORSE
    mcid = scale.mcid_for(before)
    size = abs(gain)
    percent_mcid = scale.mcid_percent is not None and before != 0
    if direction == Direction.SAME:
        judged = scale.mdc is not None or mcid is not None or percent_mcid
        threshold = Threshold.WITHIN_ERROR if judged else Threshold.NONE_KNOWN
    elif scale.mdc is not None and size < scale.mdc:
        threshold = Threshold.WITHIN_ERROR
    elif _reaches_mcid(scale, mcid, size, before):
        threshold = Threshold.IMPORTANT
    elif scale.mdc is not None:
        threshold = Threshold.REAL
    elif mcid is not None or percent_mcid:
        # Known MCID, unknown MDC, not reached: too small to matter, error size unknown.
        threshold = Threshold.WITHIN_ERROR
    else:
        threshold = Threshold.NONE_KNOWN
    if (
        another_rater
        and scale.mdc_same_rater
        and scale.mdc is not None
        and threshold in (Threshold.REAL, Threshold.IMPORTANT)
    ):
        caveats = (*caveats, ANOTHER_RATER)
    return Step(
        before=before,
        after=after,
        change=change,
        percent=percent,
        direction=direction,
        threshold=threshold,
        score=_score(scale, gain, before, mcid, threshold),
        words=_words(direction, threshold, change, scale.population),
        symbol=_symbol(direction, threshold, change),
        caveats=caveats,
    )


def _score(
    scale: Scale, gain: float, before: float, mcid: float | None, threshold: Threshold
) -> float:
    """The signed size of a change for ranking (+ is improvement): the change in MDCs, else
    in MCIDs, else in shares of the percent MCID. Without any threshold: the relative change
    (the change as a share of the baseline), or the change itself when the baseline is 0.
    Never the change as a share of the scale's range."""
    if scale.mdc:
        return round(gain / scale.mdc, PLACES)
    if mcid:
        return round(gain / mcid, PLACES)
    if scale.mcid_percent and before != 0 and threshold != Threshold.NONE_KNOWN:
        return round(gain / abs(before) * 100 / scale.mcid_percent, PLACES)
    if before != 0:
        return round(gain / abs(before), PLACES)
    return gain


def judge_ordinal(
    ordinal: Ordinal, before: str | None, after: str | None, caveats: tuple[str, ...] = ()
) -> Step:
    """The verdict on a change of category; levels run from best to worst. A banded ordinal
    changes only by band: a move inside one band is no real change.

    `change` counts the levels moved and `score` the categories moved (the bands, when the
    ordinal has them), + for improvement."""
    if (
        before is None
        or after is None
        or before not in ordinal.levels
        or after not in ordinal.levels
    ):
        return not_compared(before, after, caveats)
    levels = ordinal.levels.index(before) - ordinal.levels.index(after)
    band_before, band_after = ordinal.band_of(before), ordinal.band_of(after)
    if ordinal.bands and band_before is not None and band_after is not None:
        steps = band_before - band_after
        if levels == 0:
            direction, threshold, words = (
                Direction.SAME,
                Threshold.WITHIN_CATEGORY,
                f"no change: {after}",
            )
        elif steps == 0:
            direction, threshold = Direction.SAME, Threshold.WITHIN_CATEGORY
            words = f"no real change: within one category ({ordinal.bands[band_after].name})"
        else:
            direction = Direction.BETTER if steps > 0 else Direction.WORSE
            threshold = Threshold.CATEGORY
            words = (
                f"{direction.value}: {ordinal.bands[band_before].name} → "
                f"{ordinal.bands[band_after].name}"
            )
    else:
        steps = levels
        threshold = Threshold.CATEGORY
        if steps == 0:
            direction, words = Direction.SAME, f"no change: {after}"
        else:
            direction = Direction.BETTER if steps > 0 else Direction.WORSE
            words = f"{direction.value}: {before} → {after}"
    return Step(
        before=before,
        after=after,
        change=float(levels),
        percent=None,
        direction=direction,
        threshold=threshold,
        score=float(steps),
        words=words,
        symbol=_symbol(direction, threshold, float(levels)),
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
        return not_compared("", after, caveats)
    words = "no change" if direction == Direction.SAME else f"{direction.value}: {after.lower()}"
    return _category_step(None, after, None, direction, score, words, caveats)


def judge_compensation(
    present_before: bool | None,
    present_after: bool | None,
    caveats: tuple[str, ...] = (),
    *,
    rounds: tuple[str, str] = ("the baseline", "the retest"),
) -> Step:
    """A single fault: resolved, new, still present, or still absent. None is "not checked"
    (neither ticked present nor marked looked for and absent): such a fault is not compared,
    never resolved. `rounds` names the two rounds in the words."""
    if present_before is None or present_after is None:
        unchecked = [
            label
            for label, state in zip(rounds, (present_before, present_after), strict=True)
            if state is None
        ]
        return not_compared(
            seen(present_before),
            seen(present_after),
            caveats,
            words=f"not compared: not checked at {' or '.join(unchecked)}",
        )
    if present_before and not present_after:
        direction, words, score = Direction.BETTER, "resolved", 1.0
    elif present_after and not present_before:
        direction, words, score = Direction.WORSE, "new", -1.0
    else:
        direction, score = Direction.SAME, 0.0
        words = "still present" if present_after else "still absent"
    return _category_step(
        seen(present_before), seen(present_after), None, direction, score, words, caveats
    )


def judge_item(
    before: float | None,
    after: float | None,
    caveats: tuple[str, ...] = (),
    *,
    rounds: tuple[str, str] = ("the baseline", "the retest"),
) -> Step:
    """One part of a scored test, in points (fewer is better): the knee inside the foot (2)
    → inside the 2nd toe (1) is "better by 1 point". None is "not checked". The score is the
    change as a share of the larger of the two (2 → 1 is +0.5, 1 → 0 is +1, 0 → 2 is −1)."""
    if before is None or after is None:
        unchecked = [label for label, p in zip(rounds, (before, after), strict=True) if p is None]
        return not_compared(
            before, after, caveats, words=f"not compared: not checked at {' or '.join(unchecked)}"
        )
    change = round(after - before, PLACES)
    if change == 0:
        direction, words, score = Direction.SAME, f"no change: {points(after)}", 0.0
    else:
        direction = Direction.BETTER if change < 0 else Direction.WORSE
        words = f"{direction.value} by {points(abs(change))}"
        score = round(-change / max(before, after), PLACES)
    return _category_step(before, after, change, direction, score, words, caveats)


def points(value: float) -> str:
    """ "1 point", "2 points", "1.5 points"."""
    number = f"{value:g}"
    return f"{number} point" if value == 1 else f"{number} points"


def _reaches_mcid(scale: Scale, mcid: float | None, size: float, before: float) -> bool:
    if mcid is not None and size >= mcid:
        return True
    if scale.mcid_percent is not None and before != 0:
        return round(size / abs(before) * 100, PLACES) >= scale.mcid_percent
    return False


def _words(direction: Direction, threshold: Threshold, change: float, population: str) -> str:
    error = (
        f"the measurement error reported for {population}" if population else "measurement error"
    )
    if direction == Direction.SAME:
        return "no change"
    if threshold == Threshold.WITHIN_ERROR:
        return f"no real change: within {error}"
    if threshold == Threshold.IMPORTANT:
        return f"{direction.value}, clinically important"
    if threshold == Threshold.REAL:
        return f"{direction.value}, beyond {error}"
    # No threshold: which way it moved, never called better or worse.
    return f"{'higher' if change > 0 else 'lower'} (no threshold known)"


def _symbol(direction: Direction, threshold: Threshold | None, change: float = 0.0) -> str:
    if direction == Direction.NOT_COMPARED:
        return SYMBOLS["none"]
    if direction == Direction.SAME or threshold in (
        Threshold.WITHIN_ERROR,
        Threshold.WITHIN_CATEGORY,
    ):
        return SYMBOLS["same"]
    if threshold == Threshold.NONE_KNOWN:
        return SYMBOLS["higher"] if change > 0 else SYMBOLS["lower"]
    return SYMBOLS["better"] if direction == Direction.BETTER else SYMBOLS["worse"]


def _category_step(
    before: float | str | None,
    after: float | str | None,
    change: float | None,
    direction: Direction,
    score: float,
    words: str,
    caveats: tuple[str, ...],
) -> Step:
    """A change judged by category (a response, a fault, a scored item): no percent, its
    symbol from the direction alone."""
    return Step(
        before=before,
        after=after,
        change=change,
        percent=None,
        direction=direction,
        threshold=Threshold.CATEGORY,
        score=score,
        words=words,
        symbol=_symbol(direction, Threshold.CATEGORY),
        caveats=caveats,
    )


def not_compared(before: object, after: object, caveats: tuple[str, ...], words: str = "") -> Step:
    missing = "no baseline value" if before is None else "not recorded in this round"
    return Step(
        before=before,  # type: ignore[arg-type]
        after=after,  # type: ignore[arg-type]
        change=None,
        percent=None,
        direction=Direction.NOT_COMPARED,
        threshold=None,
        score=None,
        words=words or f"not compared: {missing}",
        symbol=SYMBOLS["none"],
        caveats=caveats,
    )


def seen(present: bool | None) -> str:
    if present is None:
        return "not checked"
    return "present" if present else "absent"
