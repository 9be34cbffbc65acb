"""Thresholds beyond the MDC and MCID: the percent rule and MCIDs by baseline band, their
database checks, and the messages shown beside the field when one is wrong."""

from decimal import Decimal
from itertools import pairwise
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import F, Func, Q
from django.db.models.lookups import Exact

from clinic.lib.units import plain_number

from .choices import PAIN_MAX, PAIN_MIN, RecordingKind

if TYPE_CHECKING:
    from .definitions import TestDefinition

THRESHOLD_NEEDS_SOURCE = "Give the source of this threshold."
PERCENT_NEEDS_TRUE_ZERO = "A percent of the baseline means nothing on a range that goes below zero."
MCID_PERCENT_RANGE = "A percent MCID lies above 0 and at most 100."
MCID_PERCENT_NOT_FOR_KIND = "Only a number or a pain score has a percent MCID."
BANDS_NOT_FOR_KIND = "Only a number or a pain score has an MCID by baseline."
BAND_SHAPE = "Each band needs a lowest and a highest baseline and its MCID, as numbers."
BAND_UPSIDE_DOWN = "A band's highest baseline must not be below its lowest."
BAND_MCID_NOT_POSITIVE = "A band's MCID must be above zero."
BANDS_OVERLAP = "List the bands from the lowest baseline up, without overlaps."
BAND_OUT_OF_RANGE = "Every band must lie within the test's valid range, {low} to {high}."
# Kinds whose main value is a number on a scale, and so can have thresholds.
SCALED_KINDS = (RecordingKind.NUMBER, RecordingKind.PAIN)

# Each band of `mcid_bands` is {"low": n, "high": n, "mcid": n} with low ≤ high and mcid > 0.
# The order of the bands and the test's range are checked by `clean()`.
_MALFORMED_BAND = (
    '$[*] ? (!(@.low.type() == "number" && @.high.type() == "number" '
    '&& @.mcid.type() == "number" && @.low <= @.high && @.mcid > 0))'
)


def band_text(band: dict[str, float]) -> str:
    """ "5–7: 2": the baselines a band covers and its MCID, as typed on the form."""
    return f"{band['low']:g}–{band['high']:g}: {band['mcid']:g}"


def percent_can_be_meaningful(*, kind: str, unit: str, value_min: Decimal | None) -> bool:
    """Whether a percent change can mean something: only on a ratio scale, with a true zero.

    Not on a score or a percentage, whose zero is arbitrary, nor on a range below zero (an angle
    either side of it). Pain 0–10 keeps its percent change beside the points.
    """
    if kind != RecordingKind.NUMBER:
        return True
    return unit not in ("score", "percent") and (value_min is None or value_min >= 0)


def threshold_constraints() -> list[models.CheckConstraint]:
    """The database's own checks on a test definition's thresholds."""
    return [
        # A threshold without its source cannot be checked, so it is not stored.
        models.CheckConstraint(
            condition=Q(mdc__isnull=True) | (Q(mdc__gt=0) & ~Q(mdc_source="")),
            name="testdef_mdc_has_source",
        ),
        models.CheckConstraint(
            condition=Q(mcid__isnull=True) | (Q(mcid__gt=0) & ~Q(mcid_source="")),
            name="testdef_mcid_has_source",
        ),
        models.CheckConstraint(
            condition=Q(mcid_percent__isnull=True)
            | (
                Q(mcid_percent__gt=0, mcid_percent__lte=100, kind__in=SCALED_KINDS)
                & ~Q(mcid_source="")
            ),
            name="testdef_mcid_percent_has_source",
        ),
        models.CheckConstraint(
            condition=Exact(
                Func(F("mcid_bands"), function="jsonb_typeof", output_field=models.TextField()),
                "array",
            ),
            name="testdef_mcid_bands_list",
        ),
        models.CheckConstraint(
            condition=Q(mcid_bands=[]) | (Q(kind__in=SCALED_KINDS) & ~Q(mcid_source="")),
            name="testdef_mcid_bands_have_source",
        ),
        models.CheckConstraint(
            condition=~Q(
                Func(
                    F("mcid_bands"),
                    function="jsonb_path_exists",
                    template=f"%(function)s(%(expressions)s, '{_MALFORMED_BAND}')",
                    output_field=models.BooleanField(),
                )
            ),
            name="testdef_mcid_bands_well_formed",
        ),
        # A percent of a value that can be negative (an angle either side of zero) means
        # nothing, whether as a change or as an MCID.
        models.CheckConstraint(
            condition=Q(value_min__isnull=True)
            | Q(value_min__gte=0)
            | Q(percent_meaningful=False, mcid_percent__isnull=True),
            name="testdef_percent_needs_true_zero",
        ),
    ]


def percent_errors(test: "TestDefinition") -> dict[str, str]:
    """The percent rule's problems, by field."""
    errors = {}
    below_zero = test.value_min is not None and test.value_min < 0
    if test.percent_meaningful and below_zero:
        errors["percent_meaningful"] = PERCENT_NEEDS_TRUE_ZERO
    if test.mcid_percent is not None:
        if test.kind not in SCALED_KINDS:
            errors["mcid_percent"] = MCID_PERCENT_NOT_FOR_KIND
        elif not 0 < test.mcid_percent <= 100:
            errors["mcid_percent"] = MCID_PERCENT_RANGE
        elif below_zero:
            errors["mcid_percent"] = PERCENT_NEEDS_TRUE_ZERO
    return errors


def band_error(test: "TestDefinition") -> str | None:
    """What is wrong with the MCID bands, if anything."""
    bands = test.mcid_bands
    if not bands:
        return None
    if test.kind not in SCALED_KINDS:
        return BANDS_NOT_FOR_KIND
    if not isinstance(bands, list) or not all(is_band(band) for band in bands):
        return BAND_SHAPE
    if any(band["low"] > band["high"] for band in bands):
        return BAND_UPSIDE_DOWN
    if any(band["mcid"] <= 0 for band in bands):
        return BAND_MCID_NOT_POSITIVE
    # Bands include both ends, so each must start above the previous one's end.
    if any(later["low"] <= earlier["high"] for earlier, later in pairwise(bands)):
        return BANDS_OVERLAP
    low: Decimal | int | None
    high: Decimal | int | None
    if test.kind == RecordingKind.PAIN:
        low, high = PAIN_MIN, PAIN_MAX
    else:
        low, high = test.value_min, test.value_max
    if low is not None and high is not None and (bands[0]["low"] < low or bands[-1]["high"] > high):
        return BAND_OUT_OF_RANGE.format(low=plain_number(low), high=plain_number(high))
    return None


def is_band(band: object) -> bool:
    return (
        isinstance(band, dict)
        and set(band) == {"low", "high", "mcid"}
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in band.values())
    )
