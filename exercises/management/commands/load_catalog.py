from django.core.management.base import BaseCommand

from clinic.lib.db_roles import as_owner
from exercises.services import catalog_load


class Command(BaseCommand):
    help = (
        "Load or update the exercise catalog that ships with Retest (aims, exercises, ladders). "
        "Safe to run again: unchanged rows are left alone and clinics' own exercises are never "
        "touched."
    )

    def handle(self, *args, **options) -> None:
        with as_owner():
            result = catalog_load()
        self.stdout.write(
            f"Exercise catalog: {result.created} added, {result.updated} updated, "
            f"{result.unchanged} unchanged, {result.progressions_changed} ladder steps changed."
        )
