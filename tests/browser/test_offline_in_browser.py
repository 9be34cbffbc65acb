"""Entry that survives the network, in a real browser: values typed while the connection is down
wait in the page (and across a reload), a banner counts them, and each lands on the server
exactly once when the connection is back, also when an answer was lost after the server had
applied the save."""

import pytest
from playwright.sync_api import Page, Route, expect

from assessments.models import Finding, FindingEvent, Reflection
from assessments.services import assessment_create_baseline, assessment_create_retest
from exercises.models import Prescription
from exercises.services import prescription_create
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.network_errors_expected]

SLUG = "single-leg-bridge-reps"


@pytest.fixture
def round_(alice, ana, library):
    return assessment_create_baseline(client=ana, clinician=alice.user, tests=[library[SLUG]])


def value_input(page: Page, round_, side: str):
    test_pk = round_.items.get().test_id
    return page.locator(f'input[name="f{test_pk}-{side}-value"]')


def type_value(page: Page, round_, side: str, value: str) -> None:
    field = value_input(page, round_, side)
    field.fill(value)
    field.press("Tab")


def banner(page: Page):
    return page.locator("#saves-banner")


def assert_each_value_once(round_, values: dict[str, int]) -> None:
    for side, value in values.items():
        finding = Finding.objects.get(assessment=round_, side=side)
        assert (finding.value, finding.version) == (value, 1), side
        events = FindingEvent.objects.filter(pgh_obj_id=finding.pk)
        assert list(events.values_list("pgh_label", flat=True)) == ["insert"], side


def wait_until_sent(page: Page, round_, sides) -> None:
    expect(banner(page)).to_be_hidden()
    test_pk = round_.items.get().test_id
    for side in sides:
        expect(page.locator(f"#finding-{test_pk}-{side}-status")).to_have_text("✓ Saved")
    page.wait_for_load_state("networkidle")


def test_two_values_typed_offline_wait_and_each_lands_once_when_back_online(
    page: Page, alice, round_
):
    log_in(page, alice)
    page.goto(f"/assessments/{round_.pk}/")
    page.context.set_offline(True)

    type_value(page, round_, "left", "12")
    type_value(page, round_, "right", "9")

    expect(banner(page)).to_contain_text("Offline — 2 values waiting")
    test_pk = round_.items.get().test_id
    expect(page.locator(f"#finding-{test_pk}-left-status")).to_contain_text("Not saved")
    assert not Finding.objects.filter(assessment=round_).exists()

    page.context.set_offline(False)

    wait_until_sent(page, round_, ["left", "right"])
    assert_each_value_once(round_, {"left": 12, "right": 9})


def test_values_waiting_are_kept_across_a_reload_and_sent_after_it(page: Page, alice, round_):
    log_in(page, alice)
    page.goto(f"/assessments/{round_.pk}/")
    # Only the saves fail, so that the page itself can load again.
    page.route("**/findings/**", lambda route: route.abort("internetdisconnected"))
    type_value(page, round_, "left", "14")
    type_value(page, round_, "right", "11")
    expect(banner(page)).to_contain_text("2 values waiting")

    dialogs: list[str] = []

    def leave(dialog) -> None:
        dialogs.append(dialog.type)
        dialog.accept()

    page.on("dialog", leave)
    page.reload()

    assert dialogs == ["beforeunload"]  # leaving with values waiting asked first
    expect(value_input(page, round_, "left")).to_have_value("14")
    expect(value_input(page, round_, "right")).to_have_value("11")
    expect(banner(page)).to_contain_text("2 values waiting")
    page.unroute("**/findings/**")
    page.evaluate("window.dispatchEvent(new Event('online'))")

    wait_until_sent(page, round_, ["left", "right"])
    assert_each_value_once(round_, {"left": 14, "right": 11})


def test_a_save_whose_answer_was_lost_is_sent_again_and_applied_once(page: Page, alice, round_):
    log_in(page, alice)
    page.goto(f"/assessments/{round_.pk}/")
    lost: list[str] = []

    def apply_then_lose_the_answer(route: Route) -> None:
        if not lost:
            route.fetch()  # the server applies the save...
            lost.append(route.request.url)
            route.abort("internetdisconnected")  # ...and its answer never arrives
        else:
            route.continue_()

    page.route("**/findings/**", apply_then_lose_the_answer)
    type_value(page, round_, "left", "15")

    wait_until_sent(page, round_, ["left"])
    assert lost
    assert_each_value_once(round_, {"left": 15})


def test_a_reflection_written_offline_is_saved_once_when_back_online(page: Page, alice, round_):
    retest = assessment_create_retest(baseline=round_, clinician=alice.user)
    log_in(page, alice)
    page.goto(f"/assessments/{round_.pk}/report/")
    page.context.set_offline(True)
    form = page.locator(f"#reflection-form-{retest.pk}")
    form.locator('[name="why"]').fill("Reps up on both sides")
    form.get_by_role("button", name="Save reflection").click()
    expect(banner(page)).to_contain_text("Offline — 1 value waiting")
    expect(form).to_contain_text("Not saved")

    page.context.set_offline(False)

    expect(banner(page)).to_be_hidden()
    expect(page.locator(f"#reflection-{retest.pk}")).to_contain_text("✓ Saved")
    page.wait_for_load_state("networkidle")
    stored = Reflection.objects.get(round=retest)
    assert (stored.why, stored.version) == ("Reps up on both sides", 1)


def test_a_dose_edited_offline_is_saved_once_when_back_online(page: Page, alice, ana, catalog):
    exercise = catalog["glute-bridge"]
    prescription = prescription_create(client=ana, exercise=exercise, prescribed_by=alice.user)
    log_in(page, alice)
    page.goto(f"/clients/{ana.pk}/programme/")
    page.get_by_role("link", name=f"Edit dose of {exercise.name}").click()
    reps = page.get_by_label("Reps")
    expect(reps).to_be_visible()
    page.context.set_offline(True)
    reps.fill("14")
    page.get_by_role("button", name="Save dose").click()
    expect(banner(page)).to_contain_text("Offline — 1 value waiting")

    page.context.set_offline(False)

    expect(page.locator("#programme .saved")).to_have_text(f"Saved the dose of {exercise.name}.")
    expect(banner(page)).to_be_hidden()
    page.wait_for_load_state("networkidle")
    stored = Prescription.objects.get(pk=prescription.pk)
    assert (stored.reps, stored.version) == (14, prescription.version + 1)


def test_a_gateway_error_is_sent_again_and_a_refusal_is_shown_and_never_sent_again(
    page: Page, alice, round_
):
    log_in(page, alice)
    page.goto(f"/assessments/{round_.pk}/")
    answers = {"left": [503], "right": [403]}
    sent: list[str] = []

    def answer(route: Route) -> None:
        side = "left" if "/left/" in route.request.url else "right"
        sent.append(side)
        if answers[side]:
            route.fulfill(status=answers[side].pop(0), body="")
        else:
            route.continue_()

    page.route("**/findings/**", answer)
    type_value(page, round_, "left", "10")
    type_value(page, round_, "right", "8")

    test_pk = round_.items.get().test_id
    right_status = page.locator(f"#finding-{test_pk}-right-status")
    expect(right_status).to_contain_text("Not saved: the server refused this (403)")
    wait_until_sent(page, round_, ["left"])
    assert_each_value_once(round_, {"left": 10})
    page.wait_for_timeout(2500)  # longer than the first pause before sending again
    assert sent.count("right") == 1
    assert not Finding.objects.filter(assessment=round_, side="right").exists()


def stored_waiting(page: Page) -> list[str]:
    return page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('retest:waiting:'))")


def test_logging_out_asks_about_values_waiting_and_then_forgets_them_in_this_browser(
    page: Page, alice, round_
):
    log_in(page, alice)
    page.goto(f"/assessments/{round_.pk}/")
    page.route("**/findings/**", lambda route: route.abort("internetdisconnected"))
    type_value(page, round_, "left", "14")
    expect(banner(page)).to_contain_text("1 value waiting")
    assert len(stored_waiting(page)) == 1

    asked: list[str] = []

    def answer(dialog, accept: bool) -> None:
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    # Asked, and kept when the clinician says no.
    page.once("dialog", lambda dialog: answer(dialog, accept=False))
    page.get_by_role("button", name="Log out").click()
    expect(banner(page)).to_contain_text("1 value waiting")
    assert asked == ["1 value has not been saved yet. Log out and discard it from this browser?"]
    assert len(stored_waiting(page)) == 1

    # Said yes: logged out, and nothing of it is left in the browser for the next person.
    page.once("dialog", lambda dialog: answer(dialog, accept=True))
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/accounts/**")
    assert stored_waiting(page) == []
    assert not Finding.objects.filter(assessment=round_).exists()
