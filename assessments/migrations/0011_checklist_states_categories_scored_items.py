"""A checklist with three states, a grade scale read by category, and a total made of scored
items.

A finding's checklist items are present (`compensations`), looked for and not seen
(`compensations_absent`, new) or not checked (in neither). The old form had one tick box per
item, which could not tell "looked for, not seen" from "not looked at", so rows recorded before
this change are read by this rule:

- a ticked item stays present;
- an unticked item becomes "not checked", except where the finding's own total proves it
  absent: on a scored test (the lateral step-down, whose items this migration fills in) a
  finding whose total equals the points of its ticked faults cannot have had any other fault,
  since each would have added to the total, so every other scored fault of it is "not seen".
  Where the ticked faults add up to less than the total, or to more, or where both knee
  positions are ticked (they exclude each other), nothing is inferred. Such a contradictory
  step-down row is kept as it was; its next save must first bring the total and the faults into
  agreement, and the refusal beside the grade says how.

Going back drops the items not seen: an older release reads every unticked item as absent
again, the very reading this migration ends, so go back only to restore an older release.

The finding trigger of migration 0002 is replaced by one that also checks the items not seen
against the checklist, refuses an item both present and not seen, and, on a scored test, two
present faults of one item or a total the marked faults contradict. Two functions check a
test's categories (in order from grade 0, without gaps or overlaps, covering the scale) and
its scored faults (each on the checklist once, their most points the top of a best-first
scale) for the CHECK constraints.
"""

import django.contrib.postgres.fields
import django.db.models.lookups
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models

CATEGORY_FUNCTIONS = """
CREATE FUNCTION assessments_categories_cover(bands jsonb, labels text[]) RETURNS boolean AS $$
DECLARE
    band jsonb;
    next_low numeric := 0;
    names text[] := '{}';
BEGIN
    IF jsonb_typeof(bands) IS DISTINCT FROM 'array' OR jsonb_array_length(bands) = 0 THEN
        RETURN true;
    END IF;
    FOR band IN SELECT value FROM jsonb_array_elements(bands) LOOP
        IF jsonb_typeof(band) IS DISTINCT FROM 'object'
            OR jsonb_typeof(band->'low') IS DISTINCT FROM 'number'
            OR jsonb_typeof(band->'high') IS DISTINCT FROM 'number'
            OR (band->>'low')::numeric <> next_low
            OR (band->>'high')::numeric < (band->>'low')::numeric THEN
            RETURN false;
        END IF;
        IF lower(trim(band->>'name')) = ANY(names) THEN
            RETURN false;
        END IF;
        names := names || lower(trim(band->>'name'));
        next_low := (band->>'high')::numeric + 1;
    END LOOP;
    RETURN next_low = coalesce(cardinality(labels), 0);
END;
$$ LANGUAGE plpgsql IMMUTABLE;

CREATE FUNCTION assessments_scored_items_fit(
    items jsonb, checklist text[], labels text[], best text
) RETURNS boolean AS $$
DECLARE
    entry jsonb;
    faults text[] := '{}';
    most numeric;
BEGIN
    IF jsonb_typeof(items) IS DISTINCT FROM 'array' OR jsonb_array_length(items) = 0 THEN
        RETURN true;
    END IF;
    FOR entry IN SELECT value FROM jsonb_array_elements(items) LOOP
        IF jsonb_typeof(entry) IS DISTINCT FROM 'object'
            OR jsonb_typeof(entry->'item') IS DISTINCT FROM 'string'
            OR jsonb_typeof(entry->'fault') IS DISTINCT FROM 'string'
            OR jsonb_typeof(entry->'points') IS DISTINCT FROM 'number'
            OR NOT ((entry->>'fault') = ANY(coalesce(checklist, '{}')))
            OR (entry->>'fault') = ANY(faults) THEN
            RETURN false;
        END IF;
        faults := faults || (entry->>'fault');
    END LOOP;
    SELECT sum(top) INTO most FROM (
        SELECT max((e->>'points')::numeric) AS top
        FROM jsonb_array_elements(items) AS e GROUP BY e->>'item'
    ) AS per_item;
    RETURN best = 'first' AND most = coalesce(cardinality(labels), 0) - 1;
END;
$$ LANGUAGE plpgsql IMMUTABLE;
"""

# A scored test's finding: no two present faults of one item, and a total between the present
# faults' points and that plus the most the items not settled could add.
TOTAL_FITS_ITEMS = """
CREATE FUNCTION assessments_total_fits_items(
    items jsonb, present text[], absent text[], total integer
) RETURNS boolean AS $$
DECLARE
    doubled boolean;
    low numeric;
    more numeric;
BEGIN
    IF jsonb_typeof(items) IS DISTINCT FROM 'array' OR jsonb_array_length(items) = 0 THEN
        RETURN true;
    END IF;
    SELECT coalesce(bool_or(n > 1), false) INTO doubled FROM (
        SELECT count(*) AS n FROM jsonb_array_elements(items) AS e
        WHERE (e->>'fault') = ANY(present) GROUP BY e->>'item'
    ) AS per_item;
    IF doubled THEN
        RETURN false;
    END IF;
    IF total IS NULL THEN
        RETURN true;
    END IF;
    SELECT coalesce(sum((e->>'points')::numeric), 0) INTO low
    FROM jsonb_array_elements(items) AS e WHERE (e->>'fault') = ANY(present);
    SELECT coalesce(sum(top), 0) INTO more FROM (
        SELECT max((e->>'points')::numeric) AS top FROM jsonb_array_elements(items) AS e
        WHERE NOT (e->>'fault') = ANY(present) AND NOT (e->>'fault') = ANY(absent)
            AND NOT EXISTS (
                SELECT 1 FROM jsonb_array_elements(items) AS settled
                WHERE settled->>'item' = e->>'item' AND (settled->>'fault') = ANY(present)
            )
        GROUP BY e->>'item'
    ) AS open_items;
    RETURN total >= low AND total <= low + more;
END;
$$ LANGUAGE plpgsql IMMUTABLE;
"""

DROP_CATEGORY_FUNCTIONS = """
DROP FUNCTION assessments_total_fits_items(jsonb, text[], text[], integer);
DROP FUNCTION assessments_categories_cover(jsonb, text[]);
DROP FUNCTION assessments_scored_items_fit(jsonb, text[], text[], text);
"""

FINDING_FITS_TEST = """
CREATE OR REPLACE FUNCTION assessments_finding_fits_test() RETURNS trigger AS $$
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
    IF NOT (NEW.compensations <@ t.compensations)
        OR NOT (NEW.compensations_absent <@ t.compensations) THEN
        RAISE EXCEPTION 'compensations not on the checklist of test %', t.slug
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.compensations && NEW.compensations_absent THEN
        RAISE EXCEPTION 'a compensation both present and not seen in test %', t.slug
            USING ERRCODE = 'check_violation';
    END IF;
    IF NOT assessments_total_fits_items(
        t.scored_items, NEW.compensations, NEW.compensations_absent, NEW.grade
    ) THEN
        RAISE EXCEPTION 'total % against the marked faults of test %', NEW.grade, t.slug
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

# The function as migration 0002 installed it, for going back.
FINDING_FITS_TEST_BEFORE = """
CREATE OR REPLACE FUNCTION assessments_finding_fits_test() RETURNS trigger AS $$
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
"""

# The lateral step-down as shipped with this change (assessments/library/movement.py).
STEP_DOWN = "lateral-step-down"
STEP_DOWN_CATEGORIES = [
    {"name": "good", "low": 0, "high": 1},
    {"name": "moderate", "low": 2, "high": 3},
    {"name": "poor", "low": 4, "high": 6},
]
STEP_DOWN_ITEMS = [
    {"item": "Arm strategy", "fault": "Arm strategy", "points": 1},
    {"item": "Trunk lean", "fault": "Trunk lean", "points": 1},
    {"item": "Pelvis not level", "fault": "Pelvis not level", "points": 1},
    {"item": "Knee position", "fault": "Knee inside the 2nd toe", "points": 1},
    {"item": "Knee position", "fault": "Knee inside the foot", "points": 2},
    {"item": "Unsteady stance", "fault": "Unsteady stance", "points": 1},
]


def fill_step_down_and_read_old_checklists(apps, schema_editor) -> None:
    test_definition = apps.get_model("assessments", "TestDefinition")
    finding = apps.get_model("assessments", "Finding")
    step_down = test_definition.objects.filter(clinic__isnull=True, slug=STEP_DOWN).first()
    if step_down is None:
        return
    faults = {entry["fault"] for entry in STEP_DOWN_ITEMS}
    if len(step_down.grade_labels) != 7 or not faults <= set(step_down.compensations):
        # Not the step-down this data describes: the library load fills it in.
        return
    step_down.category_bands = STEP_DOWN_CATEGORIES
    step_down.scored_items = STEP_DOWN_ITEMS
    step_down.save(update_fields=["category_bands", "scored_items"])
    points = {entry["fault"]: entry["points"] for entry in STEP_DOWN_ITEMS}
    recorded = finding.objects.filter(test=step_down, grade__isnull=False, cleared_at__isnull=True)
    items = {entry["fault"]: entry["item"] for entry in STEP_DOWN_ITEMS}
    for row in recorded:
        ticked = set(row.compensations)
        scored = [items[name] for name in ticked if name in items]
        if len(scored) != len(set(scored)):
            continue
        if sum(points.get(name, 0) for name in ticked) != row.grade:
            continue
        absent = [name for name in STEP_DOWN_ITEMS_ORDER if name not in ticked]
        if absent:
            finding.objects.filter(pk=row.pk).update(compensations_absent=absent)


STEP_DOWN_ITEMS_ORDER = [entry["fault"] for entry in STEP_DOWN_ITEMS]


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0010_shipped_thresholds_checked"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunSQL(
            CATEGORY_FUNCTIONS + TOTAL_FITS_ITEMS, reverse_sql=DROP_CATEGORY_FUNCTIONS
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
        migrations.RemoveConstraint(
            model_name="finding",
            name="finding_cleared_exactly_when_empty",
        ),
        migrations.AddField(
            model_name="finding",
            name="compensations_absent",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(max_length=80),
                blank=True,
                db_default=[],
                default=list,
                help_text="Checklist items looked for and not seen; an item in neither list was not checked.",
                size=None,
                verbose_name="compensations not seen",
            ),
        ),
        migrations.AddField(
            model_name="findingevent",
            name="compensations_absent",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(max_length=80),
                blank=True,
                db_default=[],
                default=list,
                help_text="Checklist items looked for and not seen; an item in neither list was not checked.",
                size=None,
                verbose_name="compensations not seen",
            ),
        ),
        migrations.AddField(
            model_name="testdefinition",
            name="category_bands",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Grades read as one category: a list of {name, low, high} over the grade index, from grade 0 up, covering the scale. A change inside one category is no real change.",
                verbose_name="categories",
            ),
        ),
        migrations.AddField(
            model_name="testdefinition",
            name="scored_items",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="The parts of a total graded as the sum of its faults' points: a list of {item, fault, points}, each fault on the compensations checklist; the faults of one item exclude each other. The grade index is the total.",
                verbose_name="scored items",
            ),
        ),
        migrations.AddField(
            model_name="testdefinitionevent",
            name="category_bands",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Grades read as one category: a list of {name, low, high} over the grade index, from grade 0 up, covering the scale. A change inside one category is no real change.",
                verbose_name="categories",
            ),
        ),
        migrations.AddField(
            model_name="testdefinitionevent",
            name="scored_items",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="The parts of a total graded as the sum of its faults' points: a list of {item, fault, points}, each fault on the compensations checklist; the faults of one item exclude each other. The grade index is the total.",
                verbose_name="scored items",
            ),
        ),
        migrations.AlterField(
            model_name="finding",
            name="compensations",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(max_length=80),
                blank=True,
                default=list,
                size=None,
                verbose_name="compensations present",
            ),
        ),
        migrations.AlterField(
            model_name="findingevent",
            name="compensations",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(max_length=80),
                blank=True,
                default=list,
                size=None,
                verbose_name="compensations present",
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="finding",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "assessments_findingevent" ("assessment_id", "cleared_at", "compensations", "compensations_absent", "created_at", "grade", "id", "note", "pain", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "side", "sign", "symptom", "test_id", "updated_at", "updated_by_id", "value", "version") VALUES (NEW."assessment_id", NEW."cleared_at", NEW."compensations", NEW."compensations_absent", NEW."created_at", NEW."grade", NEW."id", NEW."note", NEW."pain", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'insert\', NEW."id", NEW."side", NEW."sign", NEW."symptom", NEW."test_id", NEW."updated_at", NEW."updated_by_id", NEW."value", NEW."version"); RETURN NULL;',
                    hash="1e6c4670818ae70474bc3ab330bb2e74efdaccf5",
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
                    condition='WHEN (OLD."assessment_id" IS DISTINCT FROM (NEW."assessment_id") OR OLD."cleared_at" IS DISTINCT FROM (NEW."cleared_at") OR OLD."compensations" IS DISTINCT FROM (NEW."compensations") OR OLD."compensations_absent" IS DISTINCT FROM (NEW."compensations_absent") OR OLD."grade" IS DISTINCT FROM (NEW."grade") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."note" IS DISTINCT FROM (NEW."note") OR OLD."pain" IS DISTINCT FROM (NEW."pain") OR OLD."side" IS DISTINCT FROM (NEW."side") OR OLD."sign" IS DISTINCT FROM (NEW."sign") OR OLD."symptom" IS DISTINCT FROM (NEW."symptom") OR OLD."test_id" IS DISTINCT FROM (NEW."test_id") OR OLD."value" IS DISTINCT FROM (NEW."value"))',
                    func='INSERT INTO "assessments_findingevent" ("assessment_id", "cleared_at", "compensations", "compensations_absent", "created_at", "grade", "id", "note", "pain", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "side", "sign", "symptom", "test_id", "updated_at", "updated_by_id", "value", "version") VALUES (NEW."assessment_id", NEW."cleared_at", NEW."compensations", NEW."compensations_absent", NEW."created_at", NEW."grade", NEW."id", NEW."note", NEW."pain", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'update\', NEW."id", NEW."side", NEW."sign", NEW."symptom", NEW."test_id", NEW."updated_at", NEW."updated_by_id", NEW."value", NEW."version"); RETURN NULL;',
                    hash="4c6a3af4d19e4ec73f9f17ae4ab898c436f12743",
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
                    func='INSERT INTO "assessments_findingevent" ("assessment_id", "cleared_at", "compensations", "compensations_absent", "created_at", "grade", "id", "note", "pain", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "side", "sign", "symptom", "test_id", "updated_at", "updated_by_id", "value", "version") VALUES (OLD."assessment_id", OLD."cleared_at", OLD."compensations", OLD."compensations_absent", OLD."created_at", OLD."grade", OLD."id", OLD."note", OLD."pain", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'delete\', OLD."id", OLD."side", OLD."sign", OLD."symptom", OLD."test_id", OLD."updated_at", OLD."updated_by_id", OLD."value", OLD."version"); RETURN NULL;',
                    hash="e798532ef53d89318ea027450de316c1983b556f",
                    operation="DELETE",
                    pgid="pgtrigger_delete_delete_a6d24",
                    table="assessments_finding",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="testdefinition",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "assessments_testdefinitionevent" ("best_grade", "better", "body_region", "category_bands", "clinic_id", "compensations", "created_at", "decimals", "evidence_note", "evidence_to_check", "grade_labels", "id", "instrument", "kind", "mcid", "mcid_bands", "mcid_percent", "mcid_source", "mdc", "mdc_same_rater", "mdc_source", "name", "pain_test_id", "percent_meaningful", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "protocol", "records_pain", "scored_items", "sided", "slug", "sort_order", "threshold_population", "unit", "updated_at", "value_max", "value_min", "version") VALUES (NEW."best_grade", NEW."better", NEW."body_region", NEW."category_bands", NEW."clinic_id", NEW."compensations", NEW."created_at", NEW."decimals", NEW."evidence_note", NEW."evidence_to_check", NEW."grade_labels", NEW."id", NEW."instrument", NEW."kind", NEW."mcid", NEW."mcid_bands", NEW."mcid_percent", NEW."mcid_source", NEW."mdc", NEW."mdc_same_rater", NEW."mdc_source", NEW."name", NEW."pain_test_id", NEW."percent_meaningful", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'insert\', NEW."id", NEW."position", NEW."protocol", NEW."records_pain", NEW."scored_items", NEW."sided", NEW."slug", NEW."sort_order", NEW."threshold_population", NEW."unit", NEW."updated_at", NEW."value_max", NEW."value_min", NEW."version"); RETURN NULL;',
                    hash="9459df66f4b115d5b74602d1a0e839629a6b1966",
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
                    condition='WHEN (OLD."best_grade" IS DISTINCT FROM (NEW."best_grade") OR OLD."better" IS DISTINCT FROM (NEW."better") OR OLD."body_region" IS DISTINCT FROM (NEW."body_region") OR OLD."category_bands" IS DISTINCT FROM (NEW."category_bands") OR OLD."clinic_id" IS DISTINCT FROM (NEW."clinic_id") OR OLD."compensations" IS DISTINCT FROM (NEW."compensations") OR OLD."decimals" IS DISTINCT FROM (NEW."decimals") OR OLD."evidence_note" IS DISTINCT FROM (NEW."evidence_note") OR OLD."evidence_to_check" IS DISTINCT FROM (NEW."evidence_to_check") OR OLD."grade_labels" IS DISTINCT FROM (NEW."grade_labels") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."instrument" IS DISTINCT FROM (NEW."instrument") OR OLD."kind" IS DISTINCT FROM (NEW."kind") OR OLD."mcid" IS DISTINCT FROM (NEW."mcid") OR OLD."mcid_bands" IS DISTINCT FROM (NEW."mcid_bands") OR OLD."mcid_percent" IS DISTINCT FROM (NEW."mcid_percent") OR OLD."mcid_source" IS DISTINCT FROM (NEW."mcid_source") OR OLD."mdc" IS DISTINCT FROM (NEW."mdc") OR OLD."mdc_same_rater" IS DISTINCT FROM (NEW."mdc_same_rater") OR OLD."mdc_source" IS DISTINCT FROM (NEW."mdc_source") OR OLD."name" IS DISTINCT FROM (NEW."name") OR OLD."pain_test_id" IS DISTINCT FROM (NEW."pain_test_id") OR OLD."percent_meaningful" IS DISTINCT FROM (NEW."percent_meaningful") OR OLD."position" IS DISTINCT FROM (NEW."position") OR OLD."protocol" IS DISTINCT FROM (NEW."protocol") OR OLD."records_pain" IS DISTINCT FROM (NEW."records_pain") OR OLD."scored_items" IS DISTINCT FROM (NEW."scored_items") OR OLD."sided" IS DISTINCT FROM (NEW."sided") OR OLD."slug" IS DISTINCT FROM (NEW."slug") OR OLD."sort_order" IS DISTINCT FROM (NEW."sort_order") OR OLD."threshold_population" IS DISTINCT FROM (NEW."threshold_population") OR OLD."unit" IS DISTINCT FROM (NEW."unit") OR OLD."value_max" IS DISTINCT FROM (NEW."value_max") OR OLD."value_min" IS DISTINCT FROM (NEW."value_min"))',
                    func='INSERT INTO "assessments_testdefinitionevent" ("best_grade", "better", "body_region", "category_bands", "clinic_id", "compensations", "created_at", "decimals", "evidence_note", "evidence_to_check", "grade_labels", "id", "instrument", "kind", "mcid", "mcid_bands", "mcid_percent", "mcid_source", "mdc", "mdc_same_rater", "mdc_source", "name", "pain_test_id", "percent_meaningful", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "protocol", "records_pain", "scored_items", "sided", "slug", "sort_order", "threshold_population", "unit", "updated_at", "value_max", "value_min", "version") VALUES (NEW."best_grade", NEW."better", NEW."body_region", NEW."category_bands", NEW."clinic_id", NEW."compensations", NEW."created_at", NEW."decimals", NEW."evidence_note", NEW."evidence_to_check", NEW."grade_labels", NEW."id", NEW."instrument", NEW."kind", NEW."mcid", NEW."mcid_bands", NEW."mcid_percent", NEW."mcid_source", NEW."mdc", NEW."mdc_same_rater", NEW."mdc_source", NEW."name", NEW."pain_test_id", NEW."percent_meaningful", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'update\', NEW."id", NEW."position", NEW."protocol", NEW."records_pain", NEW."scored_items", NEW."sided", NEW."slug", NEW."sort_order", NEW."threshold_population", NEW."unit", NEW."updated_at", NEW."value_max", NEW."value_min", NEW."version"); RETURN NULL;',
                    hash="826657854f22e2aff671d47989560442f2a0d8df",
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
                    func='INSERT INTO "assessments_testdefinitionevent" ("best_grade", "better", "body_region", "category_bands", "clinic_id", "compensations", "created_at", "decimals", "evidence_note", "evidence_to_check", "grade_labels", "id", "instrument", "kind", "mcid", "mcid_bands", "mcid_percent", "mcid_source", "mdc", "mdc_same_rater", "mdc_source", "name", "pain_test_id", "percent_meaningful", "pgh_context", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "protocol", "records_pain", "scored_items", "sided", "slug", "sort_order", "threshold_population", "unit", "updated_at", "value_max", "value_min", "version") VALUES (OLD."best_grade", OLD."better", OLD."body_region", OLD."category_bands", OLD."clinic_id", OLD."compensations", OLD."created_at", OLD."decimals", OLD."evidence_note", OLD."evidence_to_check", OLD."grade_labels", OLD."id", OLD."instrument", OLD."kind", OLD."mcid", OLD."mcid_bands", OLD."mcid_percent", OLD."mcid_source", OLD."mdc", OLD."mdc_same_rater", OLD."mdc_source", OLD."name", OLD."pain_test_id", OLD."percent_meaningful", COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_metadata\', TRUE), \'\'), NULL)::JSONB, COALESCE(NULLIF(CURRENT_SETTING(\'pghistory.context_id\', TRUE), \'\'), NULL)::UUID, CLOCK_TIMESTAMP(), \'delete\', OLD."id", OLD."position", OLD."protocol", OLD."records_pain", OLD."scored_items", OLD."sided", OLD."slug", OLD."sort_order", OLD."threshold_population", OLD."unit", OLD."updated_at", OLD."value_max", OLD."value_min", OLD."version"); RETURN NULL;',
                    hash="826ee3ad63e2747599b84cbdff8a562cf6bfe724",
                    operation="DELETE",
                    pgid="pgtrigger_delete_delete_9f0f0",
                    table="assessments_testdefinition",
                    when="AFTER",
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="finding",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("compensations__overlap", models.F("compensations_absent")), _negated=True
                ),
                name="finding_compensation_present_or_absent",
            ),
        ),
        migrations.AddConstraint(
            model_name="finding",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("cleared_at__isnull", True),
                        models.Q(
                            ("compensations", []),
                            ("compensations_absent", []),
                            ("grade__isnull", True),
                            ("note", ""),
                            ("pain__isnull", True),
                            ("sign", ""),
                            ("symptom", ""),
                            ("value__isnull", True),
                            _negated=True,
                        ),
                    ),
                    models.Q(
                        ("cleared_at__isnull", False),
                        ("compensations", []),
                        ("compensations_absent", []),
                        ("grade__isnull", True),
                        ("note", ""),
                        ("pain__isnull", True),
                        ("sign", ""),
                        ("symptom", ""),
                        ("value__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="finding_cleared_exactly_when_empty",
            ),
        ),
        migrations.AddConstraint(
            model_name="testdefinition",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.Exact(
                    models.Func(
                        models.F("category_bands"),
                        function="jsonb_typeof",
                        output_field=models.TextField(),
                    ),
                    "array",
                ),
                name="testdef_category_bands_list",
            ),
        ),
        migrations.AddConstraint(
            model_name="testdefinition",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Func(
                        models.F("category_bands"),
                        function="jsonb_path_exists",
                        output_field=models.BooleanField(),
                        template='%(function)s(%(expressions)s, \'$[*] ? (!(@.name.type() == "string" && @.name != "" && @.low.type() == "number" && @.high.type() == "number" && @.low >= 0 && @.low <= @.high))\')',
                    ),
                    _negated=True,
                ),
                name="testdef_category_bands_well_formed",
            ),
        ),
        migrations.AddConstraint(
            model_name="testdefinition",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Func(
                        models.F("category_bands"),
                        models.F("grade_labels"),
                        function="assessments_categories_cover",
                        output_field=models.BooleanField(),
                    )
                ),
                name="testdef_category_bands_cover_scale",
            ),
        ),
        migrations.AddConstraint(
            model_name="testdefinition",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.Exact(
                    models.Func(
                        models.F("scored_items"),
                        function="jsonb_typeof",
                        output_field=models.TextField(),
                    ),
                    "array",
                ),
                name="testdef_scored_items_list",
            ),
        ),
        migrations.AddConstraint(
            model_name="testdefinition",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Func(
                        models.F("scored_items"),
                        function="jsonb_path_exists",
                        output_field=models.BooleanField(),
                        template='%(function)s(%(expressions)s, \'$[*] ? (!(@.item.type() == "string" && @.item != "" && @.fault.type() == "string" && @.fault != "" && @.points.type() == "number" && @.points > 0))\')',
                    ),
                    _negated=True,
                ),
                name="testdef_scored_items_well_formed",
            ),
        ),
        migrations.AddConstraint(
            model_name="testdefinition",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Func(
                        models.F("scored_items"),
                        models.F("compensations"),
                        models.F("grade_labels"),
                        models.F("best_grade"),
                        function="assessments_scored_items_fit",
                        output_field=models.BooleanField(),
                    )
                ),
                name="testdef_scored_items_fit_scale",
            ),
        ),
        migrations.RunSQL(FINDING_FITS_TEST, reverse_sql=FINDING_FITS_TEST_BEFORE),
        migrations.RunPython(fill_step_down_and_read_old_checklists, migrations.RunPython.noop),
    ]
