from django.core.management.base import BaseCommand, CommandParser

from clinic import idempotency
from clinic.lib.db_roles import as_owner


class Command(BaseCommand):
    help = (
        "Forget the keys of edits applied more than --days ago (default "
        f"{idempotency.KEEP_DAYS}): no page sends an edit again that late. Safe to run at any time."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=idempotency.KEEP_DAYS)

    def handle(self, *args, **options) -> None:
        # As the owner: row-level security would show the app role no clinic's rows here.
        with as_owner():
            self.stdout.write(f"Forgot {idempotency.prune(days=options['days'])} edit keys.")
