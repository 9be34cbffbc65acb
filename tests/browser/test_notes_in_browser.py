"""A note typed at baseline is there at the retest, beside the baseline value; a number typed
with a decimal comma or its unit saves, in Chromium."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Finding
from assessments.services import assessment_create_baseline
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.django_db(transaction=True)

NOTE = "core buckles, pain in lumbar spine"


def type_and_leave(page: Page, label: str, value: str) -> None:
    field = page.get_by_label(label, exact=True)
    field.fill(value)
    with page.expect_response(re.compile(r"/findings/\d+/\w+/$")):
        field.press("Tab")


def test_a_note_typed_at_baseline_shows_beside_the_baseline_value_at_the_retest(
    page: Page, alice, ana, library
):
    baseline = assessment_create_baseline(
        client=ana,
        clinician=alice.user,
        tests=[library["hip-flexion-rom"], library["psfs-mean"], library["nprs-movement"]],
    )
    log_in(page, alice)
    page.goto(f"/assessments/{baseline.pk}/")

    type_and_leave(page, "Hip flexion ROM, left: Degrees", "95°")
    type_and_leave(page, "Hip flexion ROM, left: Note", NOTE)
    type_and_leave(page, "Patient-Specific Functional Scale (mean): Points", "1,5")
    type_and_leave(page, "Pain with the provoking movement (NPRS): Note", "Lumbar flexion")
    page.wait_for_load_state("networkidle")
    left = Finding.objects.get(assessment=baseline, test__slug="hip-flexion-rom", side="left")
    assert (left.value, left.note) == (Decimal(95), NOTE)
    assert Finding.objects.get(assessment=baseline, test__slug="psfs-mean").value == Decimal("1.5")

    # A wrong unit is refused beside its input, what was typed kept, what was saved left alone.
    type_and_leave(page, "Hip flexion ROM, left: Degrees", "95 cm")
    degrees = page.get_by_label("Hip flexion ROM, left: Degrees", exact=True)
    expect(degrees).to_have_attribute("aria-invalid", "true")
    expect(degrees).to_have_value("95 cm")
    wrapper = page.locator(f"#{degrees.get_attribute('id')}-field")
    expect(wrapper.locator(".field-error")).to_contain_text("measured in degrees, not cm")
    left.refresh_from_db()
    assert left.value == Decimal(95)

    page.get_by_role("button", name="Start a retest").click()
    expect(page.get_by_role("heading", name=re.compile("^Retest: "))).to_be_visible()
    row = page.locator(f"#finding-{library['hip-flexion-rom'].pk}-left")
    expect(row.locator(".finding-baseline")).to_contain_text("95°")
    expect(row.locator(".finding-baseline-note")).to_have_text(f"note: {NOTE}")
    expect(
        page.get_by_text("Repeat the movement named at baseline: Lumbar flexion")
    ).to_be_visible()
    assert_accessible(page)

    # At the retest too, a decimal comma saves.
    type_and_leave(page, "Patient-Specific Functional Scale (mean): Points", "2,5")
    expect(page.locator(f"#finding-{library['psfs-mean'].pk}-none-status")).to_have_text("✓ Saved")
