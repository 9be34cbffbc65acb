"""Two tabs on one finding, in a real browser: the refusal is swapped in beside what was typed,
"Keep yours" saves it, and the other tab's next save merges and shows the value kept."""

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Finding
from assessments.services import assessment_create_baseline
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_stale_finding_is_refused_kept_and_merged_in_two_tabs(page: Page, alice, ana, library):
    round_ = assessment_create_baseline(
        client=ana, clinician=alice.user, tests=[library["glute-bridge"]]
    )
    log_in(page, alice)
    other = page.context.new_page()
    page.goto(f"/assessments/{round_.pk}/")
    other.goto(f"/assessments/{round_.pk}/")

    other.get_by_label("Glute bridge: Pain 0–10").fill("4")
    other.get_by_label("Glute bridge: Pain 0–10").press("Tab")
    expect(other.get_by_role("status").filter(has_text="Saved")).to_be_visible()

    pain = page.get_by_label("Glute bridge: Pain 0–10")
    pain.fill("2")
    pain.press("Tab")
    # Refused beside the input, which keeps what was typed.
    expect(pain).to_have_attribute("aria-invalid", "true")
    expect(pain).to_have_value("2")
    shown = page.locator(".field-error:not([hidden])")
    expect(shown).to_contain_text("Changed to “4” since you opened it")
    assert_accessible(page)

    page.get_by_role("button", name="Keep yours").click()
    expect(page.get_by_label("Glute bridge: Pain 0–10")).not_to_have_attribute(
        "aria-invalid", "true"
    )
    expect(page.get_by_role("status").filter(has_text="Saved")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert Finding.objects.get(assessment=round_).pain == 2

    # The other tab still shows 4 and an old version: a change of the grade there merges, and
    # brings Alice's 2 into its pain input.
    other.get_by_label("Glute bridge: Grade").select_option(
        label="Good: extends through the hips, spine neutral"
    )
    expect(other.get_by_text("keeping the pain 0–10 as changed meanwhile")).to_be_visible()
    expect(other.get_by_label("Glute bridge: Pain 0–10")).to_have_value("2")
    other.wait_for_load_state("networkidle")
    stored = Finding.objects.get(assessment=round_)
    assert (stored.pain, stored.grade) == (2, 2)
    other.close()
