"""The client's programme on a phone: the clinician prints the handout with a link, the client
opens the link's address without a login and logs the exercises."""

from playwright.sync_api import Browser, Page, expect

from demo.clinic import DEMO_PASSWORD
from exercises.models import SessionLog
from tests.browser.conftest import PHONE, Demo, assert_accessible, log_in


def test_the_handouts_link_opens_the_programme_on_a_phone_where_sessions_are_logged(
    page: Page, browser: Browser, demo: Demo, live_server
):
    log_in(page, demo.membership, DEMO_PASSWORD)
    page.goto(f"/clients/{demo.client.pk}/programme/")
    page.get_by_role("button", name="Print the handout with a phone link").click()
    expect(page.get_by_role("img", name="QR code: your programme on your phone")).to_be_visible()
    address = page.locator(".handout-link code").inner_text()
    assert address.startswith(live_server.url + "/home/")
    assert_accessible(page)

    phone = browser.new_context(viewport=PHONE, base_url=live_server.url, is_mobile=True)
    client_page = phone.new_page()
    client_page.goto(address)
    expect(client_page.get_by_role("heading", level=1)).to_contain_text("Hello")
    exercises = client_page.locator(".home-exercise")
    expect(exercises).to_have_count(3)
    assert_accessible(client_page)

    first = exercises.nth(0)
    first.get_by_label("Done", exact=True).check()
    first.get_by_label("Sets done").fill("3")
    first.get_by_label("Pain during it", exact=False).fill("2")
    first.get_by_role("button", name="Save").click()
    expect(client_page.locator(".home-exercise").nth(0).get_by_role("status")).to_contain_text(
        "Saved today just now"
    )
    second = client_page.locator(".home-exercise").nth(1)
    second.get_by_label("Not today").check()
    second.get_by_role("button", name="Save").click()
    expect(client_page.locator(".home-exercise").nth(1).get_by_role("status")).to_contain_text(
        "Not today"
    )
    # A refused value is shown beside its field and nothing is stored for it.
    third = client_page.locator(".home-exercise").nth(2)
    third.get_by_label("Partly").check()
    third.get_by_label("Pain during it", exact=False).fill("14")
    third.get_by_role("button", name="Save").click()
    expect(client_page.locator(".home-exercise").nth(2)).to_contain_text("Pain goes from 0")
    assert_accessible(client_page)
    assert sorted(SessionLog.objects.values_list("outcome", flat=True)) == ["done", "not_today"]
    phone.close()
