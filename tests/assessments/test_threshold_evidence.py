"""Where thresholds come from: one rule for ranges, units and populations on every threshold,
and headers that say which direction belongs to which measure."""

import importlib
import re
from dataclasses import replace
from decimal import Decimal

import pytest

from assessments import library as shipped
from assessments import services
from assessments.library import TestData
from assessments.models import TestDefinition
from assessments.report import facts_for
from assessments.selectors import report_queryset
from tests.assessments.test_test_definition_create import HOP
from tests.factories import TestDefinitionFactory

# The module, not the `build` function the package exports under the same name.
report_build = importlib.import_module("assessments.report.build")

# A threshold range is written with an en dash ("10.5–15 points"); the ranges of baselines an
# MCID band covers ("a baseline of 1–4") are the test's own bands and are no threshold range.
RANGE = re.compile(r"(\d+(?:\.\d+)?)–(\d+(?:\.\d+)?)")
USED = re.compile(r"^[^;.]*; (\d+(?:\.\d+)?) used, the conservative end")


def range_errors(data: TestData) -> list[str]:
    """What breaks the rule for ranges in a test's sources: each range of a threshold says
    which figure is used, that figure is the range's larger (conservative) end, and it is
    the figure stored."""
    bands = {(Decimal(str(b.low)), Decimal(str(b.high))) for b in data.mcid_bands}
    stored = {
        "mdc_source": {data.mdc},
        "mcid_source": {data.mcid, *(Decimal(str(b.mcid)) for b in data.mcid_bands)},
    }
    errors = []
    for field, figures in stored.items():
        text = getattr(data, field)
        for match in RANGE.finditer(text):
            low, high = Decimal(match[1]), Decimal(match[2])
            if (low, high) in bands:
                continue
            used = USED.match(text[match.end() :])
            if used is None:
                errors.append(f"{field}: {match[0]} does not say the figure used")
            elif Decimal(used[1]) != max(low, high):
                errors.append(f"{field}: {match[0]} uses {used[1]}, not the conservative end")
            elif Decimal(used[1]) not in figures:
                errors.append(f"{field}: {used[1]} used, but the test stores {figures}")
    return errors


def test_every_range_in_a_shipped_source_uses_its_conservative_end_and_says_so():
    for data in shipped.TESTS:
        assert range_errors(data) == [], data.slug


def test_the_ranges_the_issue_names_use_their_larger_end():
    by_slug = {data.slug: data for data in shipped.TESTS}
    # ODI MDC90 10.5–15 → 15; ODI MCID 10–12 → 12; hip ROM MDC95 9–13° → 13; NPRS MCID
    # 1.5–2.2 → 2.2, and 3–4 for a baseline of 8–10 → 4.
    assert "10.5–15 points; 15 used, the conservative end" in by_slug["odi"].mdc_source
    assert "10–12 points; 12 used, the conservative end" in by_slug["odi"].mcid_source
    assert "9–13°; 13 used, the conservative end" in by_slug["hip-extension-rom"].mdc_source
    assert "3–4 points; 4 used, the conservative end" in by_slug["nprs-rest"].mcid_source
    assert "1.5–2.2 points; 2.2 used, the conservative end" in by_slug["nprs-rest"].mcid_source
    assert by_slug["nprs-rest"].mcid == Decimal("2.2")
    assert "1.77–2 points; 2 used, the conservative end" in by_slug["nprs-rest"].mdc_source
    assert by_slug["nprs-rest"].mcid_bands[-1].mcid == 4


ODI = shipped.TESTS[[d.slug for d in shipped.TESTS].index("odi")]


# fmt: off
RANGE_CASES = [
    # The larger end, stated and stored: no error.
    (Decimal(11), "MDC90 10–11 points; 11 used, the conservative end.", None),
    # The range without the figure used.
    (Decimal(11), "MDC90 10–11 points (Davidson & Keating 2002).", "does not say the figure"),
    # The smaller end used: easier to call a change real than the sources allow.
    (Decimal(10), "MDC90 10–11 points; 10 used, the conservative end.", "not the conservative"),
    # The text says 11, the row stores 10.
    (Decimal(10), "MDC90 10–11 points; 11 used, the conservative end.", "but the test stores"),
]
# fmt: on


@pytest.mark.parametrize(("mdc", "source", "error"), RANGE_CASES)
def test_the_range_rule_catches_a_source_that_breaks_it(mdc, source, error):
    errors = range_errors(replace(ODI, mdc=mdc, mdc_source=source))
    if error is None:
        assert errors == []
    else:
        assert len(errors) == 1 and error in errors[0]


# Every threshold printed with its unit, as the entry page, the test list and the report do.
# fmt: off
THRESHOLD_TEXTS = [
    ("hip-extension-rom", "MDC 13°", ""),
    ("odi", "MDC 15 points", "MCID 12 points or 30 %"),
    ("lefs", "MDC 9 points", "MCID 9 points"),
    ("psfs-mean", "MDC 2 points", "MCID 1.3 points"),
    ("psfs-activity-1", "MDC 3 points", ""),
    ("side-bridge-hold", "MDC 30.3 s", ""),
    ("nprs-rest", "MDC 2 points",
     "MCID 2.2 points; by baseline 1–4: 1 · 5–7: 2 · 8–10: 4; or 30 %"),
    ("trendelenburg", "", ""),
]
# fmt: on


@pytest.mark.parametrize(("slug", "mdc", "mcid"), THRESHOLD_TEXTS)
def test_each_threshold_is_printed_with_its_unit(library, slug, mdc, mcid):
    assert (library[slug].mdc_text, library[slug].mcid_text) == (mdc, mcid)


def test_a_percent_mcid_alone_reads_as_a_percent(northside):
    test = TestDefinitionFactory.build(
        clinic=northside, unit="cm", mcid_percent=Decimal(30), mcid_source="Our audit."
    )
    assert test.mcid_text == "MCID 30 %"


# Which way is better for each thing a test records.
# fmt: off
DIRECTIONS = [
    ("glute-bridge", "grade: better is Good; pain 0–10: lower is better"),
    ("single-leg-squat", "grade: better is Good; pain 0–10: lower is better"),
    ("lateral-step-down", "grade: better is 0 · good; pain 0–10: lower is better"),
    ("single-leg-bridge-reps", "reps: higher is better; pain 0–10: lower is better"),
    ("side-lying-abduction", "seconds: higher is better; grade: better is Good"),
    ("single-leg-stance-30s", "seconds: higher is better; pain 0–10: lower is better"),
    ("hip-extension-rom", "higher is better"),
    ("odi", "lower is better"),
    ("nprs-rest", "lower is better"),
    ("trendelenburg", "negative is better"),
    ("symptom-response", "gone or less is better"),
]
# fmt: on


@pytest.mark.parametrize(("slug", "text"), DIRECTIONS)
def test_the_header_says_which_direction_belongs_to_which_measure(library, slug, text):
    assert library[slug].direction_text == text


# The population is named unless the client's presenting complaint contains it, ignoring case.
# fmt: off
POPULATION_CASES = [
    ("hip osteoarthritis", "Low back pain, 3 months", "hip osteoarthritis"),
    ("hip osteoarthritis", "Right HIP OSTEOARTHRITIS, waiting list", ""),
    ("low back pain", "low back pain after lifting", ""),
    # Containment, not similarity: "back pain" does not name "low back pain".
    ("low back pain", "Back pain", "low back pain"),
    ("low back pain", "", "low back pain"),
    ("", "Low back pain", ""),
]
# fmt: on


@pytest.mark.parametrize(("population", "complaint", "named"), POPULATION_CASES)
def test_the_population_is_named_unless_the_complaint_names_it(population, complaint, named):
    test = TestDefinitionFactory.build(threshold_population=population)
    assert test.threshold_population_for(complaint) == named


def test_the_facts_carry_the_population_and_the_same_rater_mdc(library):
    rom = facts_for(library["hip-extension-rom"], "Low back pain").value
    assert (rom.population, rom.mdc_same_rater) == ("hip osteoarthritis", True)
    assert facts_for(library["hip-extension-rom"], "Hip osteoarthritis").value.population == ""
    odi = facts_for(library["odi"], "Low back pain").value
    assert (odi.population, odi.mdc_same_rater) == ("", False)
    # The pain beside a movement is judged on the NPRS, measured in low back pain.
    assert facts_for(library["glute-bridge"], "Lateral hip pain").pain.population == (
        "low back pain"
    )
    # A test without a threshold names no population.
    assert facts_for(library["single-leg-bridge-reps"], "").value.population == ""


def test_the_report_judges_with_the_clients_presenting_complaint(monkeypatch, ana, alice, library):
    ana.presenting_complaint = "Hip osteoarthritis, left"
    ana.save()
    baseline = services.assessment_create_baseline(
        client=ana, clinician=alice.user, tests=[library["hip-extension-rom"], library["odi"]]
    )
    seen = {}

    def compare(facts, rounds, **options):
        seen.update({f.name: f.value for f in facts})
        return real_compare(facts, rounds, **options)

    real_compare = report_build.compare
    monkeypatch.setattr(report_build, "compare", compare)
    report_build.build(report_queryset().get(pk=baseline.pk))
    # Hip OA is Ana's own problem; the ODI's low back pain is not.
    assert seen["Hip extension ROM"].population == ""
    assert seen["Oswestry Disability Index"].population == "low back pain"


def test_the_test_list_prints_units_populations_and_directions(alice_http):
    body = alice_http.get("/tests/").content.decode()
    assert "MDC 13°" in body and "within one rater" in body
    assert "MCID 12 points or 30 %" in body
    assert "hip osteoarthritis" in body and "low back pain" in body
    assert "Grade: better is Good; pain 0–10: lower is better" in body
    assert "Check: some figures were recalled" not in body
    assert "the conservative end is used" in body


def test_the_entry_header_prints_units_populations_and_directions(alice_http, screen):
    body = alice_http.get(f"/assessments/{screen.pk}/").content.decode()
    meta = " ".join(re.findall(r'<p class="entry-test-meta">(.*?)</p>', body, re.S))
    assert "MDC 13°, same rater" in meta
    assert "measured in hip osteoarthritis" in meta
    assert "grade: better is Good; pain 0–10: lower is better" in meta


def test_a_clinics_own_test_records_where_its_thresholds_come_from(alice_http, northside):
    response = alice_http.post(
        "/tests/new/",
        {
            **HOP,
            "mdc": "12",
            "mdc_source": "Our audit, 2025: SEM 4 cm.",
            "threshold_population": "ACL reconstruction",
            "mdc_same_rater": "on",
        },
    )
    assert response.status_code == 302
    test = TestDefinition.objects.get(clinic=northside, name=HOP["name"])
    assert (test.threshold_population, test.mdc_same_rater) == ("ACL reconstruction", True)
    assert test.mdc_text == "MDC 12 cm"
    body = alice_http.get("/tests/").content.decode()
    assert "ACL reconstruction" in body


def test_a_figure_flagged_as_unconfirmed_says_so_beside_its_note(alice_http, library):
    TestDefinition.objects.filter(pk=library["odi"].pk).update(evidence_to_check=True)
    body = alice_http.get("/tests/").content.decode()
    odi = re.search(r'id="test-odi">(.*?)</li>', body, re.S)[1]
    assert "Not confirmed in the source: see the note." in odi
    assert body.count("Not confirmed in the source") == 1
