"""Opening rounds (a baseline, a retest of it) and recording their findings."""

import datetime
import uuid
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments.models import (
    Assessment,
    AssessmentKind,
    AssessmentTest,
    Finding,
    TestDefinition,
)
from clinic.lib.versions import (
    Attempt,
    Current,
    Edit,
    Saved,
    insert_if_absent,
    save_edit,
    update_if_current,
)
from clinic.models import Client
from clinic.services import client_mark_seen

from .common import (
    CLIENT_ARCHIVED,
    RETEST_OF_RETEST,
    add_in_order,
    check_tests,
    refuse_if_archived,
)

DOUBLE_SUBMIT_WINDOW = datetime.timedelta(seconds=30)
SUBMISSION_ONCE = "assessment_submission_once"
SUBMISSION_ELSEWHERE = "This form was already used for another client: open it again."
# What a new round's full_clean() need not check again: the rows the caller just loaded, and
# the submission token, whose uniqueness only the database can settle at the moment of writing.
ROUND_LOADED = ["client", "clinician", "submission", "updated_by"]

# Every field of a finding that the clinician enters; a save rewrites all of them.
FINDING_FIELDS = ["value", "pain", "grade", "symptom", "sign", "compensations", "note"]
# A finding with nothing recorded: how a row that does not exist compares.
FINDING_EMPTY: dict[str, Any] = {
    "value": None,
    "pain": None,
    "grade": None,
    "symptom": "",
    "sign": "",
    "compensations": [],
    "note": "",
}


def _repeat_of(
    submission: uuid.UUID | None, error: IntegrityError, *, client: Client
) -> Assessment:
    """The round an earlier submission of the same form opened, when `error` says this one
    repeats it; anything else is raised again."""
    cause = error.__cause__
    diag = getattr(cause, "diag", None)
    if submission is None or getattr(diag, "constraint_name", None) != SUBMISSION_ONCE:
        raise error
    repeat = Assessment.objects.get(submission=submission)
    if repeat.client_id != client.pk:
        raise ValidationError(SUBMISSION_ELSEWHERE) from None
    return repeat


def assessment_create_baseline(
    *,
    client: Client,
    clinician: User,
    tests: Sequence[TestDefinition],
    performed_at: datetime.datetime | None = None,
    rater: str = "",
    instrument: str = "",
    position: str = "",
    note: str = "",
    submission: uuid.UUID | None = None,
) -> Assessment:
    """Open a baseline round for a client with these tests, in this order.

    `submission` names the form that asks for it: a second submission of the same form (a
    double tap, a retry, ten at once) returns the round the first one opened.
    """
    if client.is_archived:
        raise ValidationError(CLIENT_ARCHIVED)
    check_tests(tests, clinic=client.clinic, field="tests")
    assessment = Assessment(
        client=client,
        kind=AssessmentKind.BASELINE,
        clinician=clinician,
        performed_at=performed_at or timezone.now(),
        rater=rater,
        instrument=instrument,
        position=position,
        note=note,
        submission=submission,
    )
    # The client and the clinician were just loaded; the submission's uniqueness is the
    # database's to settle, since two submissions can arrive at the same moment.
    assessment.full_clean(exclude=ROUND_LOADED)
    try:
        with transaction.atomic():
            assessment.save()
            add_in_order(AssessmentTest, tests, assessment=assessment)
            client_mark_seen(client=client, at=assessment.performed_at)
    except IntegrityError as error:
        return _repeat_of(submission, error, client=client)
    return assessment


def assessment_create_retest(
    *,
    baseline: Assessment,
    clinician: User,
    performed_at: datetime.datetime | None = None,
    submission: uuid.UUID | None = None,
) -> Assessment:
    """Open a retest of a baseline: the same tests in the same order, and by default the same
    rater, instrument and position, since changing them makes a change harder to trust.

    One retest is open per baseline at a time: a retest of it opened moments ago with nothing
    recorded yet is the one meant, whoever tapped (a double tap, two tablets), and the starts
    queue on the baseline's row so that of ten at once one opens it and nine land on it. A
    repeated `submission` lands on the round it opened, however long ago.
    """
    if baseline.kind != AssessmentKind.BASELINE:
        raise ValidationError(RETEST_OF_RETEST)
    client = baseline.client
    if client.is_archived:
        raise ValidationError(CLIENT_ARCHIVED.replace("a new baseline", "a retest"))
    retest = Assessment(
        client=client,
        kind=AssessmentKind.RETEST,
        baseline=baseline,
        clinician=clinician,
        performed_at=performed_at or timezone.now(),
        rater=baseline.rater,
        instrument=baseline.instrument,
        position=baseline.position,
        submission=submission,
    )
    retest.full_clean(exclude=[*ROUND_LOADED, "baseline"])
    try:
        with transaction.atomic():
            # The lock leaves findings alone (they only take a key share of the round).
            Assessment.objects.select_for_update(no_key=True).filter(pk=baseline.pk).exists()
            if performed_at is None:
                just_opened = (
                    baseline.retests.filter(
                        created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
                        findings__isnull=True,
                    )
                    .order_by("-created_at")
                    .first()
                )
                if just_opened is not None:
                    return just_opened
            tests = [item.test for item in baseline.items.select_related("test")]
            retest.save()
            add_in_order(AssessmentTest, tests, assessment=retest)
            client_mark_seen(client=client, at=retest.performed_at)
    except IntegrityError as error:
        return _repeat_of(submission, error, client=client)
    return retest


def _finding_key(item: AssessmentTest, side: str) -> dict[str, Any]:
    return {"assessment": item.assessment_id, "test": item.test_id, "side": side}


def _finding_now(item: AssessmentTest, side: str) -> Current:
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
    version 0, update it from its own, delete it when nothing is left in it."""
    finding = Finding(
        assessment=item.assessment, test=item.test, side=side, updated_by=by, **attempt.values
    )
    key = _finding_key(item, side)
    if finding.is_empty:
        rows = Finding.objects.filter(**key)
        if attempt.version == 0:
            # Nothing was recorded when the row was opened: one recorded since is not ours.
            return None if rows.exists() else finding
        deleted, _ = rows.filter(version=attempt.version).delete()
        return finding if deleted else None
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
        finding.updated_at = timezone.now()
        changes = {**attempt.values, "updated_by": by, "updated_at": finding.updated_at}
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
    note: str = "",
    version: int | None = None,
    seen: Mapping[str, Any] | None = None,
    by: User | None = None,
) -> Saved[Finding | None]:
    """Record one test's result, for one side, in a round; it replaces what was recorded before.

    Taking the round's test item (not a bare test) means a finding can only be saved for a test
    that is part of the round. A result with nothing in it removes the finding, so clearing a
    row's inputs leaves the test unrecorded; the saved row is then None.

    `version` is the finding's version when the entry row was opened (0: nothing recorded) and
    `seen` what the row showed: a save from an older version is merged with what was saved
    since, or raises StaleEdit when both changed a field (see clinic/lib/versions.py). Without a
    version the save simply replaces the finding: for code that owns the round, like seeding.
    """
    refuse_if_archived(item.assessment.client)
    mine = {
        "value": value,
        "pain": pain,
        "grade": grade,
        "symptom": symptom,
        "sign": sign,
        "compensations": list(dict.fromkeys(compensations)),  # each ticked once, in order
        "note": note,
    }
    if version is None:
        return Saved(_finding_replace(item, side, mine, by))
    # A field the test does not record was empty in the row, as it is in the save.
    opened = None if seen is None else {**FINDING_EMPTY, **seen}
    saved = save_edit(
        Edit(version=version, mine=mine, seen=opened),
        write=lambda attempt: _finding_write(item, side, attempt, by),
        read=lambda: _finding_now(item, side),
    )
    row = None if saved.row is None or saved.row.is_empty else saved.row
    return Saved(row, kept=saved.kept, current=saved.current)


def _finding_replace(
    item: AssessmentTest, side: str, values: dict[str, Any], by: User | None
) -> Finding | None:
    finding = Finding(
        assessment=item.assessment, test=item.test, side=side, updated_by=by, **values
    )
    if finding.is_empty:
        Finding.objects.filter(**_finding_key(item, side)).delete()
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
        update_fields=[*FINDING_FIELDS, "updated_by", "updated_at"],
    )
    return saved
