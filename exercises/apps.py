from django.apps import AppConfig


class ExercisesConfig(AppConfig):
    name = "exercises"

    def ready(self) -> None:
        from clinic.history_page import register_history_source
        from exercises.client_page import register
        from exercises.history_page import PROGRAMME_SOURCE

        register()
        register_history_source(PROGRAMME_SOURCE)
