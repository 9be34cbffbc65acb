from typing import Any

from django.core.management.commands import migrate

from clinic.lib.db_roles import as_owner


class Command(migrate.Command):
    help = (
        "Django's migrate, run as the database role that owns the tables (DATABASE_OWNER_URL; on "
        "the embedded server its owner role); it ends by granting the app's role its privileges "
        "and setting row-level security."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with as_owner():
            super().handle(*args, **options)
