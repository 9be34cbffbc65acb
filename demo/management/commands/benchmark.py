from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import setup_test_environment, teardown_test_environment

from clinic.lib.db_roles import as_owner
from demo import benchmark


class Command(BaseCommand):
    help = (
        "Time the main pages on a throwaway database filled with clinics and clients, and "
        "print p50/p95/p99 and queries per page against the read target (p95 < 200 ms)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--clinics", type=int, default=2)
        parser.add_argument("--clients", type=int, default=300, help="Clients per clinic.")
        parser.add_argument("--requests", type=int, default=200, help="Timed requests per page.")
        parser.add_argument(
            "--no-target",
            action="store_true",
            help="Print the figures without failing when a page misses the target.",
        )
        parser.add_argument(
            "--in-place",
            action="store_true",
            help="Use the current database instead of a throwaway one (for the test suite).",
        )

    def handle(
        self,
        *args,
        clinics: int,
        clients: int,
        requests: int,
        in_place: bool,
        no_target: bool,
        **opts,
    ):
        if requests < 2:
            raise CommandError("--requests must be at least 2 to compute percentiles.")
        if in_place:
            results = benchmark.run(clinics=clinics, clients_per_clinic=clients, requests=requests)
        else:
            results = self._in_throwaway_database(clinics, clients, requests)
        self.stdout.write(f"{clinics} clinics × {clients} clients, {requests} requests per page")
        for line in benchmark.report(results):
            self.stdout.write(line)
        if not no_target and not all(r.passed for r in results):
            raise CommandError("Some pages missed the p95 target.")

    def _in_throwaway_database(self, clinics: int, clients: int, requests: int):
        setup_test_environment()
        old_name = connection.settings_dict["NAME"]
        # The owner role creates the throwaway database; the app role is timed on it.
        with as_owner():
            connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            return benchmark.run(clinics=clinics, clients_per_clinic=clients, requests=requests)
        finally:
            with as_owner():
                connection.creation.destroy_test_db(old_name, verbosity=0)
            teardown_test_environment()
