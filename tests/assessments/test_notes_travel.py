"""A finding's note travels: beside the baseline value on the retest row, in the report (folded),
in the CSV's last column; the rows that repeat the provoking movement name it."""

import csv
import datetime
import io
from decimal import Decimal

import pytest

from assessments import services
from assessments.models import AssessmentTest
from assessments.report import CSV_HEADER
from tests.assessments.helpers import item_of
from tests.factories import TestDefinitionFactory

MOVEMENT = "Lumbar flexion in standing"
BUCKLES = "core buckles, pain in lumbar spine"


def save(round_, slug: str, side: str = "none", **fields):
    return services.finding_save(item=item_of(round_, slug), side=side, **fields).row


@pytest.fixture
def baseline(ana, alice, library):
    round_ = services.assessment_create_baseline(
        client=ana,
        clinician=alice.user,
        tests=[library[s] for s in ("nprs-movement", "symptom-response", "hip-flexion-rom")],
    )
    save(round_, "nprs-movement", pain=6, note=MOVEMENT)
    save(round_, "hip-flexion-rom", "left", value=Decimal(95), note=BUCKLES)
    save(round_, "hip-flexion-rom", "right", value=Decimal(110))
    return round_


@pytest.fixture
def retest(baseline, alice):
    round_ = services.assessment_create_retest(
        baseline=baseline,
        clinician=alice.user,
        performed_at=baseline.performed_at + datetime.timedelta(days=7),
    )
    save(round_, "nprs-movement", pain=3, note="less at end of range")
    save(round_, "hip-flexion-rom", "left", value=Decimal(105))
    return round_


def row_html(body: str, round_, slug: str, side: str) -> str:
    """One row of the entry page: from its opening to the next row or the end of its test."""
    start = body.index(f'id="finding-{item_of(round_, slug).test_id}-{side}"')
    ends = (body.find('<form id="finding-', start + 1), body.find("</section>", start))
    return body[start : min(end for end in ends if end != -1)]


# On the retest page.


def test_the_retest_row_shows_the_baseline_note_beside_the_baseline_value(alice_http, retest):
    body = alice_http.get(f"/assessments/{retest.pk}/").content.decode()
    row = row_html(body, retest, "hip-flexion-rom", "left")
    baseline_part = row.split('class="finding-baseline"', 1)[1].split("</span></span>", 1)[0]
    assert "95°" in baseline_part and f"note: {BUCKLES}" in baseline_part
    # The other side had no note: none is shown for it.
    other = row_html(body, retest, "hip-flexion-rom", "right")
    assert "110°" in other and "note:" not in other.split('class="finding-baseline"', 1)[1][:200]


def test_a_read_only_colleague_sees_the_baseline_note_too(bob_http, retest):
    body = bob_http.get(f"/assessments/{retest.pk}/").content.decode()
    assert f"note: {BUCKLES}" in body


def test_a_baseline_note_is_escaped_on_the_retest_row(alice_http, baseline, retest):
    save(baseline, "hip-flexion-rom", "left", value=Decimal(95), note="<b>sore</b>")
    body = alice_http.get(f"/assessments/{retest.pk}/").content.decode()
    assert "note: &lt;b&gt;sore&lt;/b&gt;" in body and "<b>sore</b>" not in body


def test_the_rows_that_repeat_the_provoking_movement_name_it_at_the_retest(alice_http, retest):
    body = alice_http.get(f"/assessments/{retest.pk}/").content.decode()
    hint = f"Repeat the movement named at baseline: <strong>{MOVEMENT}</strong>"
    # The pain with the provoking movement and the symptom response; not the range of motion.
    assert body.count(hint) == 2
    symptom = body.split(f'id="test-{item_of(retest, "symptom-response").test_id}"', 1)[1]
    assert hint in symptom.split("</div>", 1)[0]


def test_the_baseline_itself_shows_no_movement_to_repeat(alice_http, baseline):
    body = alice_http.get(f"/assessments/{baseline.pk}/").content.decode()
    assert "Repeat the movement named at baseline" not in body


def test_without_the_pain_test_the_symptom_response_names_its_own_baseline_note(
    alice_http, ana, alice, library
):
    baseline = services.assessment_create_baseline(
        client=ana, clinician=alice.user, tests=[library["symptom-response"]]
    )
    save(baseline, "symptom-response", symptom="same", note="Sit to stand")
    retest = services.assessment_create_retest(baseline=baseline, clinician=alice.user)
    body = alice_http.get(f"/assessments/{retest.pk}/").content.decode()
    assert "Repeat the movement named at baseline: <strong>Sit to stand</strong>" in body


def test_no_movement_named_means_no_hint(alice_http, ana, alice, library):
    baseline = services.assessment_create_baseline(
        client=ana, clinician=alice.user, tests=[library["nprs-movement"]]
    )
    save(baseline, "nprs-movement", pain=5)
    retest = services.assessment_create_retest(baseline=baseline, clinician=alice.user)
    body = alice_http.get(f"/assessments/{retest.pk}/").content.decode()
    assert "Repeat the movement named at baseline" not in body


# In the report.


def test_the_report_folds_the_notes_round_by_round(alice_http, baseline, retest):
    body = alice_http.get(f"/assessments/{baseline.pk}/report/").content.decode()
    notes = body.split('class="report-notes"', 1)[1].split("</section>", 1)[0]
    assert "<details" in notes and "<summary>2 findings with a note</summary>" in notes
    pain = notes.split("<dt>Pain with the provoking movement (NPRS)</dt>", 1)[1].split("</dd>")[0]
    assert f"<strong>Baseline:</strong> {MOVEMENT}" in pain
    assert "<strong>Retest 1 (day 7):</strong> less at end of range" in pain
    assert pain.index("Baseline") < pain.index("Retest 1")
    hip = notes.split("<dt>Hip flexion ROM (left)</dt>", 1)[1].split("</dd>")[0]
    assert BUCKLES in hip and "Retest 1" not in hip
    assert "Hip flexion ROM (right)" not in notes


def test_a_report_without_notes_has_no_notes_section(alice_http, ana, alice, library):
    baseline = services.assessment_create_baseline(
        client=ana, clinician=alice.user, tests=[library["nprs-movement"]]
    )
    save(baseline, "nprs-movement", pain=5)
    body = alice_http.get(f"/assessments/{baseline.pk}/report/").content.decode()
    assert 'class="report-notes"' not in body


# In the CSV.


def csv_lines(http, baseline) -> list[dict[str, str]]:
    response = http.get(f"/assessments/{baseline.pk}/report.csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_csv_adds_the_note_as_its_last_column_and_moves_no_other(alice_http, baseline):
    response = alice_http.get(f"/assessments/{baseline.pk}/report.csv")
    header = next(csv.reader(io.StringIO(response.content.decode())))
    assert header == CSV_HEADER and header[-1] == "note"
    assert header.index("involved_side") == 20 and len(header) == 22


def test_each_csv_line_carries_its_rounds_note(alice_http, baseline, retest):
    lines = csv_lines(alice_http, baseline)
    pain = {line["round"]: line["note"] for line in lines if line["test"].startswith("Pain")}
    assert pain == {"Baseline": MOVEMENT, "Retest 1 (day 7)": "less at end of range"}
    hip = {
        (line["side"], line["round"]): line["note"]
        for line in lines
        if line["test"] == "Hip flexion ROM"
    }
    assert hip[("left", "Baseline")] == BUCKLES
    assert hip[("left", "Retest 1 (day 7)")] == ""
    assert hip[("right", "Baseline")] == ""


@pytest.mark.parametrize("note", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"])
def test_a_note_that_a_spreadsheet_would_run_is_quoted(alice_http, baseline, note):
    save(baseline, "nprs-movement", pain=6, note=note)
    lines = csv_lines(alice_http, baseline)
    [pain] = [line for line in lines if line["test"].startswith("Pain")]
    assert pain["note"] == "'" + note


def test_a_note_over_several_lines_stays_in_one_cell(alice_http, baseline):
    save(baseline, "nprs-movement", pain=6, note="line one\nline two")
    lines = csv_lines(alice_http, baseline)
    [pain] = [line for line in lines if line["test"].startswith("Pain")]
    assert pain["note"] == "line one\nline two"


# The same queries however many notes there are.


def series_with_notes(ana, alice, *, tests: int):
    definitions = [TestDefinitionFactory(sided=n % 2 == 0) for n in range(tests)]
    baseline = services.assessment_create_baseline(
        client=ana, clinician=alice.user, tests=definitions
    )
    retest = services.assessment_create_retest(
        baseline=baseline,
        clinician=alice.user,
        performed_at=baseline.performed_at + datetime.timedelta(days=3),
    )
    for n, round_ in enumerate((baseline, retest)):
        for item in AssessmentTest.objects.filter(assessment=round_).select_related(
            "test", "assessment"
        ):
            for side in item.test.sides:
                services.finding_save(
                    item=item, side=side, value=Decimal(10 + n), note=f"note {item.test_id}"
                )
    return baseline, retest


@pytest.mark.parametrize("tests", [10, 30])
def test_notes_add_no_query_to_the_retest_page_the_report_or_the_csv(
    alice_http, ana, alice, django_assert_num_queries, tests
):
    baseline, retest = series_with_notes(ana, alice, tests=tests)
    # The report and its CSV as pinned without notes (test_report_queries.py); the retest page:
    # session, user, membership, the round with client, clinician and baseline, its tests, its
    # findings, its baseline's findings, its treatment and the access audit row; for its
    # corrections, whether the round holds anything and the tests it could add. The notes come
    # with the findings.
    for url, queries in (
        (f"/assessments/{retest.pk}/", RETEST_PAGE_QUERIES),
        (f"/assessments/{baseline.pk}/report/", 14),
        (f"/assessments/{baseline.pk}/report.csv", 12),
    ):
        with django_assert_num_queries(queries):
            response = alice_http.get(url)
        assert response.status_code == 200
        assert "note " in response.content.decode()


RETEST_PAGE_QUERIES = 11
