from decimal import Decimal

from django import template

from clinic.lib import units

register = template.Library()


@register.filter
def with_unit(value: Decimal | float | int | None, symbol: str) -> str:
    """`{{ test.mdc|with_unit:test.unit_symbol }}` → "5°", "30 s"."""
    return units.with_unit(value, symbol)
