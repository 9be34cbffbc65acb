"""The client's programme on a phone with a flaky connection: logs made offline wait on the
phone, are sent when the connection is back, and a log whose answer was lost is sent again and
stored once; the clinician reads all of them on the client page and in the next report."""

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from assessments.services import assessment_create_retest
from demo.clinic import DEMO_PASSWORD
from exercises.models import SessionLog
from tests.browser.conftest import (
    NETWORK_CONSOLE,
    PHONE,
    Demo,
    _is_error,
    assert_accessible,
    log_in,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.network_errors_expected]


def kept_offline(phone: Page) -> bool:
    """The service worker controls the page and holds a copy of it."""
    return phone.evaluate(
        """async () => Boolean(navigator.serviceWorker.controller)
            && Boolean(await caches.match(location.origin + location.pathname))"""
    )


def test_the_handouts_link_logs_online_and_offline_and_the_clinician_reads_all_three_once(
    page: Page, browser: Browser, demo: Demo, live_server
):
    log_in(page, demo.membership, DEMO_PASSWORD)
    page.goto(f"/clients/{demo.client.pk}/programme/")
    page.get_by_role("button", name="Print the handout with a phone link").click()
    # The QR code's target is the address printed beside it.
    address = page.locator(".handout-link code").inner_text()
    assert address.startswith(live_server.url + "/home/")

    phone = browser.new_context(viewport=PHONE, base_url=live_server.url, is_mobile=True)
    phone.set_default_timeout(15_000)
    client_page = phone.new_page()
    errors: list[str] = []
    client_page.on(
        "console",
        lambda msg: errors.append(msg.text) if _is_error(msg, NETWORK_CONSOLE) else None,
    )
    client_page.on("pageerror", lambda exc: errors.append(str(exc)))
    client_page.goto(address)
    exercises = client_page.locator(".home-exercise")
    expect(exercises).to_have_count(3)

    # Online: each log is sent by htmx and its exercise alone is answered, in place.
    first = exercises.nth(0)
    first.get_by_label("Done", exact=True).check()
    first.get_by_label("Sets done").fill("3")
    first.get_by_label("Pain during it", exact=False).fill("2")
    first.get_by_role("button", name="Save").click()
    expect(exercises.nth(0).locator(".home-logged")).to_contain_text("Saved today just now")
    second = exercises.nth(1)
    second.get_by_label("Partly").check()
    second.get_by_label("Pain during it", exact=False).fill("4")
    second.get_by_role("button", name="Save").click()
    expect(exercises.nth(1).locator(".home-logged")).to_contain_text("Partly, pain 4/10")
    assert client_page.url == address
    client_page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    for _ in range(50):
        if kept_offline(client_page):
            break
        client_page.wait_for_timeout(100)
    assert kept_offline(client_page)

    # Offline: the third log waits on the phone, and the page says so.
    phone.set_offline(True)
    third = exercises.nth(2)
    third.get_by_label("Done", exact=True).check()
    third.get_by_label("Effort", exact=False).fill("7")
    third.get_by_role("button", name="Save").click()
    waiting = exercises.nth(2).locator(".home-waiting")
    expect(waiting).to_contain_text("Waiting to send, not saved yet")
    expect(waiting).to_contain_text("Done, effort 7/10")
    expect(client_page.locator(".home-banner")).to_contain_text(
        "You are offline. 1 log is waiting on this phone, not saved yet"
    )
    assert SessionLog.objects.count() == 2

    # Still offline, the page opens again from the phone's copy: what was saved, and what waits.
    client_page.reload()
    expect(exercises).to_have_count(3)
    expect(exercises.nth(0).locator(".home-logged")).to_contain_text("Done, 3 sets, pain 2/10")
    expect(exercises.nth(1).locator(".home-logged")).to_contain_text("Partly, pain 4/10")
    expect(exercises.nth(2).locator(".home-waiting")).to_contain_text("Done, effort 7/10")
    assert_accessible(client_page)

    # Back online, the first answer is lost on the way back: the log was stored, the phone
    # does not know, and sends it again with the same entry id.
    sent: list[int] = []

    def lose_the_answer(route: Route) -> None:
        if not sent:
            route.fetch()
            sent.append(1)
            route.abort("internetdisconnected")
        else:
            sent.append(1)
            route.continue_()

    client_page.route("**/log/", lose_the_answer)
    phone.set_offline(False)
    client_page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(exercises.nth(2).locator(".home-logged")).to_contain_text("Saved today just now")
    expect(exercises.nth(2).locator(".home-waiting")).to_have_count(0)
    expect(client_page.locator(".home-banner")).to_be_hidden()
    assert len(sent) == 2
    logs = list(SessionLog.objects.order_by("logged_at"))
    assert [log.outcome for log in logs] == ["done", "partly", "done"]
    assert len({log.entry_id for log in logs}) == 3
    assert client_page.evaluate("() => Object.keys(localStorage).length") == 0
    assert_accessible(client_page)
    phone.close()
    assert not errors, f"console errors on the phone: {errors}"

    # The clinician's client page and the next report show the three with the adherence.
    page.goto(f"/clients/{demo.client.pk}/")
    section = page.locator(".home-adherence")
    expect(section).to_contain_text("Last 7 days")
    expect(section).to_contain_text("3 of 3 planned sessions done (100 %)")
    assert_accessible(page)
    assessment_create_retest(baseline=demo.baseline, clinician=demo.membership.user)
    page.goto(f"/assessments/{demo.baseline.pk}/report/")
    expect(page.locator(".between-home").last).to_contain_text(
        "At home until the next round: 3 of 3 planned sessions done (100 %)"
    )
