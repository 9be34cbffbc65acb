from django.core.management.base import BaseCommand

from clinic.lib.db_roles import as_owner
from demo.clinic import DEMO_EMAIL, DEMO_PASSWORD, demo_seed


class Command(BaseCommand):
    help = "Create the demo clinic, its login and a few clients if they do not exist yet."

    def handle(self, *args, **options) -> None:
        with as_owner():
            seed = demo_seed()
        verb = "Created" if seed.created else "Kept the existing"
        self.stdout.write(f"{verb} demo clinic: {seed.membership.clinic.name}")
        self.stdout.write(
            self.style.SUCCESS(f"Log in as {DEMO_EMAIL} with password {DEMO_PASSWORD}")
        )
        if not seed.membership.clinic.two_factor_required:
            self.stdout.write(
                "The demo clinic asks for no second factor; its owner can require one on the "
                "Security page."
            )
