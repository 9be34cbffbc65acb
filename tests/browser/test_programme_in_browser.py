import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import add_from_picker, assert_accessible, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def programme_names(page: Page) -> list[str]:
    return page.locator("#programme .prescription-name").all_inner_texts()


def test_three_exercises_added_one_progressed_and_the_handout_printed(
    page: Page, alice, ana, catalog
):
    log_in(page, alice)
    page.goto(f"/clients/{ana.pk}/")
    page.get_by_role("link", name="Treat").click()
    page.get_by_role("link", name="Home programme", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("Home programme"))).to_be_visible()

    add_from_picker(page, "glute bridge", "Glute bridge")
    add_from_picker(page, "side-lying", "Side-lying hip abduction")
    add_from_picker(page, "clam", "Clam shell")
    expect(page.locator("#programme .prescription-name")).to_have_text(
        ["Glute bridge", "Side-lying hip abduction", "Clam shell"]
    )
    # The picker refreshes after each add and marks what is already in the programme.
    expect(page.locator("#exercise-picker .in-programme")).to_have_count(1)
    assert_accessible(page)

    bridge = page.locator("#programme .prescription").filter(has_text="Glute bridge")
    expect(bridge.get_by_text("Move on when: 3 × 10 felt in the glutes")).to_be_visible()
    bridge.get_by_role("button", name="Progress to Hip thruster").click()
    expect(page.locator("#programme .saved")).to_have_text(
        "Progressed Glute bridge to Hip thruster."
    )
    assert programme_names(page) == ["Hip thruster", "Side-lying hip abduction", "Clam shell"]
    expect(page.locator(".history-list")).to_contain_text("Progressed to Hip thruster")

    page.get_by_role("link", name="Open the handout").click()
    expect(page.get_by_role("heading", name="Home exercises for Ana Souza")).to_be_visible()
    expect(page.locator(".handout-exercise h2")).to_have_text(
        ["1. Hip thruster", "2. Side-lying hip abduction", "3. Clam shell"]
    )
    expect(page.locator("nav")).to_have_count(0)
    assert_accessible(page)


def test_the_dose_is_edited_inline_and_a_mistake_keeps_what_was_typed(
    page: Page, alice, ana, catalog
):
    log_in(page, alice)
    page.goto(f"/clients/{ana.pk}/programme/")
    add_from_picker(page, "glute bridge", "Glute bridge")

    page.get_by_role("link", name="Edit dose of Glute bridge").click()
    # The browser checks the number ranges itself; a hold in seconds and to fatigue together
    # is the server's to refuse.
    page.get_by_label("Hold (seconds)").fill("30")
    page.get_by_label("Hold to fatigue").check()
    page.get_by_label("Note for the client").fill("Slowly down")
    page.get_by_role("button", name="Save dose").click()
    expect(
        page.get_by_text("Give a hold in seconds or tick 'hold to fatigue', not both.")
    ).to_be_visible()
    expect(page.get_by_label("Note for the client")).to_have_value("Slowly down")

    page.get_by_label("Hold to fatigue").uncheck()
    page.get_by_label("Reps").fill("12")
    page.get_by_role("button", name="Save dose").click()
    expect(page.locator("#programme .saved")).to_have_text("Saved the dose of Glute bridge.")
    expect(page.locator("#programme .prescription-dose")).to_contain_text("12 reps")
