"""Rules every kind of write in a round shares: which tests a round may hold, archived clients."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError

from assessments.models import (
    Assessment,
    OrderedTest,
    TestDefinition,
)
from clinic.models import Client, Clinic
from clinic.services import ARCHIVED_READ_ONLY

NO_TESTS = "Choose a test set or at least one test."
TEST_TWICE = "Each test appears once in a round."
TEST_NOT_AVAILABLE = "That test is not in your clinic's library."
CLIENT_ARCHIVED = "This client is archived; restore them before recording a new baseline."
RETEST_OF_RETEST = "A retest repeats a baseline; start it from the baseline."
ROUND_VOIDED = "This round is voided: it is kept in the history and can no longer be changed."


def check_tests(tests: Sequence[TestDefinition], *, clinic: Clinic, field: str) -> None:
    if not tests:
        raise ValidationError({field: NO_TESTS})
    if len({t.pk for t in tests}) != len(tests):
        raise ValidationError({field: TEST_TWICE})
    if any(t.clinic_id not in (None, clinic.pk) for t in tests):
        raise ValidationError({field: TEST_NOT_AVAILABLE})


def add_in_order(
    model: type[OrderedTest], tests: Sequence[TestDefinition], **parent: object
) -> None:
    model._default_manager.bulk_create(
        model(test=test, position=index, **parent) for index, test in enumerate(tests)
    )


def refuse_if_archived(client: Client) -> None:
    if client.is_archived:
        raise ValidationError(ARCHIVED_READ_ONLY)


def refuse_if_voided(round_: Assessment) -> None:
    if round_.is_voided:
        raise ValidationError(ROUND_VOIDED)
