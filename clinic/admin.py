from django.contrib import admin

from clinic.lib.versioned_admin import VersionedAdminForm
from clinic.models import Client, Clinic, Membership


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "clinic", "role"]
    list_filter = ["role", "clinic"]
    list_select_related = ["user", "clinic"]
    autocomplete_fields = ["clinic"]
    search_fields = ["user__username", "clinic__name"]


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    form = VersionedAdminForm
    list_display = ["name", "clinic", "status", "archived_at", "updated_at"]
    list_filter = ["status", "clinic"]
    list_select_related = ["clinic"]
    search_fields = ["name"]
    readonly_fields = ["version", "created_by", "created_at", "updated_at"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Client records are archived, never deleted.
        return False
