import datetime
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from clinic.lib.backup.archive import file_digest
from clinic.lib.backup.connection import BackupError
from clinic.lib.backup.restore import backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into an empty database (by default the "
        "configured one; --database-name NEW creates NEW), then check every table against the "
        "backup's manifest and the schema against this code's migrations."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path, help="The .dump file.")
        parser.add_argument(
            "--database-name",
            help="Restore into this database on the same server, created when it does not exist.",
        )
        parser.add_argument(
            "--no-privileges",
            action="store_true",
            help="Skip the grants (for a server that lacks the backup's roles).",
        )
        parser.add_argument(
            "--record",
            type=Path,
            help="Append the outcome, success or failure, as one JSON line to this file "
            "(a restore drill's evidence).",
        )

    def handle(
        self,
        *args,
        path: Path,
        database_name: str | None,
        no_privileges: bool,
        record: Path | None,
        **options,
    ) -> None:
        outcome: dict[str, Any] = {
            "at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "backup": str(path.resolve()),
        }
        try:
            result = backup_restore(
                path=path.resolve(), database=database_name, privileges=not no_privileges
            )
        except BackupError as exc:
            if record:
                _append(record, {**outcome, "result": "failed", "error": str(exc)})
            raise CommandError(str(exc)) from None
        if record:
            _append(
                record,
                {
                    **outcome,
                    "sha256": file_digest(path)[1],
                    "result": "ok",
                    "database": result.database,
                    "seconds": round(result.seconds, 2),
                    "pg_restore_seconds": round(result.pg_restore_seconds, 2),
                    "tables": result.tables,
                    "rows": result.rows,
                    "verified_against_manifest": result.verified,
                },
            )
        verified = (
            "every table matches the backup's manifest"
            if result.verified
            else "no manifest beside the file, so the tables were not compared"
        )
        self.stdout.write(
            self.style.SUCCESS(f"Restored into {result.database!r} in {result.seconds:.2f} s")
            + f" (pg_restore {result.pg_restore_seconds:.2f} s)"
            + f"\n  {result.tables} tables, {result.rows:,} rows; {verified}"
            + "\n  schema matches this code's migrations"
        )
        if result.created:
            self.stdout.write(
                f"  {result.database!r} is a new database: point the app at it to use it "
                "(EMBEDDED_DATABASE_NAME, or the database in DATABASE_URL)."
            )


def _append(record: Path, line: dict[str, Any]) -> None:
    with record.open("a") as handle:
        handle.write(json.dumps(line, sort_keys=True) + "\n")
