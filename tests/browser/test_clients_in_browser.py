import re

import pytest
from playwright.sync_api import Page, expect

from clinic.models import Client
from tests.browser.conftest import assert_accessible, log_in
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def clients(northside):
    for name in ("Ana Souza", "Ben Okafor", "Chloé Martin"):
        ClientFactory(clinic=northside, name=name)


def table_names(page: Page) -> list[str]:
    return page.locator("#client-table tbody th a").all_inner_texts()


def test_the_login_page_is_accessible(page: Page, alice):
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", name="Retest")).to_be_visible()
    assert_accessible(page)


def test_searching_as_you_type_narrows_the_list_and_keeps_the_name_out_of_the_address(
    page: Page, alice, clients
):
    log_in(page, alice)
    assert sorted(table_names(page)) == ["Ana Souza", "Ben Okafor", "Chloé Martin"]
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))

    page.get_by_label("Find a client by name").press_sequentially("chlo", delay=30)

    expect(page.locator("#client-table tbody th a")).to_have_text(["Chloé Martin"])
    assert "chlo" not in page.url
    assert not [url for url in requests if "chlo" in url.lower()]
    assert_accessible(page)


def test_a_status_filter_survives_reload_and_the_back_button(page: Page, alice, clients, northside):
    ClientFactory(clinic=northside, name="Dara Discharged", status="discharged")
    log_in(page, alice)

    page.get_by_role("radio", name=re.compile("Discharged")).check()
    expect(page.locator("#client-table tbody th a")).to_have_text(["Dara Discharged"])
    expect(page).to_have_url(re.compile(r"/\?status=discharged$"))

    page.reload()
    expect(page.locator("#client-table tbody th a")).to_have_text(["Dara Discharged"])
    expect(page.get_by_role("radio", name=re.compile("Discharged"))).to_be_checked()

    page.get_by_role("link", name="Dara Discharged").click()
    expect(page.get_by_role("heading", name="Dara Discharged")).to_be_visible()
    page.go_back()
    expect(page.locator("#client-table tbody th a")).to_have_text(["Dara Discharged"])


def test_a_stale_edit_in_a_second_tab_is_refused_with_what_changed(
    page: Page, alice, clients, browser
):
    log_in(page, alice)
    ana = Client.objects.get(name="Ana Souza")
    second = page.context.new_page()
    page.goto(f"/clients/{ana.pk}/edit/")
    second.goto(f"/clients/{ana.pk}/edit/")

    page.get_by_label("Phone").fill("0700 000 001")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Saved Ana Souza.")).to_be_visible()

    second.get_by_label("Phone").fill("0700 000 002")
    second.get_by_role("button", name="Save changes").click()
    alert = second.get_by_role("alert")
    expect(alert).to_contain_text("Not saved: this client was saved by you in another tab")
    expect(alert).to_contain_text("Keep yours: “0700 000 002”")
    expect(alert).to_contain_text("Use theirs: “0700 000 001”")
    expect(second.get_by_label("Phone")).to_have_value("0700 000 002")
    assert_accessible(second)
    second.close()


def test_the_client_pages_are_accessible(page: Page, alice, clients):
    log_in(page, alice)
    assert_accessible(page)
    page.get_by_role("link", name="Ana Souza").click()
    expect(page.get_by_role("heading", name="Ana Souza")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Edit details").click()
    assert_accessible(page)
    page.goto("/clients/new/")
    page.get_by_role("button", name="Add client").click()
    expect(page.get_by_text("Enter the client's name.")).to_be_visible()
    assert_accessible(page)
