"""One reflection per retest: the same-visit reading is not replaced by the week-5 one, and the
report shows each retest's, in order."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments import services
from assessments.models import Reflection

DAY = datetime.timedelta(days=1)
HTMX = {"HX-Request": "true"}


@pytest.fixture
def series(ana, alice, library):
    """A baseline 35 days ago, a retest in the same visit and one five weeks later."""
    start = timezone.now() - 35 * DAY
    baseline = services.assessment_create_baseline(
        client=ana, clinician=alice.user, tests=[library["nprs-movement"]], performed_at=start
    )
    same_visit = services.assessment_create_retest(
        baseline=baseline, clinician=alice.user, performed_at=start + datetime.timedelta(hours=1)
    )
    week_5 = services.assessment_create_retest(
        baseline=baseline, clinician=alice.user, performed_at=timezone.now()
    )
    return baseline, same_visit, week_5


def reflections_section(http, baseline) -> str:
    html = http.get(f"/assessments/{baseline.pk}/report/").content.decode()
    # The reflections close the report: from their heading to the end of the page.
    return html[html.index('<section id="reflections"') :]


def test_each_retest_keeps_its_own_reflection(alice_http, series):
    _baseline, same_visit, week_5 = series
    for retest, why in ((same_visit, "Hinge taught in the visit."), (week_5, "Home programme.")):
        response = alice_http.post(
            f"/assessments/{retest.pk}/reflection/", {"expected": "yes", "why": why}, headers=HTMX
        )
        assert "✓ Saved" in response.content.decode()
    stored = dict(Reflection.objects.values_list("round", "why"))
    assert stored == {same_visit.pk: "Hinge taught in the visit.", week_5.pk: "Home programme."}


def test_the_report_shows_a_reflection_per_retest_in_order(alice_http, bob_http, alice, series):
    baseline, same_visit, week_5 = series
    services.reflection_save(round_=week_5, author=alice.user, why="Home programme.")
    read = reflections_section(bob_http, baseline)
    titles = re.findall(r'<h3 id="reflection-(\d+)-title">([^<]*)', read)
    assert titles == [
        (str(same_visit.pk), "Retest 1 (same visit)"),
        (str(week_5.pk), "Retest 2 (week 5)"),
    ]
    # A read-only member reads what was written, and is told where nothing was.
    first, second = read.split('id="reflection-' + str(week_5.pk) + '-title"')
    assert "No reflection written yet." in first and "<form" not in read
    assert "Home programme." in second
    # A clinician gets a form per retest, each saving to its own retest.
    written = reflections_section(alice_http, baseline)
    actions = re.findall(r'<form id="reflection-form-\d+" method="post" action="([^"]+)"', written)
    assert actions == [
        f"/assessments/{same_visit.pk}/reflection/",
        f"/assessments/{week_5.pk}/reflection/",
    ]
    # Their inputs have ids of their own.
    assert len(set(re.findall(r'id="(id_reflection-[^"]+)"', written))) == len(
        re.findall(r'id="(id_reflection-[^"]+)"', written)
    )


def test_a_baseline_without_a_reflection_takes_none(alice_http, alice, ana, library):
    baseline = services.assessment_create_baseline(
        client=ana, clinician=alice.user, tests=[library["nprs-movement"]]
    )
    with pytest.raises(ValidationError, match="written on a retest's comparison"):
        services.reflection_save(round_=baseline, author=alice.user, why="Too early.")
    response = alice_http.post(f"/assessments/{baseline.pk}/reflection/", {"why": "Too early."})
    assert response.status_code == 302
    page = alice_http.get(response["Location"]).content.decode()
    assert "A reflection is written on a retest&#x27;s comparison" in page
    assert "none yet, as there is no retest" in page
    assert not Reflection.objects.exists()


def test_an_older_reflection_on_a_baseline_is_shown_first_and_can_be_corrected(
    alice_http, alice, series
):
    baseline, _same_visit, _ = series
    Reflection.objects.create(round=baseline, why="Written before retests had their own.")
    read = reflections_section(alice_http, baseline)
    titles = re.findall(r'<h3 id="reflection-(\d+)-title">([^<]*)', read)
    assert titles[0] == (str(baseline.pk), "Baseline ")
    assert "(written before each retest had its own reflection)" in read
    saved = services.reflection_save(round_=baseline, author=alice.user, why="Corrected.")
    assert (saved.row.why, saved.row.version) == ("Corrected.", 2)


def test_without_javascript_a_save_returns_to_the_retests_reflection(alice_http, series):
    baseline, same_visit, _ = series
    response = alice_http.post(f"/assessments/{same_visit.pk}/reflection/", {"why": "Hinge."})
    assert response["Location"] == f"/assessments/{baseline.pk}/report/#reflection-{same_visit.pk}"
    assert Reflection.objects.get(round=same_visit).why == "Hinge."


def test_a_refusal_without_javascript_is_shown_on_that_retests_form_only(alice_http, series):
    _baseline, _same_visit, week_5 = series
    response = alice_http.post(
        f"/assessments/{week_5.pk}/reflection/", {"expected": "maybe", "why": "Hinge first."}
    )
    body = response.content.decode()
    first, second = body.split(f'id="reflection-{week_5.pk}-title"')
    assert "Select a valid choice" in second and "Hinge first." in second
    assert "Select a valid choice" not in first
    assert not Reflection.objects.exists()


def test_a_voided_retest_takes_no_reflection(alice, series):
    _, _, week_5 = series
    services.assessment_void(assessment=week_5, by=alice.user, reason="Opened twice")
    with pytest.raises(ValidationError, match="voided"):
        services.reflection_save(round_=week_5, author=alice.user, why="X")
