from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "clinic"
    verbose_name = "Clinics and clients"

    def ready(self) -> None:
        from clinic.client_page import record_events, register_timeline_source
        from clinic.history_page import CLIENT_SOURCE, register_history_source

        register_timeline_source("record", record_events)
        register_history_source(CLIENT_SOURCE)
