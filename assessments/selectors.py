from django.db.models import Prefetch, Q, QuerySet

from assessments.models import (
    Assessment,
    AssessmentKind,
    AssessmentTest,
    Finding,
    Intervention,
    TestDefinition,
    TestSet,
    TestSetItem,
)
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
    return Assessment.objects.select_related(
        "client", "clinician", "baseline", "voided_by"
    ).prefetch_related(
        Prefetch("items", queryset=AssessmentTest.objects.live().select_related("test")),
        Prefetch("findings", queryset=_findings()),
        # A retest shows its baseline's findings beside the inputs (no query for a baseline).
        Prefetch("baseline__findings", queryset=_findings()),
        Prefetch("interventions", queryset=_interventions()),
    )


def _findings() -> QuerySet[Finding]:
    # Each finding formats itself with its test's unit and labels: joined, not queried. A
    # cleared finding is not recorded: the page shows its test empty, the report leaves it out.
    return Finding.objects.recorded().select_related("test")


def _interventions() -> QuerySet[Intervention]:
    # Removed entries stay in the history only.
    return Intervention.objects.current().select_related("exercise")


def report_queryset() -> QuerySet[Assessment]:
    """Baselines that count (not voided) with everything their report shows: tests in order,
    every round's recorded findings and interventions, and the reflection; voided retests are
    left out. Seven queries whatever the number of rounds or tests: each test comes with the
    pain test that judges the pain recorded beside it, joined."""
    # Who entered each finding, joined: a retest entered by another login is flagged; and its
    # test, for a test recorded at a retest only.
    recorded = Finding.objects.recorded().select_related("updated_by", "test")
    retests = (
        Assessment.objects.live()
        .select_related("clinician", "reflection")
        .order_by("performed_at", "pk")
        .prefetch_related(
            Prefetch("findings", queryset=recorded),
            Prefetch("interventions", queryset=_interventions()),
        )
    )
    return (
        Assessment.objects.live()
        .filter(kind=AssessmentKind.BASELINE)
        .select_related("client", "client__clinic", "clinician", "reflection")
        .prefetch_related(
            Prefetch(
                "items", queryset=AssessmentTest.objects.live().select_related("test__pain_test")
            ),
            Prefetch("findings", queryset=recorded),
            Prefetch("interventions", queryset=_interventions()),
            Prefetch("retests", queryset=retests),
        )
    )
