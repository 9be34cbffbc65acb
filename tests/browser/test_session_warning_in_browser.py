"""The warning before the idle sign-out, in Chromium, with the idle limit shortened to 12 s.

The warning opens 6 s before the end (half the idle time, as for any limit under 4 minutes),
"Stay signed in" is reached and pressed with the keyboard, and when the end comes with the tab
open the page goes to the login, which says why. A poll on the page does not keep it alive.
"""

import re
import time

import pytest
from playwright.sync_api import Page, expect

from clinic.models import AuthEvent, AuthEventKind, Membership
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.django_db(transaction=True)

IDLE = 12
OPEN = re.compile(r"\bis-open\b")
STATUS = "() => fetch('/accounts/session/').then(response => response.json())"
POLL = """() => {
  const poll = document.createElement('div');
  poll.setAttribute('hx-get', '/?status=all');
  poll.setAttribute('hx-trigger', 'every 1s');
  poll.setAttribute('hx-swap', 'none');
  document.body.appendChild(poll);
  htmx.process(poll);
}"""


@pytest.fixture
def short_idle(settings) -> None:
    settings.SESSION_IDLE_TIMEOUT = IDLE


def test_the_warning_lets_the_clinician_stay_and_then_sends_an_idle_page_to_log_in(
    page: Page, alice: Membership, short_idle
):
    log_in(page, alice)
    warning = page.locator("#session-warning")
    expect(warning).not_to_have_class(OPEN)
    expect(warning).to_have_class(OPEN, timeout=IDLE * 1000)
    expect(page.locator("#session-warning-text")).to_have_text(
        "You will be signed out in less than a minute without activity."
    )
    expect(page.locator("#session-warning-text")).to_have_attribute("aria-live", "assertive")
    stay = page.get_by_role("button", name="Stay signed in")
    # Nothing was focused, so the button takes the focus: Enter alone keeps the login.
    expect(stay).to_be_focused()
    assert_accessible(page)
    page.keyboard.press("Enter")
    expect(warning).not_to_have_class(OPEN)
    assert page.evaluate(STATUS)["idle_remaining"] > IDLE - 3

    # Left alone, the page warns again and then goes to the login by itself.
    expect(warning).to_have_class(OPEN, timeout=IDLE * 1000)
    page.wait_for_url("**/accounts/login/?next=%2F", timeout=IDLE * 1000)
    expect(page.locator(".messages")).to_contain_text(
        f"You were signed out after {IDLE} seconds without activity."
    )
    event = AuthEvent.objects.get(kind=AuthEventKind.SESSION_EXPIRED)
    assert (event.user, event.detail) == (alice.user, f"idle for {IDLE} seconds")


def test_a_poll_on_the_page_does_not_keep_an_idle_login_alive(
    page: Page, alice: Membership, short_idle
):
    log_in(page, alice)
    started = time.monotonic()
    polls: list[dict[str, str]] = []
    page.on(
        "request",
        lambda request: polls.append(request.headers) if "status=all" in request.url else None,
    )
    page.evaluate(POLL)
    page.wait_for_url("**/accounts/login/**", timeout=IDLE * 2000)
    assert time.monotonic() - started < IDLE + 3
    assert len(polls) >= IDLE // 2
    assert all(headers.get("x-retest-background") == "true" for headers in polls)
