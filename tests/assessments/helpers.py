"""Posting findings the way the entry page's row forms do, and a database without the library."""

from django.test import Client as HttpClient
from django.test.client import MULTIPART_CONTENT

from assessments.models import (
    Assessment,
    AssessmentTest,
    RecordingKind,
    TestDefinition,
    TestSet,
)


def item_of(assessment: Assessment, slug: str) -> AssessmentTest:
    return assessment.items.select_related("test", "assessment").get(test__slug=slug)


def finding_url(assessment: Assessment, test_pk: int, side: str = "none") -> str:
    return f"/assessments/{assessment.pk}/findings/{test_pk}/{side}/"


def post_finding(
    http: HttpClient,
    assessment: Assessment,
    slug: str,
    side: str = "none",
    *,
    htmx: bool = True,
    **fields: object,
):
    """POST one row's fields, named as the page names them (f<test>-<side>-<field>)."""
    test_pk = item_of(assessment, slug).test_id
    prefix = f"f{test_pk}-{side}"
    data = {f"{prefix}-{name}": value for name, value in fields.items()}
    headers = {"HX-Request": "true"} if htmx else {}
    return http.post(
        finding_url(assessment, test_pk, side),
        data,
        content_type=MULTIPART_CONTENT,
        headers=headers,
    )


def remove_shipped_library() -> None:
    """The database as `migrate` leaves it, before the first load: no shipped test or test set."""
    TestSet.objects.filter(clinic__isnull=True).delete()  # their items go with them
    shipped = TestDefinition.objects.filter(clinic__isnull=True)
    # The pain tests last: the tests that record pain point at them.
    shipped.exclude(kind=RecordingKind.PAIN).delete()
    shipped.delete()
