"""Who measured, with what, in which position, per round; and the side of the client's problem.

A retest is started with the baseline's rater, instrument and position shown filled in (one tap
starts it), each changeable there and on the round's details after entry, every change kept in
the history. The involved side is the baseline's, with a per-test exception for sided tests;
its retests use it.
"""

import csv
import datetime
import importlib
import io
import re
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments import report, services
from assessments.models import Assessment, AssessmentEvent, AssessmentTest, InvolvedSide
from assessments.selectors import report_queryset
from clinic.history_page import client_events, history_page

DAY = datetime.timedelta(days=1)
report_build = importlib.import_module("assessments.report.build")


def round_change(ana, kind: str) -> dict[str, tuple[str, str]]:
    """The newest change of a round of `kind` in the client's history: label → (was, now)."""
    entries = history_page(client_events(ana.pk), 1).entries
    change = next(e for e in entries if e.kind == "update" and e.record.startswith(kind))
    return {c.label: (c.before, c.after) for c in change.changes}


@pytest.fixture
def baseline(ana, alice, library):
    return services.assessment_create_baseline(
        client=ana,
        clinician=alice.user,
        tests=[library["hip-extension-rom"], library["nprs-movement"]],
        performed_at=timezone.now() - 10 * DAY,
        rater="Alice",
        instrument="Goniometer",
        position="Prone",
        involved_side=InvolvedSide.RIGHT,
    )


def retest_form(html: str) -> str:
    return re.search(r'<form id="retest-start".*?</form>', html, re.S)[0]


def input_value(form: str, name: str) -> str:
    found = re.search(rf'<input type="text" name="{name}"(?: value="([^"]*)")?', form)
    assert found, name
    return unescape(found[1] or "")


def test_the_start_form_shows_the_baselines_conditions_filled_in(alice_http, baseline):
    html = alice_http.get(f"/assessments/{baseline.pk}/").content.decode()
    form = retest_form(html)
    assert [input_value(form, n) for n in ("rater", "instrument", "position")] == [
        "Alice",
        "Goniometer",
        "Prone",
    ]
    # One tap starts it: the button at the top submits the form as it is filled in, and says
    # beside it with what.
    assert html.count('form="retest-start"') == 1
    assert 'type="submit"' not in form
    start = html.index('form="retest-start"')
    top = html[start : html.index("</nav>", start)]
    assert "Measured by Alice, with Goniometer, Prone: as the baseline." in top


def test_a_read_only_member_sees_no_start_form(bob_http, baseline):
    assert (
        'class="retest-start"' not in bob_http.get(f"/assessments/{baseline.pk}/").content.decode()
    )


# What the start form posts → the retest's rater, instrument and position. A field the post does
# not carry at all (an older page, a script) is the baseline's; one posted empty is empty.
# fmt: off
STARTS = [
    ("untouched form",        {"rater": "Alice", "instrument": "Goniometer", "position": "Prone"},
                              ("Alice", "Goniometer", "Prone")),
    ("another rater",         {"rater": "Dana", "instrument": "Goniometer", "position": "Prone"},
                              ("Dana", "Goniometer", "Prone")),
    ("all three changed",     {"rater": " Dana ", "instrument": "Inclinometer",
                               "position": "Supine"},
                              ("Dana", "Inclinometer", "Supine")),
    ("rater emptied",         {"rater": "", "instrument": "Goniometer", "position": "Prone"},
                              ("", "Goniometer", "Prone")),
    ("only the token",        {}, ("Alice", "Goniometer", "Prone")),
]
# fmt: on


@pytest.mark.parametrize(
    ("posted", "expected"), [s[1:] for s in STARTS], ids=[s[0] for s in STARTS]
)
def test_a_retest_starts_with_the_conditions_posted(alice_http, baseline, posted, expected):
    response = alice_http.post(f"/assessments/{baseline.pk}/retests/", posted)
    retest = Assessment.objects.get(baseline=baseline)
    assert response["Location"] == f"/assessments/{retest.pk}/"
    assert (retest.rater, retest.instrument, retest.position) == expected


def test_a_rater_too_long_is_said_beside_it_and_no_retest_is_opened(alice_http, baseline):
    response = alice_http.post(f"/assessments/{baseline.pk}/retests/", {"rater": "R" * 121})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_rater_error">Ensure this value has at most 120 characters' in body
    assert f'value="{"R" * 121}"' in body  # what was typed is kept
    assert not Assessment.objects.filter(baseline=baseline).exists()


def round_form(http, round_) -> dict[str, str]:
    """The round's details form as its page opens it (hidden inputs, texts and selects)."""
    html = http.get(f"/assessments/{round_.pk}/edit/").content.decode()
    values = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html):
        values[name] = unescape(value)
    for name, value in re.findall(
        r'<input type="(?:text|datetime-local)" name="([^"]+)"'
        r'(?: value="([^"]*)")?',
        html,
    ):
        values[name] = unescape(value or "")
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        values[name] = chosen[1] if chosen else ""
    values["note"] = ""
    values.pop("csrfmiddlewaretoken", None)
    return values


def test_the_conditions_stay_editable_after_entry_and_every_change_is_in_the_history(
    alice_http, alice, ana, baseline
):
    retest = services.assessment_create_retest(baseline=baseline, clinician=alice.user)
    item = retest.items.select_related("test", "assessment__client").get(test__slug="nprs-movement")
    services.finding_save(item=item, side="none", pain=3)
    form = round_form(alice_http, retest) | {"rater": "Dana", "position": "Supine"}
    assert alice_http.post(f"/assessments/{retest.pk}/edit/", form).status_code == 302

    retest.refresh_from_db()
    assert (retest.rater, retest.instrument, retest.position) == ("Dana", "Goniometer", "Supine")
    raters = AssessmentEvent.objects.filter(pgh_obj=retest).order_by("pgh_id")
    assert [(e.rater, e.position) for e in raters] == [("Alice", "Prone"), ("Dana", "Supine")]
    shown = round_change(ana, "Retest")
    assert shown["Rater"] == ("Alice", "Dana")
    assert shown["Position"] == ("Prone", "Supine")


def test_the_report_is_told_which_login_recorded_each_round(alice, dana, baseline, monkeypatch):
    # The rater is copied from the baseline; the login is Dana's.
    services.assessment_create_retest(baseline=baseline, clinician=dana.user)
    seen = []

    def spy(tests, rounds, **kwargs):
        seen.extend(rounds)
        return real(tests, rounds, **kwargs)

    real = report_build.compare
    monkeypatch.setattr(report_build, "compare", spy)
    report.build(report_queryset().get(pk=baseline.pk))
    assert [(r.rater, r.recorded_by) for r in seen] == [
        ("Alice", alice.user.get_username()),
        ("Alice", dana.user.get_username()),
    ]


# The involved side: the baseline's, unless a sided test names its own.


def test_a_baseline_is_opened_with_its_involved_side(alice_http, ana, library):
    test = library["hip-extension-rom"]
    response = alice_http.post(
        f"/clients/{ana.pk}/assessments/new/",
        {
            "performed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "tests": [test.pk],
            "involved_side": "left",
        },
    )
    round_ = Assessment.objects.get(client=ana)
    assert response["Location"] == f"/assessments/{round_.pk}/"
    assert round_.involved_side == "left"
    body = alice_http.get(f"/assessments/{round_.pk}/").content.decode()
    assert "<dt>Involved side</dt><dd>Left" in body


def test_a_retest_has_no_involved_side_of_its_own(alice, baseline):
    retest = services.assessment_create_retest(baseline=baseline, clinician=alice.user)
    retest.involved_side = "left"
    with pytest.raises(ValidationError, match="recorded on the baseline"):
        retest.full_clean(exclude=["client", "clinician", "baseline", "submission"])
    refused = pytest.raises(IntegrityError, match="assessment_involved_side_on_baseline")
    with refused, transaction.atomic():
        Assessment.objects.filter(pk=retest.pk).update(involved_side="left")


def test_a_retest_shows_its_baselines_involved_side_and_offers_none_to_edit(
    alice_http, alice, baseline
):
    retest = services.assessment_create_retest(baseline=baseline, clinician=alice.user)
    body = alice_http.get(f"/assessments/{retest.pk}/").content.decode()
    assert '<dt>Involved side</dt><dd>Right <span class="muted">(the baseline\'s)</span>' in body
    assert (
        'name="involved_side"'
        not in alice_http.get(f"/assessments/{retest.pk}/edit/").content.decode()
    )


def test_the_involved_side_and_a_tests_own_are_corrected_on_the_baselines_details(
    alice_http, ana, baseline
):
    rom = baseline.items.get(test__slug="hip-extension-rom")
    form = round_form(alice_http, baseline)
    # Only the sided test offers a side of its own.
    assert f"involved_side_{rom.test_id}" in form
    assert not any(
        k.startswith("involved_side_") and k != f"involved_side_{rom.test_id}"
        for k in form
        if not k.startswith("initial-")
    )
    form |= {"involved_side": "both", f"involved_side_{rom.test_id}": "left"}
    assert alice_http.post(f"/assessments/{baseline.pk}/edit/", form).status_code == 302

    baseline.refresh_from_db()
    rom.refresh_from_db()
    assert (baseline.involved_side, rom.involved_side, baseline.version) == ("both", "left", 2)
    body = alice_http.get(f"/assessments/{baseline.pk}/").content.decode()
    assert '<dt>Involved side</dt><dd>Both<span class="muted">; Hip extension' in body
    assert round_change(ana, "Baseline")["Involved side"] == (
        "Right",
        "Both",
    )


def test_a_tests_side_and_the_rater_changed_by_two_from_one_version_are_both_kept(
    alice_http, dana_http, baseline
):
    rom = baseline.items.get(test__slug="hip-extension-rom")
    alice_form, dana_form = round_form(alice_http, baseline), round_form(dana_http, baseline)
    alice_form |= {f"involved_side_{rom.test_id}": "left"}
    dana_form |= {"rater": "Dana"}
    assert alice_http.post(f"/assessments/{baseline.pk}/edit/", alice_form).status_code == 302
    assert dana_http.post(f"/assessments/{baseline.pk}/edit/", dana_form).status_code == 302
    baseline.refresh_from_db()
    rom.refresh_from_db()
    assert (baseline.rater, rom.involved_side, baseline.version) == ("Dana", "left", 3)


def test_the_same_tests_side_changed_by_two_from_one_version_is_refused_for_the_second(
    alice_http, dana_http, baseline
):
    rom = baseline.items.get(test__slug="hip-extension-rom")
    key = f"involved_side_{rom.test_id}"
    alice_form, dana_form = round_form(alice_http, baseline), round_form(dana_http, baseline)
    assert alice_http.post(f"/assessments/{baseline.pk}/edit/", alice_form | {key: "left"})
    response = dana_http.post(f"/assessments/{baseline.pk}/edit/", dana_form | {key: "both"})
    assert response.status_code == 409
    assert AssessmentTest.objects.get(pk=rom.pk).involved_side == "left"


# The involved side each sided test is judged with: baseline's side × the test's own.
# fmt: off
SIDES = [
    # baseline   ROM's own  → for the ROM test (the pain test is not sided: never listed)
    ("",         "",        {}),
    ("right",    "",        {"rom": "right"}),
    ("right",    "left",    {"rom": "left"}),
    ("",         "both",    {"rom": "both"}),
    ("both",     "",        {"rom": "both"}),
]
# fmt: on


@pytest.mark.parametrize(("round_side", "own", "expected"), SIDES)
def test_each_sided_test_is_judged_with_its_own_side_or_else_the_baselines(
    ana, alice, library, round_side, own, expected
):
    rom, pain = library["hip-extension-rom"], library["nprs-movement"]
    baseline = services.assessment_create_baseline(
        client=ana, clinician=alice.user, tests=[rom, pain], involved_side=round_side
    )
    AssessmentTest.objects.filter(assessment=baseline, test=rom).update(involved_side=own)
    loaded = report_queryset().get(pk=baseline.pk)
    keys = {"rom": str(rom.pk)}
    assert report_build.involved_sides(loaded) == {keys[k]: v for k, v in expected.items()}


# The side-to-side index of single-leg bridge reps, left 10 and right 12, per involved side:
# right involved: 12 / 10 × 100 = 120 %; left involved: 10 / 12 × 100 = 83 %; none or both
# recorded: the weaker over the stronger, 10 / 12 × 100 = 83 %.
# fmt: off
INDEXES = [
    ("right", "",     ("involved", 120)),
    ("right", "left", ("involved", 83)),
    ("",      "",     ("weaker", 83)),
    ("both",  "",     ("weaker", 83)),
]
# fmt: on


@pytest.mark.parametrize(("round_side", "own", "expected"), INDEXES)
def test_the_report_divides_by_the_involved_side_the_baseline_records(
    ana, alice, library, round_side, own, expected
):
    reps = library["single-leg-bridge-reps"]
    baseline = services.assessment_create_baseline(
        client=ana, clinician=alice.user, tests=[reps], involved_side=round_side
    )
    item = baseline.items.select_related("test", "assessment__client").get()
    AssessmentTest.objects.filter(pk=item.pk).update(involved_side=own)
    services.finding_save(item=item, side="left", value=10)
    services.finding_save(item=item, side="right", value=12)
    built = report.build(report_queryset().get(pk=baseline.pk))
    (symmetry,) = built.comparison.symmetry
    assert (symmetry.basis, round(symmetry.index)) == expected


def test_a_retest_by_another_login_is_flagged_though_the_rater_was_copied(alice, dana, baseline):
    retest = services.assessment_create_retest(baseline=baseline, clinician=dana.user)
    assert retest.rater == "Alice"
    built = report.build(report_queryset().get(pk=baseline.pk))
    (notes,) = built.comparison.caveats.values()
    assert any("different login" in note and dana.user.get_username() in note for note in notes)


def test_sided_rows_say_which_side_is_involved_on_the_report_and_in_the_csv(
    ana, alice, alice_http, library
):
    reps = library["single-leg-bridge-reps"]
    baseline = services.assessment_create_baseline(
        client=ana, clinician=alice.user, tests=[reps], involved_side="right"
    )
    item = baseline.items.select_related("test", "assessment__client").get()
    services.finding_save(item=item, side="left", value=10)
    services.finding_save(item=item, side="right", value=12)
    retest = services.assessment_create_retest(baseline=baseline, clinician=alice.user)
    again = retest.items.select_related("test", "assessment__client").get()
    services.finding_save(item=again, side="left", value=11)
    services.finding_save(item=again, side="right", value=15)

    page = alice_http.get(f"/assessments/{baseline.pk}/report/").content.decode()
    labels = re.findall(
        r'<span class="row-label">([^<]+)</span>( <span class="row-involved">)?', page
    )
    assert {label: bool(mark) for label, mark in labels} == {
        "Single-leg bridge (reps to failure) (left)": False,
        "Single-leg bridge (reps to failure) (right)": True,
    }
    csv_text = alice_http.get(f"/assessments/{baseline.pk}/report.csv").content.decode()
    lines = list(csv.DictReader(io.StringIO(csv_text)))
    assert {(line["side"], line["involved_side"]) for line in lines if line["side"]} == {
        ("left", "no"),
        ("right", "yes"),
    }


def test_a_retest_opened_by_the_baselines_login_but_entered_by_another_is_flagged(
    alice, dana, baseline
):
    retest = services.assessment_create_retest(baseline=baseline, clinician=alice.user)
    item = retest.items.select_related("test", "assessment__client").first()
    side = item.test.sides[0]
    services.finding_save(item=item, side=side, value=10, by=dana.user)
    built = report.build(report_queryset().get(pk=baseline.pk))
    (notes,) = built.comparison.caveats.values()
    both = ", ".join(sorted([alice.user.get_username(), dana.user.get_username()]))
    assert f"recorded by a different login: {alice.user.get_username()} → {both}" in notes
