from django.db.models import Prefetch, Q, QuerySet

from assessments.models import Assessment, AssessmentTest, TestDefinition, TestSet, TestSetItem
from clinic.models import Clinic


def test_definition_list(*, clinic: Clinic) -> QuerySet[TestDefinition]:
    """The tests a clinic may use: the shipped library and the clinic's own."""
    return TestDefinition.objects.filter(Q(clinic__isnull=True) | Q(clinic=clinic))


def test_set_list(*, clinic: Clinic) -> QuerySet[TestSet]:
    """The shipped test sets and the clinic's own, each with its tests in order."""
    return TestSet.objects.filter(Q(clinic__isnull=True) | Q(clinic=clinic)).prefetch_related(
        Prefetch("items", queryset=TestSetItem.objects.select_related("test"))
    )


def assessment_entry_queryset() -> QuerySet[Assessment]:
    """Rounds with everything the entry page shows: client, clinician, tests in order, findings.

    Three queries whatever the number of tests or findings.
    """
    return Assessment.objects.select_related("client", "clinician").prefetch_related(
        Prefetch("items", queryset=AssessmentTest.objects.select_related("test")),
        "findings",
    )
