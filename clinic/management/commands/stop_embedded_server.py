from django.core.management.base import BaseCommand
from django.db import connections

from clinic.lib.embedded_postgres.server import stop_server


class Command(BaseCommand):
    help = (
        "Stop the embedded PostgreSQL server (fast shutdown). It otherwise keeps running after "
        "the app and the tests exit; the next connection starts it again."
    )
    # The checks may open a connection, which would start the very server being stopped.
    requires_system_checks = []

    def handle(self, *args, **options) -> None:
        data_dir = connections["default"].settings_dict.get("DATA_DIR")
        if not data_dir:
            self.stdout.write("DATABASE_URL is set, so there is no embedded server to stop.")
        elif stop_server(str(data_dir)):
            self.stdout.write(f"Stopped the embedded PostgreSQL server in {data_dir}.")
        else:
            self.stdout.write(f"The embedded PostgreSQL server in {data_dir} is not running.")
