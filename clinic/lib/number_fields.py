"""Numbers as people type them: "1,5", "95°", "12 reps", "30 sec", "34 %".

One rule for every number a clinician types. A comma or a dot is the decimal mark. A unit may
follow the number when it is the field's own ("95 deg" where degrees are asked for); another
unit ("95 cm") is refused with the unit expected. A mark followed by exactly three digits,
after one to three digits ("1,500", "2.000"), is refused: it could group thousands or mark
decimals. The message gives both readings ("1.5 or 1500") when the field keeps enough decimals
for the first, else only the thousands ("1,255" for whole numbers: "like 1255"). More than one
mark ("1,500.5") is a thousands separator, refused the same way. The field's decimals are its
own: a whole-number field refuses "12.5" and its hints never offer one.
"""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator

from clinic.lib.units import unit_gap

# Each unit, by the symbol the app prints after a number (clinic.lib.units), with the
# spellings accepted after a typed number and the name a message calls it by. Spellings are
# compared without case; "x" and "×" are how a count of times is often written.
UNIT_SPELLINGS: dict[str, tuple[str, ...]] = {
    "°": ("°", "º", "deg", "degs", "degree", "degrees"),
    "%": ("%", "percent", "pct"),
    "s": ("s", "sec", "secs", "second", "seconds"),
    "reps": ("rep", "reps", "repetition", "repetitions"),
    "sets": ("set", "sets"),
    "times": ("x", "×", "time", "times"),
    "cm": ("cm",),
    "kg": ("kg", "kgs", "kilo", "kilos"),
    "points": ("pt", "pts", "point", "points"),
    "/10": ("/10",),
    # Units no field here records, known so that a message can name them.
    "mm": ("mm",),
    "m": ("m", "metre", "metres", "meter", "meters"),
    "min": ("min", "mins", "minute", "minutes"),
    "lb": ("lb", "lbs"),
}
UNIT_NAMES: dict[str, str] = {
    "°": "degrees",
    "%": "percent",
    "s": "seconds",
    "/10": "points out of 10",
    "min": "minutes",
}

NUMBER = "Type a number, like {example}."
NUMBER_OF = "Type a number of {unit}, like {example}."
WHOLE = "Type a whole number, like 12."
WHOLE_OF = "Type a whole number of {unit}, like 12."
TOO_PRECISE = "This is recorded in {places}, like {example}."
WRONG_UNIT = "This is measured in {unit}, not {typed}: type it like {example}."
AMBIGUOUS = (
    "“{typed}” could be {decimal} or {whole}: type {decimal}, or {whole} without a separator."
)
GROUPED = "Type the number without a thousands separator, like {example}."

# A sign, digits with at most one group of decimal-mark-and-digits per mark typed, then the
# rest (a unit, or anything else, which is refused).
_TYPED = re.compile(r"^(?P<sign>[-−–+]?)\s*(?P<number>\d+(?:[.,]\d+)*|[.,]\d+)\s*(?P<rest>.*)$")
# Far longer than any measure or dose (a longer one is out of range anyway): the decimal
# arithmetic below stays exact within it.
MAX_TYPED_DIGITS = 24
_EXAMPLE_DECIMALS = {0: "12", 1: "12.5", 2: "12.25"}


def unit_name(symbol: str) -> str:
    return UNIT_NAMES.get(symbol, symbol)


def _unit_of(text: str) -> str | None:
    """The unit a typed spelling names, or None."""
    spelled = re.sub(r"\s+", "", text).lower()
    for symbol, spellings in UNIT_SPELLINGS.items():
        if spelled in spellings:
            return symbol
    return None


def example(decimals: int) -> str:
    """How a hint writes a number the field accepts: "12", "12 or 12.5", "12 or 12.25"."""
    return "12" if decimals == 0 else f"12 or {_EXAMPLE_DECIMALS[min(decimals, 2)]}"


def places_text(decimals: int) -> str:
    return {0: "whole numbers", 1: "one decimal place"}.get(decimals, f"{decimals} decimal places")


class NumberInputError(ValueError):
    """Why a typed number was refused; `code` names the error message of `NumberField`."""

    def __init__(self, code: str, **params: str) -> None:
        super().__init__(code)
        self.code, self.params = code, params


def parse_number(text: str, *, unit: str = "", decimals: int = 0) -> Decimal | None:
    """`text` as a number in `unit` (a symbol of UNIT_SPELLINGS, or "" for a plain count) with
    at most `decimals` places; None when empty. Raises NumberInputError with a code: "invalid",
    "unit", "ambiguous", "grouped" or "precision"."""
    typed = text.strip()
    if not typed:
        return None
    match = _TYPED.match(typed)
    if match is None:
        raise NumberInputError("invalid")
    rest = match["rest"].strip()
    if rest:
        named = _unit_of(rest)
        if named is None or not unit:
            raise NumberInputError("invalid")
        if named != unit:
            raise NumberInputError("unit", typed=rest)
    number = match["number"]
    marks = re.findall(r"[.,]", number)
    if len(marks) > 1:
        groups = re.split(r"[.,]", number)
        if len(set(marks)) == 1:
            suggestion = "".join(groups)
        else:
            suggestion = f"{''.join(groups[:-1])}.{groups[-1]}"
        raise NumberInputError("grouped", suggestion=suggestion)
    whole, _, fraction = number.replace(",", ".").partition(".")
    if len(fraction) == 3 and whole and whole[0] != "0" and len(whole) <= 3:
        places = fraction.rstrip("0")
        if len(places) > decimals:
            # Read as a decimal it is too precise for the field: only the thousands remain.
            raise NumberInputError("grouped", suggestion=f"{whole}{fraction}")
        raise NumberInputError(
            "ambiguous",
            typed=typed,
            decimal=f"{whole}.{places}".rstrip("."),
            whole=f"{whole}{fraction}",
        )
    if len(whole) + len(fraction) > MAX_TYPED_DIGITS:
        raise NumberInputError("invalid")
    try:
        value = Decimal(f"{whole or '0'}.{fraction or '0'}")
        if value != round(value, decimals):
            raise NumberInputError("precision")
    except InvalidOperation as error:  # pragma: no cover - the length above keeps it exact
        raise NumberInputError("invalid") from error
    if match["sign"] and match["sign"] != "+":
        value = -value
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def default_messages(unit: str, decimals: int) -> dict[str, str]:
    """The messages of a number field in `unit` with `decimals` places, each naming the unit."""
    name = unit_name(unit)
    shown = example(decimals)
    if decimals == 0:
        invalid = WHOLE_OF.format(unit=name) if unit else WHOLE
    else:
        invalid = (NUMBER_OF if unit else NUMBER).format(unit=name, example=shown)
    finest = _EXAMPLE_DECIMALS.get(min(decimals, 2), "12")
    # "%" is doubled where the message takes parameters.
    with_symbol = f"12{unit_gap(unit)}{unit}".replace("%", "%%")
    return {
        "invalid": invalid,
        "precision": TOO_PRECISE.format(places=places_text(decimals), example=finest),
        "unit": WRONG_UNIT.format(unit=name, typed="%(typed)s", example=f"12 or {with_symbol}"),
        "ambiguous": AMBIGUOUS.format(typed="%(typed)s", decimal="%(decimal)s", whole="%(whole)s"),
        "grouped": GROUPED.format(example="%(suggestion)s"),
    }


def number_input(inputmode: str = "decimal", **attrs: str) -> forms.TextInput:
    """A text input with a numeric keypad: a number input refuses "1,5" and "95°" in the
    browser, and changes on a stray scroll."""
    return forms.TextInput(attrs={"inputmode": inputmode, "autocomplete": "off", **attrs})


class NumberField(forms.Field):
    """A number typed as people type it (see `parse_number`), in `unit` with `decimals` places.
    Cleans to a Decimal, or to an int when `whole` is set; `min_value`/`max_value` bound it."""

    def __init__(
        self,
        *,
        unit: str = "",
        decimals: int | None = None,
        whole: bool = False,
        min_value: int | Decimal | None = None,
        max_value: int | Decimal | None = None,
        max_digits: int | None = None,
        inputmode: str = "decimal",
        **kwargs: Any,
    ) -> None:
        # A model's DecimalField passes its places as `decimal_places` (see `field_classes`).
        places = kwargs.pop("decimal_places", None)
        decimals = decimals if decimals is not None else places or 0
        self.unit, self.decimals, self.whole = unit, decimals, whole
        self.max_digits = max_digits
        kwargs.setdefault("widget", number_input(inputmode))
        # What a model field passes to its form field and that a typed number does not use.
        for ignored in ("localize", "step_size"):
            kwargs.pop(ignored, None)
        messages = default_messages(unit, decimals)
        messages.update(kwargs.pop("error_messages", None) or {})
        super().__init__(error_messages=messages, **kwargs)
        if min_value is not None:
            self.validators.append(MinValueValidator(min_value))
        if max_value is not None:
            self.validators.append(MaxValueValidator(max_value))

    def to_python(self, value: Any) -> Decimal | int | None:
        if value is None or isinstance(value, int | Decimal):
            return value
        try:
            number = parse_number(str(value), unit=self.unit, decimals=self.decimals)
        except NumberInputError as error:
            raise ValidationError(
                self.error_messages[error.code], code=error.code, params=error.params
            ) from error
        if number is None:
            return None
        if self.max_digits is not None and len(number.as_tuple().digits) > self.max_digits:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(number) if self.whole else number

    def prepare_value(self, value: Any) -> Any:
        # A saved number shows plainly ("12.5", never "12.50" or "1.2E+1").
        if isinstance(value, Decimal):
            text = f"{value:f}"
            return text.rstrip("0").rstrip(".") if "." in text else text
        return value
