from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from clinic import audit_views, auth, views

app_name = "clinic"
handler400 = "clinic.errors.bad_request"
handler500 = "clinic.errors.server_error"

clinic_patterns = [
    path("", views.home, name="home"),
    path("clients/search/", views.client_search, name="client-search"),
    path("clients/new/", views.client_create, name="client-create"),
    path("clients/<int:pk>/", views.client_detail, name="client-detail"),
    path("clients/<int:pk>/edit/", views.client_update, name="client-update"),
    path("clients/<int:pk>/discharge/", views.client_discharge, name="client-discharge"),
    path("clients/<int:pk>/reactivate/", views.client_reactivate, name="client-reactivate"),
    path("clients/<int:pk>/archive/", views.client_archive, name="client-archive"),
    path("clients/<int:pk>/restore/", views.client_restore, name="client-restore"),
    path("audit/", audit_views.audit_list, name="audit-list"),
    path("audit.csv", audit_views.audit_csv, name="audit-csv"),
    path("clients/<int:pk>/history/", views.client_history, name="client-history"),
]

urlpatterns = [
    path("", include((clinic_patterns, "clinic"))),
    # Each app's urls.py spells out its full paths (exercises/…, clients/<pk>/assessments/…).
    path("", include("exercises.urls")),
    path("", include("assessments.urls")),
    path("accounts/login/", auth.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]
