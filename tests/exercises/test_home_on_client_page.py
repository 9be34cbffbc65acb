"""What the client logged at home, as the clinician reads it: the "Between visits" section of the
client page, the badge on the client list, the line between rounds in the report, and the CSV."""

import csv
import datetime
import io
import uuid

import pytest
import time_machine
from django.utils import timezone

from assessments import services as assessment_services
from exercises.models import SessionLog
from exercises.services import programme_link_issue, programme_link_revoke, session_log_record
from tests.factories import ClientFactory, PrescriptionFactory, TestDefinitionFactory

XSS = [
    '<script>alert("x")</script>',
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    "{{ 7|add:7 }} {% now 'Y' %}",
    '=HYPERLINK("http://x","y")',
]


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def started(days_ago: int):
    """The clock as it was `days_ago` days ago, at this hour."""
    return time_machine.travel(timezone.now() - datetime.timedelta(days=days_ago), tick=False)


@pytest.fixture
def programme(ana, alice):
    """Ana's glute bridge (once a day) and dead bug, with her link, all from 9 days ago."""
    with started(9):
        bridge = PrescriptionFactory(client=ana, exercise__name="Glute bridge")
        bug = PrescriptionFactory(client=ana, exercise__name="Dead bug")
        link = programme_link_issue(client=ana, by=alice.user).link
    return link, bridge, bug


def logged(link, prescription, days_ago, outcome="done", **values):
    """A session logged by the client on the day it was done."""
    performed_on = ago(days_ago)
    with started(days_ago):
        return session_log_record(
            link=link,
            prescription_id=prescription.pk,
            entry_id=uuid.uuid4(),
            performed_on=performed_on,
            outcome=outcome,
            **values,
        )


def section(http, client) -> str:
    page = http.get(f"/clients/{client.pk}/").content.decode()
    start = page.index('id="home-title"')
    return page[start : page.index("</section>", start)]


def test_the_client_page_shows_the_share_done_the_trend_and_each_exercises_pain(
    alice_http, ana, programme
):
    link, bridge, bug = programme
    for days_ago, pain in [(3, 4), (2, 3), (1, 2)]:
        logged(link, bridge, days_ago, sets_done=3, pain=pain, effort=6)
    logged(link, bug, 1, outcome="partly", pain=1)
    logged(link, bug, 2, outcome="not_today")
    text = section(alice_http, ana)
    # Seven days, two exercises once a day, today not yet over: 12 planned, 4 done.
    assert "4 of 12 planned sessions done (33 %)" in text
    # Since the link, nine days ago: 18 planned.
    assert "4 of 18 planned sessions done (22 %)" in text
    assert "Pain during Glute bridge, oldest first: 4, 3, 2" in text
    assert "Effort during Glute bridge, oldest first: 6, 6, 6" in text
    assert "latest 2/10" in text
    assert "5 sessions logged in the last 28 days" in text


def test_before_any_link_the_section_says_how_the_client_logs(alice_http, ana):
    PrescriptionFactory(client=ana)
    assert "No programme link yet" in section(alice_http, ana)


def test_high_pain_is_a_flag_on_the_client_page_and_a_badge_on_the_list(
    alice_http, ana, programme, northside
):
    link, bridge, bug = programme
    logged(link, bridge, 1, pain=8)
    logged(link, bug, 1)
    flag = f"Pain 8/10 during Glute bridge ({ago(1).strftime('%-d %b')})"
    assert flag in section(alice_http, ana)
    listed = alice_http.get("/").content.decode()
    assert "1 home flag" in listed and flag in listed


def test_three_planned_sessions_missed_are_a_flag_while_the_link_opens(
    alice_http, ana, alice, programme
):
    link, bridge, bug = programme
    logged(link, bridge, 1)
    logged(link, bug, 4)
    assert "3 planned sessions of Dead bug missed" in section(alice_http, ana)
    programme_link_revoke(client=ana, by=alice.user)
    assert "missed" not in section(alice_http, ana)
    assert "the client has no link that opens now" in section(alice_http, ana)


def test_the_clients_comments_are_shown_as_text(alice_http, ana, programme):
    link, bridge, _ = programme
    for days_ago, comment in enumerate(XSS[:5], start=1):
        logged(link, bridge, days_ago, comment=comment)
    text = section(alice_http, ana)
    assert "<script>" not in text and "<img src=x" not in text and "<svg/onload" not in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text
    assert "{{ 7|add:7 }}" in text and "14" not in text.split("{{ 7|add:7 }}")[1][:5]


def test_the_logs_download_as_csv_formula_safe(alice_http, bob_http, ana, programme):
    link, bridge, bug = programme
    logged(link, bridge, 2, sets_done=3, pain=4, effort=5, comment=XSS[-1])
    logged(link, bug, 1, outcome="not_today", comment="Away")
    response = bob_http.get(f"/clients/{ana.pk}/programme/logs.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"retest-home-logs-{ana.pk}-" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "performed_on",
        "logged_at",
        "exercise",
        "outcome",
        "sets_done",
        "pain_0_10",
        "effort_0_10",
        "comment",
    ]
    first, second = rows[1:]
    assert first[0] == ago(2).isoformat() and first[2:7] == ["Glute bridge", "done", "3", "4", "5"]
    assert first[7] == "'" + XSS[-1]
    assert second[2:] == ["Dead bug", "not_today", "", "", "", "Away"]


def test_the_report_says_what_was_done_at_home_between_two_rounds(
    alice_http, ana, alice, programme
):
    link, bridge, bug = programme
    test = TestDefinitionFactory(name="Hip extension range")
    with started(8):
        baseline = assessment_services.assessment_create_baseline(
            client=ana, clinician=alice.user, tests=[test]
        )
    for days_ago, pain in [(8, 4), (6, 3), (5, 3), (3, 1)]:
        logged(link, bridge, days_ago, pain=pain)
    for days_ago in (7, 6, 5):
        logged(link, bug, days_ago)
    assessment_services.assessment_create_retest(baseline=baseline, clinician=alice.user)
    page = alice_http.get(f"/assessments/{baseline.pk}/report/").content.decode()
    # From the baseline's day to yesterday: 8 days of two daily exercises.
    assert (
        "At home until the next round: 7 of 16 planned sessions done (44 %); "
        "Glute bridge pain 4 → 1 over the period"
    ) in page


def test_a_same_visit_retest_has_no_home_line(alice_http, ana, alice, programme):
    link, bridge, _ = programme
    logged(link, bridge, 0)
    baseline = assessment_services.assessment_create_baseline(
        client=ana, clinician=alice.user, tests=[TestDefinitionFactory()]
    )
    assessment_services.assessment_create_retest(baseline=baseline, clinician=alice.user)
    assert (
        "At home until"
        not in alice_http.get(f"/assessments/{baseline.pk}/report/").content.decode()
    )


def test_the_section_runs_the_same_queries_for_one_log_or_sixty(
    alice_http, ana, programme, django_assert_max_num_queries
):
    link, bridge, bug = programme
    logged(link, bridge, 1, pain=3)
    with django_assert_max_num_queries(30) as few:
        alice_http.get(f"/clients/{ana.pk}/")
    for days_ago in range(1, 31):
        for prescription in (bridge, bug):
            SessionLog.objects.create(
                clinic_id=ana.clinic_id,
                client=ana,
                prescription=prescription,
                link=link,
                performed_on=ago(min(days_ago, 27)),
                logged_at=timezone.now(),
                outcome="done",
                pain=days_ago % 10,
                comment=f"Session {days_ago}",
            )
    with django_assert_max_num_queries(len(few.counted)):
        alice_http.get(f"/clients/{ana.pk}/")


def test_the_client_list_runs_the_same_queries_for_one_flagged_client_or_ten(
    alice_http, alice, northside, django_assert_max_num_queries
):
    def flagged_client():
        client = ClientFactory(clinic=northside)
        with started(5):
            prescription = PrescriptionFactory(client=client)
            link = programme_link_issue(client=client, by=alice.user).link
        logged(link, prescription, 1, pain=9)

    flagged_client()
    with django_assert_max_num_queries(30) as few:
        alice_http.get("/")
    for _ in range(9):
        flagged_client()
    with django_assert_max_num_queries(len(few.counted)):
        page = alice_http.get("/").content.decode()
    assert page.count("1 home flag") == 10
