from django.apps import AppConfig


class ExercisesConfig(AppConfig):
    name = "exercises"

    def ready(self) -> None:
        from exercises.client_page import register

        register()
