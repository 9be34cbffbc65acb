"""The client summary printed by Chromium: one A4 page for a typical baseline of ten tests."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from assessments.models import AssessmentTest, RecordingKind, TestSet
from assessments.services import (
    assessment_create_baseline,
    assessment_create_retest,
    finding_save,
)
from exercises.models import Exercise
from exercises.services import prescription_create
from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def record_everything(round_, first: bool) -> None:
    """Every test of the round on every side: a value, a grade or a sign, the pain beside it
    and, at the baseline, two of its faults (one still seen at the retest)."""
    items = AssessmentTest.objects.filter(assessment=round_).select_related(
        "test", "assessment__client"
    )
    for item in items:
        test = item.test
        fields: dict = {}
        if test.kind == RecordingKind.NUMBER:
            fields["value"] = Decimal(10 if first else 16)
        elif test.kind == RecordingKind.PAIN:
            fields["pain"] = 6 if first else 3
        elif test.kind == RecordingKind.GRADE:
            worst = len(test.grade_labels) - 1
            fields["grade"] = (0 if test.best_grade == "last" else worst) if first else 1
        elif test.kind == RecordingKind.SIGN:
            fields["sign"] = "positive" if first else "negative"
        if test.records_pain and test.kind != RecordingKind.PAIN:
            fields["pain"] = 5 if first else 2
        if test.compensations:
            fields["compensations"] = test.compensations[: 2 if first else 1]
        for side in test.sides:
            finding_save(item=item, side=side, **fields)


@pytest.fixture
def ten_tests(alice, ana, library, catalog):
    screen = TestSet.objects.get(slug="glute-low-back-screen", clinic__isnull=True)
    tests = [entry.test for entry in screen.items.select_related("test")]
    assert len(tests) == 10
    baseline = assessment_create_baseline(
        client=ana, clinician=alice.user, tests=tests, rater="AS", position="As the protocol"
    )
    retest = assessment_create_retest(
        baseline=baseline,
        clinician=alice.user,
        performed_at=baseline.performed_at + datetime.timedelta(days=28),
    )
    record_everything(baseline, first=True)
    record_everything(retest, first=False)
    for slug in ("glute-bridge", "side-lying-abduction", "prone-leg-extension"):
        exercise = Exercise.objects.get(clinic=None, slug=slug)
        prescription_create(client=ana, exercise=exercise, prescribed_by=alice.user)
    return baseline


def test_the_client_summary_of_ten_tests_prints_on_one_a4_page(page: Page, alice, ten_tests):
    log_in(page, alice)
    page.goto(f"/assessments/{ten_tests.pk}/summary/")
    for heading in ("What improved", "What has not changed yet", "What to keep doing"):
        expect(page.get_by_role("heading", name=re.compile(heading))).to_be_visible()
    text = page.locator("article.summary").inner_text()
    for jargon in ("MDC", "MCID", "Negative → Negative", "0 · good", "Positive"):
        assert jargon not in text, jargon
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True)
    # One page object per printed page ("/Type /Pages" is their parent, not a page).
    pages = re.findall(rb"/Type\s*/Page(?!s)", pdf)
    assert len(pages) == 1, f"the summary printed on {len(pages)} A4 pages"
