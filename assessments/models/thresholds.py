"""Thresholds beyond the MDC and MCID: the percent rule and MCIDs by baseline band, their
database checks, and the messages shown beside the field when one is wrong."""

from decimal import Decimal
from itertools import pairwise
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import F, Func, Q
from django.db.models.lookups import Exact

from clinic.lib.units import plain_number

from .choices import PAIN_MAX, PAIN_MIN, BestGrade, RecordingKind

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


# Category bands and scored items: a grade scale read by category, and a total made of parts.
# Both are over the grade index, the position of a grade in `grade_labels` counted from 0.
CATEGORIES_NEED_GRADES = "Only a test with a grade scale has categories."
CATEGORY_SHAPE = "Each category needs a name and its lowest and highest grade, as whole numbers."
CATEGORY_NAMES_TWICE = "Give each category its own name."
CATEGORIES_OUT_OF_ORDER = (
    "List the categories from grade 0 up, each starting on the grade after the previous one "
    "ends, without gaps or overlaps."
)
CATEGORIES_NOT_COVERING = "The categories must cover every grade of the scale, 0 to {last}."
ITEMS_NEED_GRADES = "Only a test with a grade scale has scored items: the grade is their total."
ITEM_SHAPE = "Each scored fault needs its item, its fault and its points above zero, as a number."
ITEM_FAULT_NOT_ON_CHECKLIST = "“{fault}” is not on the compensations checklist."
ITEM_FAULT_TWICE = "“{fault}” is scored twice."
ITEMS_SCALE_MISMATCH = (
    "A scored test's grades are its totals from 0 (the best) up: these items add up to at "
    "most {most}, so the scale needs {steps} grades, 0 to {most}, best first."
)

# Each category of `category_bands` is {"name": text, "low": n, "high": n} with low ≤ high;
# each scored fault of `scored_items` is {"item": text, "fault": text, "points": n > 0}.
_MALFORMED_CATEGORY = (
    '$[*] ? (!(@.name.type() == "string" && @.name != "" && @.low.type() == "number" '
    '&& @.high.type() == "number" && @.low >= 0 && @.low <= @.high))'
)
_MALFORMED_ITEM = (
    '$[*] ? (!(@.item.type() == "string" && @.item != "" && @.fault.type() == "string" '
    '&& @.fault != "" && @.points.type() == "number" && @.points > 0))'
)


def _json_list(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Exact(
            Func(F(field), function="jsonb_typeof", output_field=models.TextField()), "array"
        ),
        name=name,
    )


def _no_match(field: str, path: str) -> Q:
    return ~Q(
        Func(
            F(field),
            function="jsonb_path_exists",
            template=f"%(function)s(%(expressions)s, '{path}')",
            output_field=models.BooleanField(),
        )
    )


def _db_function(function: str, *fields: str) -> Q:
    """A check by one of the functions migration 0011 installs (the order and coverage of
    the categories, the scored faults against the checklist and the scale)."""
    return Q(
        Func(*(F(name) for name in fields), function=function, output_field=models.BooleanField())
    )


def category_constraints() -> list[models.CheckConstraint]:
    """The database's own checks on a test's categories and scored items."""
    return [
        _json_list("category_bands", "testdef_category_bands_list"),
        models.CheckConstraint(
            condition=_no_match("category_bands", _MALFORMED_CATEGORY),
            name="testdef_category_bands_well_formed",
        ),
        models.CheckConstraint(
            condition=_db_function(
                "assessments_categories_cover", "category_bands", "grade_labels"
            ),
            name="testdef_category_bands_cover_scale",
        ),
        _json_list("scored_items", "testdef_scored_items_list"),
        models.CheckConstraint(
            condition=_no_match("scored_items", _MALFORMED_ITEM),
            name="testdef_scored_items_well_formed",
        ),
        models.CheckConstraint(
            condition=_db_function(
                "assessments_scored_items_fit",
                "scored_items",
                "compensations",
                "grade_labels",
                "best_grade",
            ),
            name="testdef_scored_items_fit_scale",
        ),
    ]


def category_text(band: dict[str, object]) -> str:
    """ "good 0–1" or "poor 4": a category and the grades it holds, as typed on the form."""
    low, high = band["low"], band["high"]
    grades = f"{low}" if low == high else f"{low}–{high}"
    return f"{band['name']} {grades}"


def is_category(band: object) -> bool:
    return (
        isinstance(band, dict)
        and set(band) == {"name", "low", "high"}
        and isinstance(band["name"], str)
        and bool(band["name"].strip())
        and all(
            isinstance(band[end], int) and not isinstance(band[end], bool) and band[end] >= 0
            for end in ("low", "high")
        )
        and band["low"] <= band["high"]
    )


def category_error(test: "TestDefinition") -> str | None:
    """What is wrong with the test's categories, if anything."""
    bands = test.category_bands
    if not bands:
        return None
    if len(test.grade_labels) < 2:
        return CATEGORIES_NEED_GRADES
    if not isinstance(bands, list) or not all(is_category(band) for band in bands):
        return CATEGORY_SHAPE
    names = [band["name"].strip().casefold() for band in bands]
    if len(set(names)) != len(names):
        return CATEGORY_NAMES_TWICE
    if bands[0]["low"] != 0 or any(
        later["low"] != earlier["high"] + 1 for earlier, later in pairwise(bands)
    ):
        return CATEGORIES_OUT_OF_ORDER
    last = len(test.grade_labels) - 1
    if bands[-1]["high"] != last:
        return CATEGORIES_NOT_COVERING.format(last=last)
    return None


def is_scored_fault(entry: object) -> bool:
    return (
        isinstance(entry, dict)
        and set(entry) == {"item", "fault", "points"}
        and all(isinstance(entry[key], str) and entry[key].strip() for key in ("item", "fault"))
        and isinstance(entry["points"], int | float)
        and not isinstance(entry["points"], bool)
        and entry["points"] > 0
    )


def most_points(items: list[dict[str, object]]) -> float:
    """The highest total the scored items can reach: each item's costliest fault."""
    most: dict[object, float] = {}
    for entry in items:
        points = float(entry["points"])  # type: ignore[arg-type]
        most[entry["item"]] = max(most.get(entry["item"], 0.0), points)
    return sum(most.values())


def scored_items_error(test: "TestDefinition") -> str | None:
    """What is wrong with the test's scored items, if anything."""
    items = test.scored_items
    if not items:
        return None
    if len(test.grade_labels) < 2:
        return ITEMS_NEED_GRADES
    if not isinstance(items, list) or not all(is_scored_fault(entry) for entry in items):
        return ITEM_SHAPE
    seen: set[str] = set()
    for entry in items:
        fault = entry["fault"]
        if fault not in test.compensations:
            return ITEM_FAULT_NOT_ON_CHECKLIST.format(fault=fault)
        if fault in seen:
            return ITEM_FAULT_TWICE.format(fault=fault)
        seen.add(fault)
    most = most_points(items)
    if (
        most != int(most)
        or len(test.grade_labels) != int(most) + 1
        or test.best_grade != BestGrade.FIRST
    ):
        return ITEMS_SCALE_MISMATCH.format(most=plain_number(most), steps=plain_number(most + 1))
    return None
