"""The report page, the CSV and the client summary show the same verdict for the same finding.

The first test hands the three one comparison with one finding of every kind of verdict, as the
core returns them; the second records findings over HTTP and reads the three pages the clinic
downloads, so the core's verdicts reach all three unchanged."""

import csv
import datetime
import io
import re
from decimal import Decimal
from html import unescape

import pytest
from django.template.loader import render_to_string

from assessments import report as report_layer
from assessments import services
from assessments.comparison import (
    Better,
    Comparison,
    Direction,
    Measure,
    Ordinal,
    Ranked,
    Row,
    Scale,
    Step,
    Symmetry,
    TestFacts,
    Threshold,
)
from assessments.comparison.judge import ANOTHER_RATER
from assessments.models import AssessmentTest
from tests.factories import TestDefinitionFactory

HIP = Scale(better=Better.HIGHER, unit="°", minimum=-20, maximum=40, mdc=13)
SIDE_BRIDGE = Scale(better=Better.HIGHER, unit="s", minimum=0, maximum=600, mdc=30)
HOLD = Scale(better=Better.HIGHER, unit="s", minimum=0, maximum=600)
ODI = Scale(better=Better.LOWER, unit="%", minimum=0, maximum=100, mdc=10, mcid=10)
STEP_DOWN = Ordinal(
    ("0 · good", "1 · good", "2 · moderate", "3 · moderate", "4 · poor", "5 · poor", "6 · poor")
)
BRIDGE = Ordinal(("Good", "Fair", "Poor"))


def judged(
    before, after, direction, threshold, words, symbol, change=None, percent=None, caveats=()
):
    if change is None and isinstance(before, int | float) and isinstance(after, int | float):
        change = after - before
    return Step(before, after, change, percent, direction, threshold, 1.0, words, symbol, caveats)


# Another rater at the retest, and what the core adds to a change beyond a one-rater MDC.
OTHER_RATER = ("different rater: AS → DK", ANOTHER_RATER)


# fmt: off
# (key, test, side, measure, label, unit, before, after, the core's step, facts;
#  then the words the report and the CSV print, the summary's part and its phrase)
FINDINGS = [
    # Hip extension 5 → 8°: 3 < MDC 13.
    ("hip", "Hip extension ROM", "left", Measure.VALUE, "Hip extension ROM (left)", "°", 5, 8,
     judged(5, 8, Direction.BETTER, Threshold.WITHIN_ERROR,
            "no real change: within measurement error", "≈"),
     TestFacts(key="hip", name="Hip extension ROM", value=HIP, sided=True),
     "no real change: within measurement error", "not-yet", "left: 5° → 8°, no real change yet"),
    # Side bridge 40 → 75 s: 35 ≥ MDC 30, no MCID.
    ("bridge-hold", "Side-bridge hold", "left", Measure.VALUE, "Side-bridge hold (left)", "s",
     40, 75, judged(40, 75, Direction.BETTER, Threshold.REAL,
                    "better, beyond measurement error", "▲", percent=87.5, caveats=OTHER_RATER),
     TestFacts(key="bridge-hold", name="Side-bridge hold", value=SIDE_BRIDGE, sided=True),
     "better, beyond measurement error", "improved",
     "left: 40 s → 75 s, a real improvement, if small"),
    # ODI 36 → 24 %: 12 points ≥ MCID 10.
    ("odi", "Oswestry Disability Index", "", Measure.VALUE, "Oswestry Disability Index", "%",
     36, 24, judged(36, 24, Direction.BETTER, Threshold.IMPORTANT,
                    "better, clinically important", "▲"),
     TestFacts(key="odi", name="Oswestry Disability Index", value=ODI),
     "better, clinically important", "improved",
     "36% → 24%, a clear improvement, large enough to matter"),
    # The bridge Poor → Good: a category better.
    ("glute", "Glute bridge", "", Measure.VALUE, "Glute bridge", "", "Poor", "Good",
     judged("Poor", "Good", Direction.BETTER, Threshold.CATEGORY, "better: Poor → Good", "▲",
            change=2.0),
     TestFacts(key="glute", name="Glute bridge", value=BRIDGE,
               compensations=("Pelvic rotation",)),
     "better: Poor → Good", "improved", "poor → good, better"),
    # The step-down 3 → 2 stays moderate.
    ("lsd", "Lateral step-down", "right", Measure.VALUE, "Lateral step-down (right)", "",
     "3 · moderate", "2 · moderate",
     judged("3 · moderate", "2 · moderate", Direction.SAME, Threshold.WITHIN_CATEGORY,
            "no real change: within one category", "≈", change=0.0),
     TestFacts(key="lsd", name="Lateral step-down", value=STEP_DOWN, sided=True),
     "no real change: within one category", "not-yet",
     "right: moderate (3) → moderate (2), no real change yet: still in the same range"),
    # Pelvic rotation seen at the baseline, not looked for at the retest.
    ("glute", "Glute bridge", "", Measure.COMPENSATION, "Glute bridge: Pelvic rotation", "",
     "present", None,
     judged("present", None, Direction.NOT_COMPARED, None,
            "not compared: not recorded in this round", "–"),
     None, "not compared: not recorded in this round", "not-measured",
     "Glute bridge (pelvic rotation)"),
    # A prone hold 10 → 35 s has no threshold at all.
    ("prone", "Prone hold", "left", Measure.VALUE, "Prone hold (left)", "s", 10, 35,
     judged(10, 35, Direction.BETTER, Threshold.NONE_KNOWN, "higher (no threshold known)", "↑",
            percent=250.0),
     TestFacts(key="prone", name="Prone hold", value=HOLD, sided=True),
     "higher (no threshold known)", "unsure", "left: 10 s → 35 s, higher"),
]
# fmt: on


def _rows() -> tuple[Row, ...]:
    return tuple(
        Row(key, test, side, measure, label, unit, (before, after), (step,))
        for key, test, side, measure, label, unit, before, after, step, *_ in FINDINGS
    )


def report_cells(body: str) -> dict[str, str]:
    """Each finding's label on the report page and the verdict in its retest cell."""
    found = {}
    for label, cells in re.findall(
        r'<span class="row-label">([^<]+)</span>.*?</th>(.*?)</tr>', body, flags=re.S
    ):
        verdicts = re.findall(
            r'<span class="cell-verdict"><span aria-hidden="true">[^<]*</span> ([^<]+)</span>',
            cells,
        )
        found[unescape(label)] = unescape(verdicts[-1]) if verdicts else ""
    return found


def summary_parts(body: str) -> dict[str, str]:
    """The client summary's text per part: improved, worse, not yet, changed without a
    threshold ("unsure"), still fine and not measured again."""
    parts = {}
    for name in ("improved", "worse", "not-yet", "unsure", "still-fine", "not-measured"):
        match = re.search(rf'<(ul|p) class="[^"]*part-{name}">(.*?)</\1>', body, flags=re.S)
        parts[name] = unescape(re.sub(r"<[^>]+>", "", match.group(2))) if match else ""
    return parts


def summary_section(parts: dict[str, str], phrase: str) -> str:
    """The one part of the summary that holds `phrase`."""
    holding = [name for name, text in parts.items() if phrase in text]
    assert len(holding) <= 1, holding
    return holding[0] if holding else ""


@pytest.fixture
def rounds(ana, alice, northside):
    """A real baseline and retest for the report's columns, its dates and its links."""
    test = TestDefinitionFactory(clinic=northside, name="Hip extension ROM")
    baseline = services.assessment_create_baseline(client=ana, clinician=alice.user, tests=[test])
    services.assessment_create_retest(
        baseline=baseline,
        clinician=alice.user,
        performed_at=baseline.performed_at + datetime.timedelta(days=28),
    )
    return baseline


def test_every_kind_of_verdict_reads_the_same_on_the_report_the_csv_and_the_summary(rounds):
    from assessments import selectors

    built = report_layer.build(selectors.report_queryset().get(pk=rounds.pk))
    rows = _rows()
    built.comparison = Comparison(
        round_labels=built.comparison.round_labels,
        rows=rows,
        ranked=rows,
        symmetry=(),
    )
    built.facts = {facts.key: facts for *_, facts, _w, _s, _p in FINDINGS if facts is not None}
    built.charts = {}
    page = render_to_string(
        "assessments/report_detail.html",
        {"report": built, "client": built.baseline.client, "baseline_pk": built.baseline.pk},
    )
    lines = [
        dict(zip(report_layer.CSV_HEADER, line, strict=True))
        for line in report_layer.csv_rows(built)
    ]
    summary = render_to_string(
        "assessments/report_summary.html",
        {
            "report": built,
            "client": built.baseline.client,
            "summary": report_layer.summary_for(built),
            "programme": [],
        },
    )
    cells = report_cells(page)
    parts = summary_parts(summary)
    for _key, _test, _side, _m, label, *_, words, section, phrase in FINDINGS:
        retest = next(
            line for line in lines if line["finding"] == label and line["round"] != "Baseline"
        )
        assert cells[label] == words, label
        assert retest["verdict"] == words, label
        assert summary_section(parts, phrase) == section, (label, phrase)
    # The caveat of another rater beside the side bridge's change, on the page and in the CSV.
    bridge = re.search(r"Side-bridge hold \(left\)</span>.*?</tr>", page, flags=re.S).group(0)
    assert "the error between two raters is larger" in unescape(bridge)
    side_bridge = next(
        line
        for line in lines
        if line["finding"] == "Side-bridge hold (left)" and line["round"] != "Baseline"
    )
    assert side_bridge["caveats"] == "; ".join(OTHER_RATER)
    # The neutral verdicts are never green, on the page or in the summary's "improved".
    prone = re.search(r"Prone hold \(left\)</span>.*?</tr>", page, flags=re.S).group(0)
    assert "verdict-better" not in prone and "verdict-same" in prone
    assert "Prone hold" not in parts["improved"]
    # ODI's change is in points, on the page and in the CSV's change unit.
    odi = next(
        line
        for line in lines
        if line["finding"] == "Oswestry Disability Index" and line["round"] != "Baseline"
    )
    # Which way is better and the thresholds, with their units, in the CSV as on the page.
    assert (odi["better"], odi["thresholds"]) == (
        "lower is better",
        "MDC 10 points · MCID 10 points",
    )
    assert "MDC 10 points · MCID 10 points" in page
    assert "−12 points" in page and (odi["change_from_baseline"], odi["change_unit"]) == (
        "-12",
        "points",
    )


def test_the_ranking_lists_tests_without_a_threshold_apart_and_says_its_rule(rounds):
    from assessments import selectors

    built = report_layer.build(selectors.report_queryset().get(pk=rounds.pk))
    rows = _rows()
    by_label = {r.label: r for r in rows}
    glute = (by_label["Glute bridge"],)
    built.comparison = Comparison(
        round_labels=built.comparison.round_labels,
        rows=rows,
        ranked=rows,
        symmetry=(
            Symmetry("hip", "Hip extension ROM", "Baseline", 5, 10, 50, "involved", "left"),
            Symmetry("prone", "Prone hold", "Baseline", 10, 20, 50, "weaker", ""),
        ),
        changed_most=(
            Ranked(
                "odi",
                "Oswestry Disability Index",
                "",
                "Oswestry Disability Index",
                "better, clinically important",
                Direction.BETTER,
                1.2,
                (by_label["Oswestry Disability Index"],),
            ),
            Ranked(
                "glute",
                "Glute bridge",
                "",
                "Glute bridge",
                "better: Poor → Good; 2 of 3 faults resolved",
                Direction.BETTER,
                1.0,
                glute,
            ),
        ),
        unjudged=(
            Ranked(
                "prone",
                "Prone hold",
                "left",
                "Prone hold (left)",
                "higher (no threshold known)",
                Direction.BETTER,
                2.5,
                (by_label["Prone hold (left)"],),
            ),
        ),
    )
    built.facts = {facts.key: facts for *_, facts, _w, _s, _p in FINDINGS if facts is not None}
    built.charts = {}
    page = render_to_string(
        "assessments/report_detail.html",
        {"report": built, "client": built.baseline.client, "baseline_pk": built.baseline.pk},
    )
    text = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", page)))
    most, rest = text.split("Changed most", 1)[1].split("Changed, no threshold to judge it ", 1)
    # The core's rules, in plain words, on the page.
    assert "its MDC), else in its smallest important change (its MCID)" in most
    assert "compensations count once" in most
    assert "listed by their change relative to the baseline and never ranked among" in most
    assert most.index("Oswestry Disability Index") < most.index("Glute bridge")
    assert "36% → 24% (−12 points) — better, clinically important" in most
    assert "2 of 3 faults resolved" in most
    assert "Prone hold" not in most
    assert (
        "Prone hold (left) : 10 s → 35 s (+25 s (+250 %)) — higher (no threshold known)"
        in (rest.split("Every finding")[0])
    )
    # A symmetry index says what it divides: left 5 of right 10 is 50 % either way.
    assert "50 % involved (left) ÷ other" in text and "50 % weaker ÷ stronger" in text
    unjudged = re.search(r'<ul class="entries unjudged".*?</ul>', page, flags=re.S).group(0)
    assert "verdict-better" not in unjudged


def record(round_, test, side="none", **fields) -> None:
    item = AssessmentTest.objects.select_related("test", "assessment__client").get(
        assessment=round_, test=test
    )
    services.finding_save(item=item, side=side, **fields)


def test_the_cores_verdicts_reach_the_report_the_csv_and_the_summary_unchanged(
    alice_http, ana, alice, northside
):
    hip = TestDefinitionFactory(
        clinic=northside,
        name="Hip extension",
        mdc=Decimal(13),
        mdc_source="Poulsen et al. 2012",
        percent_meaningful=False,
    )
    side_bridge = TestDefinitionFactory(
        clinic=northside,
        name="Side bridge",
        unit="seconds",
        value_max=Decimal(600),
        mdc=Decimal(30),
        mdc_source="Juan-Recio et al. 2022",
    )
    hold = TestDefinitionFactory(
        clinic=northside, name="Prone hold", unit="seconds", value_max=Decimal(600)
    )
    bridge = TestDefinitionFactory(graded=True, name="Bridge", clinic=northside)
    tests = [hip, side_bridge, hold, bridge]
    baseline = services.assessment_create_baseline(client=ana, clinician=alice.user, tests=tests)
    retest = services.assessment_create_retest(
        baseline=baseline,
        clinician=alice.user,
        performed_at=baseline.performed_at + datetime.timedelta(days=28),
    )
    for round_, (h, s, p, g) in ((baseline, (5, 40, 10, 0)), (retest, (8, 75, 35, 2))):
        record(round_, hip, value=Decimal(h))
        record(round_, side_bridge, value=Decimal(s))
        record(round_, hold, value=Decimal(p))
        # The fault ticked at the baseline; the retest's checklist left as it came.
        record(round_, bridge, grade=g, compensations=["Lumbar extension"] if g == 0 else [])
    page = alice_http.get(f"/assessments/{baseline.pk}/report/").content.decode()
    text = alice_http.get(f"/assessments/{baseline.pk}/report.csv").content.decode()
    summary = alice_http.get(f"/assessments/{baseline.pk}/summary/").content.decode()
    lines = {
        line["finding"]: line
        for line in csv.DictReader(io.StringIO(text))
        if line["round"] != "Baseline"
    }
    cells = report_cells(page)
    parts = summary_parts(summary)
    # fmt: off
    expected = [
        # 5 → 8°: 3 < 13.
        ("Hip extension", "no real change: within measurement error", "not-yet",
         "5° → 8°, no real change yet"),
        # 40 → 75 s: 35 ≥ 30.
        ("Side bridge", "better, beyond measurement error", "improved",
         "40 s → 75 s, a real improvement, if small"),
        # 10 → 35 s, no threshold.
        ("Prone hold", "higher (no threshold known)", "unsure", "10 s → 35 s, higher"),
        # Grade 0 → 2 on Poor, Fair, Good.
        ("Bridge", "better: Poor → Good", "improved", "quality poor → good, better"),
        # Not looked for at the retest: not compared, never resolved.
        ("Bridge: Lumbar extension", "not compared: not checked at Retest 1 (week 4)",
         "not-measured", "Bridge (lumbar extension)"),
    ]
    # fmt: on
    for label, words, section, phrase in expected:
        assert cells[label] == words, label
        assert lines[label]["verdict"] == words, label
        assert summary_section(parts, phrase) == section, (label, phrase)
    # The core ranks the judged changes; the hold without a threshold is listed apart.
    text = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", page)))
    most, apart = (
        text.split("Changed most", 1)[1]
        .split("Every finding", 1)[0]
        .split("Changed, no threshold to judge it ", 1)
    )
    assert "Side bridge" in most and "Bridge" in most and "Prone hold" not in most
    assert "Prone hold : 10 s → 35 s (+25 s (+250 %)) — higher (no threshold known)" in apart
