from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The quick-start's demo clinic and the page benchmark: above the domain apps, never
    imported by them, so a deployment's code paths hold nothing that exists only for show."""

    name = "demo"
    verbose_name = "Demo and benchmark"
