"""The notes typed beside findings, round by round: for the report's notes and the CSV's column.

Read from the findings the report already holds (`selectors.report_queryset`): no query.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assessments.models import Finding, Side

if TYPE_CHECKING:
    from .build import Report


def note_key(test_key: str, side: str) -> tuple[str, str]:
    """A finding's key as the comparison's rows name it: its test's key and its side, "" when
    the test is not sided."""
    return (test_key, "" if side == Side.NONE else side)


@dataclass(frozen=True)
class RoundNote:
    round_label: str
    note: str


@dataclass(frozen=True)
class FindingNotes:
    """One test and side, with the note of each round that has one, in round order."""

    label: str
    notes: tuple[RoundNote, ...]


def notes_by_round(report: "Report") -> list[dict[tuple[str, str], str]]:
    """Per column of the report, each finding's note by `note_key`; findings without one are
    left out."""
    return [
        {note_key(str(f.test_id), f.side): f.note for f in _noted(column.assessment.findings.all())}
        for column in report.columns
    ]


def finding_notes(report: "Report") -> list[FindingNotes]:
    """Every test and side with a note in some round, in the baseline's test order."""
    per_round = notes_by_round(report)
    result = []
    for item in report.baseline.items.all():
        test = item.test
        for side in test.sides:
            key = note_key(str(test.pk), side)
            notes = tuple(
                RoundNote(column.label, by_key[key])
                for column, by_key in zip(report.columns, per_round, strict=True)
                if key in by_key
            )
            if notes:
                result.append(FindingNotes(label=_label(test.name, side), notes=notes))
    return result


def _label(name: str, side: str) -> str:
    return name if side == Side.NONE else f"{name} ({Side(side).label.lower()})"


def _noted(findings: Iterable[Finding]) -> Iterable[Finding]:
    return (f for f in findings if f.note.strip())
