"""The shapes of the shipped test library: plain frozen dataclasses, no database."""

from dataclasses import asdict, dataclass, fields
from decimal import Decimal

from assessments.comparison import Band


@dataclass(frozen=True)
class CategoryData:
    """Grades `low` to `high` (grade indexes) read as one category."""

    name: str
    low: int
    high: int


@dataclass(frozen=True)
class ScoredFault:
    """A fault of a scored item and the points it adds to the total."""

    item: str
    fault: str
    points: int


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
    # Stated on every test whose scale has no true zero: scores, percentages, signed angles.
    percent_meaningful: bool = True
    records_pain: bool = False
    # The slug of the shipped pain test whose thresholds judge that pain; listed earlier.
    pain_test: str = ""
    grade_labels: tuple[str, ...] = ()
    best_grade: str = "last"
    compensations: tuple[str, ...] = ()
    # Over the grade index: categories from grade 0 up, and a total's scored faults.
    category_bands: tuple[CategoryData, ...] = ()
    scored_items: tuple[ScoredFault, ...] = ()
    sided: bool = False
    mdc: Decimal | None = None
    mdc_source: str = ""
    mcid: Decimal | None = None
    mcid_percent: Decimal | None = None
    mcid_bands: tuple[Band, ...] = ()
    mcid_source: str = ""
    evidence_note: str = ""
    evidence_to_check: bool = False
    # Who the thresholds were measured in ("hip osteoarthritis"), and whether the MDC was
    # measured within one rater.
    threshold_population: str = ""
    mdc_same_rater: bool = False
    position: str = ""
    instrument: str = ""

    def model_fields(self) -> dict[str, object]:
        """Every field as the model holds it: sequences become the lists of an ArrayField,
        bands the objects of a JSON list. `pain_test` stays a slug for the loader to resolve."""
        return {f.name: _stored(getattr(self, f.name)) for f in fields(self)}


def _stored(value: object) -> object:
    if isinstance(value, tuple):
        return [asdict(v) if isinstance(v, Band | CategoryData | ScoredFault) else v for v in value]
    return value


@dataclass(frozen=True)
class TestSetData:
    __test__ = False

    slug: str
    name: str
    description: str
    # The tests' slugs, in the order they are performed.
    tests: tuple[str, ...]
