from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ClinicConfig(AppConfig):
    name = "clinic"
    verbose_name = "Clinics and clients"

    def ready(self) -> None:
        from clinic import checks  # noqa: F401  (registers the system checks)
        from clinic.client_page import record_events, register_timeline_source
        from clinic.history_page import CLIENT_SOURCE, register_history_source
        from clinic.lib.db_security import apply_after_migrate

        register_timeline_source("record", record_events)
        register_history_source(CLIENT_SOURCE)
        # Once per migrate, after every app's migrations: the app role's grants and policies.
        post_migrate.connect(apply_after_migrate, sender=self, dispatch_uid="retest-db-security")
