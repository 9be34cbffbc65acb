"""Recording findings: one test's result for one side in a round, saved as the entry row is
left, from the version the row was opened at (see clinic/lib/versions.py)."""

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments.models import AssessmentTest, Finding
from clinic.lib.versions import (
    Attempt,
    Current,
    Edit,
    Saved,
    insert_if_absent,
    save_edit,
    update_if_current,
)

from .common import refuse_if_archived, refuse_if_voided
from .corrections import TEST_REMOVED, test_left_round

# Every field of a finding that the clinician enters; a save rewrites all of them.
FINDING_FIELDS = [
    "value",
    "pain",
    "grade",
    "symptom",
    "sign",
    "compensations",
    "compensations_absent",
    "note",
]
# A finding with nothing recorded: how a row that does not exist compares.
FINDING_EMPTY: dict[str, Any] = {
    "value": None,
    "pain": None,
    "grade": None,
    "symptom": "",
    "sign": "",
    "compensations": [],
    "compensations_absent": [],
    "note": "",
}


def _finding_key(item: AssessmentTest, side: str) -> dict[str, Any]:
    return {"assessment": item.assessment_id, "test": item.test_id, "side": side}


def _finding_now(item: AssessmentTest, side: str) -> Current:
    # A cleared finding is a row with nothing in it: it compares as empty, at its own version.
    found = Finding.objects.select_related("updated_by").filter(**_finding_key(item, side)).first()
    if found is None:
        return Current(version=0, values=FINDING_EMPTY)
    return Current(
        version=found.version,
        values={name: getattr(found, name) for name in FINDING_FIELDS},
        row=found,
    )


def _finding_write(
    item: AssessmentTest, side: str, attempt: Attempt, by: User | None
) -> Finding | None:
    """Write the finding as `attempt` has it if the row is still at its version: insert it from
    version 0, else update it; when nothing is left in it, clear it (empty the row and mark it
    cleared: never deleted, so its history keeps what it held). None when the row moved on."""
    values = _with_total(item, attempt.values)
    finding = Finding(
        assessment=item.assessment, test=item.test, side=side, updated_by=by, **values
    )
    key = _finding_key(item, side)
    now = timezone.now()
    if finding.is_empty:
        if attempt.version == 0:
            # Nothing was recorded when the row was opened: one recorded since is not ours.
            return None if Finding.objects.recorded().filter(**key).exists() else finding
        emptied = {name: getattr(finding, name) for name in FINDING_FIELDS}
        changes = {**emptied, "cleared_at": now, "updated_by": by, "updated_at": now}
        # Only a recorded row: clearing twice leaves one event in the history, not two.
        where = {**key, "cleared_at": None}
        if update_if_current(Finding, where=where, version=attempt.version, changes=changes):
            return finding
        already = Finding.objects.filter(**key, version=attempt.version, cleared_at__isnull=False)
        return finding if already.exists() else None
    # The round and the test were just loaded, uniqueness is settled by the write below, and
    # the CHECK constraints are mirrored by field validators and clean(): checking any of them
    # again would cost a query each on the path every keystroke-and-tab takes.
    finding.full_clean(
        exclude=["assessment", "test", "updated_by"],
        validate_unique=False,
        validate_constraints=False,
    )
    if attempt.version == 0:
        pk = insert_if_absent(finding, unique=["assessment", "test", "side"])
    else:
        finding.updated_at = now
        # A result saved over a cleared finding makes it recorded again.
        changes = {**values, "cleared_at": None, "updated_by": by, "updated_at": now}
        pk = update_if_current(Finding, where=key, version=attempt.version, changes=changes)
        finding.version = attempt.version + 1
    if pk is None:
        return None
    finding.pk = pk
    return finding


def finding_save(
    *,
    item: AssessmentTest,
    side: str,
    value: Decimal | None = None,
    pain: int | None = None,
    grade: int | None = None,
    symptom: str = "",
    sign: str = "",
    compensations: Iterable[str] = (),
    compensations_absent: Iterable[str] = (),
    note: str = "",
    version: int | None = None,
    seen: Mapping[str, Any] | None = None,
    by: User | None = None,
) -> Saved[Finding | None]:
    """Record one test's result, for one side, in a round; it replaces what was recorded before.

    Taking the round's test item (not a bare test) means a finding can only be saved for a test
    that is part of the round. A result with nothing in it clears the finding: the row is
    emptied and marked cleared (never deleted, so its history keeps what it held), and every
    reader treats the test as not recorded; the saved row is then None.

    The checklist has three states per item: `compensations` are present,
    `compensations_absent` were looked for and not seen, and any other item was not checked.
    On a scored test (`TestDefinition.scored_items`) the grade is the total of the present
    faults' points: a total they contradict is refused beside the grade, two faults of one item
    both present beside the checklist, and a total left empty is derived once every item is
    settled.

    `version` is the finding's version when the entry row was opened (0: nothing recorded) and
    `seen` what the row showed: a save from an older version is merged with what was saved
    since, or raises StaleEdit when both changed a field (see clinic/lib/versions.py). Without a
    version the save simply replaces the finding: for code that owns the round, like seeding.
    """
    refuse_if_archived(item.assessment.client)
    refuse_if_voided(item.assessment)
    mine = {
        "value": value,
        "pain": pain,
        "grade": grade,
        "symptom": symptom,
        "sign": sign,
        # Each item once, in the order marked.
        "compensations": list(dict.fromkeys(compensations)),
        "compensations_absent": list(dict.fromkeys(compensations_absent)),
        "note": note,
    }
    try:
        with transaction.atomic():
            if version is None:
                return Saved(_finding_replace(item, side, mine, by))
            # A field the test does not record was empty in the row, as it is in the save.
            opened = None if seen is None else {**FINDING_EMPTY, **seen}
            saved = save_edit(
                Edit(version=version, mine=mine, seen=opened),
                write=lambda attempt: _finding_write(item, side, attempt, by),
                read=lambda: _finding_now(item, side),
            )
    except IntegrityError as error:
        # The test was removed from the round, maybe a moment before this save (migration 0012).
        if not test_left_round(error):
            raise
        raise ValidationError(TEST_REMOVED) from None
    row = None if saved.row is None or saved.row.is_empty else saved.row
    return Saved(row, kept=saved.kept, current=saved.current)


def _with_total(item: AssessmentTest, values: Mapping[str, Any]) -> dict[str, Any]:
    """The values with a scored test's total derived when it was left empty and the marked
    faults settle it (see Finding.derived_grade)."""
    values = dict(values)
    if item.test.scored_items and values.get("grade") is None:
        probe = Finding(test=item.test, **values)
        values["grade"] = probe.derived_grade()
    return values


def _finding_replace(
    item: AssessmentTest, side: str, values: dict[str, Any], by: User | None
) -> Finding | None:
    values = _with_total(item, values)
    finding = Finding(
        assessment=item.assessment, test=item.test, side=side, updated_by=by, **values
    )
    if finding.is_empty:
        # One UPDATE, and none of a row that is not there or already cleared: a clear leaves
        # one event in the history, and clearing twice leaves one.
        now = timezone.now()
        Finding.objects.recorded().filter(**_finding_key(item, side)).update(
            **values, cleared_at=now, updated_by=by, updated_at=now
        )
        return None
    finding.full_clean(
        exclude=["assessment", "test", "updated_by"],
        validate_unique=False,
        validate_constraints=False,
    )
    # One INSERT … ON CONFLICT DO UPDATE: two saves of the same finding never collide, and
    # saves of different findings of a round never touch each other's rows.
    (saved,) = Finding.objects.bulk_create(
        [finding],
        update_conflicts=True,
        unique_fields=["assessment", "test", "side"],
        # A result saved over a cleared finding makes it recorded again (cleared_at is None).
        update_fields=[*FINDING_FIELDS, "cleared_at", "updated_by", "updated_at"],
    )
    return saved
