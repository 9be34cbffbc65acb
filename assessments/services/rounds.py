"""Opening rounds (a baseline, a retest of it) and recording their findings."""

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
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
)

DOUBLE_SUBMIT_WINDOW = datetime.timedelta(seconds=30)

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
    # A double tap on "Start a retest" opens one retest, not two: a retest this clinician
    # opened moments ago and has not yet recorded anything in is the one they meant.
    just_opened = (
        baseline.retests.filter(
            clinician=clinician,
            created_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
            findings__isnull=True,
        )
        .order_by("-created_at")
        .first()
    )
    if just_opened is not None and performed_at is None:
        return just_opened
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
    that is part of the round. A result with nothing in it removes the finding, so clearing a
    row's inputs leaves the test unrecorded. Returns the saved finding, or None when cleared.
    """
    refuse_if_archived(item.assessment.client)
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
        Finding.objects.filter(assessment=item.assessment, test=item.test, side=side).delete()
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
        update_fields=[*FINDING_FIELDS, "updated_at"],
    )
    return saved
