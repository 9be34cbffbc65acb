"""A scored test and its items agree: the lateral step-down's total (its grade, 0–6) is the sum
of its faults' points, its grades are read in categories, and both are data on the test."""

import importlib
import re

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from assessments import services
from assessments.comparison import Category, Ordinal, ScoredItem
from assessments.forms import TestDefinitionForm
from assessments.forms.library import CATEGORY_EXPECTED, SCORED_EXPECTED
from assessments.models import Finding, TestDefinition
from assessments.models.rounds import FAULTS_OF_ONE_ITEM
from assessments.models.thresholds import (
    CATEGORIES_NEED_GRADES,
    CATEGORIES_NOT_COVERING,
    CATEGORIES_OUT_OF_ORDER,
    CATEGORY_NAMES_TWICE,
    CATEGORY_SHAPE,
    ITEM_FAULT_NOT_ON_CHECKLIST,
    ITEM_FAULT_TWICE,
    ITEM_SHAPE,
    ITEMS_SCALE_MISMATCH,
)
from assessments.report.facts import facts_for
from tests.assessments.helpers import item_of, post_finding
from tests.factories import TestDefinitionFactory

# The step-down's faults and their points: arm strategy 1, trunk lean 1, pelvis not level 1,
# knee inside the 2nd toe 1 or inside the foot 2 (one item), unsteady stance 1; at most 6.
ARM, TRUNK, PELVIS, KNEE_TOE, KNEE_FOOT, STANCE = (
    "Arm strategy",
    "Trunk lean",
    "Pelvis not level",
    "Knee inside the 2nd toe",
    "Knee inside the foot",
    "Unsteady stance",
)
ALL = [ARM, TRUNK, PELVIS, KNEE_TOE, KNEE_FOOT, STANCE]


def others(*present: str) -> list[str]:
    return [fault for fault in ALL if fault not in present]


@pytest.fixture
def step_down(library, ana, alice):
    """A baseline of the lateral step-down alone (sided: the left row is used)."""
    return services.assessment_create_baseline(
        client=ana, clinician=alice.user, tests=[library["lateral-step-down"]]
    )


def save(round_, **fields):
    item = item_of(round_, "lateral-step-down")
    return services.finding_save(item=item, side="left", **fields)


def left(round_) -> Finding:
    return Finding.objects.get(assessment=round_, test__slug="lateral-step-down", side="left")


# The shipped test carries its categories and items.


def test_the_step_down_ships_with_its_categories_and_scored_items(library):
    test = library["lateral-step-down"]
    assert test.category_bands_text == "good 0–1 · moderate 2–3 · poor 4–6"
    assert test.scored_items == [
        {"item": ARM, "fault": ARM, "points": 1},
        {"item": TRUNK, "fault": TRUNK, "points": 1},
        {"item": PELVIS, "fault": PELVIS, "points": 1},
        {"item": "Knee position", "fault": KNEE_TOE, "points": 1},
        {"item": "Knee position", "fault": KNEE_FOOT, "points": 2},
        {"item": STANCE, "fault": STANCE, "points": 1},
    ]
    assert test.most_points == 6


def test_the_core_reads_the_step_down_as_categories_best_first_and_items_in_points(library):
    facts = facts_for(library["lateral-step-down"])
    assert facts.value == Ordinal(
        (
            "0 · good",
            "1 · good",
            "2 · moderate",
            "3 · moderate",
            "4 · poor",
            "5 · poor",
            "6 · poor",
        ),
        bands=(
            Category("good", ("0 · good", "1 · good")),
            Category("moderate", ("2 · moderate", "3 · moderate")),
            Category("poor", ("4 · poor", "5 · poor", "6 · poor")),
        ),
    )
    assert facts.items == (
        ScoredItem(ARM, ((ARM, 1.0),)),
        ScoredItem(TRUNK, ((TRUNK, 1.0),)),
        ScoredItem(PELVIS, ((PELVIS, 1.0),)),
        ScoredItem("Knee position", ((KNEE_TOE, 1.0), (KNEE_FOOT, 2.0))),
        ScoredItem(STANCE, ((STANCE, 1.0),)),
    )


def test_categories_of_a_scale_listed_worst_first_are_read_best_first(northside):
    # Grades Poor, Fair, Good (index 0, 1, 2), the last the best: "low" is index 0 (Poor).
    test = TestDefinitionFactory(
        graded=True,
        clinic=northside,
        grade_labels=["Poor", "Fair", "Good"],
        better="higher",
        best_grade="last",
        category_bands=[
            {"name": "not yet", "low": 0, "high": 1},
            {"name": "there", "low": 2, "high": 2},
        ],
    )
    assert facts_for(test).value == Ordinal(
        ("Good", "Fair", "Poor"),
        bands=(Category("there", ("Good",)), Category("not yet", ("Fair", "Poor"))),
    )


# The total against the marked faults, on entry (the service, so every path).

TOTALS = [
    # (present, not seen, total typed, the total saved or the message beside the grade)
    # Every item settled: 1 + 1 + 2 = 4 exactly.
    pytest.param([ARM, TRUNK, KNEE_FOOT], others(ARM, TRUNK, KNEE_FOOT), 4, 4, id="all-marked"),
    pytest.param(
        [ARM, TRUNK, KNEE_FOOT],
        others(ARM, TRUNK, KNEE_FOOT),
        3,
        "Marked faults add up to 4 points; the total cannot be 3.",
        id="all-marked-total-too-low",
    ),
    # The knee inside the 2nd toe settles the knee (the faults exclude each other): 1 exactly.
    pytest.param(
        [KNEE_TOE],
        [ARM, TRUNK, PELVIS, STANCE],
        2,
        "Marked faults add up to 1 point; the total cannot be 2.",
        id="knee-settled-by-one-fault",
    ),
    # Arm strategy present, the rest not checked: from 1 to 1 + 1 + 1 + 2 + 1 = 6.
    pytest.param([ARM], [], 1, 1, id="some-unchecked-lowest"),
    pytest.param([ARM], [], 6, 6, id="some-unchecked-highest"),
    pytest.param(
        [ARM],
        [],
        0,
        "Marked faults add up to 1 point and the items not checked could add 5: the total "
        "lies from 1 to 6, not 0.",
        id="some-unchecked-below",
    ),
    # Only the knee inside the foot not checked (2nd toe not seen): from 0 to 2.
    pytest.param([], others(KNEE_FOOT), 2, 2, id="only-the-foot-unchecked"),
    pytest.param(
        [],
        others(KNEE_FOOT),
        3,
        "Marked faults add up to 0 points and the items not checked could add 2: the total "
        "lies from 0 to 2, not 3.",
        id="only-the-foot-unchecked-above",
    ),
    # Nothing marked: any total from 0 to 6.
    pytest.param([], [], 5, 5, id="nothing-marked"),
    # Left empty: derived once every item is settled (1 + 1 = 2), else left empty.
    pytest.param([TRUNK, STANCE], others(TRUNK, STANCE), None, 2, id="derived"),
    pytest.param([], ALL, None, 0, id="derived-none-present"),
    pytest.param([TRUNK], [], None, None, id="not-derived-with-items-unchecked"),
]


@pytest.mark.parametrize(("present", "absent", "total", "outcome"), TOTALS)
def test_a_total_that_contradicts_the_marked_faults_is_refused_beside_the_grade(
    step_down, present, absent, total, outcome
):
    fields = {"grade": total, "compensations": present, "compensations_absent": absent}
    if isinstance(outcome, str):
        with pytest.raises(ValidationError) as error:
            save(step_down, pain=3, **fields)
        assert error.value.message_dict == {"grade": [outcome]}
        assert not Finding.objects.filter(assessment=step_down).exists()
    else:
        save(step_down, pain=3, **fields)
        assert left(step_down).grade == outcome


def test_two_faults_of_one_item_both_present_are_refused_beside_the_checklist(step_down):
    with pytest.raises(ValidationError) as error:
        save(step_down, grade=3, compensations=[KNEE_TOE, KNEE_FOOT])
    message = FAULTS_OF_ONE_ITEM.format(item="Knee position", first=KNEE_TOE, second=KNEE_FOOT)
    assert error.value.message_dict == {"compensations": [message]}


@pytest.mark.parametrize(
    ("changes"),
    [
        # Arm strategy and the knee inside the foot present, the rest not seen: exactly 3.
        pytest.param({"grade": 2}, id="total-below-the-settled-points"),
        pytest.param({"grade": 4}, id="total-above-the-settled-points"),
        pytest.param(
            {"compensations": [ARM, KNEE_TOE, KNEE_FOOT], "compensations_absent": [TRUNK]},
            id="two-faults-of-one-item",
        ),
    ],
)
def test_postgres_refuses_a_total_the_marked_faults_contradict(step_down, changes):
    save(
        step_down,
        grade=3,
        compensations=[ARM, KNEE_FOOT],
        compensations_absent=others(ARM, KNEE_FOOT),
    )
    rows = Finding.objects.filter(assessment=step_down)
    refused_by_postgres(lambda: rows.update(**changes))
    # With the other faults not checked, a total of 4 is possible (one more point unseen).
    rows.update(grade=4, compensations_absent=[])
    assert left(step_down).grade == 4


def test_a_stale_save_is_checked_as_merged(alice_http, dana_http, step_down):
    """Alice types the total while Dana marks the faults: the merged row must still agree."""
    from tests.assessments.helpers import opened_row

    save(step_down, pain=2)
    alice_opened = opened_row(step_down, "lateral-step-down", "left")
    post_finding(
        dana_http, step_down, "lateral-step-down", "left", pain="2", **{"check-0": "present"}
    )
    response = post_finding(
        alice_http,
        step_down,
        "lateral-step-down",
        "left",
        opened=alice_opened,
        pain="2",
        grade="0",
    )
    # Arm strategy (1 point) is present now: a total of 0 contradicts it.
    assert "the total lies from 1 to 6, not 0" in response.content.decode()
    assert left(step_down).grade is None


# On the entry page.


def test_the_refusal_shows_beside_the_grade_and_in_the_rows_status(alice_http, step_down):
    test_pk = item_of(step_down, "lateral-step-down").test_id
    checks = {f"check-{n}": "absent" for n in range(6)} | {"check-0": "present"}
    response = post_finding(alice_http, step_down, "lateral-step-down", "left", grade="3", **checks)
    body = response.content.decode()
    slot = rf'<p class="field-error finding-beside" id="id_f{test_pk}-left-grade_error"[^>]*>'
    beside = re.search(rf"{slot}(.*?)</p>", body, re.S)
    assert beside[1] == "Marked faults add up to 1 point; the total cannot be 3."
    assert "✗ Not saved" in body
    assert not Finding.objects.filter(assessment=step_down).exists()


def test_the_derived_total_comes_back_into_the_grade(alice_http, step_down):
    test_pk = item_of(step_down, "lateral-step-down").test_id
    response = post_finding(
        alice_http, step_down, "lateral-step-down", "left", **{"all-not-seen": "1"}
    )
    body = response.content.decode()
    assert left(step_down).grade == 0
    # The grade's wrapper comes back out of band with the derived total selected.
    wrapper = re.search(rf'<div[^>]*id="id_f{test_pk}-left-grade-field"[^>]*>.*?</div>', body, re.S)
    assert 'hx-swap-oob="outerHTML"' in wrapper[0]
    assert re.search(r'<option value="0" selected>0 · good', wrapper[0])


# The definition's own rules: clean() beside the field, and the database's checks.

GRADES = {
    "kind": "grade",
    "unit": "",
    "value_min": None,
    "value_max": None,
    "better": "lower",
    "best_grade": "first",
    "grade_labels": ["0", "1", "2", "3"],
    "compensations": ["Lean", "Knee in", "Knee far in"],
}
FINE_BANDS = [{"name": "good", "low": 0, "high": 1}, {"name": "poor", "low": 2, "high": 3}]
FINE_ITEMS = [
    {"item": "Lean", "fault": "Lean", "points": 1},
    {"item": "Knee", "fault": "Knee in", "points": 1},
    {"item": "Knee", "fault": "Knee far in", "points": 2},
]

BAD_DEFINITIONS = [
    # (fields, field, message)
    pytest.param(
        {"category_bands": FINE_BANDS},
        "category_bands",
        CATEGORIES_NEED_GRADES,
        id="bands-on-a-number",
    ),
    pytest.param(
        {**GRADES, "category_bands": [{"name": "", "low": 0, "high": 3}]},
        "category_bands",
        CATEGORY_SHAPE,
        id="band-without-name",
    ),
    pytest.param(
        {**GRADES, "category_bands": [{"name": "good", "low": 1, "high": 0}]},
        "category_bands",
        CATEGORY_SHAPE,
        id="band-upside-down",
    ),
    pytest.param(
        {**GRADES, "category_bands": [FINE_BANDS[0], {"name": "Good", "low": 2, "high": 3}]},
        "category_bands",
        CATEGORY_NAMES_TWICE,
        id="band-names-twice",
    ),
    pytest.param(
        {**GRADES, "category_bands": [FINE_BANDS[0], {"name": "poor", "low": 1, "high": 3}]},
        "category_bands",
        CATEGORIES_OUT_OF_ORDER,
        id="bands-overlap",
    ),
    pytest.param(
        {**GRADES, "category_bands": [FINE_BANDS[0], {"name": "poor", "low": 3, "high": 3}]},
        "category_bands",
        CATEGORIES_OUT_OF_ORDER,
        id="bands-with-a-gap",
    ),
    pytest.param(
        {**GRADES, "category_bands": [FINE_BANDS[1], FINE_BANDS[0]]},
        "category_bands",
        CATEGORIES_OUT_OF_ORDER,
        id="bands-out-of-order",
    ),
    pytest.param(
        {**GRADES, "category_bands": [FINE_BANDS[0], {"name": "poor", "low": 2, "high": 2}]},
        "category_bands",
        CATEGORIES_NOT_COVERING.format(last=3),
        id="bands-short-of-the-top",
    ),
    pytest.param(
        {"scored_items": FINE_ITEMS},
        "scored_items",
        "Only a test with a grade scale",
        id="items-on-a-number",
    ),
    pytest.param(
        {**GRADES, "scored_items": [FINE_ITEMS[0] | {"points": 0}]},
        "scored_items",
        ITEM_SHAPE,
        id="fault-of-no-points",
    ),
    pytest.param(
        {**GRADES, "scored_items": [*FINE_ITEMS[:2], FINE_ITEMS[2] | {"fault": "Hop"}]},
        "scored_items",
        ITEM_FAULT_NOT_ON_CHECKLIST.format(fault="Hop"),
        id="fault-off-the-checklist",
    ),
    pytest.param(
        {**GRADES, "scored_items": [*FINE_ITEMS, FINE_ITEMS[0] | {"item": "Other"}]},
        "scored_items",
        ITEM_FAULT_TWICE.format(fault="Lean"),
        id="fault-twice",
    ),
    # Lean 1 + knee at most 2 = 3: four grades 0–3 fit, five do not.
    pytest.param(
        {**GRADES, "grade_labels": ["0", "1", "2", "3", "4"], "scored_items": FINE_ITEMS},
        "scored_items",
        ITEMS_SCALE_MISMATCH.format(most=3, steps=4),
        id="scale-longer-than-the-points",
    ),
    pytest.param(
        {**GRADES, "better": "higher", "best_grade": "last", "scored_items": FINE_ITEMS},
        "scored_items",
        ITEMS_SCALE_MISMATCH.format(most=3, steps=4),
        id="total-best-last",
    ),
]


def refused_by_postgres(write) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        write()


@pytest.mark.parametrize(("fields", "field", "message"), BAD_DEFINITIONS)
def test_bad_categories_or_scored_items_are_refused_beside_their_field_and_by_postgres(
    db, fields, field, message
):
    test = TestDefinitionFactory.build(**fields)
    with pytest.raises(ValidationError) as error:
        test.full_clean()
    assert any(message in text for text in error.value.message_dict[field])
    refused_by_postgres(lambda: TestDefinition.objects.bulk_create([test]))


def test_fitting_categories_and_scored_items_are_accepted(db):
    test = TestDefinitionFactory.build(**GRADES, category_bands=FINE_BANDS, scored_items=FINE_ITEMS)
    test.full_clean()
    test.save()
    assert test.category_bands_text == "good 0–1 · poor 2–3"


# The clinic's own test form.


def form_data(**fields) -> dict:
    return {
        "name": "Hop test",
        "body_region": "lower_limb",
        "kind": "grade",
        "better": "lower",
        "grade_labels": "0\n1\n2\n3",
        "compensations": "Lean\nKnee in\nKnee far in",
        "decimals": "0",
        **fields,
    }


def test_the_clinic_types_categories_and_scored_faults_in_plain_text(northside):
    form = TestDefinitionForm(
        form_data(
            category_bands="good 0–1 · poor 2–3",
            scored_items="Lean = 1\nKnee: Knee in = 1\nKnee: Knee far in = 2",
        ),
        clinic=northside,
    )
    assert form.is_valid(), form.errors
    test = services.test_definition_create(clinic=northside, **form.cleaned_data)
    assert test.category_bands == FINE_BANDS
    assert test.scored_items == FINE_ITEMS


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        pytest.param(
            {"category_bands": "good 0–1 · poor"},
            "category_bands",
            CATEGORY_EXPECTED.format(part="poor"),
            id="category-without-grades",
        ),
        pytest.param(
            {"scored_items": "Lean 1"},
            "scored_items",
            SCORED_EXPECTED.format(line=1),
            id="fault-without-points",
        ),
        pytest.param(
            {"category_bands": "good 0–1 · poor 3"},
            "category_bands",
            CATEGORIES_OUT_OF_ORDER,
            id="categories-with-a-gap",
        ),
        pytest.param(
            {"scored_items": "Hop = 1"},
            "scored_items",
            ITEM_FAULT_NOT_ON_CHECKLIST.format(fault="Hop"),
            id="fault-off-the-checklist",
        ),
    ],
)
def test_the_clinic_form_refuses_bad_text_beside_the_field_and_keeps_it(
    alice_http, northside, fields, field, message
):
    response = alice_http.post("/tests/new/", form_data(**fields))
    assert response.status_code == 200
    form = response.context["form"]
    assert message in form.errors[field]
    body = response.content.decode()
    typed = next(iter(fields.values())).split("\n")[0]
    assert typed in body
    assert not TestDefinition.objects.filter(clinic=northside, name="Hop test").exists()


# Rows recorded before the change (migration 0011's rule).


@pytest.fixture
def old_rows(step_down, library, alice):
    """Four step-down findings as the old form left them: ticks only, nothing "not seen"."""
    # Ticked 1 + 2 = 3 and total 3: every other fault is proved absent.
    save(step_down, grade=3, compensations=[ARM, KNEE_FOOT])
    # Ticked 1, total 2: one more point somewhere, unknown where.
    retest = services.assessment_create_retest(baseline=step_down, clinician=alice.user)
    save(retest, grade=2, compensations=[TRUNK])
    # Ticked nothing, no total: nothing is known.
    second = services.assessment_create_retest(baseline=step_down, clinician=alice.user)
    assert second != retest
    save(second, pain=4)
    # Both knee positions ticked and a total of 3 to match: the old form allowed it, and it
    # proves nothing.
    third = services.assessment_create_retest(baseline=step_down, clinician=alice.user)
    save(third, pain=1)
    # The test as it was before: no categories, no scored items for the database to check.
    TestDefinition.objects.filter(pk=library["lateral-step-down"].pk).update(
        category_bands=[], scored_items=[]
    )
    Finding.objects.filter(assessment=third).update(grade=3, compensations=[KNEE_TOE, KNEE_FOOT])
    return step_down, retest, second, third


def test_old_rows_keep_their_ticks_and_only_a_total_proves_the_rest_not_seen(old_rows):
    migration = importlib.import_module(
        "assessments.migrations.0011_checklist_states_categories_scored_items"
    )
    migration.fill_step_down_and_read_old_checklists(apps, None)
    proved, unknown, nothing, contradictory = (left(round_) for round_ in old_rows)
    assert proved.compensations == [ARM, KNEE_FOOT]
    assert proved.compensations_absent == [TRUNK, PELVIS, KNEE_TOE, STANCE]
    assert (unknown.compensations, unknown.compensations_absent) == ([TRUNK], [])
    assert (nothing.compensations, nothing.compensations_absent) == ([], [])
    assert contradictory.compensations_absent == []
    step_down = TestDefinition.objects.get(clinic__isnull=True, slug="lateral-step-down")
    assert step_down.category_bands_text == "good 0–1 · moderate 2–3 · poor 4–6"
    assert step_down.most_points == 6


# From entry to report: the step-down moves inside one category, the knee by one point.


def test_a_step_down_within_its_category_reads_so_and_its_knee_improves_by_a_point(
    alice_http, step_down, alice
):
    # Baseline: arm strategy 1 + knee inside the foot 2 = 3 (moderate); retest: arm strategy
    # 1 + knee inside the 2nd toe 1 = 2 (moderate). Every fault marked, both totals derived.
    save(step_down, compensations=[ARM, KNEE_FOOT], compensations_absent=others(ARM, KNEE_FOOT))
    retest = services.assessment_create_retest(baseline=step_down, clinician=alice.user)
    save(retest, compensations=[ARM, KNEE_TOE], compensations_absent=others(ARM, KNEE_TOE))
    assert (left(step_down).grade, left(retest).grade) == (3, 2)

    body = alice_http.get(f"/assessments/{step_down.pk}/report/").content.decode()
    rows = dict(re.findall(r'<span class="row-label">([^<]+)</span>(.*?)</tr>', body, flags=re.S))
    total = next(row for name, row in rows.items() if name.startswith("Lateral step-down"))
    assert "within one category" in total
    knee = next(row for name, row in rows.items() if "Knee position" in name)
    assert "1 point" in knee or "−1" in knee
    # Not one fault resolved and another new: no row for either knee fault alone.
    assert not [name for name in rows if name.endswith((KNEE_TOE, KNEE_FOOT))]
