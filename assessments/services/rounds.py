"""Opening rounds (a baseline, a retest of it) and recording their findings."""

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from assessments.models import (
    Assessment,
    AssessmentKind,
    AssessmentTest,
    Finding,
    TestDefinition,
)
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
VOID_NEEDS_REASON = "Say why this round is voided: the reason is kept with it."
ALREADY_VOIDED = "This round is already voided."
BASELINE_HAS_RETESTS = (
    "This baseline has {count} retest{s} that still count: void {them} first, then the baseline."
)

# Every field of a finding that the clinician enters; an upsert rewrites all of them.
FINDING_FIELDS = ["value", "pain", "grade", "symptom", "sign", "compensations", "note"]


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
) -> Assessment:
    """Open a baseline round for a client with these tests, in this order."""
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
    )
    assessment.full_clean()
    with transaction.atomic():
        assessment.save()
        add_in_order(AssessmentTest, tests, assessment=assessment)
        client_mark_seen(client=client, at=assessment.performed_at)
    return assessment


def assessment_create_retest(
    *,
    baseline: Assessment,
    clinician: User,
    performed_at: datetime.datetime | None = None,
) -> Assessment:
    """Open a retest of a baseline: the same tests in the same order, and by default the same
    rater, instrument and position, since changing them makes a change harder to trust."""
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
        rater=baseline.rater,
        instrument=baseline.instrument,
        position=baseline.position,
    )
    retest.full_clean()
    tests = [item.test for item in baseline.items.select_related("test")]
    with transaction.atomic():
        # The baseline row, locked: a retest and a void of its baseline queue up, so no retest
        # is opened on a baseline voided meanwhile (assessment_void counts retests under it).
        refuse_if_voided(
            Assessment.objects.select_for_update().only("pk", "voided_at").get(pk=baseline.pk)
        )
        # A double tap on "Start a retest" opens one retest, not two: a retest this clinician
        # opened moments ago and has not yet recorded anything in is the one they meant.
        # A voided retest is never reopened.
        just_opened = (
            baseline.retests.live()
            .filter(clinician=clinician, created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW)
            .exclude(Exists(Finding.objects.recorded().filter(assessment=OuterRef("pk"))))
            .order_by("-created_at")
            .first()
        )
        if just_opened is not None and performed_at is None:
            return just_opened
        retest.save()
        add_in_order(AssessmentTest, tests, assessment=retest)
        client_mark_seen(client=client, at=retest.performed_at)
    return retest


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
) -> Finding | None:
    """Record one test's result, for one side, in a round; it replaces what was recorded before.

    Taking the round's test item (not a bare test) means a finding can only be saved for a test
    that is part of the round. A result with nothing in it clears the finding: the row is
    emptied and marked cleared (never deleted, so its history keeps what it held), and every
    reader treats the test as not recorded. Returns the saved finding, or None when cleared.
    """
    refuse_if_archived(item.assessment.client)
    refuse_if_voided(item.assessment)
    finding = Finding(
        assessment=item.assessment,
        test=item.test,
        side=side,
        value=value,
        pain=pain,
        grade=grade,
        symptom=symptom,
        sign=sign,
        compensations=list(dict.fromkeys(compensations)),  # each ticked once, in order
        note=note,
    )
    if finding.is_empty:
        # One UPDATE, and none of a row that is not there or already cleared: a clear leaves
        # one event in the history, and clearing twice leaves one.
        now = timezone.now()
        emptied = {name: getattr(finding, name) for name in FINDING_FIELDS}
        Finding.objects.recorded().filter(
            assessment=item.assessment, test=item.test, side=side
        ).update(**emptied, cleared_at=now, updated_at=now)
        return None
    # The round and the test were just loaded, uniqueness is settled by the upsert below, and
    # the CHECK constraints are mirrored by field validators and clean(): checking any of them
    # again would cost a query each on the path every keystroke-and-tab takes.
    finding.full_clean(
        exclude=["assessment", "test"], validate_unique=False, validate_constraints=False
    )
    # One INSERT … ON CONFLICT DO UPDATE: two saves of the same finding never collide, and
    # saves of different findings of a round never touch each other's rows.
    (saved,) = Finding.objects.bulk_create(
        [finding],
        update_conflicts=True,
        unique_fields=["assessment", "test", "side"],
        # A result saved over a cleared finding makes it recorded again (cleared_at is None).
        update_fields=[*FINDING_FIELDS, "cleared_at", "updated_at"],
    )
    return saved


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
