"""Screenshots of the main pages at phone, tablet and desktop widths, for a person to review.

Run by `python3 dev.py screens`, which sets RETEST_SCREENS=1; skipped in the ordinary suite.
The pages show the quick-start's demo clinic; the PNGs land in var/screens/.
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import Page, expect

from demo.clinic import DEMO_PASSWORD
from tests.browser.conftest import DESKTOP, PHONE, TABLET, Demo, log_in
from tests.browser.test_accessibility_in_browser import main_pages

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(os.environ.get("RETEST_SCREENS") != "1", reason="python3 dev.py screens"),
]

SCREENS = Path(django_settings.BASE_DIR) / "var" / "screens"
WIDTHS = {"phone": PHONE, "tablet": TABLET, "desktop": DESKTOP}


def shoot(page: Page, name: str) -> None:
    for label, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        slug = re.sub(r"\W+", "-", name)
        page.screenshot(path=str(SCREENS / f"{slug}-{label}.png"), full_page=True)


def test_the_main_pages_are_rendered_at_three_widths(page: Page, demo: Demo):
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.goto("/accounts/login/")
    shoot(page, "00 login")
    log_in(page, demo.membership, DEMO_PASSWORD)
    retest = demo.baseline.retests.order_by("performed_at").last()
    pages = [*main_pages(demo), ("retest entry", f"/assessments/{retest.pk}/")]
    for number, (name, url) in enumerate(pages, start=1):
        page.goto(url)
        expect(page.locator("h1")).to_be_visible()
        shoot(page, f"{number:02} {name}")
    print(f"{len(WIDTHS) * (len(pages) + 1)} screenshots in {SCREENS}")
