"""The values the comparison takes and the verdicts it returns: plain frozen data."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Better(StrEnum):
    """Which way a measure improves; test definitions store its value."""

    HIGHER = "higher"
    LOWER = "lower"

    @property
    def label(self) -> str:
        return f"{self.value.capitalize()} is better"


class Direction(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    SAME = "no change"
    NOT_COMPARED = "not compared"


class Threshold(StrEnum):
    IMPORTANT = "beyond MCID"
    REAL = "beyond MDC"
    WITHIN_ERROR = "within measurement error"
    NONE_KNOWN = "no threshold known"
    CATEGORY = "category change"


class Measure(StrEnum):
    VALUE = "value"
    GRADE = "grade"
    PAIN = "pain"
    COMPENSATION = "compensation"


SYMBOLS = {"better": "▲", "worse": "▼", "same": "≈", "none": "–"}


@dataclass(frozen=True)
class Band:
    """An MCID that applies when the baseline lies in [low, high]."""

    low: float
    high: float
    mcid: float


@dataclass(frozen=True)
class Scale:
    """A numeric measure and what counts as a real or an important change in it."""

    better: Better
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    mdc: float | None = None
    mcid: float | None = None
    # "≈ 30 %" for NPRS and ODI: an improvement of this share of the baseline is important too.
    mcid_percent: float | None = None
    mcid_bands: tuple[Band, ...] = ()
    # Percent change means something on ratio scales (degrees, seconds, reps), not on scores
    # whose zero is arbitrary.
    percent_meaningful: bool = True

    def mcid_for(self, baseline: float) -> float | None:
        for band in self.mcid_bands:
            if band.low <= baseline <= band.high:
                return band.mcid
        return self.mcid

    @property
    def range(self) -> float | None:
        if self.minimum is None or self.maximum is None or self.maximum <= self.minimum:
            return None
        return self.maximum - self.minimum


@dataclass(frozen=True)
class Ordinal:
    """Categories from best to worst, e.g. ("good", "fair", "poor") or ("negative", "positive")."""

    levels: tuple[str, ...]


@dataclass(frozen=True)
class Response:
    """A change the client reports at the retest itself ("gone, less, same or more than
    before"): judged on its own value, never against the baseline's."""

    better: tuple[str, ...]
    same: tuple[str, ...]
    worse: tuple[str, ...]


@dataclass(frozen=True)
class TestFacts:
    # A clinical test, not a test case: keep pytest from collecting it.
    __test__ = False

    key: str
    name: str
    value: Scale | Ordinal | Response | None = None
    # A quality grade recorded beside a numeric value (a hold's time and how it was held).
    grade: Ordinal | None = None
    pain: Scale | None = None
    compensations: tuple[str, ...] = ()
    sided: bool = False


@dataclass(frozen=True)
class Reading:
    """One finding: a test's result in a round, for one side ("" when the test is not sided)."""

    value: float | str | None = None
    grade: str | None = None
    pain: float | None = None
    # None when the checklist was not filled in; an empty set when nothing was seen.
    compensations: frozenset[str] | None = None


@dataclass(frozen=True)
class Round:
    label: str
    readings: Mapping[tuple[str, str], Reading]
    rater: str = ""
    instrument: str = ""
    position: str = ""


@dataclass(frozen=True)
class Step:
    """One retest against the baseline, for one measure."""

    before: float | str | None
    after: float | str | None
    change: float | None
    percent: float | None
    direction: Direction
    threshold: Threshold | None
    # Signed standardised change (+ is improvement) used for ranking; None when not comparable.
    score: float | None
    words: str
    symbol: str
    # Conditions of the retest that differ from the baseline's (rater, instrument, position).
    caveats: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    test_key: str
    test_name: str
    side: str
    measure: Measure
    label: str
    unit: str
    values: tuple[float | str | None, ...]
    steps: tuple[Step, ...]

    @property
    def latest(self) -> Step | None:
        return self.steps[-1] if self.steps else None


@dataclass(frozen=True)
class Symmetry:
    test_key: str
    test_name: str
    round_label: str
    left: float
    right: float
    # Involved / uninvolved × 100, or weaker / stronger × 100 when the involved side is unknown.
    index: float


@dataclass(frozen=True)
class Comparison:
    round_labels: tuple[str, ...]
    rows: tuple[Row, ...]
    ranked: tuple[Row, ...]
    symmetry: tuple[Symmetry, ...]
    caveats: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
