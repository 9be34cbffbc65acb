from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ClinicConfig(AppConfig):
    name = "clinic"
    verbose_name = "Clinics and clients"

    def ready(self) -> None:
        from django.contrib.auth import signals as auth_signals
        from django.contrib.auth.models import User

        from clinic import (
            auth_audit,
            checks,  # noqa: F401  (registers the system checks)
            sessions,
        )
        from clinic.client_page import record_events, register_timeline_source
        from clinic.history_page import CLIENT_SOURCE, register_history_source
        from clinic.lib.db_security import apply_after_migrate
        from clinic.lib.identity import normalise_identity

        # Every way Django makes or saves an account (create_user, createsuperuser, the admin's
        # forms, full_clean) passes the name through this hook, which Django's own user model
        # fills with NFKC alone; ours adds case folding, so two spellings cannot be two
        # accounts (a custom user model would override the same method).
        User.normalize_username = classmethod(  # type: ignore[method-assign,assignment]
            lambda cls, username: (
                normalise_identity(username) if isinstance(username, str) else username
            )
        )
        from clinic.two_factor import services as two_factor

        # Every login form's logins, logouts and failures reach the authentication audit.
        auth_signals.user_logged_in.connect(auth_audit.on_logged_in, dispatch_uid="retest-in")
        auth_signals.user_logged_in.connect(two_factor.on_logged_in, dispatch_uid="retest-2fa")
        auth_signals.user_logged_out.connect(auth_audit.on_logged_out, dispatch_uid="retest-out")
        auth_signals.user_login_failed.connect(
            auth_audit.on_login_failed, dispatch_uid="retest-failed"
        )
        # Every login starts the session's idle and absolute clocks.
        auth_signals.user_logged_in.connect(sessions.on_logged_in, dispatch_uid="retest-limits")
        register_timeline_source("record", record_events)
        register_history_source(CLIENT_SOURCE)
        # Once per migrate, after every app's migrations: the app role's grants and policies.
        post_migrate.connect(apply_after_migrate, sender=self, dispatch_uid="retest-db-security")
