"""The client's one-page summary: what improved, what has not changed yet, in plain words.

Each finding is placed by the same step the report and the CSV print (its latest retest against
the baseline), and worded by `text.plain_words`: a change no threshold can judge is never called
an improvement, and no test jargon ("MDC", "Negative → Negative", "0 · good") reaches the client.
"""

from dataclasses import dataclass, field

from assessments.comparison import (
    Better,
    Direction,
    Measure,
    Ordinal,
    Row,
    Scale,
    Step,
    Threshold,
)
from assessments.models import RecordingKind

from .build import Report
from .text import NEUTRAL, plain_words, scale_of, value_text

IMPROVED, WORSE, NOT_YET, UNSURE = "improved", "worse", "not-yet", "unsure"
NOT_MEASURED = "not-measured"
# A verdict the summary may call an improvement (or a worsening): a threshold or a category
# said so.
JUDGED = (Threshold.IMPORTANT, Threshold.REAL, Threshold.CATEGORY)
# A sign is "seen" or "not seen" for the client; "positive" reads as good news to most people.
SIGN_WORDS = {"Positive": "seen", "Negative": "not seen"}
# The plain sentence per changed condition of the latest retest.
CONDITION_WORDS = {
    "rater": "by a different person",
    "recorded_by": "by a different person",
    "instrument": "with a different instrument",
    "position": "in a different position",
}


@dataclass
class Item:
    """One test in one part of the summary: its name and what happened, side by side."""

    label: str
    # (side, what happened): the same words on both sides are said once, "both sides: …".
    said: list[tuple[str, str]] = field(default_factory=list)

    @property
    def parts(self) -> list[str]:
        sides: dict[str, list[str]] = {}
        for side, words in self.said:
            sides.setdefault(words, []).append(side)
        parts = []
        for words, where in sides.items():
            named = [side for side in where if side]
            if not named:
                parts.append(words)
            elif set(named) >= {"left", "right"}:
                parts.append(f"both sides: {words}")
            else:
                parts.append(f"{' and '.join(named)}: {words}")
        both = "both sides: "
        if len(parts) > 1 and all(part.startswith(both) for part in parts):
            return [both + "; ".join(part.removeprefix(both) for part in parts)]
        return parts


@dataclass
class Summary:
    improved: list[Item] = field(default_factory=list)
    worse: list[Item] = field(default_factory=list)
    not_yet: list[Item] = field(default_factory=list)
    # Changed, but the test has no threshold to say whether the change is real.
    unsure: list[Item] = field(default_factory=list)
    # Nothing wrong at the start and nothing wrong now.
    still_fine: list[str] = field(default_factory=list)
    # Measured or looked for at the baseline, not at the retest.
    not_measured: list[Item] = field(default_factory=list)
    conditions: str = ""

    @property
    def empty(self) -> bool:
        return not (self.improved or self.worse or self.not_yet or self.unsure or self.still_fine)


def section_of(row: Row, step: Step) -> str:
    """Which part of the summary a finding's latest change belongs in."""
    if step.direction in (Direction.BETTER, Direction.WORSE) and step.threshold in JUDGED:
        return IMPROVED if step.direction == Direction.BETTER else WORSE
    if (
        step.threshold == Threshold.NONE_KNOWN
        and step.change
        and row.measure not in (Measure.GRADE, Measure.COMPENSATION)
    ):
        return UNSURE
    return NOT_YET


def _plain_value(report: Report, row: Row, value: float | str | None) -> str:
    if isinstance(value, str):
        if report.kinds.get(row.test_key) == RecordingKind.SIGN:
            return SIGN_WORDS.get(value, value.lower())
        # "2 · moderate" → "moderate (2)": the word first, the score after it.
        if " · " in value:
            score, word = value.split(" · ", 1)
            return f"{word} ({score})"
        return value.lower()
    return value_text(row, value)


def _fine_throughout(report: Report, row: Row, step: Step) -> bool:
    """Unchanged at the best end of its scale: no pain, the best grade, a sign not seen."""
    if step.direction != Direction.SAME:
        return False
    facts = report.facts.get(row.test_key)
    before = row.values[0]
    if isinstance(before, str) and facts is not None:
        ordinal = facts.grade if row.measure == Measure.GRADE else facts.value
        if isinstance(ordinal, Ordinal) and ordinal.levels:
            best = ordinal.bands[0].levels if ordinal.bands else ordinal.levels[:1]
            return before in best
        return False
    scale = scale_of(facts, row)
    if isinstance(before, int | float) and isinstance(scale, Scale):
        end = scale.minimum if scale.better == Better.LOWER else scale.maximum
        return end is not None and float(before) == end
    return False


def _name(row: Row) -> str:
    return f"{row.test_name} ({row.side})" if row.side else row.test_name


def summary_for(report: Report) -> Summary:
    """The summary of the latest retest against the baseline."""
    summary = Summary()
    if not report.has_retest:
        return summary
    sections = {
        IMPROVED: summary.improved,
        WORSE: summary.worse,
        NOT_YET: summary.not_yet,
        UNSURE: summary.unsure,
    }
    items: dict[tuple[str, str], Item] = {}
    faults: dict[tuple[str, str, str], list[str]] = {}

    def item(section: str, row: Row) -> Item:
        key = (section, row.test_key)
        if key not in items:
            items[key] = Item(row.test_name)
            sections.get(section, summary.not_measured).append(items[key])
        return items[key]

    for row in report.comparison.ranked:
        step = row.latest
        if step is None:
            continue
        if step.direction == Direction.NOT_COMPARED:
            what = row.label.rsplit(": ", 1)[-1] if row.measure != Measure.VALUE else ""
            if what:
                item(NOT_MEASURED, row).said.append((row.side, what[0].lower() + what[1:]))
            else:
                item(NOT_MEASURED, row)
            continue
        if row.measure == Measure.COMPENSATION:
            if step.words == "still absent":
                continue
            section = (
                IMPROVED
                if step.direction == Direction.BETTER
                else WORSE
                if step.direction == Direction.WORSE
                else NOT_YET
            )
            group = faults.setdefault((section, row.test_key, row.side), [])
            if not group:
                # A place for the test's faults on this side, filled in below.
                item(section, row).said.append((row.side, ""))
            fault = row.label.rsplit(": ", 1)[-1]
            group.append(fault[0].lower() + fault[1:])
            continue
        if _fine_throughout(report, row, step):
            if _name(row) not in summary.still_fine:
                summary.still_fine.append(_name(row))
            continue
        section = section_of(row, step)
        measure = {Measure.PAIN: "pain ", Measure.GRADE: "quality "}.get(row.measure, "")
        if row.measure == Measure.VALUE and report.kinds.get(row.test_key) == RecordingKind.GRADE:
            measure = "quality "
        if row.measure == Measure.ITEM:
            part = row.label.rsplit(": ", 1)[-1]
            measure = f"{part[0].lower()}{part[1:]} "
        before = _plain_value(report, row, row.values[0])
        after = _plain_value(report, row, row.values[-1])
        words = plain_words(row, step)
        if section == UNSURE:
            words = "higher" if (step.change or 0) > 0 else "lower"
        elif step.threshold in NEUTRAL and section == NOT_YET and not words.startswith("no real"):
            words = "no real change yet"
        if report.kinds.get(row.test_key) == RecordingKind.SYMPTOM:
            # Reported at the retest itself: "symptoms less than before".
            said = (
                f"symptoms {after} than before"
                if after in ("less", "more")
                else (f"symptoms {after}" if after == "gone" else "symptoms the same as before")
            )
        else:
            said = f"{measure}{before} → {after}, {words}"
        item(section, row).said.append((row.side, said))
    # The faults of one test and side in one phrase: "no longer seen: lumbar extension, …".
    for (section, key, side), names in faults.items():
        entry = items[(section, key)]
        index = entry.said.index((side, ""))
        words = {IMPROVED: "no longer seen", WORSE: "newly seen", NOT_YET: "still seen"}[section]
        entry.said[index] = (side, f"movement faults {words}: {', '.join(names)}")
    summary.conditions = conditions_sentence(report.changed_conditions())
    return summary


def conditions_sentence(changed: tuple[str, ...]) -> str:
    """ "Measured by a different person this time, so small changes may not be real." """
    named = (CONDITION_WORDS[name] for name in changed if name in CONDITION_WORDS)
    words = list(dict.fromkeys(named))
    if not words:
        return ""
    joined = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    return f"Measured {joined} this time, so small changes may not be real."
