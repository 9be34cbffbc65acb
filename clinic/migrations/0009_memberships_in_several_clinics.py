"""One login in several clinics: a membership per (user, clinic) instead of one per user, kept
when the member leaves (deactivated, by whom), with a version for owners' concurrent changes.
Existing memberships stay as they are: each user's one row satisfies the new unique pair."""

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models

from clinic.lib.versions import bump_version_sql


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0008_lock_lifted"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name="membership",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="membership",
            name="update_update",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="membership",
            name="delete_delete",
        ),
        migrations.AddField(
            model_name="membership",
            name="deactivated_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="membership",
            name="deactivated_by",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="membership",
            name="version",
            field=models.PositiveIntegerField(db_default=1, default=1, editable=False),
        ),
        migrations.AddField(
            model_name="membershipevent",
            name="deactivated_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="membershipevent",
            name="deactivated_by",
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
            model_name="membershipevent",
            name="version",
            field=models.PositiveIntegerField(db_default=1, default=1, editable=False),
        ),
        migrations.RunSQL(*bump_version_sql("clinic_membership")),
        migrations.AlterField(
            model_name="membership",
            name="user",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="memberships",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="membership",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "clinic_membershipevent" ("clinic_id", "created_at", "deactivated_at", "deactivated_by_id", "id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "role", "user_id", "version") VALUES (NEW."clinic_id", NEW."created_at", NEW."deactivated_at", NEW."deactivated_by_id", NEW."id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'insert\', NEW."id", NEW."role", NEW."user_id", NEW."version"); RETURN NULL;',
                    hash="252bfa9762e3b308c2c80fc1075c61c6c773ce5e",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_847aa",
                    table="clinic_membership",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="membership",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition='WHEN (OLD."clinic_id" IS DISTINCT FROM (NEW."clinic_id") OR OLD."deactivated_at" IS DISTINCT FROM (NEW."deactivated_at") OR OLD."deactivated_by_id" IS DISTINCT FROM (NEW."deactivated_by_id") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."role" IS DISTINCT FROM (NEW."role") OR OLD."user_id" IS DISTINCT FROM (NEW."user_id"))',
                    func='INSERT INTO "clinic_membershipevent" ("clinic_id", "created_at", "deactivated_at", "deactivated_by_id", "id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "role", "user_id", "version") VALUES (NEW."clinic_id", NEW."created_at", NEW."deactivated_at", NEW."deactivated_by_id", NEW."id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'update\', NEW."id", NEW."role", NEW."user_id", NEW."version"); RETURN NULL;',
                    hash="38bdf5769955185cf644be572f7ca98b6277455e",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_d0685",
                    table="clinic_membership",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="membership",
            trigger=pgtrigger.compiler.Trigger(
                name="delete_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "clinic_membershipevent" ("clinic_id", "created_at", "deactivated_at", "deactivated_by_id", "id", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "role", "user_id", "version") VALUES (OLD."clinic_id", OLD."created_at", OLD."deactivated_at", OLD."deactivated_by_id", OLD."id", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'delete\', OLD."id", OLD."role", OLD."user_id", OLD."version"); RETURN NULL;',
                    hash="18dd4feb8ea7d47d880030a55097c8e0ce9af416",
                    operation="DELETE",
                    pgid="pgtrigger_delete_delete_e1e0f",
                    table="clinic_membership",
                    when="AFTER",
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.UniqueConstraint(
                fields=("user", "clinic"), name="membership_once_per_clinic"
            ),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("deactivated_at__isnull", False),
                    ("deactivated_by__isnull", True),
                    _connector="OR",
                ),
                name="membership_deactivated_by_only_when_deactivated",
            ),
        ),
    ]
