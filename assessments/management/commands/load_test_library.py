from django.core.management.base import BaseCommand

from assessments.services import test_library_load
from clinic.lib.db_roles import as_owner


class Command(BaseCommand):
    help = (
        "Load the shipped test library and test sets, adding new ones and updating changed "
        "ones by slug. Clinics' own tests and sets are never touched; running it again is safe."
    )

    def handle(self, *args, **options) -> None:
        with as_owner():
            load = test_library_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Test library: {load.created} created, {load.updated} updated, "
                f"{load.unchanged} unchanged."
            )
        )
