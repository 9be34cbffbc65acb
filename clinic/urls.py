from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from clinic import (
    audit_views,
    auth,
    invitation_views,
    login_audit_views,
    member_views,
    password_views,
    sessions,
    views,
)
from clinic.two_factor import views as two_factor_views

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
    path("audit/logins/", login_audit_views.audit_logins, name="audit-logins"),
    path("audit/logins.csv", login_audit_views.audit_logins_csv, name="audit-logins-csv"),
    path(
        "audit/logins/<int:user_id>/lift/",
        login_audit_views.audit_logins_lift,
        name="audit-logins-lift",
    ),
    path("clients/<int:pk>/history/", views.client_history, name="client-history"),
    path("members/", member_views.member_list, name="member-list"),
    path("members/<int:pk>/role/", member_views.member_role, name="member-role"),
    path("members/<int:pk>/deactivate/", member_views.member_deactivate, name="member-deactivate"),
    path("members/<int:pk>/reactivate/", member_views.member_reactivate, name="member-reactivate"),
    path(
        "members/<int:pk>/two-factor/reset/",
        member_views.member_two_factor_reset,
        name="member-two-factor-reset",
    ),
    path("members/invite/", invitation_views.invitation_create, name="invitation-create"),
    path("members/invitations/", invitation_views.invitation_list, name="invitation-list"),
    path(
        "members/invitations/<int:pk>/resend/",
        invitation_views.invitation_resend,
        name="invitation-resend",
    ),
    path(
        "members/invitations/<int:pk>/revoke/",
        invitation_views.invitation_revoke,
        name="invitation-revoke",
    ),
    path("account/security/", two_factor_views.account_security, name="account-security"),
    path(
        "account/two-factor/verify/", two_factor_views.two_factor_verify, name="two-factor-verify"
    ),
    path("account/two-factor/setup/", two_factor_views.two_factor_setup, name="two-factor-setup"),
    path(
        "account/two-factor/recovery-codes/",
        two_factor_views.recovery_codes_regenerate,
        name="two-factor-recovery-codes",
    ),
    path(
        "account/two-factor/remove/", two_factor_views.two_factor_remove, name="two-factor-remove"
    ),
    path("clinic/two-factor/", two_factor_views.clinic_two_factor, name="clinic-two-factor"),
    path(
        "clinic/programme-links/",
        member_views.clinic_programme_links,
        name="clinic-programme-links",
    ),
]

account_patterns = [
    path(
        "accounts/invite/<str:token>/", invitation_views.invitation_accept, name="invitation-accept"
    ),
    path(
        "accounts/password/",
        password_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        password_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        password_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        password_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        password_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        password_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", include((clinic_patterns, "clinic"))),
    # Each app's urls.py spells out its full paths (exercises/…, clients/<pk>/assessments/…).
    path("", include("exercises.urls")),
    path("", include("assessments.urls")),
    path("accounts/login/", auth.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/clinic/", member_views.clinic_choose, name="clinic-choose"),
    *account_patterns,
    path("accounts/session/", sessions.session_status, name="session-status"),
    path("accounts/session/renew/", sessions.session_renew, name="session-renew"),
    path("admin/", admin.site.urls),
]
