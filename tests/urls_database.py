"""A view that reads every clinic-scoped table without the tenancy helpers, on purpose."""

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.urls import include, path

from clinic.lib.db_security import clinic_scoped_models
from clinic.permissions import membership_for


def unscoped(request: HttpRequest) -> JsonResponse:
    """Every row id of every clinic-scoped table, with no clinic filter, after the lookup."""
    membership_for(request)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, current_setting('app.clinic_id', true)")
        user, scope = cursor.fetchone()
    rows = {
        model._meta.label: sorted(model._default_manager.values_list("pk", flat=True))
        for model in clinic_scoped_models()
    }
    return JsonResponse({"user": user, "scope": scope, "rows": rows})


urlpatterns = [
    path("unscoped/", unscoped),
    path("", include("clinic.urls")),
]
