"""Posting findings the way the entry page's row forms do, a database without the library, and
migrating it back and forth."""

import re
from html import unescape

from django.test import Client as HttpClient
from django.test.client import MULTIPART_CONTENT

from assessments.entry import finding_row
from assessments.models import (
    Assessment,
    AssessmentTest,
    Finding,
    RecordingKind,
    TestDefinition,
    TestSet,
)


def item_of(assessment: Assessment, slug: str) -> AssessmentTest:
    return assessment.items.select_related("test", "assessment").get(test__slug=slug)


def finding_url(assessment: Assessment, test_pk: int, side: str = "none") -> str:
    return f"/assessments/{assessment.pk}/findings/{test_pk}/{side}/"


def opened_row(assessment: Assessment, slug: str, side: str = "none") -> dict[str, list[str]]:
    """What a row sends besides its inputs when the page was opened just now: the finding's
    version and the values the row showed, as the entry page renders them."""
    item = item_of(assessment, slug)
    finding = Finding.objects.filter(assessment=assessment, test=item.test, side=side).first()
    html = finding_row(item, side, finding, can_write=True).sync_inputs
    opened: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html):
        opened.setdefault(name, []).append(unescape(value))
    return opened


def post_finding(
    http: HttpClient,
    assessment: Assessment,
    slug: str,
    side: str = "none",
    *,
    htmx: bool = True,
    opened: dict[str, list[str]] | None = None,
    **fields: object,
):
    """POST one row's fields, named as the page names them (f<test>-<side>-<field>), from the
    row as `opened` (by default: as the page shows it now, see `opened_row`)."""
    test_pk = item_of(assessment, slug).test_id
    prefix = f"f{test_pk}-{side}"
    if opened is None:
        opened = opened_row(assessment, slug, side)
    data: dict[str, object] = dict(opened)
    data |= {f"{prefix}-{name}": value for name, value in fields.items()}
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
