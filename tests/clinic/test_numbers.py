"""Numbers as people type them: what each field accepts, and what it says when it refuses."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clinic.lib.number_fields import NumberField, default_messages, parse_number

# fmt: off
# What was typed, the field's unit and decimals, and the number it is read as.
ACCEPTED = [
    ("12", "", 0, Decimal(12)),
    ("  12  ", "", 0, Decimal(12)),
    ("1,5", "points", 1, Decimal("1.5")),
    ("1.5", "points", 1, Decimal("1.5")),
    (",5", "points", 1, Decimal("0.5")),
    (".5", "points", 1, Decimal("0.5")),
    ("1,50", "points", 2, Decimal("1.5")),
    ("12,25", "points", 2, Decimal("12.25")),
    ("0,125", "", 3, Decimal("0.125")),
    ("1234,5", "points", 1, Decimal("1234.5")),
    ("12.0", "reps", 0, Decimal(12)),
    ("120", "°", 0, Decimal(120)),
    ("1500", "", 0, Decimal(1500)),
    ("95°", "°", 0, Decimal(95)),
    ("95 °", "°", 0, Decimal(95)),
    ("95º", "°", 0, Decimal(95)),
    ("95 deg", "°", 0, Decimal(95)),
    ("95 degrees", "°", 0, Decimal(95)),
    ("95 DEG", "°", 0, Decimal(95)),
    ("-5°", "°", 0, Decimal(-5)),
    ("−5", "°", 0, Decimal(-5)),
    ("- 5", "°", 0, Decimal(-5)),
    ("+5", "°", 0, Decimal(5)),
    ("12 reps", "reps", 0, Decimal(12)),
    ("12reps", "reps", 0, Decimal(12)),
    ("1 rep", "reps", 0, Decimal(1)),
    ("30 s", "s", 0, Decimal(30)),
    ("30s", "s", 0, Decimal(30)),
    ("30 sec", "s", 0, Decimal(30)),
    ("30 secs", "s", 0, Decimal(30)),
    ("30 seconds", "s", 0, Decimal(30)),
    ("34 %", "%", 0, Decimal(34)),
    ("34%", "%", 0, Decimal(34)),
    ("34 percent", "%", 0, Decimal(34)),
    ("6/10", "/10", 0, Decimal(6)),
    ("6 / 10", "/10", 0, Decimal(6)),
    ("7,5 points", "points", 1, Decimal("7.5")),
    ("3 sets", "sets", 0, Decimal(3)),
    ("3 x", "times", 0, Decimal(3)),
    ("3 times", "times", 0, Decimal(3)),
    ("12 cm", "cm", 0, Decimal(12)),
    ("8,5 kg", "kg", 1, Decimal("8.5")),
    ("", "°", 0, None),
    ("   ", "°", 0, None),
]

WHOLE_DEGREES = "Type a whole number of degrees, like 12."
# What was typed, the field's unit and decimals, and the message it is refused with.
REFUSED = [
    ("95 cm", "°", 0, "This is measured in degrees, not cm: type it like 12 or 12°."),
    ("95 kg", "°", 0, "This is measured in degrees, not kg: type it like 12 or 12°."),
    ("30 min", "s", 0, "This is measured in seconds, not min: type it like 12 or 12 s."),
    ("12 s", "reps", 0, "This is measured in reps, not s: type it like 12 or 12 reps."),
    ("34 points", "%", 0, "This is measured in percent, not points: type it like 12 or 12%."),
    ("34 %", "points", 1, "This is measured in points, not %: type it like 12 or 12 points."),
    ("12 reps", "", 0, "Type a whole number, like 12."),
    ("1,500", "points", 1,
     "“1,500” could be 1.5 or 1500: type 1.5, or 1500 without a separator."),
    ("1,500", "°", 0, "Type the number without a thousands separator, like 1500."),
    ("1.500", "points", 1,
     "“1.500” could be 1.5 or 1500: type 1.5, or 1500 without a separator."),
    ("12,250", "", 2,
     "“12,250” could be 12.25 or 12250: type 12.25, or 12250 without a separator."),
    ("1,000", "", 0, "“1,000” could be 1 or 1000: type 1, or 1000 without a separator."),
    ("1,500.5", "", 1, "Type the number without a thousands separator, like 1500.5."),
    ("1.500,5", "", 1, "Type the number without a thousands separator, like 1500.5."),
    ("1,000,000", "", 0, "Type the number without a thousands separator, like 1000000."),
    ("12.5", "reps", 0, "This is recorded in whole numbers, like 12."),
    ("12,5 reps", "reps", 0, "This is recorded in whole numbers, like 12."),
    ("1.25", "points", 1, "This is recorded in one decimal place, like 12.5."),
    ("1,255", "points", 2, "Type the number without a thousands separator, like 1255."),
    ("1,250", "", 0, "Type the number without a thousands separator, like 1250."),
    ("1234.255", "points", 2, "This is recorded in 2 decimal places, like 12.25."),
    ("abc", "°", 0, WHOLE_DEGREES),
    ("twelve", "reps", 0, "Type a whole number of reps, like 12."),
    ("1 500", "", 0, "Type a whole number, like 12."),
    ("95 furlongs", "°", 0, WHOLE_DEGREES),
    ("°95", "°", 0, WHOLE_DEGREES),
    ("1e3", "°", 0, WHOLE_DEGREES),
    ("NaN", "°", 0, WHOLE_DEGREES),
    ("inf", "°", 0, WHOLE_DEGREES),
    ("--5", "°", 0, WHOLE_DEGREES),
    ("5-", "°", 0, WHOLE_DEGREES),
    ("12..5", "points", 1, "Type a number of points, like 12 or 12.5."),
    ("1" * 25, "", 0, "Type a whole number, like 12."),
    ("x", "points", 2, "Type a number of points, like 12 or 12.25."),
    ("x", "", 1, "Type a number, like 12 or 12.5."),
]
# fmt: on


@pytest.mark.parametrize(("typed", "unit", "decimals", "number"), ACCEPTED)
def test_a_number_typed_as_people_type_it_is_read(typed, unit, decimals, number):
    field = NumberField(unit=unit, decimals=decimals, required=False)
    assert field.clean(typed) == number
    if number is not None:
        assert parse_number(typed, unit=unit, decimals=decimals) == number


@pytest.mark.parametrize(("typed", "unit", "decimals", "message"), REFUSED)
def test_a_number_that_cannot_be_read_as_meant_is_refused_with_why(typed, unit, decimals, message):
    field = NumberField(unit=unit, decimals=decimals, required=False)
    with pytest.raises(ValidationError) as refused:
        field.clean(typed)
    assert refused.value.messages == [message]


@pytest.mark.parametrize(
    ("decimals", "hint"),
    [(0, "like 12."), (1, "like 12 or 12.5."), (2, "like 12 or 12.25.")],
)
def test_the_hint_offers_only_what_the_field_accepts(decimals, hint):
    invalid = default_messages("reps", decimals)["invalid"]
    assert invalid.endswith(hint)
    offered = invalid.removesuffix(".").split("like ")[1].split(" or ")
    field = NumberField(unit="reps", decimals=decimals)
    for number in offered:
        assert field.clean(number) == Decimal(number)


def test_reps_are_never_hinted_with_a_decimal():
    assert "12.5" not in " ".join(default_messages("reps", 0).values())


def test_a_whole_field_cleans_to_an_int_and_keeps_its_limits():
    field = NumberField(unit="reps", whole=True, min_value=1, max_value=500)
    assert field.clean("12 reps") == 12 and isinstance(field.clean("12 reps"), int)
    with pytest.raises(ValidationError, match="less than or equal to 500"):
        field.clean("501")
    with pytest.raises(ValidationError, match="greater than or equal to 1"):
        field.clean("0")


def test_a_field_caps_its_digits():
    field = NumberField(decimals=2, max_digits=7, required=False)
    assert field.clean("12345,67") == Decimal("12345.67")
    with pytest.raises(ValidationError, match="Type a number"):
        field.clean("123456,78")


def test_a_caller_may_word_the_messages_itself():
    field = NumberField(unit="/10", whole=True, error_messages={"invalid": "0 to 10, please."})
    with pytest.raises(ValidationError, match=r"0 to 10, please\."):
        field.clean("six")


def test_the_input_is_text_with_a_numeric_keypad_never_a_number_input():
    html = NumberField(unit="°").widget.render("value", "95")
    assert 'type="text"' in html and 'inputmode="decimal"' in html
    assert 'type="number"' not in html
    assert 'inputmode="numeric"' in NumberField(inputmode="numeric").widget.render("n", "")


def test_a_saved_number_shows_plainly():
    field = NumberField(decimals=2)
    assert field.prepare_value(Decimal("12.50")) == "12.5"
    assert field.prepare_value(Decimal("120.00")) == "120"
    assert field.prepare_value(Decimal("120")) == "120"
