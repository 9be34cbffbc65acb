import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from assessments import services
from assessments.models import AssessmentTest, Intervention
from tests.factories import TestDefinitionFactory


def series(ana, alice, *, rounds: int, tests: int):
    """A baseline and its retests, every test recorded in every round, treatment after each."""
    definitions = [TestDefinitionFactory(sided=n % 2 == 0) for n in range(tests)]
    baseline = services.assessment_create_baseline(
        client=ana, clinician=alice.user, tests=definitions
    )
    made = [baseline]
    for n in range(1, rounds):
        later = baseline.performed_at + datetime.timedelta(days=n)
        made.append(
            services.assessment_create_retest(
                baseline=baseline, clinician=alice.user, performed_at=later
            )
        )
    assert baseline.retests.count() == rounds - 1
    for n, round_ in enumerate(made):
        for item in AssessmentTest.objects.filter(assessment=round_).select_related(
            "test", "assessment"
        ):
            for side in item.test.sides:
                services.finding_save(item=item, side=side, value=Decimal(10 + n))
        services.intervention_log(after_round=round_, clinician=alice.user, description="Massage")
    return baseline


@pytest.mark.parametrize(("rounds", "tests"), [(2, 5), (10, 30)])
def test_the_report_and_its_outputs_take_the_same_queries_whatever_the_size(
    alice_http, ana, alice, django_assert_num_queries, rounds, tests
):
    baseline = series(ana, alice, rounds=rounds, tests=tests)
    # session, user, membership, the round's kind (to send a retest's address to its baseline);
    # then the baseline with client, clinic, clinician and reflection, its tests, its findings,
    # its treatment, its retests, their findings and their treatment; the access audit row.
    # The report adds what the client logged at home between rounds (the prescriptions as
    # planned and the logs); the client's summary adds the home programme.
    for suffix, queries in (("report/", 14), ("report.csv", 12), ("summary/", 13)):
        with django_assert_num_queries(queries):
            response = alice_http.get(f"/assessments/{baseline.pk}/{suffix}")
        assert response.status_code == 200


@pytest.mark.parametrize("rounds", [2, 8])
def test_the_client_page_takes_the_same_queries_whatever_the_number_of_rounds(
    alice_http, ana, alice, django_assert_num_queries, rounds
):
    series(ana, alice, rounds=rounds, tests=3)
    # session, user, client, membership, the access audit row, the home programme section and
    # its timeline events, "between visits" (prescriptions as planned and logs), the rounds
    # section, rounds and treatment on the timeline
    with django_assert_num_queries(12):
        alice_http.get(f"/clients/{ana.pk}/")


def test_a_retest_belongs_to_a_baseline_not_to_another_retest(ana, alice):
    baseline = series(ana, alice, rounds=2, tests=1)
    retest = baseline.retests.get()
    with pytest.raises(ValidationError, match="start it from the baseline"):
        services.assessment_create_retest(baseline=retest, clinician=alice.user)


def test_a_retest_from_a_retest_page_opens_another_retest_of_the_baseline(alice_http, ana, alice):
    baseline = series(ana, alice, rounds=2, tests=1)
    retest = baseline.retests.get()
    alice_http.post(f"/assessments/{retest.pk}/retests/")
    assert baseline.retests.count() == 2


def test_an_archived_client_gets_no_new_retest(alice_http, ana, alice):
    baseline = series(ana, alice, rounds=1, tests=1)
    alice_http.post(f"/clients/{ana.pk}/archive/")
    response = alice_http.post(f"/assessments/{baseline.pk}/retests/", follow=True)
    assert "archived" in response.content.decode()
    assert baseline.retests.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose an exercise or describe the treatment."),
        ({"description": "Massage", "reps": "0"}, "Reps go from 1 to 500."),
        ({"description": "Massage", "sets": "99"}, "Sets go from 1 to 20"),
        ({"description": "Massage", "reps": "lots"}, "Reps must be a whole number, such as 3."),
        ({"description": "Massage", "hold_seconds": "9999"}, "A hold lasts from 1 to 600 seconds."),
        (
            {"description": "Side plank", "hold_seconds": "30", "hold_to_fatigue": "on"},
            "Give a hold in seconds or tick",
        ),
    ],
)
def test_treatment_with_a_bad_dose_is_refused_beside_the_field(
    alice_http, ana, alice, data, message
):
    baseline = series(ana, alice, rounds=1, tests=1)
    before = Intervention.objects.count()
    response = alice_http.post(
        f"/assessments/{baseline.pk}/interventions/", data, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Intervention.objects.count() == before


def test_a_read_only_member_reads_the_report_without_forms(bob_http, ana, alice):
    baseline = series(ana, alice, rounds=2, tests=2)
    body = bob_http.get(f"/assessments/{baseline.pk}/report/").content.decode()
    assert "Every finding" in body and "<form" not in body.split("</header>", 1)[1]
    entry = bob_http.get(f"/assessments/{baseline.pk}/").content.decode()
    assert "Log treatment" not in entry and "Start a retest" not in entry


def test_a_double_tap_on_start_a_retest_opens_one_retest(alice_http, ana, alice):
    baseline = series(ana, alice, rounds=1, tests=1)
    first = alice_http.post(f"/assessments/{baseline.pk}/retests/")
    second = alice_http.post(f"/assessments/{baseline.pk}/retests/")
    assert first["Location"] == second["Location"]
    assert baseline.retests.count() == 1


def test_a_retest_started_later_is_a_new_one(alice_http, ana, alice):
    import time_machine

    baseline = series(ana, alice, rounds=1, tests=1)
    alice_http.post(f"/assessments/{baseline.pk}/retests/")
    with time_machine.travel(
        datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=5)
    ):
        alice_http.post(f"/assessments/{baseline.pk}/retests/")
    assert baseline.retests.count() == 2


def test_the_round_page_leads_straight_to_the_clients_home_programme(alice_http, ana, alice):
    baseline = series(ana, alice, rounds=1, tests=1)
    body = alice_http.get(f"/assessments/{baseline.pk}/").content.decode()
    assert f'href="/clients/{ana.pk}/programme/">Home programme</a>' in body


def test_pain_beside_the_shipped_tests_adds_no_query_to_the_report(
    alice_http, ana, alice, screen, django_assert_num_queries
):
    # Each test's pain test (the NPRS row that judges its pain) comes joined with the test.
    retest = services.assessment_create_retest(
        baseline=screen,
        clinician=alice.user,
        performed_at=screen.performed_at + datetime.timedelta(days=7),
    )
    for round_, pain in ((screen, 8), (retest, 3)):
        for item in AssessmentTest.objects.filter(
            assessment=round_, test__records_pain=True
        ).select_related("test", "assessment__client"):
            for side in item.test.sides:
                services.finding_save(item=item, side=side, pain=pain)
    # The report's 14 queries (see above), the access audit row among them.
    with django_assert_num_queries(14):
        body = alice_http.get(f"/assessments/{screen.pk}/report/").content.decode()
    assert "better, clinically important" in body
