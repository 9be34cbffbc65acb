"""Correcting a round after it was opened: removing an empty one, adding a test from the
library, removing one (with a reason once it holds a finding)."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from assessments.models import (
    ROUND_NOT_EMPTY,
    TEST_LEFT_ROUND,
    Assessment,
    AssessmentTest,
    Finding,
    Intervention,
    Reflection,
    TestDefinition,
)

from .common import check_tests, refuse_if_archived, refuse_if_voided

ROUND_HOLDS_SOMETHING = (
    "This round holds findings, treatment, a reflection or a retest: it cannot be removed. "
    "Void it with a reason instead; it stays in the history."
)
TEST_REMOVED = "This test was removed from the round: reload the page to see the round as it is."
TEST_ALREADY_IN_ROUND = "{test} is already in this round."
TEST_REMOVAL_NEEDS_REASON = (
    "{test} holds a finding: say why you remove it. The finding is kept in the history."
)


def round_is_empty(round_: Assessment) -> bool:
    """Nothing in the round: no finding row (a cleared one counts), no treatment, no reflection
    and no retest. Only such a round may be removed; the database refuses any other."""
    pk = round_.pk
    return not (
        Finding.objects.filter(assessment_id=pk).exists()
        or Intervention.objects.filter(after_round_id=pk).exists()
        or Reflection.objects.filter(round_id=pk).exists()
        or Assessment.objects.filter(baseline_id=pk).exists()
    )


def assessment_remove(*, assessment: Assessment) -> None:
    """Remove a round opened by mistake that holds nothing. Its history keeps the delete, with
    the round as it was and who removed it when (the statement's context). A round that holds
    anything is voided instead (assessment_void)."""
    refuse_if_archived(assessment.client)
    try:
        with transaction.atomic():
            # Locked: a finding, a treatment entry or a retest being written waits, and then
            # finds the round gone; one written first makes this refuse.
            locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
            if not round_is_empty(locked):
                raise ValidationError(ROUND_HOLDS_SOMETHING)
            locked.delete()
    except Assessment.DoesNotExist:
        return  # Removed already, by another tap.
    except IntegrityError as error:
        if ROUND_NOT_EMPTY not in str(error):
            raise
        raise ValidationError(ROUND_HOLDS_SOMETHING) from None


def _lock_open_round(round_: Assessment) -> Assessment:
    refuse_if_archived(round_.client)
    refuse_if_voided(round_)
    # Adds and removals of one round's tests queue up here; findings still save meanwhile.
    locked = Assessment.objects.select_for_update(no_key=True).get(pk=round_.pk)
    refuse_if_voided(locked)
    return locked


def assessment_test_add(*, round_: Assessment, test: TestDefinition) -> AssessmentTest:
    """Add a test from the clinic's library at the end of an open round. Adding a test the round
    already has does nothing more (two people adding it at once make one); one removed with a
    reason comes back, with its finding."""
    check_tests([test], clinic=round_.client.clinic, field="test")
    with transaction.atomic():
        _lock_open_round(round_)
        item = AssessmentTest.objects.filter(assessment=round_, test=test).first()
        if item is not None:
            if item.voided_at is not None:
                item.voided_at, item.voided_by, item.void_reason = None, None, ""
                item.save(update_fields=["voided_at", "voided_by", "void_reason"])
            return item
        last = AssessmentTest.objects.filter(assessment=round_).aggregate(Max("position"))
        position = -1 if last["position__max"] is None else last["position__max"]
        return AssessmentTest.objects.create(assessment=round_, test=test, position=position + 1)


def assessment_test_remove(*, item: AssessmentTest, by: User, reason: str = "") -> bool:
    """Take a test out of an open round. One without a recorded finding goes at once; one with a
    finding needs the reason, and is kept, voided, with its finding: both leave the entry page,
    the comparison and the report, and stay in the history. True when this call removed it;
    False when it had left the round already (another tap, another person)."""
    reason = reason.strip()
    round_ = item.assessment
    with transaction.atomic():
        _lock_open_round(round_)
        # Locked against the finding trigger's share lock: a finding being saved for this test
        # is either committed before this looks (and asks for a reason) or refused after.
        locked = AssessmentTest.objects.select_for_update().filter(pk=item.pk).first()
        if locked is None or locked.voided_at is not None:
            return False
        recorded = Finding.objects.filter(
            assessment_id=locked.assessment_id, test_id=locked.test_id, cleared_at__isnull=True
        ).exists()
        if not recorded:
            locked.delete()
            return True
        if not reason:
            name = item.test.name
            raise ValidationError({"void_reason": TEST_REMOVAL_NEEDS_REASON.format(test=name)})
        locked.voided_at, locked.voided_by, locked.void_reason = timezone.now(), by, reason
        locked.save(update_fields=["voided_at", "voided_by", "void_reason"])
    return True


def test_left_round(error: IntegrityError) -> bool:
    """Whether the database refused a finding because its test has left the round."""
    return TEST_LEFT_ROUND in str(error)
