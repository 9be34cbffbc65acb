"""Rules that span two tables, enforced by PostgreSQL itself.

CHECK constraints cannot look at another row, so a finding's fit to its test (range, scale,
checklist, side) and a retest's fit to its baseline are checked by triggers, and a finding may
only exist for a test that is part of its round (a composite foreign key). Model `clean()`
says the same in words; these catch every write that skips it (bulk_create, update(), SQL).
Violations raise SQLSTATE 23514 (check_violation), which Django reports as IntegrityError.
"""

from django.db import migrations

FINDING_FITS_TEST = """
CREATE FUNCTION assessments_finding_fits_test() RETURNS trigger AS $$
DECLARE
    t assessments_testdefinition%ROWTYPE;
BEGIN
    SELECT * INTO t FROM assessments_testdefinition WHERE id = NEW.test_id;
    IF (NEW.side = 'none') = t.sided THEN
        RAISE EXCEPTION 'finding side % does not fit test %', NEW.side, t.slug
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.value IS NOT NULL AND (
        t.kind <> 'number' OR NEW.value < t.value_min OR NEW.value > t.value_max
        OR NEW.value <> round(NEW.value, t.decimals)
    ) THEN
        RAISE EXCEPTION 'finding value % outside the range of test %', NEW.value, t.slug
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.pain IS NOT NULL AND NOT (t.kind = 'pain' OR t.records_pain) THEN
        RAISE EXCEPTION 'test % records no pain', t.slug USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.grade IS NOT NULL AND NEW.grade >= coalesce(cardinality(t.grade_labels), 0) THEN
        RAISE EXCEPTION 'grade % outside the scale of test %', NEW.grade, t.slug
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.symptom <> '' AND t.kind <> 'symptom' THEN
        RAISE EXCEPTION 'test % records no symptom response', t.slug
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.sign <> '' AND t.kind <> 'sign' THEN
        RAISE EXCEPTION 'test % records no sign', t.slug USING ERRCODE = 'check_violation';
    END IF;
    IF NOT (NEW.compensations <@ t.compensations) THEN
        RAISE EXCEPTION 'compensations not on the checklist of test %', t.slug
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER assessments_finding_fits_test
    BEFORE INSERT OR UPDATE ON assessments_finding
    FOR EACH ROW EXECUTE FUNCTION assessments_finding_fits_test();
"""

RETEST_FITS_BASELINE = """
CREATE FUNCTION assessments_retest_fits_baseline() RETURNS trigger AS $$
DECLARE
    b assessments_assessment%ROWTYPE;
BEGIN
    IF NEW.baseline_id IS NULL THEN
        RETURN NEW;
    END IF;
    SELECT * INTO b FROM assessments_assessment WHERE id = NEW.baseline_id;
    IF b.kind <> 'baseline' OR b.client_id <> NEW.client_id THEN
        RAISE EXCEPTION 'a retest needs a baseline of the same client'
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.performed_at < b.performed_at THEN
        RAISE EXCEPTION 'a retest cannot be performed before its baseline'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER assessments_retest_fits_baseline
    BEFORE INSERT OR UPDATE ON assessments_assessment
    FOR EACH ROW EXECUTE FUNCTION assessments_retest_fits_baseline();
"""

# Deferred like Django's own foreign keys, so deleting a round removes its tests and findings
# in whatever order the ORM chooses.
FINDING_TEST_IN_ROUND = """
ALTER TABLE assessments_finding
    ADD CONSTRAINT assessments_finding_test_in_round
    FOREIGN KEY (assessment_id, test_id)
    REFERENCES assessments_assessmenttest (assessment_id, test_id)
    DEFERRABLE INITIALLY DEFERRED;
"""


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [
        migrations.RunSQL(
            FINDING_FITS_TEST,
            reverse_sql="""
                DROP TRIGGER assessments_finding_fits_test ON assessments_finding;
                DROP FUNCTION assessments_finding_fits_test();
            """,
        ),
        migrations.RunSQL(
            RETEST_FITS_BASELINE,
            reverse_sql="""
                DROP TRIGGER assessments_retest_fits_baseline ON assessments_assessment;
                DROP FUNCTION assessments_retest_fits_baseline();
            """,
        ),
        migrations.RunSQL(
            FINDING_TEST_IN_ROUND,
            reverse_sql="ALTER TABLE assessments_finding "
            "DROP CONSTRAINT assessments_finding_test_in_round;",
        ),
    ]
