from django.core.management.base import BaseCommand

from clinic import audit


class Command(BaseCommand):
    help = (
        "Seal into their clinic's hash chain the access-audit rows left unsealed, e.g. when the "
        "database went away between a request's commit and its seal. Safe to run at any time."
    )

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"Sealed {audit.seal_all()} rows.")
