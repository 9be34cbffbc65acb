import datetime

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.conftest import TABLET, assert_accessible, log_in
from tests.factories import TEST_PASSWORD, totp_code

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_new_member_sets_up_the_app_on_a_tablet_and_reaches_the_clients(page: Page, alice):
    page.set_viewport_size(TABLET)
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(alice.user.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/account/two-factor/setup/**")
    qr = page.get_by_role("img", name="QR code for your authenticator app")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] >= 150
    assert_accessible(page)

    device = TOTPDevice.objects.get(user=alice.user)
    page.get_by_label("Code from the app").fill(totp_code(device))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Done: your recovery codes")).to_be_visible()
    expect(page.get_by_role("list", name="Recovery codes").get_by_role("listitem")).to_have_count(
        10
    )
    assert_accessible(page)
    page.get_by_role("link", name="I have kept them, continue").click()
    expect(page.get_by_role("heading", name="Clients")).to_be_visible()


def test_the_verify_page_and_the_security_page_are_accessible(page: Page, alice):
    TOTPDevice.objects.create(user=alice.user, confirmed=True)
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(alice.user.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/account/two-factor/verify/**")
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("That code is not right")).to_be_visible()
    assert_accessible(page)
    page.goto("/account/security/")
    assert "/two-factor/verify/" in page.url
    page.context.clear_cookies()
    # The wait one wrong code brings (a second) is over, however quickly the browser came back.
    TOTPDevice.objects.filter(user=alice.user).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(seconds=5)
    )
    log_in(page, alice)
    page.get_by_role("link", name="Security").click()
    expect(page.get_by_text("On: an authenticator app")).to_be_visible()
    assert_accessible(page)
