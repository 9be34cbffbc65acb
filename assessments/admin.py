from django.contrib import admin

from assessments.models import (
    Assessment,
    AssessmentTest,
    Finding,
    TestDefinition,
    TestSet,
    TestSetItem,
)
from clinic.lib.versioned_admin import VersionedAdminForm


@admin.register(TestDefinition)
class TestDefinitionAdmin(admin.ModelAdmin):
    form = VersionedAdminForm
    list_display = [
        "name", "slug", "clinic", "kind", "unit", "sided", "better", "mdc", "mcid",
        "threshold_population",
    ]  # fmt: skip
    list_filter = ["kind", "body_region", "sided", "evidence_to_check", "mdc_same_rater", "clinic"]
    list_select_related = ["clinic"]
    search_fields = ["name", "slug"]


class TestSetItemInline(admin.TabularInline):
    model = TestSetItem
    autocomplete_fields = ["test"]
    extra = 0


@admin.register(TestSet)
class TestSetAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "clinic"]
    list_select_related = ["clinic"]
    inlines = [TestSetItemInline]


class AssessmentTestInline(admin.TabularInline):
    model = AssessmentTest
    autocomplete_fields = ["test"]
    extra = 0


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    form = VersionedAdminForm
    list_display = ["client", "kind", "performed_at", "clinician", "voided_at"]
    list_filter = ["kind"]
    list_select_related = ["client", "clinician"]
    raw_id_fields = ["client", "baseline", "voided_by"]
    inlines = [AssessmentTestInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Rounds are clinical records: kept, never deleted from the admin.
        return False


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    form = VersionedAdminForm
    list_display = ["assessment", "test", "side", "value", "pain", "grade", "updated_at"]
    list_select_related = ["assessment__client", "test"]
    raw_id_fields = ["assessment"]
    # Clearing is done in the app, where it is an amendment the history shows as such.
    readonly_fields = ["cleared_at", "created_at", "updated_at"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Findings are clinical records: cleared in the app, never deleted.
        return False
