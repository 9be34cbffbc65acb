"""Every main page, as the demo clinic fills it, passes axe-core with no serious or critical
problem; every input is labelled; the report's charts carry their text equivalents."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from demo.clinic import DEMO_PASSWORD
from tests.browser.conftest import PHONE, TABLET, Demo, assert_accessible, log_in
from tests.factories import InvitationFactory, MembershipFactory, invited

pytestmark = pytest.mark.django_db(transaction=True)

# Inputs axe would pass for an aria-label or a title alone; ours must have a visible <label>
# (or, for a checkbox group, a legend around labelled boxes).
UNLABELLED_INPUTS = """() => [...document.querySelectorAll(
    'input:not([type=hidden]):not([type=submit]), select, textarea'
  )].filter((el) => !(el.labels && el.labels.length)).map((el) => el.outerHTML)"""

SIDEWAYS = "() => document.documentElement.scrollWidth"


def main_pages(demo: Demo) -> list[tuple[str, str]]:
    client, baseline = demo.client.pk, demo.baseline.pk
    return [
        ("client list", "/"),
        ("client page", f"/clients/{client}/"),
        ("baseline start", f"/clients/{client}/assessments/new/"),
        ("baseline entry", f"/assessments/{baseline}/"),
        ("catalog", "/exercises/"),
        ("exercise", f"/exercises/{demo.exercise.pk}/"),
        ("programme", f"/clients/{client}/programme/"),
        ("handout", f"/clients/{client}/programme/handout/"),
        ("report", f"/assessments/{baseline}/report/"),
        ("client summary", f"/assessments/{baseline}/summary/"),
        ("client history", f"/clients/{client}/history/"),
        ("members", "/members/"),
        ("security", "/account/security/"),
        ("invite a member", "/members/invite/"),
        ("invitations", "/members/invitations/"),
        ("change password", "/accounts/password/"),
        # Last, so that it lists the views above (the demo login is the clinic's owner).
        ("access audit", "/audit/"),
    ]


def test_every_main_page_has_no_serious_accessibility_problem_and_labels_every_input(
    page: Page, demo: Demo
):
    _, token = invited(clinic=demo.membership.clinic, created_by=demo.membership.user)
    for anonymous in (
        "/accounts/login/",
        "/accounts/password/reset/",
        f"/accounts/invite/{token}/",
    ):
        page.goto(anonymous)
        assert_accessible(page)
        assert page.evaluate(UNLABELLED_INPUTS) == []
    log_in(page, demo.membership, DEMO_PASSWORD)
    InvitationFactory(
        clinic=demo.membership.clinic,
        created_by=demo.membership.user,
        email="a.rather.long.address.for.a.new.colleague@example.org",
    )
    # A colleague with an authenticator, so that the members page offers its reset.
    colleague = MembershipFactory(clinic=demo.membership.clinic, user__username="kim@retest.local")
    TOTPDevice.objects.create(user=colleague.user, name="Authenticator app", confirmed=True)
    # Tablet first; the phone's narrow layout scrolls tables and wraps rows differently.
    for viewport in (TABLET, PHONE):
        page.set_viewport_size(viewport)
        for name, url in main_pages(demo):
            page.goto(url)
            expect(page.locator("h1")).to_be_visible()
            try:
                assert_accessible(page)
                assert page.evaluate(UNLABELLED_INPUTS) == [], "inputs without a <label>"
                # Reflow: only a table may scroll sideways (in its own focusable region).
                assert page.evaluate(SIDEWAYS) <= viewport["width"], "the page scrolls sideways"
            except AssertionError as problem:
                where = f"{name} ({url}) at {viewport['width']} px"
                raise AssertionError(f"{where}: {problem}") from None


def test_the_report_charts_have_a_title_and_a_description(page: Page, demo: Demo):
    log_in(page, demo.membership, DEMO_PASSWORD)
    page.goto(f"/assessments/{demo.baseline.pk}/report/")
    charts = page.locator("svg.chart-svg")
    expect(charts.first).to_be_visible()
    assert charts.count() >= 3
    for chart in charts.all():
        title = chart.locator("title").text_content()
        description = chart.locator("desc").text_content()
        assert title and description
        # Announced as one image named by its title and described by its values.
        expect(chart).to_have_attribute("role", "img")
        expect(chart).to_have_accessible_name(title)
        expect(chart).to_have_accessible_description(description)
    hip = page.get_by_role("img", name="Hip extension ROM (left) over the rounds")
    expect(hip).to_have_accessible_description(re.compile(r"Baseline 5°.* 8°.* 19°"))
