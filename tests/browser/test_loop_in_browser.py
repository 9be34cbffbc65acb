"""Test → treat → retest as a clinician does it, in Chromium, plus the catalog around it."""

import csv
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from assessments.models import PAIN_OUT_OF_RANGE, TestDefinition
from assessments.report import CSV_HEADER, TREATMENT_CSV_HEADER
from clinic.models import Client
from tests.browser.conftest import add_from_picker, log_in

pytestmark = pytest.mark.django_db(transaction=True)

BRIDGE_PAIN = "Glute bridge: Pain 0–10"
MOVEMENT_PAIN = "Pain with the provoking movement (NPRS): Pain 0–10"


def definition_pk(slug: str) -> int:
    return TestDefinition.objects.get(clinic__isnull=True, slug=slug).pk


def status(page: Page, slug: str, side: str = "none") -> Locator:
    return page.locator(f"#finding-{definition_pk(slug)}-{side}-status")


@contextmanager
def saving(page: Page) -> Iterator[None]:
    """Wait for the finding save the action inside sends; each input saves its own row."""
    with page.expect_response(re.compile(r"/findings/\d+/\w+/$")):
        yield


def type_and_leave(page: Page, label: str, value: str) -> None:
    field = page.get_by_label(label, exact=True)
    field.fill(value)
    with saving(page):
        field.press("Tab")


def add_client(page: Page, name: str) -> Client:
    page.get_by_role("link", name="Add client").click()
    page.get_by_label("Name").fill(name)
    page.get_by_role("button", name="Add client").click()
    expect(page.get_by_role("heading", name=name)).to_be_visible()
    return Client.objects.get(name=name)


def record_baseline(page: Page) -> str:
    """Five findings from the glute / low-back screen, one refused pain on the way."""
    page.get_by_role("link", name="New baseline").click()
    page.get_by_role("button", name="Glute / low-back screen").click()
    expect(page.get_by_role("heading", name=re.compile("^Baseline: "))).to_be_visible()
    baseline_url = page.url

    type_and_leave(page, "Hip extension ROM, left: Degrees", "5")
    type_and_leave(page, "Hip extension ROM, right: Degrees", "10")
    with saving(page):
        page.get_by_label("Glute bridge: Grade").select_option(
            label="Poor: extends through the low back"
        )
    compensations = page.get_by_role("group", name="Glute bridge: compensations")
    with saving(page):
        item(compensations, "Lumbar extension").get_by_label("Present").check()
    type_and_leave(page, BRIDGE_PAIN, "6")
    with saving(page):
        page.get_by_label("Trendelenburg sign, left: Sign").select_option(label="Positive")
    for slug, side in [("hip-extension-rom", "left"), ("glute-bridge", "none")]:
        expect(status(page, slug, side)).to_have_text("✓ Saved")

    # A pain of 14 is refused beside its input, keeps what was typed, and changes no other row.
    type_and_leave(page, MOVEMENT_PAIN, "14")
    pain = page.get_by_label(MOVEMENT_PAIN, exact=True)
    wrapper = page.locator(f"#{pain.get_attribute('id')}-field")
    expect(wrapper.locator(".field-error")).to_have_text(PAIN_OUT_OF_RANGE)
    expect(pain).to_have_value("14")
    expect(pain).to_have_attribute("aria-invalid", "true")
    expect(status(page, "nprs-movement")).to_contain_text("✗ Not saved")
    expect(status(page, "glute-bridge")).to_have_text("✓ Saved")
    expect(page.get_by_label(BRIDGE_PAIN, exact=True)).to_have_value("6")

    type_and_leave(page, MOVEMENT_PAIN, "4")
    expect(status(page, "nprs-movement")).to_have_text("✓ Saved")
    expect(wrapper.locator(".field-error")).to_have_count(0)

    page.reload()
    expect(page.locator(".entry-progress")).to_have_text(
        "5 of 18 findings recorded when this page was loaded."
    )
    expect(page.get_by_label(MOVEMENT_PAIN, exact=True)).to_have_value("4")
    expect(page.get_by_label("Hip extension ROM, left: Degrees", exact=True)).to_have_value("5")
    expect(page.get_by_label("Hip extension ROM, right: Degrees", exact=True)).to_have_value("10")
    expect(page.get_by_label("Glute bridge: Grade")).to_have_value("0")
    expect(item(compensations, "Lumbar extension").get_by_label("Present")).to_be_checked()
    # An item nobody marked stays "not checked", never "not seen".
    expect(item(compensations, "Pelvic rotation").get_by_label("Not checked")).to_be_checked()
    expect(page.get_by_label(BRIDGE_PAIN, exact=True)).to_have_value("6")
    expect(page.get_by_label("Trendelenburg sign, left: Sign")).to_have_value("positive")
    expect(status(page, "glute-bridge")).to_have_text("✓ Recorded")
    return baseline_url


def item(checklist: Locator, name: str) -> Locator:
    """One checklist item's radio group: not checked, present or not seen."""
    return checklist.get_by_role("radiogroup", name=name)


def log_pull_through(page: Page) -> None:
    treatment = page.get_by_role("region", name="Treatment after this round")
    treatment.get_by_label("Find the exercise").press_sequentially("pull-through", delay=20)
    with page.expect_response(re.compile(r"/interventions/exercises/\?")):
        treatment.get_by_role("radio", name=re.compile("Cable pull-through")).check()
    expect(treatment.get_by_label("Reps")).not_to_have_value("")
    treatment.get_by_label("Sets").fill("2")
    treatment.get_by_label("Reps").fill("20")
    treatment.get_by_role("button", name="Log treatment", exact=True).click()
    expect(treatment.get_by_role("status")).to_have_text("✓ Logged")
    expect(treatment.locator(".intervention-list")).to_contain_text("Cable pull-through")
    expect(treatment.locator(".intervention-list")).to_contain_text("2 × 20")


def build_programme(page: Page, client: Client) -> None:
    page.goto(f"/clients/{client.pk}/")
    page.get_by_role("link", name="Treat", exact=True).click()
    page.get_by_role("link", name="Home programme", exact=True).click()
    add_from_picker(page, "glute bridge", "Glute bridge")
    add_from_picker(page, "side-lying", "Side-lying hip abduction")
    add_from_picker(page, "pull-through", "Cable pull-through")
    page.get_by_role("link", name="Open the handout").click()
    expect(page.get_by_role("heading", name=f"Home exercises for {client.name}")).to_be_visible()
    expect(page.locator(".handout-exercise h2")).to_have_text(
        ["1. Glute bridge", "2. Side-lying hip abduction", "3. Cable pull-through"]
    )


def record_retest(page: Page, client: Client) -> None:
    page.goto(f"/clients/{client.pk}/")
    page.get_by_role("region", name="Assessments").get_by_role("button", name="Retest").click()
    expect(page.get_by_role("heading", name=re.compile("^Retest: "))).to_be_visible()

    rom_left = page.locator(f"#finding-{definition_pk('hip-extension-rom')}-left")
    expect(rom_left.locator(".finding-baseline")).to_have_text("Baseline 5°")
    bridge = page.locator(f"#finding-{definition_pk('glute-bridge')}-none")
    expect(bridge.locator(".finding-baseline")).to_contain_text("pain 6/10 · Poor")
    # The retest starts empty: the baseline is beside each input, never in it.
    expect(page.get_by_label(BRIDGE_PAIN, exact=True)).to_have_value("")

    with saving(page):
        page.get_by_label("Glute bridge: Grade").select_option(
            label="Good: extends through the hips, spine neutral"
        )
    type_and_leave(page, BRIDGE_PAIN, "2")
    # Every compensation looked for and none seen: one action marks them all and saves.
    compensations = page.get_by_role("group", name="Glute bridge: compensations")
    with saving(page):
        compensations.get_by_role("button", name="All looked for, none present").click()
    for name in ("Lumbar extension", "Pelvic rotation"):
        expect(item(compensations, name).get_by_label("Not seen")).to_be_checked()
    expect(status(page, "glute-bridge")).to_have_text("✓ Saved")
    type_and_leave(page, "Hip extension ROM, left: Degrees", "8")
    expect(status(page, "hip-extension-rom", "left")).to_have_text("✓ Saved")


def row_for(page: Page, label: str) -> Locator:
    # The row's header holds the finding's name, then which way is better and its thresholds.
    name = page.locator("th .row-label").filter(has_text=re.compile(f"^{re.escape(label)}$"))
    return page.locator(".report-table tbody tr").filter(has=name)


def test_a_clinician_tests_treats_retests_and_reads_what_changed(
    page: Page, alice, library, catalog
):
    log_in(page, alice)
    client = add_client(page, "Maya Lindqvist")
    baseline_url = record_baseline(page)
    log_pull_through(page)
    build_programme(page, client)
    record_retest(page, client)

    page.get_by_role("link", name="Comparison report").click()
    expect(page.get_by_role("heading", name=f"What changed: {client.name}")).to_be_visible()
    expect(row_for(page, "Glute bridge: pain")).to_contain_text("better, clinically important")
    expect(row_for(page, "Glute bridge: Lumbar extension")).to_contain_text("resolved")
    expect(row_for(page, "Hip extension ROM (left)")).to_contain_text(
        "within the measurement error"
    )
    findings = page.locator(".report-table tbody th .row-label").all_inner_texts()
    assert findings.index("Glute bridge: pain") < findings.index("Hip extension ROM (left)")
    changed_most = page.get_by_role("region", name="Changed most")
    expect(changed_most.get_by_role("listitem").first).to_contain_text("Glute bridge")
    expect(page.locator(".round-list")).to_contain_text("Then: Cable pull-through, 2 × 20 reps")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    assert re.fullmatch(
        r"retest-report-\d+-\d{4}-\d\d-\d\d\.csv", download.value.suggested_filename
    )
    text = Path(download.value.path()).read_text(encoding="utf-8")
    lines = list(csv.reader(io.StringIO(text)))
    # The findings come first; the treatment has its own section after an empty line.
    gap = lines.index([])
    treatment = dict(zip(TREATMENT_CSV_HEADER, lines[gap + 2], strict=True))
    assert lines[gap + 1] == TREATMENT_CSV_HEADER
    assert (treatment["treatment"], treatment["sets"], treatment["reps"]) == (
        "Cable pull-through",
        "2",
        "20",
    )
    lines = lines[:gap]
    assert lines[0] == CSV_HEADER
    rows = [dict(zip(CSV_HEADER, line, strict=True)) for line in lines[1:]]
    retest_pain = next(
        row
        for row in rows
        if (row["test"], row["measure"]) == ("Glute bridge", "pain") and row["round"] != "Baseline"
    )
    assert (retest_pain["value"], retest_pain["unit"]) == ("2", "/10")
    assert retest_pain["change_from_baseline"] == "-4"
    assert retest_pain["verdict"] == "better, clinically important"
    # The baseline itself still opens as it was left.
    page.goto(baseline_url)
    expect(page.get_by_label(BRIDGE_PAIN, exact=True)).to_have_value("6")


def test_a_misspelt_search_still_finds_the_exercise(page: Page, alice, catalog):
    log_in(page, alice)
    page.get_by_role("link", name="Exercises").click()
    page.get_by_label("Search by name").press_sequentially("hydrent", delay=20)
    results = page.locator("#exercise-table .exercise-name")
    expect(results.first).to_have_text("Fire hydrant")
    expect(page).to_have_url(re.compile(r"/exercises/\?.*q=hydrent"))


def test_the_ladder_walks_up_to_the_next_step_and_back(page: Page, alice, catalog):
    log_in(page, alice)
    page.goto("/exercises/?q=glute+bridge")
    page.locator("#exercise-table").get_by_role(
        "link", name=re.compile("^Glute bridge")
    ).first.click()
    expect(page.get_by_role("heading", name="Glute bridge", exact=True)).to_be_visible()

    ladder = page.get_by_role("region", name="Progression ladder")
    ladder.get_by_role("link", name="Hip thruster", exact=True).click()
    expect(page.get_by_role("heading", name="Hip thruster", exact=True)).to_be_visible()
    expect(page.get_by_role("region", name="Progression ladder")).to_contain_text(
        "Move up from it when: 3 × 10 felt in the glutes"
    )
    page.get_by_role("region", name="Progression ladder").get_by_role(
        "link", name="Glute bridge", exact=True
    ).click()
    expect(page.get_by_role("heading", name="Glute bridge", exact=True)).to_be_visible()
    page.go_back()
    expect(page.get_by_role("heading", name="Hip thruster", exact=True)).to_be_visible()


def test_catalog_filters_survive_reload_and_the_back_button(page: Page, alice, catalog):
    log_in(page, alice)
    page.goto("/exercises/")
    everything = page.locator("#exercise-table .result-count").inner_text()

    page.get_by_label("Tier").select_option(label="Tier 1 · isolation and activation")
    expect(page).to_have_url(re.compile(r"/exercises/\?.*tier=1"))
    tier_one = page.locator("#exercise-table .tier")
    expect(tier_one.first).to_have_text("Tier 1")
    count = page.locator("#exercise-table .result-count").inner_text()
    assert count != everything
    assert set(tier_one.all_inner_texts()) == {"Tier 1"}

    page.reload()
    expect(page.get_by_label("Tier")).to_have_value("1")
    expect(page.locator("#exercise-table .result-count")).to_have_text(count)

    page.locator("#exercise-table .exercise-link").first.click()
    expect(page.get_by_role("region", name="Progression ladder")).to_be_visible()
    page.go_back()
    expect(page).to_have_url(re.compile(r"/exercises/\?.*tier=1"))
    expect(page.get_by_label("Tier")).to_have_value("1")
    expect(page.locator("#exercise-table .result-count")).to_have_text(count)

    # Back again: the unfiltered catalog the address names, not the filtered one left behind.
    page.go_back()
    expect(page).to_have_url(re.compile(r"/exercises/$"))
    expect(page.get_by_label("Tier")).to_have_value("")
    expect(page.locator("#exercise-table .result-count")).to_have_text(everything)
