"""A checklist item has three states at a round: present, looked for and not seen, and not
checked. The entry row marks each one, offers "All looked for, none present" in one action, and
never turns an item left unmarked into "not seen"."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from assessments import services
from assessments.history_page import FINDING_SOURCE
from assessments.models import Finding
from assessments.models.rounds import PRESENT_AND_ABSENT, UNKNOWN_COMPENSATION
from assessments.report.facts import reading_for
from tests.assessments.helpers import item_of, opened_row, post_finding

# The glute bridge's checklist, in its order (assessments/library/movement.py).
LUMBAR, HAMSTRING, LOW_BACK, PELVIC = (
    "Lumbar extension",
    "Hamstring dominance",
    "Low-back tension",
    "Pelvic rotation",
)


FAIR = "Fair: partly through the hips"


def bridge_of(round_) -> Finding:
    return Finding.objects.get(assessment=round_, test__slug="glute-bridge")


def save_bridge(round_, **fields):
    return services.finding_save(item=item_of(round_, "glute-bridge"), side="none", **fields)


def refused_by_postgres(write) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        write()


# The service keeps the three states apart.


def test_items_present_not_seen_and_not_checked_are_saved_apart(screen):
    save_bridge(screen, grade=1, compensations=[LUMBAR], compensations_absent=[HAMSTRING])
    found = bridge_of(screen)
    assert found.compensations == [LUMBAR]
    assert found.compensations_absent == [HAMSTRING]
    assert found.compensations_unchecked == [LOW_BACK, PELVIC]


def test_an_item_both_present_and_not_seen_is_refused_beside_the_checklist(screen):
    with pytest.raises(ValidationError) as error:
        save_bridge(screen, grade=1, compensations=[LUMBAR], compensations_absent=[LUMBAR])
    assert error.value.message_dict["compensations"] == [PRESENT_AND_ABSENT.format(name=LUMBAR)]
    assert not Finding.objects.filter(assessment=screen).exists()


def test_an_item_not_seen_must_be_on_the_checklist(screen):
    with pytest.raises(ValidationError) as error:
        save_bridge(screen, grade=1, compensations_absent=["Knee valgus"])
    assert error.value.message_dict["compensations"] == [
        UNKNOWN_COMPENSATION.format(name="Knee valgus")
    ]


def test_postgres_refuses_an_item_both_present_and_not_seen_and_one_off_the_checklist(screen):
    save_bridge(screen, grade=1, compensations=[LUMBAR])
    rows = Finding.objects.filter(assessment=screen)
    refused_by_postgres(lambda: rows.update(compensations_absent=[LUMBAR]))
    refused_by_postgres(lambda: rows.update(compensations_absent=["Knee valgus"]))
    rows.update(compensations_absent=[PELVIC])
    assert bridge_of(screen).compensations_absent == [PELVIC]


def test_a_finding_with_only_items_not_seen_is_recorded_and_clearing_empties_both_lists(screen):
    saved = save_bridge(screen, compensations_absent=[LUMBAR, HAMSTRING, LOW_BACK, PELVIC])
    assert saved.row is not None and not saved.row.is_empty
    assert bridge_of(screen).cleared_at is None
    assert save_bridge(screen).row is None
    cleared = bridge_of(screen)
    assert cleared.cleared_at is not None
    assert (cleared.compensations, cleared.compensations_absent) == ([], [])


# In words: the summary beside a retest row, and the history.

SUMMARIES = [
    # (present, not seen, what the baseline column says after the grade)
    pytest.param([], [], "checklist not checked", id="nothing-marked"),
    pytest.param(
        [LUMBAR],
        [],
        f"present: {LUMBAR}; not checked: {HAMSTRING}, {LOW_BACK}, {PELVIC}",
        id="one-present-rest-unchecked",
    ),
    pytest.param(
        [LUMBAR],
        [HAMSTRING, LOW_BACK],
        f"present: {LUMBAR}; not seen: {HAMSTRING}, {LOW_BACK}; not checked: {PELVIC}",
        id="all-three-states",
    ),
    pytest.param([], [LUMBAR, HAMSTRING, LOW_BACK, PELVIC], "none present", id="all-not-seen"),
]


@pytest.mark.parametrize(("present", "absent", "words"), SUMMARIES)
def test_the_summary_says_each_state_plainly(screen, present, absent, words):
    save_bridge(screen, grade=1, compensations=present, compensations_absent=absent)
    assert bridge_of(screen).summary == f"{FAIR} · {words}"


def test_the_history_lists_the_items_not_seen_beside_those_present(screen):
    labels = {field.name: field.label for field in FINDING_SOURCE.fields}
    assert labels["compensations"] == "Compensations present"
    assert labels["compensations_absent"] == "Compensations not seen"


def test_the_finding_history_page_shows_an_item_marked_not_seen(alice_http, screen):
    save_bridge(screen, grade=1, compensations=[LUMBAR])
    save_bridge(screen, grade=1, compensations=[LUMBAR], compensations_absent=[PELVIC])
    test_pk = item_of(screen, "glute-bridge").test_id
    body = alice_http.get(f"/assessments/{screen.pk}/findings/{test_pk}/none/history/")
    text = body.content.decode()
    assert "Compensations not seen" in text and PELVIC in text


# What the comparison reads.

READINGS = [
    # (present, not seen) → Reading.compensations, Reading.absent
    pytest.param([], [], None, frozenset(), id="nothing-marked-is-not-checked"),
    pytest.param([LUMBAR], [], frozenset({LUMBAR}), frozenset(), id="present-only"),
    pytest.param([], [PELVIC], frozenset(), frozenset({PELVIC}), id="not-seen-only"),
    pytest.param(
        [LUMBAR], [PELVIC], frozenset({LUMBAR}), frozenset({PELVIC}), id="present-and-not-seen"
    ),
]


@pytest.mark.parametrize(("present", "absent", "compensations", "not_seen"), READINGS)
def test_the_reading_carries_present_and_not_seen_and_infers_nothing(
    screen, present, absent, compensations, not_seen
):
    # The grade is recorded in every case: a graded movement no longer implies "none seen".
    save_bridge(screen, grade=2, compensations=present, compensations_absent=absent)
    found = bridge_of(screen)
    reading = reading_for(found.test, found)
    assert (reading.compensations, reading.absent) == (compensations, not_seen)


# The entry row: a radio group per item, and "All looked for, none present".


def checks(response_or_body, test_pk: int) -> dict[int, str]:
    """Which state each item's radio group shows checked, by its place on the checklist."""
    body = getattr(response_or_body, "content", response_or_body)
    body = body.decode() if isinstance(body, bytes) else body
    found = re.findall(
        rf'name="f{test_pk}-none-check-(\d+)" id="[^"]+" value="([a-z]*)" checked', body
    )
    return {int(index): state for index, state in found}


def test_each_item_is_a_radio_group_left_not_checked_until_marked(alice_http, screen):
    test_pk = item_of(screen, "glute-bridge").test_id
    body = alice_http.get(f"/assessments/{screen.pk}/").content.decode()
    assert checks(body, test_pk) == {0: "", 1: "", 2: "", 3: ""}
    group = re.search(
        rf'<div class="check-item" role="radiogroup"[^>]*f{test_pk}-none-check-0', body
    )
    assert group is not None
    for label in ("Present", "Not seen", "Not checked"):
        assert f"> {label}</label>" in body


def test_the_radios_save_present_and_not_seen_and_show_them_again(alice_http, screen):
    test_pk = item_of(screen, "glute-bridge").test_id
    response = post_finding(
        alice_http, screen, "glute-bridge", grade="1", **{"check-0": "present", "check-2": "absent"}
    )
    assert "✓ Saved" in response.content.decode()
    found = bridge_of(screen)
    assert (found.compensations, found.compensations_absent) == ([LUMBAR], [LOW_BACK])
    page = alice_http.get(f"/assessments/{screen.pk}/")
    assert checks(page, test_pk) == {0: "present", 1: "", 2: "absent", 3: ""}


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "without-javascript"])
def test_all_looked_for_none_present_marks_every_unmarked_item_not_seen_and_saves(
    alice_http, screen, htmx
):
    test_pk = item_of(screen, "glute-bridge").test_id
    response = post_finding(
        alice_http,
        screen,
        "glute-bridge",
        htmx=htmx,
        grade="1",
        **{"check-0": "present", "all-not-seen": "1"},
    )
    found = bridge_of(screen)
    # Lumbar extension stays present; the three left unmarked are now not seen.
    assert found.compensations == [LUMBAR]
    assert found.compensations_absent == [HAMSTRING, LOW_BACK, PELVIC]
    if htmx:
        # The checklist comes back marked as saved, so the next save sends the same.
        assert checks(response, test_pk) == {0: "present", 1: "absent", 2: "absent", 3: "absent"}
        assert "✓ Saved" in response.content.decode()
    else:
        assert response.status_code == 302


def test_the_row_offers_all_looked_for_as_a_button_that_swaps_the_checklist_back(
    alice_http, screen
):
    test_pk = item_of(screen, "glute-bridge").test_id
    body = alice_http.get(f"/assessments/{screen.pk}/").content.decode()
    button = re.search(
        rf'<button type="submit" class="finding-all-not-seen" name="f{test_pk}-[^>]*>', body
    )[0]
    assert f'name="f{test_pk}-none-all-not-seen"' in button
    assert f'hx-target="#id_f{test_pk}-none-compensations-field"' in button
    assert f'hx-select="#id_f{test_pk}-none-compensations-field"' in button
    # Enter in a typed input presses the row's first submit button: a plain save, never this.
    form = re.search(rf'<form id="finding-{test_pk}-none".*?</form>', body, re.S)[0]
    first = re.search(r"<button[^>]*>", form)[0]
    assert "finding-default" in first and "name=" not in first


def test_a_post_naming_the_lists_themselves_is_read_as_those_lists(alice_http, screen):
    post_finding(
        alice_http,
        screen,
        "glute-bridge",
        grade="1",
        compensations=[LUMBAR],
        compensations_absent=[PELVIC],
    )
    found = bridge_of(screen)
    assert (found.compensations, found.compensations_absent) == ([LUMBAR], [PELVIC])


def test_the_read_only_view_lists_present_not_seen_and_not_checked(bob_http, screen):
    save_bridge(screen, grade=1, compensations=[LUMBAR], compensations_absent=[PELVIC])
    body = bob_http.get(f"/assessments/{screen.pk}/").content.decode()
    assert f"<dt>Present</dt><dd>{LUMBAR}</dd>" in body
    assert f"<dt>Not seen</dt><dd>{PELVIC}</dd>" in body
    assert f"<dt>Not checked</dt><dd>{HAMSTRING}, {LOW_BACK}</dd>" in body


def test_a_retest_row_shows_the_baselines_three_states(alice_http, screen, alice):
    save_bridge(screen, grade=1, compensations=[LUMBAR], compensations_absent=[PELVIC])
    retest = services.assessment_create_retest(baseline=screen, clinician=alice.user)
    body = alice_http.get(f"/assessments/{retest.pk}/").content.decode()
    assert (
        f"Baseline</span> {FAIR} · present: {LUMBAR}; not seen: {PELVIC}; "
        f"not checked: {HAMSTRING}, {LOW_BACK}"
    ) in body


# Two people marking the same checklist.


def test_a_colleagues_items_not_seen_are_kept_when_another_field_is_saved(
    alice_http, dana_http, screen
):
    save_bridge(screen, grade=1, pain=4)
    alice_opened = opened_row(screen, "glute-bridge")
    assert (
        post_finding(
            dana_http, screen, "glute-bridge", grade="1", pain="4", **{"check-3": "absent"}
        )
    ).status_code == 200

    response = post_finding(
        alice_http, screen, "glute-bridge", opened=alice_opened, grade="1", pain="2"
    )

    assert response.status_code == 200
    found = bridge_of(screen)
    assert (found.pain, found.compensations_absent) == (2, [PELVIC])
    assert "compensations not seen as changed meanwhile" in response.content.decode()


def test_marking_items_not_seen_that_a_colleague_changed_meanwhile_is_refused(
    alice_http, dana_http, screen
):
    save_bridge(screen, grade=1)
    alice_opened = opened_row(screen, "glute-bridge")
    post_finding(dana_http, screen, "glute-bridge", grade="1", **{"check-3": "absent"})

    response = post_finding(
        alice_http, screen, "glute-bridge", opened=alice_opened, grade="1", **{"check-0": "absent"}
    )

    assert response.status_code == 409
    assert bridge_of(screen).compensations_absent == [PELVIC]
    body = response.content.decode()
    assert f"Changed to “{PELVIC}” since you opened it (it was “(empty)”)" in body
