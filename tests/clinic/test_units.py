"""Numbers with their units, one row per case: the value, the unit symbol, the text."""

from decimal import Decimal

import pytest

from clinic.lib.units import plain_number, with_unit

PLAIN = [
    (None, ""),
    (0, "0"),
    (-5, "-5"),
    (40, "40"),
    (Decimal("40.00"), "40"),
    (Decimal("12.50"), "12.5"),
    (Decimal("0.05"), "0.05"),
    (Decimal("-0.0"), "0"),
    (Decimal("1E+2"), "100"),
    (Decimal("1E-7"), "0.0000001"),
    (12.5, "12.5"),
    (0.1, "0.1"),
    (3.0, "3"),
    (-0.0, "0"),
    (1e-7, "0.0000001"),
]


@pytest.mark.parametrize(("value", "text"), PLAIN)
def test_a_number_prints_without_trailing_zeros_or_exponent(value, text):
    assert plain_number(value) == text


WITH_UNIT = [
    # Symbols that sit against the number.
    (8, "°", "8°"),
    (-12, "°", "-12°"),
    (6, "/10", "6/10"),
    (Decimal("45.0"), "%", "45%"),
    # Words and abbreviations after a space.
    (30, "s", "30 s"),
    (12, "reps", "12 reps"),
    (Decimal("3.50"), "cm", "3.5 cm"),
    (8, "kg", "8 kg"),
    (52, "points", "52 points"),
    # A symbol stored with its space is not spaced twice.
    (30, " s", "30 s"),
    # No unit, or no value.
    (7, "", "7"),
    (None, "°", ""),
    (None, "s", ""),
]


@pytest.mark.parametrize(("value", "symbol", "text"), WITH_UNIT)
def test_a_value_prints_with_its_unit_spaced_by_the_symbol(value, symbol, text):
    assert with_unit(value, symbol) == text
