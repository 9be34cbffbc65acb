"""A baseline of ten findings, and a retest, entered with the keyboard alone.

The figure that matters is how many keys a clinician presses beyond the values themselves (Tab,
Enter, an arrow key on a checklist item) and how many clicks: fewer is better. The test prints it
and keeps it in var/test-artifacts/keyboard-figures.txt.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Assessment, Finding, TestSet
from assessments.services import assessment_create_baseline, assessment_create_retest
from tests.browser.conftest import ARTIFACTS, log_in

pytestmark = pytest.mark.django_db(transaction=True)

# The accessible name of the focused element, and whether a focus ring shows around it.
FOCUSED = """() => {
  const el = document.activeElement;
  let label = el.labels && el.labels.length ? el.labels[0].innerText : el.innerText;
  // A checklist item's radio: "Lumbar extension: Not checked".
  const item = el.type === 'radio' && el.closest('[role=radiogroup]');
  if (item) { label = item.querySelector('.check-name').innerText + ': ' + label; }
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  return {label: (label || '').replace(/\\s+/g, ' ').trim(),
          ring: outline || style.boxShadow !== 'none'};
}"""
COUNT_POINTER = """() => { window.pointerPresses = 0;
  addEventListener('pointerdown', () => { window.pointerPresses += 1; }, true); }"""
# 54 when this was written, 61 since each row with a checklist has its "All looked for, none
# present" button (a stop on every such row passed). More means a stop crept into the tab order
# (a Save button per row adds ten) or focus got lost after a save.
KEYSTROKE_LIMIT = 64


class Keyboard:
    """Presses keys like a clinician would, counting every key that is not part of a value."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.strokes = 0

    def press(self, key: str) -> None:
        self.strokes += 1
        self.page.keyboard.press(key)

    def type(self, value: str) -> None:
        self.page.keyboard.type(value)

    def focused(self) -> dict:
        return self.page.evaluate(FOCUSED)

    def tab_to(self, label: str, *, limit: int = 15) -> None:
        """Tab until the input labelled `label` has focus, checking the focus ring at each stop."""
        for _ in range(limit):
            self.press("Tab")
            focused = self.focused()
            assert focused["ring"], f"no visible focus ring on {focused['label']!r}"
            if focused["label"] == label:
                return
        raise AssertionError(f"{label!r} not reached in {limit} Tabs; at {focused['label']!r}")

    def settle(self) -> None:
        # Saves run as the clinician moves on; wait for the last before reading the database.
        self.page.wait_for_load_state("networkidle")


def screen_round(ana, alice) -> Assessment:
    screen = TestSet.objects.get(slug="glute-low-back-screen", clinic__isnull=True)
    tests = [item.test for item in screen.items.select_related("test")]
    return assessment_create_baseline(client=ana, clinician=alice.user, tests=tests)


def test_ten_findings_are_entered_with_tab_typing_and_enter_alone(page: Page, alice, ana, library):
    baseline = screen_round(ana, alice)
    log_in(page, alice)
    page.goto(f"/assessments/{baseline.pk}/")
    page.evaluate(COUNT_POINTER)
    keys = Keyboard(page)

    # The skip link passes the site's navigation.
    keys.press("Tab")
    assert keys.focused()["label"] == "Skip to content"
    keys.press("Enter")
    keys.tab_to("Pain with the provoking movement (NPRS): Pain 0–10")
    keys.type("6")
    keys.press("Tab")
    keys.type("Bending to tie shoes")
    keys.tab_to("Hip extension ROM, left: Degrees")
    keys.type("5")
    keys.tab_to("Hip extension ROM, right: Degrees")
    keys.type("12")
    keys.tab_to("Modified Thomas test (thigh angle), left: Degrees")
    keys.type("10")
    keys.tab_to("Knee extends: Not checked")
    keys.press("ArrowRight")  # present
    keys.tab_to("Modified Thomas test (thigh angle), right: Degrees")
    keys.type("-5")
    keys.tab_to("Glute bridge: Grade")
    keys.type("P")  # a closed select picks the option its first letters name
    keys.press("Tab")
    keys.type("6")
    keys.tab_to("Lumbar extension: Not checked")
    keys.press("ArrowRight")  # present
    keys.tab_to("Single-leg bridge (reps to failure), left: Reps")
    keys.type("14")
    keys.press("Tab")
    keys.type("2")
    keys.tab_to("Single-leg bridge (reps to failure), right: Reps")
    keys.type("22")
    keys.tab_to("Prone knee-bent hip extension lock-out (hold), left: Seconds")
    keys.type("8")
    keys.tab_to("Lumbar extension: Not checked")
    keys.press("ArrowRight")  # present
    keys.tab_to("Prone knee-bent hip extension lock-out (hold), right: Seconds")
    keys.type("20")
    # Enter saves the row at once and keeps the focus where it was.
    keys.press("Enter")
    expect(page.locator("#entry-table form:focus-within [role=status]")).to_have_text("✓ Saved")
    assert keys.focused()["label"] == (
        "Prone knee-bent hip extension lock-out (hold), right: Seconds"
    )
    keys.settle()
    clicks = page.evaluate("window.pointerPresses")

    findings = {
        (f.test.slug, f.side): f
        for f in Finding.objects.filter(assessment=baseline).select_related("test")
    }
    assert len(findings) == 10
    assert findings["nprs-movement", "none"].pain == 6
    assert findings["nprs-movement", "none"].note == "Bending to tie shoes"
    assert findings["modified-thomas", "right"].value == -5
    assert findings["modified-thomas", "left"].compensations == ["Knee extends"]
    bridge = findings["glute-bridge", "none"]
    assert (bridge.grade, bridge.pain, bridge.compensations) == (0, 6, ["Lumbar extension"])
    assert findings["single-leg-bridge-reps", "left"].pain == 2
    assert findings["prone-hip-extension-hold", "left"].compensations == ["Lumbar extension"]
    assert findings["prone-hip-extension-hold", "right"].value == 20

    figure = (
        f"Keyboard-only baseline, ten findings of the glute / low-back screen: "
        f"{keys.strokes} keystrokes beyond the values typed (Tab, Enter, arrow keys), "
        f"{clicks} clicks."
    )
    print(figure)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "keyboard-figures.txt").write_text(figure + "\n", encoding="utf-8")
    assert clicks == 0
    assert keys.strokes <= KEYSTROKE_LIMIT


def test_a_retest_is_entered_by_keyboard_beside_the_baseline_values(
    page: Page, alice, ana, library
):
    baseline = screen_round(ana, alice)
    retest = assessment_create_retest(baseline=baseline, clinician=alice.user)
    log_in(page, alice)
    page.goto(f"/assessments/{retest.pk}/")
    page.evaluate(COUNT_POINTER)
    keys = Keyboard(page)

    # From the top: the site's links (Security and Password among them), then the round's.
    keys.tab_to("Pain with the provoking movement (NPRS): Pain 0–10", limit=14)
    keys.type("3")
    keys.tab_to("Hip extension ROM, left: Degrees")
    keys.type("8")
    keys.tab_to("Glute bridge: Grade", limit=25)
    keys.type("G")
    keys.press("Tab")
    keys.type("14")
    keys.press("Enter")
    # Refused where it was typed; the focus stays on it, and the correction typed at once is not
    # overwritten by a late answer to the same Enter.
    expect(page.get_by_label("Glute bridge: Pain 0–10")).to_have_attribute("aria-invalid", "true")
    assert keys.focused()["label"] == "Glute bridge: Pain 0–10"
    keys.press("Backspace")
    keys.press("Backspace")
    keys.type("2")
    keys.press("Enter")
    expect(page.get_by_label("Glute bridge: Pain 0–10")).not_to_have_attribute(
        "aria-invalid", "true"
    )
    # Every compensation looked for, none seen: the row's button, pressed from the keyboard.
    keys.tab_to("All looked for, none present in Glute bridge")
    keys.press("Enter")
    bridge_checks = page.get_by_role("group", name="Glute bridge: compensations")
    expect(
        bridge_checks.get_by_role("radiogroup", name="Pelvic rotation").get_by_label("Not seen")
    ).to_be_checked()
    keys.settle()

    assert page.evaluate("window.pointerPresses") == 0
    saved = {(f.test.slug, f.side): f for f in retest.findings.select_related("test")}
    assert saved["nprs-movement", "none"].pain == 3
    assert saved["hip-extension-rom", "left"].value == 8
    assert (saved["glute-bridge", "none"].grade, saved["glute-bridge", "none"].pain) == (2, 2)
    assert saved["glute-bridge", "none"].compensations == []
    assert len(saved["glute-bridge", "none"].compensations_absent) == 4
    assert re.search(r"Baseline\s+not recorded", page.locator("#entry-table").inner_text())
