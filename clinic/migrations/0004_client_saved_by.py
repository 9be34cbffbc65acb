"""Who saved a client last, and every UPDATE of a client bumps its version (see
clinic/lib/versions.py)."""

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models

from clinic.lib.versions import bump_version_sql


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0003_access_audit_and_history"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="client",
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
        migrations.RunSQL(*bump_version_sql("clinic_client")),
        # The event models copy the new columns, and their triggers are made again to copy them.
        pgtrigger.migrations.RemoveTrigger(
            model_name="client",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="client",
            name="update_update",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="client",
            name="delete_delete",
        ),
        migrations.AddField(
            model_name="clientevent",
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
        pgtrigger.migrations.AddTrigger(
            model_name="client",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "clinic_clientevent" ("archived_at", "clinic_id", "created_at", "created_by_id", "date_of_birth", "discharged_at", "email", "id", "last_seen_at", "name", "notes", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "presenting_complaint", "status", "updated_at", "updated_by_id", "version") VALUES (NEW."archived_at", NEW."clinic_id", NEW."created_at", NEW."created_by_id", NEW."date_of_birth", NEW."discharged_at", NEW."email", NEW."id", NEW."last_seen_at", NEW."name", NEW."notes", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'insert\', NEW."id", NEW."phone", NEW."presenting_complaint", NEW."status", NEW."updated_at", NEW."updated_by_id", NEW."version"); RETURN NULL;',
                    hash="4a8529f9e93cc2741a5162174cb3a0b4b3842f30",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_5c3f5",
                    table="clinic_client",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="client",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition='WHEN (OLD."archived_at" IS DISTINCT FROM (NEW."archived_at") OR OLD."clinic_id" IS DISTINCT FROM (NEW."clinic_id") OR OLD."created_by_id" IS DISTINCT FROM (NEW."created_by_id") OR OLD."date_of_birth" IS DISTINCT FROM (NEW."date_of_birth") OR OLD."discharged_at" IS DISTINCT FROM (NEW."discharged_at") OR OLD."email" IS DISTINCT FROM (NEW."email") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."name" IS DISTINCT FROM (NEW."name") OR OLD."notes" IS DISTINCT FROM (NEW."notes") OR OLD."phone" IS DISTINCT FROM (NEW."phone") OR OLD."presenting_complaint" IS DISTINCT FROM (NEW."presenting_complaint") OR OLD."status" IS DISTINCT FROM (NEW."status"))',
                    func='INSERT INTO "clinic_clientevent" ("archived_at", "clinic_id", "created_at", "created_by_id", "date_of_birth", "discharged_at", "email", "id", "last_seen_at", "name", "notes", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "presenting_complaint", "status", "updated_at", "updated_by_id", "version") VALUES (NEW."archived_at", NEW."clinic_id", NEW."created_at", NEW."created_by_id", NEW."date_of_birth", NEW."discharged_at", NEW."email", NEW."id", NEW."last_seen_at", NEW."name", NEW."notes", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'update\', NEW."id", NEW."phone", NEW."presenting_complaint", NEW."status", NEW."updated_at", NEW."updated_by_id", NEW."version"); RETURN NULL;',
                    hash="38f3beece05395af35b45301e6309594a71c05e6",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_a8958",
                    table="clinic_client",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="client",
            trigger=pgtrigger.compiler.Trigger(
                name="delete_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "clinic_clientevent" ("archived_at", "clinic_id", "created_at", "created_by_id", "date_of_birth", "discharged_at", "email", "id", "last_seen_at", "name", "notes", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "presenting_complaint", "status", "updated_at", "updated_by_id", "version") VALUES (OLD."archived_at", OLD."clinic_id", OLD."created_at", OLD."created_by_id", OLD."date_of_birth", OLD."discharged_at", OLD."email", OLD."id", OLD."last_seen_at", OLD."name", OLD."notes", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'delete\', OLD."id", OLD."phone", OLD."presenting_complaint", OLD."status", OLD."updated_at", OLD."updated_by_id", OLD."version"); RETURN NULL;',
                    hash="ffe8d1fbc966174590d20e26f9f18e2549b0044d",
                    operation="DELETE",
                    pgid="pgtrigger_delete_delete_469d7",
                    table="clinic_client",
                    when="AFTER",
                ),
            ),
        ),
    ]
