from django.contrib import admin

from clinic.lib.versioned_admin import VersionedAdminForm
from exercises.models import Aim, Exercise, Progression


@admin.register(Aim)
class AimAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    ordering = ["position"]


class ProgressionInline(admin.TabularInline):
    model = Progression
    fk_name = "easier"
    extra = 0
    autocomplete_fields = ["harder"]
    verbose_name = "progression"
    verbose_name_plural = "progressions (harder exercises)"


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    form = VersionedAdminForm
    list_display = ["name", "tier", "aim", "clinic", "retired_at"]
    list_filter = ["tier", "aim", "clinic"]
    list_select_related = ["aim", "clinic"]
    search_fields = ["name", "slug"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ProgressionInline]
