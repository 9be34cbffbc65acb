"""An archived client's records are kept as they are: nothing in their rounds changes."""

import pytest

from assessments import services
from assessments.models import Finding, Intervention, Reflection
from tests.factories import InterventionFactory, TestDefinitionFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def archived_round(alice_http, ana, alice):
    test = TestDefinitionFactory()
    baseline = services.assessment_create_baseline(client=ana, clinician=alice.user, tests=[test])
    treatment = InterventionFactory(after_round=baseline)
    alice_http.post(f"/clients/{ana.pk}/archive/")
    return baseline, test, treatment


def test_no_finding_is_saved_for_an_archived_client(alice_http, archived_round):
    baseline, test, _ = archived_round
    response = alice_http.post(
        f"/assessments/{baseline.pk}/findings/{test.pk}/none/",
        {f"f{test.pk}-none-value": "12"},
        **HTMX,
    )
    assert "archived" in response.content.decode()
    assert not Finding.objects.exists()


def test_no_treatment_is_logged_or_removed_for_an_archived_client(alice_http, archived_round):
    baseline, _, treatment = archived_round
    response = alice_http.post(
        f"/assessments/{baseline.pk}/interventions/", {"description": "Massage"}, **HTMX
    )
    assert "archived" in response.content.decode()
    alice_http.post(f"/interventions/{treatment.pk}/delete/")
    assert list(Intervention.objects.current().values_list("pk", flat=True)) == [treatment.pk]


def test_no_reflection_is_written_for_an_archived_client(alice_http, archived_round):
    baseline, _, _ = archived_round
    response = alice_http.post(
        f"/assessments/{baseline.pk}/reflection/", {"why": "Because."}, **HTMX
    )
    assert "archived" in response.content.decode()
    assert not Reflection.objects.exists()


def test_a_refused_reflection_keeps_what_was_typed_without_javascript(alice_http, ana, alice):
    test = TestDefinitionFactory()
    baseline = services.assessment_create_baseline(client=ana, clinician=alice.user, tests=[test])
    retest = services.assessment_create_retest(baseline=baseline, clinician=alice.user)
    response = alice_http.post(
        f"/assessments/{retest.pk}/reflection/", {"expected": "maybe", "why": "Hinge first."}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Hinge first." in body and "Select a valid choice" in body
