"""The client list and the report on a phone (390 px) and a desktop."""

from playwright.sync_api import Browser, Page, expect

from demo.clinic import DEMO_PASSWORD
from tests.browser.conftest import DESKTOP, PHONE, Demo, log_in
from tests.factories import ClientFactory


def column_lefts(page: Page, selector: str) -> list[float]:
    return page.eval_on_selector_all(
        selector,
        "cells => cells.filter(c => c.offsetParent !== null)"
        ".map(c => Math.round(c.getBoundingClientRect().left))",
    )


def test_on_a_phone_the_complaint_column_hides_header_and_cells_together(
    page: Page, alice, northside
):
    ClientFactory(clinic=northside, name="Ana Souza", presenting_complaint="Low back pain")
    page.set_viewport_size(PHONE)
    log_in(page, alice)
    page.goto("/")
    table = page.locator("#client-table table")
    expect(table.get_by_role("columnheader", name="Presenting complaint")).to_be_hidden()
    expect(table.get_by_text("Low back pain")).to_be_hidden()
    # Every header that shows sits above the cells of its own column.
    headers = column_lefts(page, "#client-table thead th")
    first_row = column_lefts(page, "#client-table tbody tr:first-child > *")
    assert headers == first_row
    assert len(headers) == 3


def test_on_a_desktop_the_complaint_column_shows(page: Page, alice, northside):
    ClientFactory(clinic=northside, name="Ana Souza", presenting_complaint="Low back pain")
    page.set_viewport_size(DESKTOP)
    log_in(page, alice)
    page.goto("/")
    expect(page.get_by_role("columnheader", name="Presenting complaint")).to_be_visible()
    expect(page.get_by_text("Low back pain")).to_be_visible()


def test_on_a_phone_the_report_opens_on_the_latest_round_and_says_it_scrolls(
    page: Page, demo: Demo
):
    page.set_viewport_size(PHONE)
    log_in(page, demo.membership, DEMO_PASSWORD)
    page.goto(f"/assessments/{demo.baseline.pk}/report/")
    box = page.locator("#findings-title + .scroll-hint + .table-scroll")
    expect(page.locator(".scroll-hint").first).to_be_visible()
    expect(page.locator(".scroll-hint").first).to_contain_text("latest round")
    # Scrolled to its end: the last column, the latest retest, is inside the visible box.
    geometry = box.evaluate(
        """b => {
          const last = b.querySelector("thead th:last-child").getBoundingClientRect();
          const edge = b.getBoundingClientRect();
          return {scrolled: b.scrollLeft, lastRight: last.right, boxRight: edge.right,
                  wider: b.scrollWidth > b.clientWidth};
        }"""
    )
    assert geometry["wider"]
    assert geometry["scrolled"] > 0
    assert geometry["lastRight"] <= geometry["boxRight"] + 1
    # The finding's name stays in view beside it.
    label = box.locator("tbody th").first
    label_left = label.evaluate("th => th.getBoundingClientRect().left")
    assert label_left >= box.evaluate("b => b.getBoundingClientRect().left") - 1


def test_on_a_desktop_the_report_table_fits_and_says_nothing_of_scrolling(page: Page, demo: Demo):
    page.set_viewport_size(DESKTOP)
    log_in(page, demo.membership, DEMO_PASSWORD)
    page.goto(f"/assessments/{demo.baseline.pk}/report/")
    expect(page.locator("#findings-title")).to_be_visible()
    box = page.locator("[aria-labelledby=findings-title].table-scroll")
    assert not box.evaluate("b => b.scrollWidth > b.clientWidth + 1")
    expect(page.locator(".scroll-hint:visible")).to_have_count(0)


def test_without_scripts_a_phone_still_scrolls_the_report_table_sideways(
    browser: Browser, live_server, demo: Demo
):
    context = browser.new_context(
        viewport=PHONE, base_url=live_server.url, java_script_enabled=False
    )
    try:
        page = context.new_page()
        log_in(page, demo.membership, DEMO_PASSWORD)
        page.goto(f"/assessments/{demo.baseline.pk}/report/")
        box = page.locator("[aria-labelledby=findings-title].table-scroll")
        expect(box).to_be_visible()
        assert box.evaluate("b => getComputedStyle(b).overflowX") == "auto"
        assert box.evaluate("b => b.scrollWidth > b.clientWidth + 1")
        box.focus()
        # A key scrolls smoothly: the box is read until it has moved, for up to two seconds.
        moved = False
        for _ in range(20):
            page.keyboard.press("ArrowRight")
            page.wait_for_timeout(100)
            if moved := box.evaluate("b => b.scrollLeft > 0"):
                break
        assert moved, "the keyboard cannot reach later rounds"
    finally:
        context.close()
