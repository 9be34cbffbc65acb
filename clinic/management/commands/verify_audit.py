from django.core.management.base import BaseCommand, CommandError

from clinic import audit
from clinic.lib.db_roles import as_owner
from clinic.models import Clinic


class Command(BaseCommand):
    help = (
        "Recompute every clinic's access-audit hash chain from its rows and report each link "
        "that does not match (an altered, removed or reordered row). Prints each chain's last "
        "link: keep it elsewhere, so that a chain rewritten to its end is caught too. Exits 1 "
        "on any mismatch."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--clinic", help="Only this clinic (its slug).")

    def handle(self, *args, clinic: str | None, **options) -> None:
        # As the owner: row-level security would show the app role no clinic's rows here.
        with as_owner():
            self._verify(clinic)

    def _verify(self, clinic: str | None) -> None:
        clinics = Clinic.objects.order_by("pk")
        if clinic:
            clinics = clinics.filter(slug=clinic)
            if not clinics.exists():
                raise CommandError(f"No clinic with the slug {clinic!r}.")
        mismatches = 0
        for one in clinics:
            check = audit.verify(one)
            mismatches += len(check.mismatches)
            line = (
                f"{one.slug}: {check.sealed} sealed, {len(check.mismatches)} mismatches, "
                f"{check.unsealed} unsealed; last link {check.head_position} {check.head_hash}"
            )
            if check.unsealed:
                line += f" (oldest unsealed row from {check.oldest_unsealed:%Y-%m-%d %H:%M:%S})"
            self.stdout.write(line)
            for mismatch in check.mismatches:
                self.stdout.write(f"  {mismatch}")
        self.stdout.write(f"{mismatches} mismatches")
        if mismatches:
            raise CommandError("The access audit does not match its hash chain.")
