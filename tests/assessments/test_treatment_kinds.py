"""Treatment in the visit: an exercise found by the picker with its dose filled in, a manual
treatment with its technique, region and minutes, or words; the client's response with each;
on the round page, the report, the CSV and behind "Treat" on the client page."""

import csv
import io
import re

import pytest
from django.db import IntegrityError, transaction

from assessments import services
from assessments.models import (
    DURATION_RANGE,
    EXERCISE_NEEDED,
    REGION_NEEDED,
    TECHNIQUE_NEEDED,
    Intervention,
    InterventionKind,
)
from assessments.report import CSV_HEADER, TREATMENT_CSV_HEADER
from tests.concurrency import run_at_once
from tests.factories import (
    ClientFactory,
    ClinicFactory,
    InterventionFactory,
    MembershipFactory,
    TestDefinitionFactory,
    signed_in,
)

HTMX = {"HTTP_HX_REQUEST": "true"}
MANUAL = {
    "kind": "manual",
    "technique": "Soft-tissue release",
    "region": "Left hip flexors",
    "duration_minutes": "8",
    "response": "Hip extension felt freer",
}


@pytest.fixture
def baseline(ana, alice):
    return services.assessment_create_baseline(
        client=ana, clinician=alice.user, tests=[TestDefinitionFactory(name="Hip extension")]
    )


@pytest.fixture
def pull_through(catalog):
    return catalog["cable-pull-through"]


def create_url(round_) -> str:
    return f"/assessments/{round_.pk}/interventions/"


def picker_url(round_) -> str:
    return f"/assessments/{round_.pk}/interventions/exercises/"


def field_block(body: str, name: str) -> str:
    """The wrapper of one input of the treatment form: its label, input and errors."""
    match = re.search(
        rf'<div class="field[^"]*">\s*<label for="id_{name}">.*?</div>', body, flags=re.S
    )
    assert match, f"no field {name}"
    return match.group(0)


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("technique", TECHNIQUE_NEEDED),
        ("region", REGION_NEEDED),
        ("duration_minutes", DURATION_RANGE),
    ],
)
def test_a_manual_treatment_needs_its_technique_region_and_minutes(
    alice_http, baseline, missing, message
):
    data = {**MANUAL, missing: ""}
    response = alice_http.post(create_url(baseline), data, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in field_block(body, missing)
    assert not Intervention.objects.exists()
    # What was typed is kept for the next try.
    assert 'value="Hip extension felt freer"' in body or "Hip extension felt freer" in body


@pytest.mark.parametrize("minutes", ["0", "121", "ten", "-5"])
def test_minutes_outside_1_to_120_are_refused_beside_the_field_as_typed(
    alice_http, baseline, minutes
):
    response = alice_http.post(
        create_url(baseline), {**MANUAL, "duration_minutes": minutes}, **HTMX
    )
    block = field_block(response.content.decode(), "duration_minutes")
    assert DURATION_RANGE in block
    assert f'value="{minutes}"' in block
    assert not Intervention.objects.exists()


def test_a_manual_treatment_is_logged_with_the_clients_response(alice_http, baseline):
    response = alice_http.post(create_url(baseline), MANUAL, **HTMX)
    assert "✓ Logged" in response.content.decode()
    logged = Intervention.objects.get()
    assert (logged.kind, logged.technique, logged.region, logged.duration_minutes) == (
        "manual",
        "Soft-tissue release",
        "Left hip flexors",
        8,
    )
    assert logged.response == "Hip extension felt freer"
    page = alice_http.get(f"/assessments/{baseline.pk}/").content.decode()
    entry = page[page.index('class="intervention-list"') :]
    assert "Soft-tissue release, Left hip flexors" in entry
    assert "8 min" in entry
    assert "Response: Hip extension felt freer" in entry


def test_an_exercise_is_logged_with_its_dose_and_the_clients_response(
    alice_http, baseline, pull_through
):
    data = {
        "kind": "exercise",
        "exercise": pull_through.pk,
        "sets": "2",
        "reps": "20",
        "response": "Felt it in the glutes",
        # Typed into the manual inputs before the kind was changed: dropped, not saved.
        "technique": "Massage",
        "duration_minutes": "500",
    }
    alice_http.post(create_url(baseline), data, **HTMX)
    logged = Intervention.objects.get()
    assert (logged.kind, logged.exercise, logged.sets, logged.reps) == (
        "exercise",
        pull_through,
        2,
        20,
    )
    assert (logged.technique, logged.duration_minutes) == ("", None)
    assert logged.response == "Felt it in the glutes"


def test_an_exercise_entry_needs_its_exercise(alice_http, baseline):
    response = alice_http.post(create_url(baseline), {"kind": "exercise", "sets": "2"}, **HTMX)
    assert EXERCISE_NEEDED in response.content.decode()
    assert not Intervention.objects.exists()


def test_a_manual_entry_keeps_no_exercise_or_dose_typed_before_the_kind_changed(
    alice_http, baseline, pull_through
):
    data = {**MANUAL, "exercise": pull_through.pk, "sets": "3", "reps": "10"}
    alice_http.post(create_url(baseline), data, **HTMX)
    logged = Intervention.objects.get()
    assert (logged.exercise, logged.sets, logged.reps) == (None, None, None)


@pytest.mark.parametrize(
    "change",
    [
        {"technique": ""},
        {"region": ""},
        {"duration_minutes": None},
        {"duration_minutes": 121},
        {"duration_minutes": 0},
        {"reps": 10},
        {"kind": "exercise"},
        {"kind": "other", "description": ""},
        {"kind": "massage"},
    ],
)
def test_the_database_refuses_a_treatment_missing_what_its_kind_needs(baseline, change):
    treatment = InterventionFactory.manual(after_round=baseline, description="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Intervention.objects.filter(pk=treatment.pk).update(**change)


def test_the_database_refuses_manual_fields_on_an_exercise(baseline, pull_through):
    treatment = InterventionFactory(after_round=baseline, exercise=pull_through)
    with pytest.raises(IntegrityError), transaction.atomic():
        Intervention.objects.filter(pk=treatment.pk).update(region="Hip")


@pytest.mark.parametrize("words", ["pul thru", "pull thru", "pull-through", "Pull through"])
def test_the_picker_finds_the_pull_through_whatever_the_spelling(
    alice_http, baseline, pull_through, words
):
    response = alice_http.get(picker_url(baseline), {"q": words}, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    names = re.findall(r'<label class="picker-name"[^>]*>([^<]+)</label>', body)
    assert names[0] == "Cable pull-through"
    radio = f'<input type="radio" name="exercise" id="exercise-{pull_through.pk}"'
    assert radio in body
    assert "Tier 2" in body and "default 4 × 10 reps" in body.replace(
        '<span class="num">', ""
    ).replace("</span>", "")


def test_the_picker_says_when_nothing_matches(alice_http, baseline, catalog):
    body = alice_http.get(picker_url(baseline), {"q": "zzzqqq"}, **HTMX).content.decode()
    assert "No exercise matches" in body
    assert 'type="radio"' not in body


def test_choosing_an_exercise_fills_in_its_default_dose(alice_http, baseline, pull_through):
    response = alice_http.get(
        picker_url(baseline), {"q": "pul thru", "exercise": pull_through.pk}, **HTMX
    )
    body = response.content.decode()
    dose = body[body.index('id="treatment-dose"') :]
    assert 'hx-swap-oob="true"' in body[body.index("<div", body.index("</fieldset>")) :]
    assert f'name="sets" value="{pull_through.sets}"' in dose
    assert f'name="reps" value="{pull_through.reps}"' in dose
    assert f'name="dose_from" value="{pull_through.pk}"' in dose
    # The chosen exercise stays checked.
    assert re.search(
        rf'id="exercise-{pull_through.pk}" value="{pull_through.pk}"[^>]* checked', body
    )


def test_a_dose_the_clinician_changed_is_kept_when_the_same_or_another_exercise_is_chosen(
    alice_http, baseline, pull_through, catalog
):
    bridge = catalog["glute-bridge"]
    typed = {"sets": "2", "reps": "20", "dose_from": pull_through.pk}
    for chosen in (pull_through, bridge):
        body = alice_http.get(
            picker_url(baseline), {"q": "bridge", "exercise": chosen.pk, **typed}, **HTMX
        ).content.decode()
        assert 'id="treatment-dose"' not in body


def test_the_default_dose_follows_the_choice_while_it_is_untouched(
    alice_http, baseline, pull_through, catalog
):
    bridge = catalog["glute-bridge"]
    untouched = {"sets": str(pull_through.sets), "reps": str(pull_through.reps)}
    body = alice_http.get(
        picker_url(baseline),
        {"q": "bridge", "exercise": bridge.pk, "dose_from": pull_through.pk, **untouched},
        **HTMX,
    ).content.decode()
    assert f'name="reps" value="{bridge.reps}"' in body
    assert f'name="dose_from" value="{bridge.pk}"' in body


def test_without_javascript_find_searches_and_fills_the_dose_and_logs_nothing(
    alice_http, baseline, pull_through
):
    data = {"kind": "exercise", "q": "pul thru", "response": "Felt it in the glutes"}
    found = alice_http.post(create_url(baseline), {**data, "find": "1"})
    assert found.status_code == 200
    body = found.content.decode()
    assert "<html" in body and "Cable pull-through" in body
    assert "Felt it in the glutes" in body
    chosen = alice_http.post(
        create_url(baseline), {**data, "find": "1", "exercise": pull_through.pk}
    )
    dose = chosen.content.decode()
    dose = dose[dose.index('id="treatment-dose"') :]
    assert f'name="reps" value="{pull_through.reps}"' in dose
    assert not Intervention.objects.exists()


def test_without_javascript_the_picker_address_is_the_round_page(alice_http, baseline, catalog):
    response = alice_http.get(picker_url(baseline), {"q": "pul thru"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" in body and "Cable pull-through" in body


def test_the_round_page_searches_the_catalog_only_once_words_are_typed(alice_http, baseline):
    body = alice_http.get(f"/assessments/{baseline.pk}/").content.decode()
    assert "Type part of the name" in body
    assert 'name="exercise"' not in body


def test_another_clinics_round_is_not_found(charlie_http, baseline, pull_through):
    assert charlie_http.get(picker_url(baseline), {"q": "pul thru"}, **HTMX).status_code == 404
    assert charlie_http.post(create_url(baseline), MANUAL, **HTMX).status_code == 404
    assert not Intervention.objects.exists()


def test_a_read_only_member_cannot_log_treatment(bob_http, baseline):
    response = bob_http.post(create_url(baseline), MANUAL, **HTMX)
    assert response.status_code == 403
    assert not Intervention.objects.exists()
    page = bob_http.get(f"/assessments/{baseline.pk}/").content.decode()
    assert 'class="intervention-form"' not in page


def test_each_treatment_address_takes_only_its_method(alice_http, baseline):
    assert alice_http.get(create_url(baseline)).status_code == 405
    assert alice_http.post(picker_url(baseline)).status_code == 405


def log_two_treatments(baseline, alice, pull_through, *, response: str) -> None:
    """The pull-through, 2 × 20, with the client's response; then 8 minutes of manual work."""
    services.intervention_log(
        after_round=baseline,
        clinician=alice.user,
        exercise=pull_through,
        sets=2,
        reps=20,
        response=response,
    )
    services.intervention_log(
        after_round=baseline,
        clinician=alice.user,
        kind="manual",
        technique="Soft-tissue release",
        region="Left hip flexors",
        duration_minutes=8,
    )


def test_the_report_says_per_round_what_was_done_how_much_and_the_response(
    alice_http, alice, baseline, pull_through
):
    log_two_treatments(baseline, alice, pull_through, response="Felt it in the glutes")
    body = alice_http.get(f"/assessments/{baseline.pk}/report/").content.decode()
    between = body[body.index('aria-label="Treatment after Baseline"') :]
    between = re.sub(r"<[^>]+>", "", between[: between.index("</ul>")])
    assert "Then: Cable pull-through, 2 × 20 reps. Response: Felt it in the glutes" in between
    assert "Then: Soft-tissue release, Left hip flexors, 8 min" in between


def test_the_csv_adds_treatment_in_its_own_section_after_the_findings(
    alice_http, alice, baseline, pull_through
):
    log_two_treatments(baseline, alice, pull_through, response="=Felt it in the glutes")
    text = alice_http.get(f"/assessments/{baseline.pk}/report.csv").content.decode()
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == CSV_HEADER
    gap = lines.index([])
    # The findings keep their columns; the treatment section has a header of its own.
    assert all(len(line) == len(CSV_HEADER) for line in lines[1:gap])
    assert lines[gap + 1] == TREATMENT_CSV_HEADER
    rows = [dict(zip(TREATMENT_CSV_HEADER, line, strict=True)) for line in lines[gap + 2 :]]
    exercise, manual = rows
    assert (exercise["treatment_after_round"], exercise["kind"]) == ("Baseline", "exercise")
    assert (exercise["treatment"], exercise["sets"], exercise["reps"]) == (
        "Cable pull-through",
        "2",
        "20",
    )
    # Safe to open in a spreadsheet: a leading "=" is not a formula.
    assert exercise["response"] == "'=Felt it in the glutes"
    assert (manual["technique"], manual["region"], manual["duration_minutes"]) == (
        "Soft-tissue release",
        "Left hip flexors",
        "8",
    )


def test_a_csv_without_treatment_has_no_treatment_section(alice_http, baseline):
    text = alice_http.get(f"/assessments/{baseline.pk}/report.csv").content.decode()
    assert TREATMENT_CSV_HEADER[0] not in text


@pytest.mark.parametrize("count", [1, 10])
def test_the_round_page_and_report_take_the_same_queries_for_1_or_10_treatments(
    alice_http, alice, baseline, catalog, count, django_assert_num_queries
):
    exercises = list(catalog.values())
    for n in range(count):
        if n % 2:
            services.intervention_log(
                after_round=baseline, clinician=alice.user, exercise=exercises[n], reps=10
            )
        else:
            services.intervention_log(
                after_round=baseline,
                clinician=alice.user,
                kind="manual",
                technique="Joint mobilisation",
                region="Lumbar spine",
                duration_minutes=5,
                response="Less stiff",
            )
    # As the entry page's pin (tests/assessments/test_assessment_detail.py).
    with django_assert_num_queries(10):
        assert alice_http.get(f"/assessments/{baseline.pk}/").status_code == 200
    # The report of a baseline alone: test_report_queries.py's 12 less the two of its retests.
    with django_assert_num_queries(10):
        assert alice_http.get(f"/assessments/{baseline.pk}/report/").status_code == 200


def test_treat_on_the_client_page_offers_this_visit_and_the_home_programme(
    alice_http, ana, baseline
):
    page = alice_http.get(f"/clients/{ana.pk}/").content.decode()
    assert f'<a class="button" href="/clients/{ana.pk}/treat/">Treat</a>' in page
    choice = alice_http.get(f"/clients/{ana.pk}/treat/").content.decode()
    assert f'href="/assessments/{baseline.pk}/#treatment"' in choice
    assert f'href="/clients/{ana.pk}/programme/"' in choice


def test_treat_goes_to_the_latest_round_and_says_so_when_it_was_another_day(
    alice_http, alice, ana, baseline
):
    import datetime

    from django.utils import timezone

    retest = services.assessment_create_retest(baseline=baseline, clinician=alice.user)
    choice = alice_http.get(f"/clients/{ana.pk}/treat/").content.decode()
    assert f'href="/assessments/{retest.pk}/#treatment"' in choice
    assert "another day" not in choice
    earlier = timezone.now() - datetime.timedelta(days=7)
    type(retest).objects.filter(client=ana).update(performed_at=earlier)
    choice = alice_http.get(f"/clients/{ana.pk}/treat/").content.decode()
    assert "That round was on another day" in choice


def test_treat_without_a_round_says_to_start_one(alice_http, ana):
    choice = alice_http.get(f"/clients/{ana.pk}/treat/").content.decode()
    assert "Start with a baseline" in choice
    assert f'href="/clients/{ana.pk}/assessments/new/"' in choice
    assert f'href="/clients/{ana.pk}/programme/"' in choice


def test_treat_is_for_clinicians_and_another_clinic_gets_404(bob_http, charlie_http, ana):
    page = bob_http.get(f"/clients/{ana.pk}/").content.decode()
    assert f'href="/clients/{ana.pk}/treat/"' not in page
    assert charlie_http.get(f"/clients/{ana.pk}/treat/").status_code == 404


def test_the_client_history_shows_the_treatment_kinds_fields(alice_http, baseline):
    alice_http.post(create_url(baseline), MANUAL, **HTMX)
    body = alice_http.get(f"/clients/{baseline.client_id}/history/").content.decode()
    assert "Soft-tissue release, Left hip flexors" in body
    assert "Hip extension felt freer" in body


def test_an_entry_logged_before_treatment_had_kinds_reads_as_words(alice, baseline):
    logged = services.intervention_log(
        after_round=baseline, clinician=alice.user, description="Advice on sitting"
    )
    assert (logged.kind, logged.title) == (InterventionKind.OTHER, "Advice on sitting")


@pytest.mark.django_db(transaction=True)
def test_two_clinicians_logging_treatment_at_once_both_keep_theirs():
    clinic = ClinicFactory()
    people = [MembershipFactory(clinic=clinic), MembershipFactory(clinic=clinic)]
    client = ClientFactory(clinic=clinic)
    baseline = services.assessment_create_baseline(
        client=client, clinician=people[0].user, tests=[TestDefinitionFactory()]
    )
    browsers = [signed_in(member.user) for member in people]

    def log(n: int):
        data = {**MANUAL, "technique": f"Technique {n}"}
        return browsers[n].post(create_url(baseline), data)

    responses = run_at_once(2, log)
    assert [getattr(r, "status_code", r) for r in responses] == [302, 302]
    logged = Intervention.objects.filter(after_round=baseline)
    assert sorted(logged.values_list("technique", "clinician")) == [
        ("Technique 0", people[0].user.pk),
        ("Technique 1", people[1].user.pk),
    ]
