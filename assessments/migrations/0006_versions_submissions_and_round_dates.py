"""Versions on every edited assessment record, the token that makes opening a round idempotent,
and a round's date kept in order from both ends.

Migration 0002's trigger kept a retest from being dated before its baseline, but only when the
retest was written: moving the baseline later than its retests went through. The trigger now
also refuses that, and reads the baseline FOR SHARE, so that a retest being written and its
baseline being moved at the same moment wait for each other instead of each passing its check
against the other's old date.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from clinic.lib.versions import bump_version_sql

ROUND_DATES_IN_ORDER = """
CREATE OR REPLACE FUNCTION assessments_retest_fits_baseline() RETURNS trigger AS $$
DECLARE
    b assessments_assessment%ROWTYPE;
    first_retest timestamptz;
BEGIN
    IF NEW.baseline_id IS NOT NULL THEN
        SELECT * INTO b FROM assessments_assessment WHERE id = NEW.baseline_id FOR SHARE;
        IF b.kind <> 'baseline' OR b.client_id <> NEW.client_id THEN
            RAISE EXCEPTION 'a retest needs a baseline of the same client'
                USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.performed_at < b.performed_at THEN
            RAISE EXCEPTION 'a retest cannot be performed before its baseline'
                USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.kind = 'baseline' AND NEW.performed_at > OLD.performed_at THEN
        SELECT min(performed_at) INTO first_retest
            FROM assessments_assessment WHERE baseline_id = NEW.id;
        IF NEW.performed_at > first_retest THEN
            RAISE EXCEPTION 'a baseline cannot be moved after its retests'
                USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

# Migration 0002's function, put back when this migration is reversed.
RETEST_FITS_BASELINE_0002 = """
CREATE OR REPLACE FUNCTION assessments_retest_fits_baseline() RETURNS trigger AS $$
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
"""


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0005_test_thresholds_as_data"),
        ("clinic", "0003_client_saved_by"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="submission",
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="assessment",
            name="updated_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="assessment",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name="finding",
            name="updated_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="finding",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name="intervention",
            name="submission",
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="reflection",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name="testdefinition",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddConstraint(
            model_name="assessment",
            constraint=models.UniqueConstraint(
                fields=("submission",), name="assessment_submission_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="intervention",
            constraint=models.UniqueConstraint(
                fields=("submission",), name="intervention_submission_once"
            ),
        ),
        migrations.RunSQL(ROUND_DATES_IN_ORDER, reverse_sql=RETEST_FITS_BASELINE_0002),
        *(
            migrations.RunSQL(*bump_version_sql(table))
            for table in (
                "assessments_assessment",
                "assessments_finding",
                "assessments_reflection",
                "assessments_testdefinition",
            )
        ),
    ]
