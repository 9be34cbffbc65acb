"""Rounds: opening a baseline or a retest of it, and correcting a round's details."""

import copy
import datetime
import uuid
from collections.abc import Iterable, Sequence

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import date_format

from assessments.models import (
    BASELINE_AFTER_RETEST,
    RETEST_BEFORE_BASELINE,
    Assessment,
    AssessmentKind,
    AssessmentTest,
    Finding,
    InvolvedSide,
    TestDefinition,
)
from clinic.lib.versions import Attempt, Current, Edit, Saved, save_edit, update_if_current
from clinic.models import Client
from clinic.services import client_mark_seen

from .common import (
    CLIENT_ARCHIVED,
    RETEST_OF_RETEST,
    add_in_order,
    check_tests,
    refuse_if_archived,
    refuse_if_voided,
)

DOUBLE_SUBMIT_WINDOW = datetime.timedelta(seconds=30)
# How far ahead of the server's clock a form may date a round: a tablet's clock a little fast.
CLOCK_SKEW = datetime.timedelta(minutes=5)
ROUND_IN_FUTURE = "A round cannot be dated in the future."
SUBMISSION_ONCE = "assessment_submission_once"
SUBMISSION_ELSEWHERE = "This form was already used for another client: open it again."
# What a new round's full_clean() need not check again: the rows the caller just loaded, and
# the submission token, whose uniqueness only the database can settle at the moment of writing.
ROUND_LOADED = ["client", "clinician", "submission", "updated_by"]
# A round's details, as the round form corrects them; a baseline's also name the involved side,
# and per sided test the side it overrides that with (TEST_SIDE_PREFIX and the test's key).
ROUND_DETAILS = ["performed_at", "rater", "instrument", "position", "note"]
BASELINE_DETAILS = [*ROUND_DETAILS, "involved_side"]
TEST_SIDE_PREFIX = "involved_side_"
RETEST_BEFORE_ITS_BASELINE = "A retest cannot be dated before its baseline, on {date}."
ROUND_OUT_OF_ORDER = "That date would put this round out of order with its baseline or retests."
# What the trigger of migration 0007 says when a write would put the dates out of order.
_OUT_OF_ORDER = ("a baseline cannot be moved after its retests", "a retest cannot be performed")
VOID_NEEDS_REASON = "Say why this round is voided: the reason is kept with it."
ALREADY_VOIDED = "This round is already voided."
BASELINE_HAS_RETESTS = (
    "This baseline has {count} retest{s} that still count: void {them} first, then the baseline."
)


def _refused_write(
    submission: uuid.UUID | None, error: IntegrityError, *, client: Client
) -> Assessment:
    """What to answer when the database refused a new round: the round an earlier submission
    of the same form opened, when this one repeats it; the date's rule, when the baseline was
    moved meanwhile; anything else is raised again."""
    diag = getattr(error.__cause__, "diag", None)
    if submission is not None and getattr(diag, "constraint_name", None) == SUBMISSION_ONCE:
        repeat = Assessment.objects.get(submission=submission)
        if repeat.client_id != client.pk:
            raise ValidationError(SUBMISSION_ELSEWHERE) from None
        return repeat
    if any(words in str(error) for words in _OUT_OF_ORDER):
        raise ValidationError({"performed_at": RETEST_BEFORE_BASELINE}) from None
    raise error


def assessment_create_baseline(
    *,
    client: Client,
    clinician: User,
    tests: Sequence[TestDefinition],
    performed_at: datetime.datetime | None = None,
    rater: str = "",
    instrument: str = "",
    position: str = "",
    involved_side: str = InvolvedSide.NOT_RECORDED,
    note: str = "",
    submission: uuid.UUID | None = None,
) -> Assessment:
    """Open a baseline round for a client with these tests, in this order, and the side of the
    client's problem (its retests use it; a test may say otherwise on the round's details).

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
        involved_side=involved_side,
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
        return _refused_write(submission, error, client=client)
    return assessment


def assessment_create_retest(
    *,
    baseline: Assessment,
    clinician: User,
    performed_at: datetime.datetime | None = None,
    rater: str | None = None,
    instrument: str | None = None,
    position: str | None = None,
    submission: uuid.UUID | None = None,
) -> Assessment:
    """Open a retest of a baseline: the same tests in the same order, and the rater,
    instrument and position given (each left out is the baseline's), since changing them
    makes a change harder to trust. They stay correctable on the retest's details.

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
    refuse_if_voided(baseline)
    retest = Assessment(
        client=client,
        kind=AssessmentKind.RETEST,
        baseline=baseline,
        clinician=clinician,
        performed_at=performed_at or timezone.now(),
        rater=baseline.rater if rater is None else rater.strip(),
        instrument=baseline.instrument if instrument is None else instrument.strip(),
        position=baseline.position if position is None else position.strip(),
        submission=submission,
    )
    retest.full_clean(exclude=[*ROUND_LOADED, "baseline"])
    try:
        with transaction.atomic():
            # The baseline row, locked: concurrent starts of a retest queue up here, so the
            # second finds the retest the first opened; a void of the baseline queues up too,
            # so no retest is opened on a baseline voided meanwhile (assessment_void counts
            # retests under it). No key share is taken: findings of the baseline still save.
            refuse_if_voided(
                Assessment.objects.select_for_update(no_key=True)
                .only("pk", "voided_at")
                .get(pk=baseline.pk)
            )
            # A voided retest is never reopened, nor one with a finding recorded; one dated
            # otherwise than asked is another retest.
            just_opened = (
                baseline.retests.live()
                .filter(created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW)
                .exclude(Exists(Finding.objects.recorded().filter(assessment=OuterRef("pk"))))
                .order_by("-created_at")
            )
            if performed_at is not None:
                minute = _to_the_minute(performed_at)
                just_opened = just_opened.filter(
                    performed_at__gte=minute,
                    performed_at__lt=minute + datetime.timedelta(minutes=1),
                )
            if (found := just_opened.first()) is not None:
                return found
            # The baseline's tests as they stand: one removed from it is not repeated.
            tests = [item.test for item in baseline.items.live().select_related("test")]
            retest.save()
            add_in_order(AssessmentTest, tests, assessment=retest)
            client_mark_seen(client=client, at=retest.performed_at)
    except IntegrityError as error:
        return _refused_write(submission, error, client=client)
    return retest


def _when(at: datetime.datetime) -> str:
    return date_format(timezone.localtime(at), "j M Y, H:i")


def _to_the_minute(at: datetime.datetime) -> datetime.datetime:
    # The form shows a round's time to the minute: a time it did not change compares equal.
    return at.replace(second=0, microsecond=0)


def sided_items(round_: Assessment) -> list[AssessmentTest]:
    """A baseline's sided tests, in order: each may name its own involved side."""
    if round_.kind != AssessmentKind.BASELINE:
        return []
    items = round_.items.select_related("test").order_by("position")
    return [item for item in items if item.test.sided]


def round_details(
    round_: Assessment, items: Iterable[AssessmentTest] | None = None
) -> dict[str, object]:
    """A round's details as the form shows them (its time to the minute); a baseline's with
    its involved side and, per sided test in `items`, the side that test overrides it with."""
    names = BASELINE_DETAILS if round_.kind == AssessmentKind.BASELINE else ROUND_DETAILS
    values = {name: getattr(round_, name) for name in names}
    values["performed_at"] = _to_the_minute(round_.performed_at)
    for item in items or ():
        values[f"{TEST_SIDE_PREFIX}{item.test_id}"] = item.involved_side
    return values


def _round_now(round_: Assessment, items: Sequence[AssessmentTest]) -> Current:
    current = Assessment.objects.select_related("updated_by").get(pk=round_.pk)
    now = AssessmentTest.objects.filter(pk__in=[item.pk for item in items])
    return Current(version=current.version, values=round_details(current, now), row=current)


def _check_order(round_: Assessment, performed_at: datetime.datetime) -> None:
    """A retest never dates before its baseline, nor a baseline after any of its retests."""
    if round_.baseline is not None and performed_at < round_.baseline.performed_at:
        message = RETEST_BEFORE_ITS_BASELINE.format(date=_when(round_.baseline.performed_at))
        raise ValidationError({"performed_at": message})
    if round_.kind == AssessmentKind.BASELINE:
        first = round_.retests.order_by("performed_at").values_list("performed_at", flat=True)
        first_at = first.first()
        if first_at is not None and performed_at > first_at:
            raise ValidationError(
                {"performed_at": BASELINE_AFTER_RETEST.format(date=_when(first_at))}
            )


def assessment_update(
    *,
    round_: Assessment,
    edit: Edit,
    by: User | None,
    items: Sequence[AssessmentTest] = (),
) -> Saved[Assessment]:
    """Correct a round's details (when, rater, instrument, position, note; a baseline's
    involved side, and that of each of its sided `items`) from `edit.version`. The round's
    version covers its tests' sides: they are written in the same conditional update.

    A save from an older version merges or raises StaleEdit (clinic/lib/versions.py). The dates
    stay in order: a retest not before its baseline, a baseline not after its first retest,
    said beside the date; the database refuses the same for any other write (migration 0007),
    a retest being opened at that very moment included.
    """
    refuse_if_archived(round_.client)
    refuse_if_voided(round_)

    by_key = {f"{TEST_SIDE_PREFIX}{item.test_id}": item for item in items}

    def write(attempt: Attempt) -> Assessment | None:
        candidate = copy.copy(round_)
        sides = {key: value for key, value in attempt.changes.items() if key in by_key}
        for name, value in attempt.values.items():
            if name not in by_key:
                setattr(candidate, name, value)
        if "performed_at" in attempt.changes:
            _check_order(round_, candidate.performed_at)
        candidate.full_clean(exclude=[*ROUND_LOADED, "baseline"])
        candidate.updated_by, candidate.updated_at = by, timezone.now()
        changes = {
            **{key: value for key, value in attempt.changes.items() if key not in by_key},
            "updated_by": by,
            "updated_at": candidate.updated_at,
        }
        for key, side in sides.items():
            if side not in InvolvedSide.values:
                raise ValidationError({key: "Choose a side from the list."})
        try:
            with transaction.atomic():
                won = update_if_current(
                    Assessment, where={"pk": round_.pk}, version=attempt.version, changes=changes
                )
                if won:
                    for key, side in sides.items():
                        AssessmentTest.objects.filter(pk=by_key[key].pk).update(involved_side=side)
        except IntegrityError as error:
            if not any(words in str(error) for words in _OUT_OF_ORDER):
                raise
            # A retest opened, or moved, while this was being saved: say it as the check does.
            _check_order(round_, candidate.performed_at)
            raise ValidationError({"performed_at": ROUND_OUT_OF_ORDER}) from None
        if not won:
            return None
        candidate.version = attempt.version + 1
        return candidate

    return save_edit(edit, write=write, read=lambda: _round_now(round_, items))


def assessment_void(*, assessment: Assessment, by: User, reason: str) -> Assessment:
    """Void a round recorded by mistake, with the reason: it leaves the client's lists, the
    comparison, the report and its CSV, and stays readable in the history, marked voided.

    A baseline is voided only once none of its retests counts any more: each is voided first,
    on its own page, with its own reason.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError({"void_reason": VOID_NEEDS_REASON})
    refuse_if_archived(assessment.client)
    with transaction.atomic():
        # Locked, so two voids of one round, or a void and a new retest, queue up.
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.is_voided:
            raise ValidationError(ALREADY_VOIDED)
        if locked.kind == AssessmentKind.BASELINE:
            count = locked.retests.live().count()
            if count:
                one = count == 1
                message = BASELINE_HAS_RETESTS.format(
                    count=count, s="" if one else "s", them="it" if one else "them"
                )
                raise ValidationError(message)
        locked.voided_at = timezone.now()
        locked.voided_by = by
        locked.void_reason = reason
        locked.save(update_fields=["voided_at", "voided_by", "void_reason", "updated_at"])
    assessment.voided_at, assessment.voided_by = locked.voided_at, by
    assessment.void_reason = reason
    return assessment
