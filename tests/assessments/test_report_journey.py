"""Test, treat, retest over HTTP: baseline, pull-through, same-visit retest, report."""

import csv
import io
import re

import pytest
from django.utils import timezone

from assessments.models import Assessment, AssessmentKind, Intervention
from exercises.models import Exercise

HTMX = {"HTTP_HX_REQUEST": "true"}


def now_to_the_minute() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


def save(http, round_pk: int, test_pk: int, side: str, **fields) -> None:
    data = {}
    for name, value in fields.items():
        data[f"f{test_pk}-{side}-{name}"] = value
    response = http.post(f"/assessments/{round_pk}/findings/{test_pk}/{side}/", data, **HTMX)
    assert "✓ Saved" in response.content.decode(), response.content.decode()


@pytest.fixture
def journey(alice_http, ana, library, catalog):
    bridge, rom = library["glute-bridge"], library["hip-extension-rom"]
    response = alice_http.post(
        f"/clients/{ana.pk}/assessments/new/",
        {"tests": [bridge.pk, rom.pk], "performed_at": now_to_the_minute(), "rater": "AS"},
    )
    baseline = Assessment.objects.get(client=ana, kind=AssessmentKind.BASELINE)
    assert response["Location"] == f"/assessments/{baseline.pk}/"
    save(
        alice_http,
        baseline.pk,
        bridge.pk,
        "none",
        grade="0",
        pain="6",
        compensations="Lumbar extension",
    )
    save(alice_http, baseline.pk, rom.pk, "left", value="5")

    pull_through = Exercise.objects.get(clinic__isnull=True, slug="cable-pull-through")
    logged = alice_http.post(
        f"/assessments/{baseline.pk}/interventions/",
        {"exercise": pull_through.pk, "sets": "2", "reps": "20"},
        **HTMX,
    )
    assert "✓ Logged" in logged.content.decode()

    started = alice_http.post(f"/assessments/{baseline.pk}/retests/")
    retest = Assessment.objects.get(client=ana, kind=AssessmentKind.RETEST)
    assert started["Location"] == f"/assessments/{retest.pk}/"
    # Lumbar extension, first on the bridge's checklist, looked for and not seen this time.
    save(alice_http, retest.pk, bridge.pk, "none", grade="2", pain="2", **{"check-0": "absent"})
    save(alice_http, retest.pk, rom.pk, "left", value="8")
    return {"baseline": baseline, "retest": retest}


def test_the_report_says_pain_is_important_the_compensation_resolved_and_the_rom_within_error(
    alice_http, journey
):
    body = alice_http.get(f"/assessments/{journey['baseline'].pk}/report/").content.decode()
    rows = dict(re.findall(r'<span class="row-label">([^<]+)</span>(.*?)</tr>', body, flags=re.S))

    assert "better, clinically important" in rows["Glute bridge: pain"]
    assert "−4/10" in rows["Glute bridge: pain"]
    assert "resolved" in rows["Glute bridge: Lumbar extension"]
    assert "no real change: within the measurement error" in rows["Hip extension ROM (left)"]
    # Hip extension is measured either side of zero, so its change has no percent.
    assert "+3°</span>" in rows["Hip extension ROM (left)"]
    assert "better: Poor → Good" in rows["Glute bridge"]
    order = list(rows)
    assert order.index("Glute bridge: pain") < order.index("Hip extension ROM (left)")
    # The treatment between the rounds, and verdicts in words and symbols, not colour alone.
    assert "Then: Cable pull-through, 2 × 20 reps" in body
    assert "▲" in body and "≈" in body


def test_the_retest_repeats_the_baseline_and_shows_it_beside_each_input(alice_http, journey):
    baseline, retest = journey["baseline"], journey["retest"]
    assert list(retest.items.values_list("test", flat=True)) == list(
        baseline.items.values_list("test", flat=True)
    )
    assert retest.rater == "AS"
    body = alice_http.get(f"/assessments/{retest.pk}/").content.decode()
    assert "Retest of the baseline of" in body
    assert re.search(r"Baseline</span> 5°", body)
    assert re.search(r"Baseline</span> pain 6/10 · Poor: extends through the low back", body)


def test_the_csv_has_a_line_per_finding_per_round_with_units_changes_and_verdicts(
    alice_http, journey
):
    response = alice_http.get(f"/assessments/{journey['baseline'].pk}/report.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert "no-store" in response["Cache-Control"]
    # The findings, up to the empty line before the treatment section.
    findings = response.content.decode().split("\r\n\r\n", 1)[0]
    lines = list(csv.DictReader(io.StringIO(findings)))
    assert len(lines) == 4 * 2  # grade, pain, one compensation, ROM left — in each round
    assert {line["finding"] for line in lines} == {
        "Glute bridge",
        "Glute bridge: pain",
        "Glute bridge: Lumbar extension",
        "Hip extension ROM (left)",
    }
    grade = [line for line in lines if line["finding"] == "Glute bridge"][1]
    assert (grade["value"], grade["change_from_baseline"], grade["verdict"]) == (
        "Good",
        "",
        "better: Poor → Good",
    )
    pain = [row for row in lines if row["measure"] == "pain"]
    assert [(p["round"], p["value"], p["unit"]) for p in pain] == [
        ("Baseline", "6", "/10"),
        ("Retest 1 (same visit)", "2", "/10"),
    ]
    assert pain[1]["change_from_baseline"] == "-4"
    assert pain[1]["percent_change"] == "-66.7"
    assert (pain[1]["direction"], pain[1]["threshold"]) == ("better", "beyond MCID")
    assert pain[1]["verdict"] == "better, clinically important"
    rom = next(
        r
        for r in lines
        if r["measure"] == "value" and r["side"] == "left" and r["change_from_baseline"]
    )
    assert (rom["unit"], rom["value"], rom["threshold"]) == ("°", "8", "within measurement error")


def test_the_client_summary_speaks_plainly(alice_http, journey):
    body = alice_http.get(f"/assessments/{journey['baseline'].pk}/summary/").content.decode()
    improved = body.split('id="improved-title"', 1)[1].split("</section>", 1)[0]
    not_yet = body.split('id="not-yet-title"', 1)[1].split("</section>", 1)[0]
    # Pain 6 → 2 beyond its MCID, the grade a category better, the fault gone: improvements.
    assert "pain 6/10 → 2/10, a clear improvement, large enough to matter" in improved
    # Looked for at the retest and not seen: resolved.
    assert "movement faults no longer seen: lumbar extension" in improved
    assert "quality poor → good, better" in improved
    # Hip extension +3° is within its MDC.
    assert "left: 5° → 8°, no real change yet" in not_yet
    for jargon in ("MDC", "MCID", "Negative → Negative", "clinically important"):
        assert jargon not in body.split("</header>", 1)[1]


def test_the_reflection_is_saved_beside_the_report(alice_http, bob_http, journey):
    pk = journey["retest"].pk
    response = alice_http.post(
        f"/assessments/{pk}/reflection/",
        {"expected": "yes", "why": "The hinge taught hip extension.", "next_step": "Hip thruster"},
        **HTMX,
    )
    assert "✓ Saved" in response.content.decode()
    assert "<html" not in response.content.decode()
    body = bob_http.get(f"/assessments/{journey['baseline'].pk}/report/").content.decode()
    assert "The hinge taught hip extension." in body and "Hip thruster" in body
    assert 'action="/assessments/' + str(pk) + '/reflection/"' not in body


def test_a_retests_report_address_leads_to_its_baseline(alice_http, journey):
    response = alice_http.get(f"/assessments/{journey['retest'].pk}/report/")
    assert response["Location"] == f"/assessments/{journey['baseline'].pk}/report/"


def test_the_client_page_shows_the_series_with_its_report(alice_http, journey, ana):
    body = alice_http.get(f"/clients/{ana.pk}/").content.decode()
    assert f'href="/assessments/{journey["baseline"].pk}/report/"' in body
    assert "1 retest" in body
    assert "Treated: Cable pull-through" in body
    ana.refresh_from_db()
    assert ana.last_seen_at == journey["retest"].performed_at


def test_an_outsiders_exercise_cannot_be_logged_as_treatment(alice_http, journey, southside):
    theirs = Exercise.objects.filter(clinic__isnull=True).first()
    theirs.pk, theirs.slug, theirs.clinic = None, "", southside
    theirs.save()
    response = alice_http.post(
        f"/assessments/{journey['baseline'].pk}/interventions/", {"exercise": theirs.pk}, **HTMX
    )
    assert "Select a valid choice" in response.content.decode()
    assert Intervention.objects.count() == 1


def test_the_client_summary_attaches_the_current_home_programme(alice_http, journey, ana):
    from exercises.services import prescription_create

    bridge = Exercise.objects.get(clinic__isnull=True, slug="glute-bridge")
    prescription_create(client=ana, exercise=bridge, prescribed_by=journey["baseline"].clinician)
    body = alice_http.get(f"/assessments/{journey['baseline'].pk}/summary/").content.decode()
    assert "What to keep doing: your home programme" in body
    assert re.search(r'<strong>Glute bridge</strong>:\s*<span class="dose">', body)


@pytest.mark.parametrize("name", ["测试", "Δοκιμή", "!!"])
def test_a_clinic_test_named_without_latin_letters_is_saved_once(northside, name):
    from django.core.exceptions import ValidationError

    from assessments.services import TEST_NAME_TAKEN, test_definition_create

    fields = {"body_region": "general", "kind": "pain", "better": "lower"}
    test = test_definition_create(clinic=northside, name=name, **fields)
    assert test.slug.startswith("n-") and test.name == name
    with pytest.raises(ValidationError, match=TEST_NAME_TAKEN):
        test_definition_create(clinic=northside, name=name, **fields)
