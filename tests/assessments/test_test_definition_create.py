"""A clinic adds its own test; it is the clinic's alone and as coherent as a shipped one."""

from decimal import Decimal

from assessments.models import TestDefinition

HOP = {
    "name": "Single-leg hop for distance",
    "body_region": "lower_limb",
    "kind": "number",
    "unit": "cm",
    "value_min": "0",
    "value_max": "300",
    "decimals": "0",
    "sided": "on",
    "better": "higher",
    "grade_labels": "",
    "compensations": "Knee valgus on landing\n\nTrunk lean\n",
    "evidence_note": "No threshold known.",
}


def test_a_clinician_adds_a_test_to_the_clinics_library(alice_http, northside):
    response = alice_http.post("/tests/new/", HOP)
    test = TestDefinition.objects.get(clinic__isnull=False)
    assert response.status_code == 302
    assert response["Location"] == "/tests/#test-single-leg-hop-for-distance"
    assert (test.clinic, test.slug, test.unit, test.value_max) == (
        northside,
        "single-leg-hop-for-distance",
        "cm",
        Decimal(300),
    )
    assert test.sided and test.compensations == ["Knee valgus on landing", "Trunk lean"]
    assert "Single-leg hop for distance" in alice_http.get("/tests/").content.decode()


def test_an_incoherent_test_is_refused_with_reasons(alice_http):
    cases = [
        ({"unit": ""}, "A number needs its unit."),
        ({"value_min": "400"}, "above the lowest"),
        ({"kind": "grade", "unit": "", "value_min": "", "value_max": ""}, "at least two steps"),
        ({"mdc": "12"}, "Give the source of this threshold."),
    ]
    for change, message in cases:
        response = alice_http.post("/tests/new/", {**HOP, **change})
        assert response.status_code == 200
        assert message in response.content.decode(), message
    assert not TestDefinition.objects.filter(clinic__isnull=False).exists()


def test_a_second_test_with_the_same_name_is_refused(alice_http):
    alice_http.post("/tests/new/", HOP)
    response = alice_http.post("/tests/new/", HOP)
    assert "already has a test with this name" in response.content.decode()
    assert TestDefinition.objects.filter(clinic__isnull=False).count() == 1


def test_another_clinic_never_sees_the_test(alice_http, charlie_http):
    alice_http.post("/tests/new/", HOP)
    assert "Single-leg hop" not in charlie_http.get("/tests/").content.decode()


def test_a_read_only_member_cannot_add_a_test(bob_http):
    assert bob_http.post("/tests/new/", HOP).status_code == 403
    assert "/tests/new/" not in bob_http.get("/tests/").content.decode()
    assert not TestDefinition.objects.filter(clinic__isnull=False).exists()
