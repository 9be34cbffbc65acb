"""Versions on every edited assessment record, the token that makes opening a round idempotent,
and a round's date kept in order from both ends.

Migration 0002's trigger kept a retest from being dated before its baseline, but only when the
retest was written: moving the baseline later than its retests went through. The trigger now
also refuses that, and reads the baseline FOR SHARE, so that a retest being written and its
baseline being moved at the same moment wait for each other instead of each passing its check
against the other's old date.
"""

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
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
        ("assessments", "0006_round_history_and_amendments"),
        ("clinic", "0004_client_saved_by"),
        ("exercises", "0005_versions_and_who_saved"),
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
            field=models.PositiveIntegerField(db_default=1, default=1, editable=False),
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
            field=models.PositiveIntegerField(db_default=1, default=1, editable=False),
        ),
        migrations.AddField(
            model_name="intervention",
            name="submission",
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="reflection",
            name="version",
            field=models.PositiveIntegerField(db_default=1, default=1, editable=False),
        ),
        migrations.AddField(
            model_name="testdefinition",
            name="version",
            field=models.PositiveIntegerField(db_default=1, default=1, editable=False),
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
        # The event models copy the new columns, and their triggers are made again to copy them.
        pgtrigger.migrations.RemoveTrigger(
            model_name="assessment",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="assessment",
            name="update_update",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="assessment",
            name="delete_delete",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="finding",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="finding",
            name="update_update",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="finding",
            name="delete_delete",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="intervention",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="intervention",
            name="update_update",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="intervention",
            name="delete_delete",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="reflection",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="reflection",
            name="update_update",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="reflection",
            name="delete_delete",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="testdefinition",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="testdefinition",
            name="update_update",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="testdefinition",
            name="delete_delete",
        ),
        migrations.AddField(
            model_name="assessmentevent",
            name="submission",
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="assessmentevent",
            name="updated_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                related_query_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="assessmentevent",
            name="version",
            field=models.PositiveIntegerField(db_default=1, default=1, editable=False),
        ),
        migrations.AddField(
            model_name="findingevent",
            name="updated_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                related_query_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="findingevent",
            name="version",
            field=models.PositiveIntegerField(db_default=1, default=1, editable=False),
        ),
        migrations.AddField(
            model_name="interventionevent",
            name="submission",
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="reflectionevent",
            name="version",
            field=models.PositiveIntegerField(db_default=1, default=1, editable=False),
        ),
        migrations.AddField(
            model_name="testdefinitionevent",
            name="version",
            field=models.PositiveIntegerField(db_default=1, default=1, editable=False),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="assessment",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "assessments_assessmentevent" ("baseline_id", "client_id", "clinician_id", "created_at", "id", "instrument", "kind", "note", "performed_at", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "rater", "submission", "updated_at", "updated_by_id", "version", "void_reason", "voided_at", "voided_by_id") VALUES (NEW."baseline_id", NEW."client_id", NEW."clinician_id", NEW."created_at", NEW."id", NEW."instrument", NEW."kind", NEW."note", NEW."performed_at", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'insert\', NEW."id", NEW."position", NEW."rater", NEW."submission", NEW."updated_at", NEW."updated_by_id", NEW."version", NEW."void_reason", NEW."voided_at", NEW."voided_by_id"); RETURN NULL;',
                    hash="704a9e3196a453beb42372e170e2783ea4786aad",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_3ca2a",
                    table="assessments_assessment",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="assessment",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition='WHEN (OLD."baseline_id" IS DISTINCT FROM (NEW."baseline_id") OR OLD."client_id" IS DISTINCT FROM (NEW."client_id") OR OLD."clinician_id" IS DISTINCT FROM (NEW."clinician_id") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."instrument" IS DISTINCT FROM (NEW."instrument") OR OLD."kind" IS DISTINCT FROM (NEW."kind") OR OLD."note" IS DISTINCT FROM (NEW."note") OR OLD."performed_at" IS DISTINCT FROM (NEW."performed_at") OR OLD."position" IS DISTINCT FROM (NEW."position") OR OLD."rater" IS DISTINCT FROM (NEW."rater") OR OLD."submission" IS DISTINCT FROM (NEW."submission") OR OLD."void_reason" IS DISTINCT FROM (NEW."void_reason") OR OLD."voided_at" IS DISTINCT FROM (NEW."voided_at") OR OLD."voided_by_id" IS DISTINCT FROM (NEW."voided_by_id"))',
                    func='INSERT INTO "assessments_assessmentevent" ("baseline_id", "client_id", "clinician_id", "created_at", "id", "instrument", "kind", "note", "performed_at", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "rater", "submission", "updated_at", "updated_by_id", "version", "void_reason", "voided_at", "voided_by_id") VALUES (NEW."baseline_id", NEW."client_id", NEW."clinician_id", NEW."created_at", NEW."id", NEW."instrument", NEW."kind", NEW."note", NEW."performed_at", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'update\', NEW."id", NEW."position", NEW."rater", NEW."submission", NEW."updated_at", NEW."updated_by_id", NEW."version", NEW."void_reason", NEW."voided_at", NEW."voided_by_id"); RETURN NULL;',
                    hash="5cefc24a055a301fa443676ebf3e1c680adbcf58",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_d96c6",
                    table="assessments_assessment",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="assessment",
            trigger=pgtrigger.compiler.Trigger(
                name="delete_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "assessments_assessmentevent" ("baseline_id", "client_id", "clinician_id", "created_at", "id", "instrument", "kind", "note", "performed_at", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "rater", "submission", "updated_at", "updated_by_id", "version", "void_reason", "voided_at", "voided_by_id") VALUES (OLD."baseline_id", OLD."client_id", OLD."clinician_id", OLD."created_at", OLD."id", OLD."instrument", OLD."kind", OLD."note", OLD."performed_at", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'delete\', OLD."id", OLD."position", OLD."rater", OLD."submission", OLD."updated_at", OLD."updated_by_id", OLD."version", OLD."void_reason", OLD."voided_at", OLD."voided_by_id"); RETURN NULL;',
                    hash="ed7b3cfb60c815bc34e437187922d3331c3a8636",
                    operation="DELETE",
                    pgid="pgtrigger_delete_delete_28394",
                    table="assessments_assessment",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="finding",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "assessments_findingevent" ("assessment_id", "cleared_at", "compensations", "created_at", "grade", "id", "note", "pain", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "side", "sign", "symptom", "test_id", "updated_at", "updated_by_id", "value", "version") VALUES (NEW."assessment_id", NEW."cleared_at", NEW."compensations", NEW."created_at", NEW."grade", NEW."id", NEW."note", NEW."pain", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'insert\', NEW."id", NEW."side", NEW."sign", NEW."symptom", NEW."test_id", NEW."updated_at", NEW."updated_by_id", NEW."value", NEW."version"); RETURN NULL;',
                    hash="f38eb6eb146d946fbee1045a8d0e2b599b3a16ad",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_1e393",
                    table="assessments_finding",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="finding",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition='WHEN (OLD."assessment_id" IS DISTINCT FROM (NEW."assessment_id") OR OLD."cleared_at" IS DISTINCT FROM (NEW."cleared_at") OR OLD."compensations" IS DISTINCT FROM (NEW."compensations") OR OLD."grade" IS DISTINCT FROM (NEW."grade") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."note" IS DISTINCT FROM (NEW."note") OR OLD."pain" IS DISTINCT FROM (NEW."pain") OR OLD."side" IS DISTINCT FROM (NEW."side") OR OLD."sign" IS DISTINCT FROM (NEW."sign") OR OLD."symptom" IS DISTINCT FROM (NEW."symptom") OR OLD."test_id" IS DISTINCT FROM (NEW."test_id") OR OLD."value" IS DISTINCT FROM (NEW."value"))',
                    func='INSERT INTO "assessments_findingevent" ("assessment_id", "cleared_at", "compensations", "created_at", "grade", "id", "note", "pain", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "side", "sign", "symptom", "test_id", "updated_at", "updated_by_id", "value", "version") VALUES (NEW."assessment_id", NEW."cleared_at", NEW."compensations", NEW."created_at", NEW."grade", NEW."id", NEW."note", NEW."pain", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'update\', NEW."id", NEW."side", NEW."sign", NEW."symptom", NEW."test_id", NEW."updated_at", NEW."updated_by_id", NEW."value", NEW."version"); RETURN NULL;',
                    hash="64236159df6c8684d463ff9959b4e17bb1bbac52",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_1e78e",
                    table="assessments_finding",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="finding",
            trigger=pgtrigger.compiler.Trigger(
                name="delete_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "assessments_findingevent" ("assessment_id", "cleared_at", "compensations", "created_at", "grade", "id", "note", "pain", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "side", "sign", "symptom", "test_id", "updated_at", "updated_by_id", "value", "version") VALUES (OLD."assessment_id", OLD."cleared_at", OLD."compensations", OLD."created_at", OLD."grade", OLD."id", OLD."note", OLD."pain", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'delete\', OLD."id", OLD."side", OLD."sign", OLD."symptom", OLD."test_id", OLD."updated_at", OLD."updated_by_id", OLD."value", OLD."version"); RETURN NULL;',
                    hash="e9b8e5450f75990f6ee4f27e67ab0a577a35943f",
                    operation="DELETE",
                    pgid="pgtrigger_delete_delete_a6d24",
                    table="assessments_finding",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="intervention",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "assessments_interventionevent" ("after_round_id", "clinician_id", "created_at", "description", "exercise_id", "hold_seconds", "hold_to_fatigue", "id", "load", "performed_at", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "removed_at", "reps", "sets", "submission") VALUES (NEW."after_round_id", NEW."clinician_id", NEW."created_at", NEW."description", NEW."exercise_id", NEW."hold_seconds", NEW."hold_to_fatigue", NEW."id", NEW."load", NEW."performed_at", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'insert\', NEW."id", NEW."removed_at", NEW."reps", NEW."sets", NEW."submission"); RETURN NULL;',
                    hash="6b7c3fa90d5543efdabe86f1e812e6547767f181",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_77f37",
                    table="assessments_intervention",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="intervention",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition='WHEN (OLD."after_round_id" IS DISTINCT FROM (NEW."after_round_id") OR OLD."clinician_id" IS DISTINCT FROM (NEW."clinician_id") OR OLD."description" IS DISTINCT FROM (NEW."description") OR OLD."exercise_id" IS DISTINCT FROM (NEW."exercise_id") OR OLD."hold_seconds" IS DISTINCT FROM (NEW."hold_seconds") OR OLD."hold_to_fatigue" IS DISTINCT FROM (NEW."hold_to_fatigue") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."load" IS DISTINCT FROM (NEW."load") OR OLD."performed_at" IS DISTINCT FROM (NEW."performed_at") OR OLD."removed_at" IS DISTINCT FROM (NEW."removed_at") OR OLD."reps" IS DISTINCT FROM (NEW."reps") OR OLD."sets" IS DISTINCT FROM (NEW."sets") OR OLD."submission" IS DISTINCT FROM (NEW."submission"))',
                    func='INSERT INTO "assessments_interventionevent" ("after_round_id", "clinician_id", "created_at", "description", "exercise_id", "hold_seconds", "hold_to_fatigue", "id", "load", "performed_at", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "removed_at", "reps", "sets", "submission") VALUES (NEW."after_round_id", NEW."clinician_id", NEW."created_at", NEW."description", NEW."exercise_id", NEW."hold_seconds", NEW."hold_to_fatigue", NEW."id", NEW."load", NEW."performed_at", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'update\', NEW."id", NEW."removed_at", NEW."reps", NEW."sets", NEW."submission"); RETURN NULL;',
                    hash="f716ec7bbb692b1428cae421e2428b703069c8af",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_7d089",
                    table="assessments_intervention",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="intervention",
            trigger=pgtrigger.compiler.Trigger(
                name="delete_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "assessments_interventionevent" ("after_round_id", "clinician_id", "created_at", "description", "exercise_id", "hold_seconds", "hold_to_fatigue", "id", "load", "performed_at", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "removed_at", "reps", "sets", "submission") VALUES (OLD."after_round_id", OLD."clinician_id", OLD."created_at", OLD."description", OLD."exercise_id", OLD."hold_seconds", OLD."hold_to_fatigue", OLD."id", OLD."load", OLD."performed_at", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'delete\', OLD."id", OLD."removed_at", OLD."reps", OLD."sets", OLD."submission"); RETURN NULL;',
                    hash="b03eb44af6a8110eb473c259b405bde8a56d2448",
                    operation="DELETE",
                    pgid="pgtrigger_delete_delete_76196",
                    table="assessments_intervention",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="reflection",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "assessments_reflectionevent" ("baseline_id", "expected", "id", "next_step", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "updated_at", "updated_by_id", "version", "why") VALUES (NEW."baseline_id", NEW."expected", NEW."id", NEW."next_step", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'insert\', NEW."id", NEW."updated_at", NEW."updated_by_id", NEW."version", NEW."why"); RETURN NULL;',
                    hash="a0856c26848ef5effbeaac86bb54983f64891d21",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_4016c",
                    table="assessments_reflection",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="reflection",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition='WHEN (OLD."baseline_id" IS DISTINCT FROM (NEW."baseline_id") OR OLD."expected" IS DISTINCT FROM (NEW."expected") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."next_step" IS DISTINCT FROM (NEW."next_step") OR OLD."why" IS DISTINCT FROM (NEW."why"))',
                    func='INSERT INTO "assessments_reflectionevent" ("baseline_id", "expected", "id", "next_step", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "updated_at", "updated_by_id", "version", "why") VALUES (NEW."baseline_id", NEW."expected", NEW."id", NEW."next_step", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'update\', NEW."id", NEW."updated_at", NEW."updated_by_id", NEW."version", NEW."why"); RETURN NULL;',
                    hash="13ddce57b21b4fcb1f727d31777fd8d8322730e3",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_aa0cb",
                    table="assessments_reflection",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="reflection",
            trigger=pgtrigger.compiler.Trigger(
                name="delete_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "assessments_reflectionevent" ("baseline_id", "expected", "id", "next_step", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "updated_at", "updated_by_id", "version", "why") VALUES (OLD."baseline_id", OLD."expected", OLD."id", OLD."next_step", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'delete\', OLD."id", OLD."updated_at", OLD."updated_by_id", OLD."version", OLD."why"); RETURN NULL;',
                    hash="bb619320f453f1df016c1aaa42938287f4f9983d",
                    operation="DELETE",
                    pgid="pgtrigger_delete_delete_603ca",
                    table="assessments_reflection",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="testdefinition",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "assessments_testdefinitionevent" ("best_grade", "better", "body_region", "clinic_id", "compensations", "created_at", "decimals", "evidence_note", "evidence_to_check", "grade_labels", "id", "instrument", "kind", "mcid", "mcid_bands", "mcid_percent", "mcid_source", "mdc", "mdc_source", "name", "pain_test_id", "percent_meaningful", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "protocol", "records_pain", "sided", "slug", "sort_order", "unit", "updated_at", "value_max", "value_min", "version") VALUES (NEW."best_grade", NEW."better", NEW."body_region", NEW."clinic_id", NEW."compensations", NEW."created_at", NEW."decimals", NEW."evidence_note", NEW."evidence_to_check", NEW."grade_labels", NEW."id", NEW."instrument", NEW."kind", NEW."mcid", NEW."mcid_bands", NEW."mcid_percent", NEW."mcid_source", NEW."mdc", NEW."mdc_source", NEW."name", NEW."pain_test_id", NEW."percent_meaningful", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'insert\', NEW."id", NEW."position", NEW."protocol", NEW."records_pain", NEW."sided", NEW."slug", NEW."sort_order", NEW."unit", NEW."updated_at", NEW."value_max", NEW."value_min", NEW."version"); RETURN NULL;',
                    hash="0474b717de7869801c94c1d0c58e3bcdd25b6463",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_c2084",
                    table="assessments_testdefinition",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="testdefinition",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition='WHEN (OLD."best_grade" IS DISTINCT FROM (NEW."best_grade") OR OLD."better" IS DISTINCT FROM (NEW."better") OR OLD."body_region" IS DISTINCT FROM (NEW."body_region") OR OLD."clinic_id" IS DISTINCT FROM (NEW."clinic_id") OR OLD."compensations" IS DISTINCT FROM (NEW."compensations") OR OLD."decimals" IS DISTINCT FROM (NEW."decimals") OR OLD."evidence_note" IS DISTINCT FROM (NEW."evidence_note") OR OLD."evidence_to_check" IS DISTINCT FROM (NEW."evidence_to_check") OR OLD."grade_labels" IS DISTINCT FROM (NEW."grade_labels") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."instrument" IS DISTINCT FROM (NEW."instrument") OR OLD."kind" IS DISTINCT FROM (NEW."kind") OR OLD."mcid" IS DISTINCT FROM (NEW."mcid") OR OLD."mcid_bands" IS DISTINCT FROM (NEW."mcid_bands") OR OLD."mcid_percent" IS DISTINCT FROM (NEW."mcid_percent") OR OLD."mcid_source" IS DISTINCT FROM (NEW."mcid_source") OR OLD."mdc" IS DISTINCT FROM (NEW."mdc") OR OLD."mdc_source" IS DISTINCT FROM (NEW."mdc_source") OR OLD."name" IS DISTINCT FROM (NEW."name") OR OLD."pain_test_id" IS DISTINCT FROM (NEW."pain_test_id") OR OLD."percent_meaningful" IS DISTINCT FROM (NEW."percent_meaningful") OR OLD."position" IS DISTINCT FROM (NEW."position") OR OLD."protocol" IS DISTINCT FROM (NEW."protocol") OR OLD."records_pain" IS DISTINCT FROM (NEW."records_pain") OR OLD."sided" IS DISTINCT FROM (NEW."sided") OR OLD."slug" IS DISTINCT FROM (NEW."slug") OR OLD."sort_order" IS DISTINCT FROM (NEW."sort_order") OR OLD."unit" IS DISTINCT FROM (NEW."unit") OR OLD."value_max" IS DISTINCT FROM (NEW."value_max") OR OLD."value_min" IS DISTINCT FROM (NEW."value_min"))',
                    func='INSERT INTO "assessments_testdefinitionevent" ("best_grade", "better", "body_region", "clinic_id", "compensations", "created_at", "decimals", "evidence_note", "evidence_to_check", "grade_labels", "id", "instrument", "kind", "mcid", "mcid_bands", "mcid_percent", "mcid_source", "mdc", "mdc_source", "name", "pain_test_id", "percent_meaningful", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "protocol", "records_pain", "sided", "slug", "sort_order", "unit", "updated_at", "value_max", "value_min", "version") VALUES (NEW."best_grade", NEW."better", NEW."body_region", NEW."clinic_id", NEW."compensations", NEW."created_at", NEW."decimals", NEW."evidence_note", NEW."evidence_to_check", NEW."grade_labels", NEW."id", NEW."instrument", NEW."kind", NEW."mcid", NEW."mcid_bands", NEW."mcid_percent", NEW."mcid_source", NEW."mdc", NEW."mdc_source", NEW."name", NEW."pain_test_id", NEW."percent_meaningful", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'update\', NEW."id", NEW."position", NEW."protocol", NEW."records_pain", NEW."sided", NEW."slug", NEW."sort_order", NEW."unit", NEW."updated_at", NEW."value_max", NEW."value_min", NEW."version"); RETURN NULL;',
                    hash="da4fe5a8f5953d9d746be3d0cff55ad63ad02460",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_c9632",
                    table="assessments_testdefinition",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="testdefinition",
            trigger=pgtrigger.compiler.Trigger(
                name="delete_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "assessments_testdefinitionevent" ("best_grade", "better", "body_region", "clinic_id", "compensations", "created_at", "decimals", "evidence_note", "evidence_to_check", "grade_labels", "id", "instrument", "kind", "mcid", "mcid_bands", "mcid_percent", "mcid_source", "mdc", "mdc_source", "name", "pain_test_id", "percent_meaningful", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "protocol", "records_pain", "sided", "slug", "sort_order", "unit", "updated_at", "value_max", "value_min", "version") VALUES (OLD."best_grade", OLD."better", OLD."body_region", OLD."clinic_id", OLD."compensations", OLD."created_at", OLD."decimals", OLD."evidence_note", OLD."evidence_to_check", OLD."grade_labels", OLD."id", OLD."instrument", OLD."kind", OLD."mcid", OLD."mcid_bands", OLD."mcid_percent", OLD."mcid_source", OLD."mdc", OLD."mdc_source", OLD."name", OLD."pain_test_id", OLD."percent_meaningful", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'delete\', OLD."id", OLD."position", OLD."protocol", OLD."records_pain", OLD."sided", OLD."slug", OLD."sort_order", OLD."unit", OLD."updated_at", OLD."value_max", OLD."value_min", OLD."version"); RETURN NULL;',
                    hash="2a61dc5d0944ca84bfc1a293cb23755fed143a9a",
                    operation="DELETE",
                    pgid="pgtrigger_delete_delete_9f0f0",
                    table="assessments_testdefinition",
                    when="AFTER",
                ),
            ),
        ),
    ]
