"""A write of many rows is whole or absent: an error after the third row inserted leaves none.

The error is raised by the database itself, from a trigger that lets three rows in and fails on
the fourth, so the test does not depend on where the Python code could be interrupted.
"""

import pytest
from django.db import DatabaseError, connection
from django.utils import timezone

from assessments import services
from assessments.models import Assessment, AssessmentTest, Finding, Intervention, Reflection
from clinic.models import Client
from demo.history import history_record


def fail_on_the_fourth_insert_into(table: str) -> None:
    """From now until the test's transaction ends, the fourth row inserted into `table` fails."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY SEQUENCE inserted_rows")
        cursor.execute(
            """
            CREATE FUNCTION pg_temp.fail_on_the_fourth() RETURNS trigger AS $$
            BEGIN
                IF nextval('inserted_rows') = 4 THEN
                    RAISE EXCEPTION 'injected failure after the third row';
                END IF;
                RETURN NEW;
            END;
            $$ LANGUAGE plpgsql
            """
        )
        cursor.execute(
            f"CREATE TRIGGER fail_on_the_fourth BEFORE INSERT ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION pg_temp.fail_on_the_fourth()"
        )


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Assessment, AssessmentTest, Finding, Intervention, Reflection)
    }


def test_a_baseline_of_ten_tests_failing_after_its_third_test_leaves_no_round(ana, alice, library):
    tests = list(library.values())[:10]
    before, seen = counts(), Client.objects.get(pk=ana.pk).last_seen_at
    fail_on_the_fourth_insert_into("assessments_assessmenttest")

    with pytest.raises(DatabaseError, match="injected failure after the third row"):
        services.assessment_create_baseline(client=ana, clinician=alice.user, tests=tests)

    assert counts() == before
    assert Client.objects.get(pk=ana.pk).last_seen_at == seen


def test_a_history_failing_after_its_third_finding_leaves_no_round_and_no_finding(
    ana, alice, library, catalog
):
    before = counts()
    fail_on_the_fourth_insert_into("assessments_finding")

    with pytest.raises(DatabaseError, match="injected failure after the third row"):
        history_record(client=ana, clinician=alice.user, now=timezone.now())

    # Three rounds, a treatment, a reflection and 18 findings were to be written: none is.
    assert counts() == before
