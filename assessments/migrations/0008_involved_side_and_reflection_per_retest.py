"""The involved side on a baseline (and per test of it), and a reflection per retest.

Rounds recorded before this change have no involved side ("not recorded"): the report then
compares the weaker side with the stronger, as it did.

Reflections were one per baseline. Each one now belongs to a retest, by this rule: it moves
to the newest live (not voided) retest of its baseline performed no later than the
reflection was last saved, since that is the comparison the clinician was reading; when
every live retest is later than that save (it was written before any retest), to the first
live retest. A baseline without a live retest keeps its reflection, shown on its report as
written before reflections were per retest. The move is an update, so the reflection's
history records it.
"""

import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


def reflections_to_their_retest(apps, schema_editor):
    Reflection = apps.get_model("assessments", "Reflection")
    Assessment = apps.get_model("assessments", "Assessment")
    for reflection in Reflection.objects.filter(round__kind="baseline").select_related("round"):
        retests = Assessment.objects.filter(baseline_id=reflection.round_id, voided_at__isnull=True)
        target = (
            retests.filter(performed_at__lte=reflection.updated_at)
            .order_by("-performed_at", "-pk")
            .first()
        ) or retests.order_by("performed_at", "pk").first()
        if target is not None and not Reflection.objects.filter(round=target).exists():
            # Not save(): the time it was last written stays the clinician's.
            Reflection.objects.filter(pk=reflection.pk).update(round=target)


def reflections_back_to_their_baseline(apps, schema_editor):
    Reflection = apps.get_model("assessments", "Reflection")
    for reflection in Reflection.objects.filter(round__kind="retest").select_related("round"):
        baseline_id = reflection.round.baseline_id
        if not Reflection.objects.filter(round_id=baseline_id).exists():
            Reflection.objects.filter(pk=reflection.pk).update(round_id=baseline_id)
        else:
            raise RuntimeError(
                "Two retests of one baseline have a reflection: one per baseline cannot hold both."
            )


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0007_versions_submissions_and_round_dates"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
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
            model_name="assessmenttest",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="assessmenttest",
            name="update_update",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="assessmenttest",
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
        migrations.RenameField(
            model_name="reflection",
            old_name="baseline",
            new_name="round",
        ),
        migrations.RenameField(
            model_name="reflectionevent",
            old_name="baseline",
            new_name="round",
        ),
        migrations.AddField(
            model_name="assessment",
            name="involved_side",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "Not recorded"),
                    ("left", "Left"),
                    ("right", "Right"),
                    ("both", "Both"),
                ],
                default="",
                max_length=5,
                verbose_name="involved side",
            ),
        ),
        migrations.AddField(
            model_name="assessmentevent",
            name="involved_side",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "Not recorded"),
                    ("left", "Left"),
                    ("right", "Right"),
                    ("both", "Both"),
                ],
                default="",
                max_length=5,
                verbose_name="involved side",
            ),
        ),
        migrations.AddField(
            model_name="assessmenttest",
            name="involved_side",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "Not recorded"),
                    ("left", "Left"),
                    ("right", "Right"),
                    ("both", "Both"),
                ],
                default="",
                max_length=5,
                verbose_name="involved side",
            ),
        ),
        migrations.AddField(
            model_name="assessmenttestevent",
            name="involved_side",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "Not recorded"),
                    ("left", "Left"),
                    ("right", "Right"),
                    ("both", "Both"),
                ],
                default="",
                max_length=5,
                verbose_name="involved side",
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="assessment",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "assessments_assessmentevent" ("baseline_id", "client_id", "clinician_id", "created_at", "id", "instrument", "involved_side", "kind", "note", "performed_at", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "rater", "submission", "updated_at", "updated_by_id", "version", "void_reason", "voided_at", "voided_by_id") VALUES (NEW."baseline_id", NEW."client_id", NEW."clinician_id", NEW."created_at", NEW."id", NEW."instrument", NEW."involved_side", NEW."kind", NEW."note", NEW."performed_at", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'insert\', NEW."id", NEW."position", NEW."rater", NEW."submission", NEW."updated_at", NEW."updated_by_id", NEW."version", NEW."void_reason", NEW."voided_at", NEW."voided_by_id"); RETURN NULL;',
                    hash="c2d9bee769508edcf2a7f186034fc4b00444fa75",
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
                    condition='WHEN (OLD."baseline_id" IS DISTINCT FROM (NEW."baseline_id") OR OLD."client_id" IS DISTINCT FROM (NEW."client_id") OR OLD."clinician_id" IS DISTINCT FROM (NEW."clinician_id") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."instrument" IS DISTINCT FROM (NEW."instrument") OR OLD."involved_side" IS DISTINCT FROM (NEW."involved_side") OR OLD."kind" IS DISTINCT FROM (NEW."kind") OR OLD."note" IS DISTINCT FROM (NEW."note") OR OLD."performed_at" IS DISTINCT FROM (NEW."performed_at") OR OLD."position" IS DISTINCT FROM (NEW."position") OR OLD."rater" IS DISTINCT FROM (NEW."rater") OR OLD."submission" IS DISTINCT FROM (NEW."submission") OR OLD."void_reason" IS DISTINCT FROM (NEW."void_reason") OR OLD."voided_at" IS DISTINCT FROM (NEW."voided_at") OR OLD."voided_by_id" IS DISTINCT FROM (NEW."voided_by_id"))',
                    func='INSERT INTO "assessments_assessmentevent" ("baseline_id", "client_id", "clinician_id", "created_at", "id", "instrument", "involved_side", "kind", "note", "performed_at", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "rater", "submission", "updated_at", "updated_by_id", "version", "void_reason", "voided_at", "voided_by_id") VALUES (NEW."baseline_id", NEW."client_id", NEW."clinician_id", NEW."created_at", NEW."id", NEW."instrument", NEW."involved_side", NEW."kind", NEW."note", NEW."performed_at", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'update\', NEW."id", NEW."position", NEW."rater", NEW."submission", NEW."updated_at", NEW."updated_by_id", NEW."version", NEW."void_reason", NEW."voided_at", NEW."voided_by_id"); RETURN NULL;',
                    hash="fd467d3ca0d3a66978519c55252658dc3ae26bc4",
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
                    func='INSERT INTO "assessments_assessmentevent" ("baseline_id", "client_id", "clinician_id", "created_at", "id", "instrument", "involved_side", "kind", "note", "performed_at", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "rater", "submission", "updated_at", "updated_by_id", "version", "void_reason", "voided_at", "voided_by_id") VALUES (OLD."baseline_id", OLD."client_id", OLD."clinician_id", OLD."created_at", OLD."id", OLD."instrument", OLD."involved_side", OLD."kind", OLD."note", OLD."performed_at", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'delete\', OLD."id", OLD."position", OLD."rater", OLD."submission", OLD."updated_at", OLD."updated_by_id", OLD."version", OLD."void_reason", OLD."voided_at", OLD."voided_by_id"); RETURN NULL;',
                    hash="9e02cc2a4a7fbb8e5ca30e548be70076088e389e",
                    operation="DELETE",
                    pgid="pgtrigger_delete_delete_28394",
                    table="assessments_assessment",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="assessmenttest",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "assessments_assessmenttestevent" ("assessment_id", "id", "involved_side", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "test_id") VALUES (NEW."assessment_id", NEW."id", NEW."involved_side", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'insert\', NEW."id", NEW."position", NEW."test_id"); RETURN NULL;',
                    hash="afaf99d7155412aa129f67158fb8aa26642f4c77",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_bca3b",
                    table="assessments_assessmenttest",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="assessmenttest",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition="WHEN (OLD.* IS DISTINCT FROM NEW.*)",
                    func='INSERT INTO "assessments_assessmenttestevent" ("assessment_id", "id", "involved_side", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "test_id") VALUES (NEW."assessment_id", NEW."id", NEW."involved_side", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'update\', NEW."id", NEW."position", NEW."test_id"); RETURN NULL;',
                    hash="21d2fee1a504e9c51f29e1f2d6872f8a6ebba3dd",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_6bc7c",
                    table="assessments_assessmenttest",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="assessmenttest",
            trigger=pgtrigger.compiler.Trigger(
                name="delete_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "assessments_assessmenttestevent" ("assessment_id", "id", "involved_side", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "test_id") VALUES (OLD."assessment_id", OLD."id", OLD."involved_side", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'delete\', OLD."id", OLD."position", OLD."test_id"); RETURN NULL;',
                    hash="766019c49948b4f285ffdca617d57b2715d8d213",
                    operation="DELETE",
                    pgid="pgtrigger_delete_delete_1370d",
                    table="assessments_assessmenttest",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="reflection",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "assessments_reflectionevent" ("expected", "id", "next_step", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "round_id", "updated_at", "updated_by_id", "version", "why") VALUES (NEW."expected", NEW."id", NEW."next_step", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'insert\', NEW."id", NEW."round_id", NEW."updated_at", NEW."updated_by_id", NEW."version", NEW."why"); RETURN NULL;',
                    hash="f777d0fea14646621da99735c8702ca5c984396e",
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
                    condition='WHEN (OLD."expected" IS DISTINCT FROM (NEW."expected") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."next_step" IS DISTINCT FROM (NEW."next_step") OR OLD."round_id" IS DISTINCT FROM (NEW."round_id") OR OLD."why" IS DISTINCT FROM (NEW."why"))',
                    func='INSERT INTO "assessments_reflectionevent" ("expected", "id", "next_step", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "round_id", "updated_at", "updated_by_id", "version", "why") VALUES (NEW."expected", NEW."id", NEW."next_step", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'update\', NEW."id", NEW."round_id", NEW."updated_at", NEW."updated_by_id", NEW."version", NEW."why"); RETURN NULL;',
                    hash="8c5504da16fb567a59af0626347ed9899d3fe5f2",
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
                    func='INSERT INTO "assessments_reflectionevent" ("expected", "id", "next_step", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "round_id", "updated_at", "updated_by_id", "version", "why") VALUES (OLD."expected", OLD."id", OLD."next_step", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'delete\', OLD."id", OLD."round_id", OLD."updated_at", OLD."updated_by_id", OLD."version", OLD."why"); RETURN NULL;',
                    hash="72fa3a10b406b0b5202303d1611135cda62738aa",
                    operation="DELETE",
                    pgid="pgtrigger_delete_delete_603ca",
                    table="assessments_reflection",
                    when="AFTER",
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="assessment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("involved_side__in", ["", "left", "right", "both"]),
                    models.Q(("kind", "baseline"), ("involved_side", ""), _connector="OR"),
                ),
                name="assessment_involved_side_on_baseline",
            ),
        ),
        migrations.AddConstraint(
            model_name="assessmenttest",
            constraint=models.CheckConstraint(
                condition=models.Q(("involved_side__in", ["", "left", "right", "both"])),
                name="assessmenttest_involved_side_valid",
            ),
        ),
        migrations.RunPython(reflections_to_their_retest, reflections_back_to_their_baseline),
    ]
