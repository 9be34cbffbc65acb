"""The shapes of the shipped test library: plain frozen dataclasses, no database."""

from dataclasses import dataclass, fields
from decimal import Decimal


@dataclass(frozen=True)
class TestData:
    """One shipped test as `TestDefinition` stores it (see that model for each field)."""

    __test__ = False  # a clinical test, not a pytest class

    slug: str
    name: str
    body_region: str
    kind: str
    better: str
    protocol: str
    sort_order: int
    unit: str = ""
    value_min: Decimal | None = None
    value_max: Decimal | None = None
    decimals: int = 0
    records_pain: bool = False
    grade_labels: tuple[str, ...] = ()
    compensations: tuple[str, ...] = ()
    sided: bool = False
    mdc: Decimal | None = None
    mdc_source: str = ""
    mcid: Decimal | None = None
    mcid_source: str = ""
    evidence_note: str = ""
    evidence_to_check: bool = False
    position: str = ""
    instrument: str = ""

    def model_fields(self) -> dict[str, object]:
        """Every field as the model holds it: sequences become the lists of an ArrayField."""
        return {
            f.name: list(value) if isinstance(value := getattr(self, f.name), tuple) else value
            for f in fields(self)
        }


@dataclass(frozen=True)
class TestSetData:
    __test__ = False

    slug: str
    name: str
    description: str
    # The tests' slugs, in the order they are performed.
    tests: tuple[str, ...]
