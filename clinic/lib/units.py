"""Numbers and their units as the app prints them: "8°", "6/10", "45%", "30 s", "12 reps"."""

from decimal import Decimal

# A symbol that sits against its number; every other unit is a word or an abbreviation and
# follows the number after a space.
ATTACHED_SYMBOLS = ("°", "%", "/")


def plain_number(value: Decimal | float | int | None) -> str:
    """12.50 → "12.5", 40.00 → "40", -5 → "-5", None → ""; never scientific notation."""
    if value is None:
        return ""
    # A float goes through its shortest repr, so 0.1 prints as "0.1" and not as the binary
    # fraction Decimal(0.1) would spell out.
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def unit_gap(symbol: str) -> str:
    """What goes between a number and `symbol`: nothing before "°", "%" or "/10", else a space."""
    return "" if not symbol or symbol.startswith(ATTACHED_SYMBOLS) else " "


def with_unit(value: Decimal | float | int | None, symbol: str) -> str:
    """`value` followed by its unit symbol, spaced by `unit_gap`; "" when there is no value."""
    if value is None:
        return ""
    symbol = symbol.strip()
    return f"{plain_number(value)}{unit_gap(symbol)}{symbol}"
