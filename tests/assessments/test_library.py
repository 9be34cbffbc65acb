"""The shipped test library: complete, sourced, loaded idempotently, clinics' rows untouched."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from assessments import library as shipped
from assessments import services
from assessments.models import RecordingKind, TestDefinition, TestSet, TestSetItem
from tests.assessments.helpers import remove_shipped_library
from tests.factories import TestDefinitionFactory

# The core tests of a hip and low-back assessment, each by the slug it ships under.
NAMED = [
    "nprs-rest",
    "nprs-movement",
    "odi",
    "lefs",
    "psfs-activity-1",
    "psfs-mean",
    "hip-flexion-rom",
    "hip-extension-rom",
    "hip-abduction-rom",
    "hip-internal-rotation-rom",
    "hip-external-rotation-rom",
    "modified-thomas",
    "glute-bridge",
    "single-leg-bridge-reps",
    "prone-hip-extension-hold",
    "side-lying-abduction",
    "single-leg-squat",
    "lateral-step-down",
    "single-leg-rdl",
    "trendelenburg",
    "single-leg-stance-30s",
    "side-bridge-hold",
]


def test_the_library_ships_the_core_hip_and_low_back_tests(library):
    assert set(NAMED) <= set(library)


def test_every_shipped_test_says_what_it_records_and_which_way_is_better(library):
    for test in library.values():
        test.full_clean()
        assert test.better in {"higher", "lower"}, test.slug
        if test.kind == RecordingKind.NUMBER:
            assert test.unit and test.value_min < test.value_max, test.slug
        if test.kind == RecordingKind.GRADE:
            assert len(test.grade_labels) >= 2, test.slug
        assert test.protocol, test.slug


def test_every_threshold_has_a_source_and_every_test_without_one_says_so(library):
    for test in library.values():
        if test.mdc is not None:
            assert test.mdc_source.strip(), test.slug
        if test.mcid is not None:
            assert test.mcid_source.strip(), test.slug
        if not test.has_threshold:
            assert "No threshold known" in test.evidence_note or "No MDC or MCID" in (
                test.evidence_note
            ), test.slug


# Each figure as checked against its source (see the test's sources and evidence note).
CHECKED_FIGURES = {
    # MDC, MCID
    # MDC 1.77–2 (doi:10.1055/a-1304-3677; Childs 2005): 2; MCID 1.5–2.2 (Childs 2005), 2
    # (Ostelo 2008): 2.2.
    "nprs-rest": (2, Decimal("2.2")),
    "nprs-movement": (2, Decimal("2.2")),
    # MDC90 10.5–15 (Davidson & Keating 2002): 15; MCID 10 (Ostelo 2008) to 12 (Abbott &
    # Schmitt 2014): 12.
    "odi": (15, 12),
    "lefs": (9, 9),
    # MDC90 2 (Stratford 1995); 1.3 for a small change (Abbott & Schmitt 2014).
    "psfs-mean": (2, Decimal("1.3")),
    # MDC90 3 (Stratford 1995); Stratford gives no MCID for one activity.
    "psfs-activity-1": (3, None),
    "psfs-activity-2": (3, None),
    "psfs-activity-3": (3, None),
    # SEM 3.1–4.7° (Pua 2008) × 2.77 ≈ 9–13°: 13.
    "hip-extension-rom": (13, None),
    # Typical error 10.95 s (Juan-Recio 2022) × 2.77 ≈ 30.3 s.
    "side-bridge-hold": (Decimal("30.3"), None),
    "trendelenburg": (None, None),
    "modified-thomas": (None, None),
}


def test_the_thresholds_are_the_figures_checked_in_their_sources(library):
    for slug, figures in CHECKED_FIGURES.items():
        assert (library[slug].mdc, library[slug].mcid) == figures, slug


def test_every_figure_once_flagged_as_recalled_was_checked_in_its_source(library):
    # ODI, PSFS, the modified Thomas test, the side bridge and the NPRS's bands by baseline
    # were checked; each note says what was checked where.
    assert not any(test.evidence_to_check for test in library.values())
    for slug in ["odi", "psfs-mean", "psfs-activity-1", "modified-thomas", "side-bridge-hold"]:
        assert "Checked:" in library[slug].evidence_note, slug
    assert "doi:10.1055/a-1304-3677" in library["nprs-rest"].evidence_note


# Who each shipped test's thresholds were measured in, from its sources.
POPULATIONS = {
    "nprs-rest": "low back pain",
    "nprs-movement": "low back pain",
    "odi": "low back pain",
    "lefs": "lower-extremity musculoskeletal conditions",
    "psfs-mean": "musculoskeletal conditions",
    "psfs-activity-1": "musculoskeletal conditions",
    "psfs-activity-2": "musculoskeletal conditions",
    "psfs-activity-3": "musculoskeletal conditions",
    "hip-flexion-rom": "hip osteoarthritis",
    "hip-extension-rom": "hip osteoarthritis",
    "hip-abduction-rom": "hip osteoarthritis",
    "hip-internal-rotation-rom": "hip osteoarthritis",
    "hip-external-rotation-rom": "hip osteoarthritis",
    "side-bridge-hold": "physically active women",
}


def test_every_shipped_threshold_names_the_population_it_was_measured_in(library):
    with_threshold = {slug for slug, test in library.items() if test.has_threshold}
    assert with_threshold == set(POPULATIONS)
    for slug, population in POPULATIONS.items():
        assert library[slug].threshold_population == population, slug
    for slug in set(library) - with_threshold:
        assert library[slug].threshold_population == "", slug


def test_only_goniometer_range_of_motion_has_an_mdc_measured_within_one_rater(library):
    same_rater = {slug for slug, test in library.items() if test.mdc_same_rater}
    assert same_rater == {slug for slug in library if slug.endswith("-rom")}
    for slug in same_rater:
        assert library[slug].instrument == "Universal goniometer", slug
        assert "one rater" in library[slug].mdc_source, slug


def test_the_glute_bridge_records_quality_pain_and_its_compensations(library):
    bridge = library["glute-bridge"]
    assert bridge.kind == RecordingKind.GRADE and bridge.records_pain and not bridge.sided
    assert bridge.compensations == [
        "Lumbar extension",
        "Hamstring dominance",
        "Low-back tension",
        "Pelvic rotation",
    ]


def test_the_lateral_step_down_is_a_0_to_6_grade_where_lower_is_better(library):
    step_down = library["lateral-step-down"]
    assert [label[0] for label in step_down.grade_labels] == list("0123456")
    assert step_down.better == "lower" and step_down.best_grade == "first"


def test_the_glute_low_back_screen_bundles_about_ten_tests_in_order(library):
    screen = TestSet.objects.get(slug="glute-low-back-screen", clinic__isnull=True)
    slugs = list(screen.items.values_list("test__slug", flat=True))
    assert slugs == library_set("glute-low-back-screen")
    assert 8 <= len(slugs) <= 12
    assert screen.name == "Glute / low-back screen"


def library_set(slug: str) -> list[str]:
    return next(list(s.tests) for s in shipped.TEST_SETS if s.slug == slug)


def test_every_test_set_names_only_shipped_tests(library):
    for test_set in library_set_slugs():
        assert set(library_set(test_set)) <= set(library)


def library_set_slugs() -> list[str]:
    return [s.slug for s in shipped.TEST_SETS]


def test_loading_twice_changes_nothing(library):
    before = snapshot()
    load = services.test_library_load()
    assert (load.created, load.updated) == (0, 0)
    assert load.unchanged == len(shipped.TESTS) + len(shipped.TEST_SETS)
    assert snapshot() == before


def snapshot() -> list:
    tests = list(TestDefinition.objects.order_by("pk").values())
    items = list(TestSetItem.objects.order_by("pk").values())
    return [tests, items]


def test_loading_repairs_an_edited_shipped_test_and_set(library):
    TestDefinition.objects.filter(slug="odi").update(
        mcid=None, mcid_percent=None, mcid_source="", value_max=50
    )
    screen = TestSet.objects.get(slug="glute-low-back-screen")
    screen.items.filter(position=0).delete()
    load = services.test_library_load()
    assert load.updated == 2
    odi = TestDefinition.objects.get(slug="odi")
    assert (odi.mcid, odi.mcid_percent, odi.value_max) == (12, 30, 100)
    assert list(screen.items.values_list("test__slug", flat=True)) == library_set(
        "glute-low-back-screen"
    )


def test_loading_never_touches_a_clinics_own_tests(northside):
    own = TestDefinitionFactory(clinic=northside, slug="odi", name="Our ODI", value_max=50)
    services.test_library_load()
    own.refresh_from_db()
    assert (own.name, own.value_max) == ("Our ODI", 50)
    assert TestDefinition.objects.filter(slug="odi").count() == 2


@pytest.fixture
def no_library(db) -> None:
    """The database as `migrate` leaves it, before the first load: no shipped test or test set."""
    remove_shipped_library()


def test_the_load_test_library_command_reports_what_it_did(no_library):
    out = StringIO()
    call_command("load_test_library", stdout=out)
    assert f"{len(shipped.TESTS) + len(shipped.TEST_SETS)} created" in out.getvalue()
    out = StringIO()
    call_command("load_test_library", stdout=out)
    assert "0 created, 0 updated" in out.getvalue()


def test_the_nprs_tests_carry_the_bands_and_the_percent_rule_with_their_source(library):
    for slug in ["nprs-rest", "nprs-movement"]:
        nprs = library[slug]
        assert nprs.mcid_bands == [
            {"low": 1, "high": 4, "mcid": 1},
            {"low": 5, "high": 7, "mcid": 2},
            {"low": 8, "high": 10, "mcid": 4},
        ], slug
        assert nprs.mcid_percent == 30, slug
        assert "doi:10.1055/a-1304-3677" in nprs.mcid_source, slug
        assert "Childs" in nprs.mcid_source and "Ostelo" in nprs.mcid_source, slug
    assert library["odi"].mcid_percent == 30 and "30 %" in library["odi"].mcid_source
    others = set(library) - {"nprs-rest", "nprs-movement", "odi"}
    assert not any(library[s].mcid_percent or library[s].mcid_bands for s in others)


# Percent change is shown for every number on a scale with a true zero: not for scores,
# percentages or angles either side of zero.
NO_PERCENT_CHANGE = {
    "odi",
    "lefs",
    "psfs-mean",
    "psfs-activity-1",
    "psfs-activity-2",
    "psfs-activity-3",
    "hip-extension-rom",
    "modified-thomas",
}


def test_percent_change_is_meaningful_exactly_on_the_shipped_ratio_scales(library):
    numbers = {slug for slug, test in library.items() if test.kind == RecordingKind.NUMBER}
    assert numbers >= NO_PERCENT_CHANGE
    for slug in numbers:
        assert library[slug].percent_meaningful == (slug not in NO_PERCENT_CHANGE), slug


def test_only_the_lateral_step_down_lists_its_best_grade_first(library):
    first = {slug for slug, test in library.items() if test.best_grade == "first"}
    assert first == {"lateral-step-down"}


def test_pain_beside_a_shipped_test_is_judged_as_the_nprs_with_the_provoking_movement(library):
    for test in library.values():
        if test.records_pain:
            assert test.pain_test == library["nprs-movement"], test.slug
        else:
            assert test.pain_test is None, test.slug


def test_every_pain_test_a_shipped_test_names_is_a_pain_test_listed_before_it():
    seen: dict[str, str] = {}
    for data in shipped.TESTS:
        if data.pain_test:
            assert seen.get(data.pain_test) == RecordingKind.PAIN, data.slug
        seen[data.slug] = data.kind
