"""In-visit treatment as a clinician logs it on a tablet: Treat from the client page, the
picker found with a typo, the dose filled in, the response typed, the entry on the round."""

import re

import pytest
from playwright.sync_api import Page, expect

from assessments import services
from assessments.models import Intervention
from tests.browser.conftest import assert_accessible, log_in
from tests.factories import TestDefinitionFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_typo_finds_the_pull_through_whose_dose_fills_in_and_is_logged(
    page: Page, alice, ana, catalog
):
    pull_through = catalog["cable-pull-through"]
    baseline = services.assessment_create_baseline(
        client=ana, clinician=alice.user, tests=[TestDefinitionFactory(name="Glute bridge")]
    )
    log_in(page, alice)
    page.goto(f"/clients/{ana.pk}/")
    page.get_by_role("link", name="Treat", exact=True).click()
    page.get_by_role("link", name="Treatment after this baseline").click()
    expect(page).to_have_url(re.compile(rf"/assessments/{baseline.pk}/#treatment$"))
    page.wait_for_load_state()

    treatment = page.get_by_role("region", name="Treatment after this round")
    treatment.get_by_label("Find the exercise").press_sequentially("pul thru", delay=30)
    choice = treatment.get_by_role("radio", name=re.compile("Cable pull-through"))
    expect(choice).to_be_visible()
    expect(treatment.locator(".picker-name").first).to_have_text("Cable pull-through")
    with page.expect_response(re.compile(r"/interventions/exercises/\?")):
        choice.check()
    # The server fills in the catalog's default dose; the clinician changes it to what was done.
    expect(treatment.get_by_label("Sets")).to_have_value(str(pull_through.sets))
    expect(treatment.get_by_label("Reps")).to_have_value(str(pull_through.reps))
    treatment.get_by_label("Sets").fill("2")
    treatment.get_by_label("Reps").fill("20")
    treatment.get_by_label("Client's response").fill("Felt it in the glutes")
    assert_accessible(page)
    treatment.get_by_role("button", name="Log treatment", exact=True).click()

    expect(treatment.get_by_role("status")).to_have_text("✓ Logged")
    entries = treatment.locator(".intervention-list")
    expect(entries).to_contain_text("Cable pull-through")
    expect(entries).to_contain_text("2 × 20 reps")
    expect(entries).to_contain_text("Response: Felt it in the glutes")
    page.reload()
    expect(page.locator(".intervention-list")).to_contain_text("Felt it in the glutes")
    logged = Intervention.objects.get()
    assert (logged.exercise_id, logged.sets, logged.reps) == (pull_through.pk, 2, 20)


def test_a_manual_treatment_shows_its_own_inputs_and_refuses_three_hours(
    page: Page, alice, ana, catalog
):
    baseline = services.assessment_create_baseline(
        client=ana, clinician=alice.user, tests=[TestDefinitionFactory(name="Hip extension")]
    )
    log_in(page, alice)
    page.goto(f"/assessments/{baseline.pk}/")
    treatment = page.get_by_role("region", name="Treatment after this round")
    treatment.get_by_label("Manual treatment").check()
    expect(treatment.get_by_label("Find the exercise")).to_be_hidden()
    treatment.get_by_label("Technique").fill("Soft-tissue release")
    treatment.get_by_label("Region").fill("Left hip flexors")
    treatment.get_by_label("Minutes").fill("180")
    # Enter in an input logs the treatment, as the button does.
    treatment.get_by_label("Minutes").press("Enter")
    minutes = page.get_by_role("region", name="Treatment after this round").get_by_label("Minutes")
    expect(minutes).to_have_value("180")
    expect(page.locator("#id_duration_minutes_error")).to_contain_text("from 1 to 120")
    minutes.fill("8")
    minutes.press("Enter")
    expect(page.locator(".intervention-list")).to_contain_text(
        "Soft-tissue release, Left hip flexors"
    )
    expect(page.locator(".intervention-list")).to_contain_text("8 min")
