"""Real Chromium against a live server on the suite's PostgreSQL.

Every test here is marked `browser`; skip them locally with `python3 dev.py test -m "not browser"`.
Without a browser (see `find_chromium`) they are skipped with one line saying how to get one, or,
under RETEST_REQUIRE_BROWSER=1 (as in CI), the run stops with that line instead.
A failing test leaves a full-page screenshot in var/test-artifacts/.
"""

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings as django_settings
from django.db import connections as db_connections
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page, expect, sync_playwright

from assessments.models import Assessment
from clinic.models import Client, Membership
from demo.clinic import demo_seed
from demo.history import DEMO_CLIENT, demo_history_seed
from exercises.models import Exercise
from exercises.services import prescription_create
from tests.factories import TEST_PASSWORD, totp_code

DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(django_settings.BASE_DIR) / "var" / "test-artifacts"
SERIOUS = {"serious", "critical"}
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 820, "height": 1180}
DESKTOP = {"width": 1440, "height": 900}


CHROMIUM = pytest.StashKey[str]()
NO_BROWSER = pytest.StashKey[str]()


def find_chromium() -> str | None:
    """The browser to drive: RETEST_CHROMIUM when set, else Debian's /usr/bin/chromium, else the
    one `playwright install chromium` downloaded. RETEST_CHROMIUM=none means no browser at all,
    and a RETEST_CHROMIUM that names no file finds none either, rather than another browser."""
    chosen = os.environ.get("RETEST_CHROMIUM", "").strip()
    if chosen:
        return chosen if chosen != "none" and Path(chosen).is_file() else None
    if DEBIAN_CHROMIUM.is_file():
        return str(DEBIAN_CHROMIUM)
    try:
        with sync_playwright() as playwright:
            downloaded = playwright.chromium.executable_path
    except Exception:  # Playwright's own driver missing or broken: no browser from there either.
        return None
    return downloaded if Path(downloaded).is_file() else None


def no_browser_message() -> str:
    chosen = os.environ.get("RETEST_CHROMIUM", "").strip()
    if chosen == "none":
        why = "RETEST_CHROMIUM=none"
    elif chosen:
        why = f"RETEST_CHROMIUM={chosen} is not a file"
    else:
        why = f"no Chromium at {DEBIAN_CHROMIUM} nor from Playwright"
    return f"no browser ({why}): run `apt-get install chromium`, or set RETEST_CHROMIUM to one."


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "network_errors_expected: a browser test that cuts the network; its failed requests log",
    )


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]):
    here = Path(__file__).parent
    ours = [item for item in items if Path(str(item.fspath)).is_relative_to(here)]
    for item in ours:
        item.add_marker(pytest.mark.browser)
    result = yield  # -m and -k deselect here, so a run without browser tests looks for none
    ours = [item for item in items if Path(str(item.fspath)).is_relative_to(here)]
    if not ours:
        return result
    chromium = find_chromium()
    if chromium is not None:
        config.stash[CHROMIUM] = chromium
        return result
    message = no_browser_message()
    if os.environ.get("RETEST_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"RETEST_REQUIRE_BROWSER=1, but {message}")
    message = f"Browser tests skipped, {message}"
    config.stash[NO_BROWSER] = message
    for item in ours:
        item.add_marker(pytest.mark.skip(reason=message))
    return result


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    if NO_BROWSER in config.stash:
        terminalreporter.write_line(config.stash[NO_BROWSER], yellow=True, bold=True)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser(pytestconfig: pytest.Config) -> Iterator[Browser]:
    chromium = pytestconfig.stash[CHROMIUM]
    # Playwright's sync API runs an event loop in this thread; the tests' own database calls
    # are still synchronous and safe. Set only while the browser runs: deploy checks reject it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
            # While the loop runs, Django keeps this thread's connections apart from the ones
            # it has outside it; those would stay open and keep the test database from being
            # dropped at the end of the session.
            db_connections.close_all()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


# Chromium logs every 4xx answer to a script's request as a console error. A 409 is the app
# refusing a stale save on purpose (it shows why, beside what was typed), not a failure.
EXPECTED_CONSOLE = ("the server responded with a status of 409 (Conflict)",)
# A test that cuts the network or fakes a failing answer on purpose
# (@pytest.mark.network_errors_expected) expects those requests, and htmx's report of each, in
# the console.
NETWORK_CONSOLE = (
    "net::ERR_INTERNET_DISCONNECTED",
    "net::ERR_FAILED",
    "htmx:afterRequest, [object",
    "htmx:sendError, [object",
    "Failed to load resource: the server responded with a status of",
    "Response Status Error Code",
)


def _is_error(message, expected: tuple[str, ...] = EXPECTED_CONSOLE) -> bool:
    return message.type == "error" and not any(text in message.text for text in expected)


@pytest.fixture
def page(browser: Browser, live_server, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(viewport=TABLET, base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    expected = EXPECTED_CONSOLE
    if request.node.get_closest_marker("network_errors_expected"):
        expected += NETWORK_CONSOLE
    page.on("console", lambda msg: errors.append(msg.text) if _is_error(msg, expected) else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()
    # A CSP violation or a script error is a failure even when the assertions passed.
    assert not errors, f"browser console errors: {errors}"


@dataclass
class Demo:
    membership: Membership
    client: Client
    baseline: Assessment
    exercise: Exercise


@pytest.fixture
def demo(catalog, library) -> Demo:
    """The quick-start's demo clinic: its clients, the catalog, the test library, Ana's history
    (a baseline, a pull-through, two retests, a reflection) and a home programme of three."""
    membership = demo_seed().membership
    baseline = demo_history_seed()
    client = Client.objects.get(clinic=membership.clinic, name=DEMO_CLIENT)
    for slug in ("glute-bridge", "side-lying-abduction", "prone-leg-extension"):
        exercise = Exercise.objects.get(clinic=None, slug=slug)
        prescription_create(client=client, exercise=exercise, prescribed_by=membership.user)
    return Demo(
        membership=membership,
        client=client,
        baseline=baseline,
        exercise=Exercise.objects.get(clinic=None, slug="glute-bridge"),
    )


def log_in(page: Page, membership: Membership, password: str = TEST_PASSWORD) -> None:
    """Log in with the password and, where the clinic requires it, the authenticator's code
    (a device is set up for the member first if they have none)."""
    device = TOTPDevice.objects.filter(user=membership.user, confirmed=True).first()
    if device is None and membership.clinic.two_factor_required:
        device = TOTPDevice.objects.create(user=membership.user, confirmed=True)
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(membership.user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    if device is not None:
        page.wait_for_url("**/account/two-factor/verify/**")
        page.get_by_label("Code").fill(totp_code(device))
        page.get_by_role("button", name="Continue").click()
    page.wait_for_url(lambda url: "/accounts/" not in url and "/two-factor/" not in url)


def assert_accessible(page: Page) -> None:
    """No serious or critical axe-core violation on the page as it stands."""
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in SERIOUS]
    detail = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in serious
    )
    assert not serious, f"axe found serious problems:\n{detail}"


def add_from_picker(page: Page, search: str, name: str) -> None:
    """Add an exercise to the programme from the picker on the programme page."""
    page.get_by_label("Search by name").fill(search)
    result = page.locator("#exercise-picker li").filter(has_text=name).first
    result.get_by_role("button", name=f"Add {name}").click()
    expect(page.locator("#programme .saved")).to_have_text(f"Added {name} to the programme.")
