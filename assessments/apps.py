from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"

    def ready(self) -> None:
        from assessments import client_page as pages
        from assessments.history_page import SOURCES
        from clinic.client_page import (
            register_action,
            register_section,
            register_timeline_source,
        )
        from clinic.history_page import register_history_source

        register_action("new-baseline", pages.NEW_BASELINE)
        register_action("treat", pages.TREAT)
        register_section(pages.SECTION)
        register_timeline_source("rounds", pages.round_events)
        register_timeline_source("treatment", pages.treatment_events)
        for source in SOURCES:
            register_history_source(source)
