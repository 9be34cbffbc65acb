from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from clinic import audit
from clinic.lib.versioned_admin import VersionedAdminForm
from clinic.models import AccessKind, Client, Clinic, Membership


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    # A login may be a member of several clinics, once each. Owners deactivate and reactivate
    # members on their own page (clinic/member_views.py), which keeps an active owner in
    # every clinic; here the dates are shown, not edited.
    list_display = ["user", "clinic", "role", "deactivated_at"]
    list_filter = ["role", "clinic", ("deactivated_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user", "clinic"]
    autocomplete_fields = ["clinic"]
    search_fields = ["user__username", "clinic__name"]
    readonly_fields = ["deactivated_at", "deactivated_by", "version", "created_at"]


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

    # Staff reading client records are audited like members: one row in the client's clinic
    # for a record, one in each clinic with a client on a list page, written before the
    # page is rendered (a TemplateResponse renders after the view returns).
    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if isinstance(response, TemplateResponse) and response.context_data:
            client = response.context_data.get("original")
            if isinstance(client, Client):
                audit.record_view(request, client, AccessKind.ADMIN_CLIENT)
        return response

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        if isinstance(response, TemplateResponse) and response.context_data:
            client = response.context_data.get("object")
            if isinstance(client, Client):
                audit.record_view(request, client, AccessKind.ADMIN_CLIENT)
        return response

    def changelist_view(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        if isinstance(response, TemplateResponse) and response.context_data:
            changelist = response.context_data["cl"]
            for clinic_id in sorted({c.clinic_id for c in changelist.result_list}):
                audit.record_view(request, None, AccessKind.ADMIN_CLIENT_LIST, clinic_id=clinic_id)
        return response
