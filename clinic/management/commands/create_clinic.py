import getpass
import os
import secrets

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from clinic.lib.db_roles import as_owner
from clinic.services import clinic_create_with_owner


class Command(BaseCommand):
    help = (
        "Create a clinic and the login of its first owner. The password is read from "
        "RETEST_OWNER_PASSWORD, asked for at the prompt, or generated and printed with --generate."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("name", help="The clinic's name, e.g. 'Northside Physio'.")
        parser.add_argument("owner_email", help="The owner's email address; it is the login.")
        parser.add_argument(
            "--generate", action="store_true", help="Generate a password and print it once."
        )

    def handle(self, *args, name: str, owner_email: str, generate: bool, **options) -> None:
        password = os.environ.get("RETEST_OWNER_PASSWORD", "")
        if generate:
            password = secrets.token_urlsafe(15)
        elif not password:
            if not self.stdin_is_interactive():
                raise CommandError(
                    "No password: set RETEST_OWNER_PASSWORD, pass --generate, or run interactively."
                )
            password = getpass.getpass("Password for the owner: ")
        try:
            with as_owner():
                membership = clinic_create_with_owner(
                    name=name, owner_email=owner_email, owner_password=password
                )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {membership.clinic.name} with owner {membership.user.username}."
            )
        )
        if generate:
            self.stdout.write(f"Password: {password}")

    @staticmethod
    def stdin_is_interactive() -> bool:
        import sys

        return sys.stdin.isatty()
