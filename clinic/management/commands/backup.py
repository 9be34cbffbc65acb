from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clinic.lib.backup.archive import backup_create
from clinic.lib.backup.connection import BackupError


class Command(BaseCommand):
    help = (
        "Back up the clinic database: a consistent pg_dump -Fc, the server's roles "
        "(pg_dumpall --globals-only) and a manifest with every table's row count and checksum. "
        "Files are private (0600), by default under var/backups/ with a UTC timestamp."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="Where to write the dump (X.dump); X.globals.sql and X.manifest.json go "
            "beside it.",
        )

    def handle(self, *args, output: Path | None, **options) -> None:
        try:
            result = backup_create(output=output)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        files = result.files
        self.stdout.write(
            self.style.SUCCESS(f"Backed up to {files.dump}")
            + f"\n  size {result.bytes:,} bytes, sha256 {result.sha256}"
            + f"\n  {result.tables} tables, {result.rows:,} rows, checksums in {files.manifest}"
            + f"\n  pg_dump {result.dump_seconds:.2f} s, all done in {result.seconds:.2f} s"
        )
        if result.globals_skipped:
            self.stderr.write(f"Roles not saved: {result.globals_skipped}")
        else:
            self.stdout.write(f"  roles in {files.globals}")
