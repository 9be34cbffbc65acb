"""A version on exercises and prescriptions, bumped by every UPDATE, and who saved them last
(see clinic/lib/versions.py)."""

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models

from clinic.lib.versions import bump_version_sql


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0004_client_saved_by"),
        ("exercises", "0004_programme_history"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="exercise",
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
            model_name="exercise",
            name="version",
            field=models.PositiveIntegerField(db_default=1, default=1, editable=False),
        ),
        migrations.AddField(
            model_name="prescription",
            name="updated_at",
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.AddField(
            model_name="prescription",
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
            model_name="prescription",
            name="version",
            field=models.PositiveIntegerField(db_default=1, default=1, editable=False),
        ),
        migrations.RunSQL(*bump_version_sql("exercises_exercise")),
        migrations.RunSQL(*bump_version_sql("exercises_prescription")),
        # The event models copy the new columns, and their triggers are made again to copy them.
        pgtrigger.migrations.RemoveTrigger(
            model_name="exercise",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="exercise",
            name="update_update",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="exercise",
            name="delete_delete",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="prescription",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="prescription",
            name="update_update",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="prescription",
            name="delete_delete",
        ),
        migrations.AddField(
            model_name="exerciseevent",
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
            model_name="exerciseevent",
            name="version",
            field=models.PositiveIntegerField(db_default=1, default=1, editable=False),
        ),
        migrations.AddField(
            model_name="prescriptionevent",
            name="updated_at",
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.AddField(
            model_name="prescriptionevent",
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
            model_name="prescriptionevent",
            name="version",
            field=models.PositiveIntegerField(db_default=1, default=1, editable=False),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="exercise",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "exercises_exerciseevent" ("aim_id", "clinic_id", "created_at", "cues", "equipment", "faults", "hold_seconds", "hold_to_fatigue", "id", "muscles", "name", "pattern", "per_side", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "purpose", "reps", "retired_at", "sets", "setup", "slug", "tier", "updated_at", "updated_by_id", "version", "video_url") VALUES (NEW."aim_id", NEW."clinic_id", NEW."created_at", NEW."cues", NEW."equipment", NEW."faults", NEW."hold_seconds", NEW."hold_to_fatigue", NEW."id", NEW."muscles", NEW."name", NEW."pattern", NEW."per_side", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'insert\', NEW."id", NEW."purpose", NEW."reps", NEW."retired_at", NEW."sets", NEW."setup", NEW."slug", NEW."tier", NEW."updated_at", NEW."updated_by_id", NEW."version", NEW."video_url"); RETURN NULL;',
                    hash="a8876fd8cea356a6be944426c590de2c65a73ea8",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_b70ac",
                    table="exercises_exercise",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="exercise",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition='WHEN (OLD."aim_id" IS DISTINCT FROM (NEW."aim_id") OR OLD."clinic_id" IS DISTINCT FROM (NEW."clinic_id") OR OLD."cues" IS DISTINCT FROM (NEW."cues") OR OLD."equipment" IS DISTINCT FROM (NEW."equipment") OR OLD."faults" IS DISTINCT FROM (NEW."faults") OR OLD."hold_seconds" IS DISTINCT FROM (NEW."hold_seconds") OR OLD."hold_to_fatigue" IS DISTINCT FROM (NEW."hold_to_fatigue") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."muscles" IS DISTINCT FROM (NEW."muscles") OR OLD."name" IS DISTINCT FROM (NEW."name") OR OLD."pattern" IS DISTINCT FROM (NEW."pattern") OR OLD."per_side" IS DISTINCT FROM (NEW."per_side") OR OLD."purpose" IS DISTINCT FROM (NEW."purpose") OR OLD."reps" IS DISTINCT FROM (NEW."reps") OR OLD."retired_at" IS DISTINCT FROM (NEW."retired_at") OR OLD."sets" IS DISTINCT FROM (NEW."sets") OR OLD."setup" IS DISTINCT FROM (NEW."setup") OR OLD."slug" IS DISTINCT FROM (NEW."slug") OR OLD."tier" IS DISTINCT FROM (NEW."tier") OR OLD."video_url" IS DISTINCT FROM (NEW."video_url"))',
                    func='INSERT INTO "exercises_exerciseevent" ("aim_id", "clinic_id", "created_at", "cues", "equipment", "faults", "hold_seconds", "hold_to_fatigue", "id", "muscles", "name", "pattern", "per_side", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "purpose", "reps", "retired_at", "sets", "setup", "slug", "tier", "updated_at", "updated_by_id", "version", "video_url") VALUES (NEW."aim_id", NEW."clinic_id", NEW."created_at", NEW."cues", NEW."equipment", NEW."faults", NEW."hold_seconds", NEW."hold_to_fatigue", NEW."id", NEW."muscles", NEW."name", NEW."pattern", NEW."per_side", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'update\', NEW."id", NEW."purpose", NEW."reps", NEW."retired_at", NEW."sets", NEW."setup", NEW."slug", NEW."tier", NEW."updated_at", NEW."updated_by_id", NEW."version", NEW."video_url"); RETURN NULL;',
                    hash="b6f21276cb9eb8d4377dd46dfe5a9155cdc56ef0",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_2823c",
                    table="exercises_exercise",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="exercise",
            trigger=pgtrigger.compiler.Trigger(
                name="delete_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "exercises_exerciseevent" ("aim_id", "clinic_id", "created_at", "cues", "equipment", "faults", "hold_seconds", "hold_to_fatigue", "id", "muscles", "name", "pattern", "per_side", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "purpose", "reps", "retired_at", "sets", "setup", "slug", "tier", "updated_at", "updated_by_id", "version", "video_url") VALUES (OLD."aim_id", OLD."clinic_id", OLD."created_at", OLD."cues", OLD."equipment", OLD."faults", OLD."hold_seconds", OLD."hold_to_fatigue", OLD."id", OLD."muscles", OLD."name", OLD."pattern", OLD."per_side", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'delete\', OLD."id", OLD."purpose", OLD."reps", OLD."retired_at", OLD."sets", OLD."setup", OLD."slug", OLD."tier", OLD."updated_at", OLD."updated_by_id", OLD."version", OLD."video_url"); RETURN NULL;',
                    hash="2e0fd31e8337debe91f828996929f55ba9e55991",
                    operation="DELETE",
                    pgid="pgtrigger_delete_delete_ec640",
                    table="exercises_exercise",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="prescription",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "exercises_prescriptionevent" ("client_id", "created_at", "ended_at", "exercise_id", "frequency_times", "frequency_unit", "hold_seconds", "hold_to_fatigue", "id", "load", "note", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "prescribed_by_id", "progressed_from_id", "reps", "sets", "started_at", "status", "updated_at", "updated_by_id", "version") VALUES (NEW."client_id", NEW."created_at", NEW."ended_at", NEW."exercise_id", NEW."frequency_times", NEW."frequency_unit", NEW."hold_seconds", NEW."hold_to_fatigue", NEW."id", NEW."load", NEW."note", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'insert\', NEW."id", NEW."position", NEW."prescribed_by_id", NEW."progressed_from_id", NEW."reps", NEW."sets", NEW."started_at", NEW."status", NEW."updated_at", NEW."updated_by_id", NEW."version"); RETURN NULL;',
                    hash="f55fcfc8c58ab144f0fb3c02cd5b87a86756c15a",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_a2367",
                    table="exercises_prescription",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="prescription",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition='WHEN (OLD."client_id" IS DISTINCT FROM (NEW."client_id") OR OLD."ended_at" IS DISTINCT FROM (NEW."ended_at") OR OLD."exercise_id" IS DISTINCT FROM (NEW."exercise_id") OR OLD."frequency_times" IS DISTINCT FROM (NEW."frequency_times") OR OLD."frequency_unit" IS DISTINCT FROM (NEW."frequency_unit") OR OLD."hold_seconds" IS DISTINCT FROM (NEW."hold_seconds") OR OLD."hold_to_fatigue" IS DISTINCT FROM (NEW."hold_to_fatigue") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."load" IS DISTINCT FROM (NEW."load") OR OLD."note" IS DISTINCT FROM (NEW."note") OR OLD."position" IS DISTINCT FROM (NEW."position") OR OLD."prescribed_by_id" IS DISTINCT FROM (NEW."prescribed_by_id") OR OLD."progressed_from_id" IS DISTINCT FROM (NEW."progressed_from_id") OR OLD."reps" IS DISTINCT FROM (NEW."reps") OR OLD."sets" IS DISTINCT FROM (NEW."sets") OR OLD."started_at" IS DISTINCT FROM (NEW."started_at") OR OLD."status" IS DISTINCT FROM (NEW."status"))',
                    func='INSERT INTO "exercises_prescriptionevent" ("client_id", "created_at", "ended_at", "exercise_id", "frequency_times", "frequency_unit", "hold_seconds", "hold_to_fatigue", "id", "load", "note", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "prescribed_by_id", "progressed_from_id", "reps", "sets", "started_at", "status", "updated_at", "updated_by_id", "version") VALUES (NEW."client_id", NEW."created_at", NEW."ended_at", NEW."exercise_id", NEW."frequency_times", NEW."frequency_unit", NEW."hold_seconds", NEW."hold_to_fatigue", NEW."id", NEW."load", NEW."note", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'update\', NEW."id", NEW."position", NEW."prescribed_by_id", NEW."progressed_from_id", NEW."reps", NEW."sets", NEW."started_at", NEW."status", NEW."updated_at", NEW."updated_by_id", NEW."version"); RETURN NULL;',
                    hash="dd14b071b1fbb40890112775836f7c0b97ce7523",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_8cca3",
                    table="exercises_prescription",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="prescription",
            trigger=pgtrigger.compiler.Trigger(
                name="delete_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "exercises_prescriptionevent" ("client_id", "created_at", "ended_at", "exercise_id", "frequency_times", "frequency_unit", "hold_seconds", "hold_to_fatigue", "id", "load", "note", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "prescribed_by_id", "progressed_from_id", "reps", "sets", "started_at", "status", "updated_at", "updated_by_id", "version") VALUES (OLD."client_id", OLD."created_at", OLD."ended_at", OLD."exercise_id", OLD."frequency_times", OLD."frequency_unit", OLD."hold_seconds", OLD."hold_to_fatigue", OLD."id", OLD."load", OLD."note", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'delete\', OLD."id", OLD."position", OLD."prescribed_by_id", OLD."progressed_from_id", OLD."reps", OLD."sets", OLD."started_at", OLD."status", OLD."updated_at", OLD."updated_by_id", OLD."version"); RETURN NULL;',
                    hash="8f7c534125ebc208f50187bdacb7687e19ebcf64",
                    operation="DELETE",
                    pgid="pgtrigger_delete_delete_647d6",
                    table="exercises_prescription",
                    when="AFTER",
                ),
            ),
        ),
    ]
