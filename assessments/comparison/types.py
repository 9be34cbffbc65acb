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
    # A banded score that moved inside one band: no real change.
    WITHIN_CATEGORY = "within one category"


class Measure(StrEnum):
    VALUE = "value"
    GRADE = "grade"
    PAIN = "pain"
    COMPENSATION = "compensation"
    # One part of a scored test's total (the step-down's knee position), in points.
    ITEM = "item"


# ▲ ▼ for a judged change, ↑ ↓ for a change on a scale without any threshold (higher or lower,
# neither called better nor worse), ≈ within error or unchanged, – not compared.
SYMBOLS = {
    "better": "▲",
    "worse": "▼",
    "higher": "↑",
    "lower": "↓",
    "same": "≈",
    "none": "–",
}


def tone(direction: Direction, threshold: Threshold | None) -> str:
    """ "better" or "worse" for a judged change; "same" (a neutral colour) for no change, a
    change within measurement error or within one category, or a change on a scale without any
    threshold (higher or lower, never called better or worse); "none" when not compared."""
    if direction == Direction.NOT_COMPARED:
        return "none"
    if direction == Direction.SAME or threshold in (
        Threshold.WITHIN_ERROR,
        Threshold.WITHIN_CATEGORY,
        Threshold.NONE_KNOWN,
    ):
        return "same"
    return "better" if direction == Direction.BETTER else "worse"


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
    # The population the thresholds were measured in ("hip osteoarthritis"), named in the
    # verdict; empty when it is the client's own problem or not recorded.
    population: str = ""
    # The MDC was measured with one rater: a retest by another rater has a larger error.
    mdc_same_rater: bool = False

    def mcid_for(self, baseline: float) -> float | None:
        for band in self.mcid_bands:
            if band.low <= baseline <= band.high:
                return band.mcid
        return self.mcid

    @property
    def has_threshold(self) -> bool:
        """Whether any published threshold judges this scale (an MDC, an MCID of any kind)."""
        return (
            self.mdc is not None
            or self.mcid is not None
            or self.mcid_percent is not None
            or bool(self.mcid_bands)
        )

    @property
    def better_text(self) -> str:
        return f"{self.better.value} is better"

    @property
    def range(self) -> float | None:
        if self.minimum is None or self.maximum is None or self.maximum <= self.minimum:
            return None
        return self.maximum - self.minimum


@dataclass(frozen=True)
class Category:
    """A band of an ordinal score that is read as one category: the lateral step-down's
    "good" holds the levels "0" and "1"."""

    name: str
    levels: tuple[str, ...]


@dataclass(frozen=True)
class Ordinal:
    """Categories from best to worst, e.g. ("good", "fair", "poor") or ("negative", "positive").

    With `bands` (best first, together holding every level once) a change is judged by band
    only: a move inside one band is no real change.
    """

    levels: tuple[str, ...]
    bands: tuple[Category, ...] = ()

    def band_of(self, level: str) -> int | None:
        """The index of the band holding `level` (0 is the best), or None."""
        for index, band in enumerate(self.bands):
            if level in band.levels:
                return index
        return None

    @property
    def better_text(self) -> str:
        best = self.bands[0].name if self.bands else self.levels[0] if self.levels else ""
        return f"better is {best}" if best else ""


@dataclass(frozen=True)
class ScoredItem:
    """One part of a scored test's total: its faults, each with the points it adds. The
    faults of one item exclude each other (knee inside the 2nd toe 1, inside the foot 2);
    an item with none of its faults present scores 0."""

    name: str
    points: tuple[tuple[str, float], ...]

    @property
    def faults(self) -> tuple[str, ...]:
        return tuple(fault for fault, _ in self.points)


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
    # A scored test whose total (its value or grade) is the sum of these items' points; their
    # faults are the test's compensations.
    items: tuple[ScoredItem, ...] = ()


@dataclass(frozen=True)
class Reading:
    """One finding: a test's result in a round, for one side ("" when the test is not sided)."""

    value: float | str | None = None
    grade: str | None = None
    pain: float | None = None
    # The checklist has three states per item: present (in `compensations`), looked for and
    # not seen (in `absent`), and not checked (in neither). An item not checked at either
    # round is not compared. None: nothing on the checklist was marked.
    compensations: frozenset[str] | None = None
    absent: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Round:
    label: str
    readings: Mapping[tuple[str, str], Reading]
    rater: str = ""
    instrument: str = ""
    position: str = ""
    # The login that recorded the round: a retest by another login is flagged even when the
    # rater field was copied from the baseline.
    recorded_by: str = ""


@dataclass(frozen=True)
class Step:
    """One retest against the baseline, for one measure."""

    before: float | str | None
    after: float | str | None
    change: float | None
    percent: float | None
    direction: Direction
    threshold: Threshold | None
    # Signed size of the change (+ is improvement): in MDCs, else MCIDs, else shares of the
    # percent MCID; categories moved for an ordinal; on a scale without any threshold, the
    # relative change (or the change itself from a baseline of 0). None when not compared.
    score: float | None
    words: str
    symbol: str
    # Conditions of the retest that differ from the baseline's (rater, instrument, position,
    # login), and for a change beyond a one-rater MDC by another rater, that the error is larger.
    caveats: tuple[str, ...] = ()

    @property
    def tone(self) -> str:
        """The colour the verdict takes: "better", "worse", "same" (neutral: unchanged, within
        error, within one category, or on a scale without any threshold) or "none"."""
        return tone(self.direction, self.threshold)


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
    # For a sided row: whether its side is the involved one; None when not recorded.
    involved: bool | None = None
    # Which way is better for this row's own measure: "lower is better" (pain, points),
    # "higher is better", "better is Good" (a grade), "better is absent" (a fault).
    better_text: str = ""

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
    # Involved / uninvolved × 100 (it can exceed 100), or weaker / stronger × 100 when no
    # single involved side is recorded.
    index: float
    # "involved" or "weaker": which of the two the index divides, so the page labels it.
    basis: str = "weaker"
    involved_side: str = ""


@dataclass(frozen=True)
class Ranked:
    """One entry of "what changed most": a numeric finding, or a test's categorical changes
    (grade, band, sign, its compensations summarised) taken together, once per test and side."""

    test_key: str
    test_name: str
    side: str
    label: str
    words: str
    direction: Direction
    # Signed, + is improvement: the change in MDCs (else MCIDs, else shares of the percent
    # MCID) for a number; the weighed categorical change for a test's categories (see
    # `compare._categorical`). In `Comparison.unjudged`: the relative change, or the change
    # itself from a baseline of 0.
    score: float
    # The numeric finding's row, or every categorical row of the test and side (value, grade,
    # compensations or items, including those not compared) in report order.
    rows: tuple[Row, ...]

    @property
    def tone(self) -> str:
        if self.rows and self.rows[0].latest and len(self.rows) == 1:
            return self.rows[0].latest.tone
        return tone(self.direction, Threshold.CATEGORY)


@dataclass(frozen=True)
class Comparison:
    round_labels: tuple[str, ...]
    rows: tuple[Row, ...]
    ranked: tuple[Row, ...]
    symmetry: tuple[Symmetry, ...]
    caveats: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Changes judged against a threshold or a category, the largest first...
    changed_most: tuple[Ranked, ...] = ()
    # ...and changes on tests without any threshold ("changed, no threshold to judge it"),
    # by relative change, never ranked above or among those.
    unjudged: tuple[Ranked, ...] = ()
