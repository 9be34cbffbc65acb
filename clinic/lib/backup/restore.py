"""Restoring a backup into an empty database, then proving it is the backup and fits the code."""

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import IsolationLevel, sql

from .archive import backup_files, file_digest
from .connection import (
    BackupError,
    ProgramConnection,
    program,
    program_connection,
    run,
    stderr_summary,
)
from .fingerprint import (
    Fingerprint,
    database_fingerprint,
    fingerprint_compare,
    fingerprint_from_json,
)
from .schema import schema_check

# Anything in these is PostgreSQL's own; a relation anywhere else makes a database not empty.
_OBJECTS = """
    SELECT
      (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
          AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'),
      (SELECT count(*) FROM pg_extension WHERE extname <> 'plpgsql')
"""


@dataclass(frozen=True)
class RestoreResult:
    database: str
    created: bool
    seconds: float
    # pg_restore alone, without the checks around it.
    pg_restore_seconds: float
    tables: int
    rows: int
    # Whether every table was compared with the backup's manifest (False: no manifest found).
    verified: bool


def backup_restore(
    *, path: Path, database: str | None = None, privileges: bool = True
) -> RestoreResult:
    """Restore the backup at path into database (by default the configured one), which must be
    empty or not exist yet (it is then created).

    Nothing is written before the file has been checked against its manifest. pg_restore runs as
    one transaction (--single-transaction, which stops at the first error), so a damaged file
    leaves the target as empty as it was; a database created here is dropped again. Objects are
    owned by the restoring role (--no-owner): the dump then restores on a server whose owner role
    has another name. Grants are restored (privileges=False skips them), so their roles must
    exist: restore X.globals.sql first on a new server.
    """
    started = time.monotonic()
    files = backup_files(path)
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    manifest = _checked_against_manifest(path, files.manifest)
    expected = fingerprint_from_json(manifest["tables"]) if manifest else None
    source = program_connection()
    pg_restore = program("pg_restore", source)
    listed = run(pg_restore, "--list", path, connection=source)
    if listed.returncode:
        raise BackupError(
            f"{path} is not a backup pg_restore can read (damaged, truncated or not a "
            f"pg_dump -Fc file); nothing was restored.\n"
            f"{stderr_summary(listed)}"
        )
    target = source.to(database or source.database)
    created = _create_or_check_empty(source, target.database)
    pg_restore_seconds = _pg_restore(
        pg_restore, path, source=source, target=target, created=created, privileges=privileges
    )
    if manifest:
        _apply_database_settings(target, manifest.get("database_settings") or [])
    with target.connect(autocommit=True) as conn:
        # A restore brings no planner statistics; gather them now rather than at autovacuum's pace.
        conn.execute("ANALYZE")
    actual = _fingerprint(target)
    differences = fingerprint_compare(expected, actual) if expected is not None else []
    if differences:
        raise BackupError(
            f"Restored into {target.database!r}, but it differs from the backup (kept for "
            "inspection; do not point the app at it):\n  " + "\n  ".join(differences)
        )
    check = schema_check(target)
    if not check.matches:
        raise BackupError(
            f"Restored into {target.database!r}, but its schema does not match this code "
            f"(as `migrate --check`). Not applied: {', '.join(check.unapplied) or 'none'}. "
            f"Unknown to this code: {', '.join(check.unknown) or 'none'}. A backup of an older "
            "version is brought up to date with `manage.py migrate`; one of a newer version "
            "needs that version's code."
        )
    return RestoreResult(
        database=target.database,
        created=created,
        seconds=time.monotonic() - started,
        pg_restore_seconds=pg_restore_seconds,
        tables=len(actual),
        rows=sum(table.rows for table in actual.values()),
        verified=expected is not None,
    )


def _pg_restore(
    pg_restore: Path,
    path: Path,
    *,
    source: ProgramConnection,
    target: ProgramConnection,
    created: bool,
    privileges: bool,
) -> float:
    """Run pg_restore as one transaction; on failure drop the database if we created it."""
    started = time.monotonic()
    restored = run(
        pg_restore,
        "--exit-on-error",
        "--single-transaction",
        "--no-owner",
        *([] if privileges else ["--no-privileges"]),
        f"--dbname={target.conninfo()}",
        path,
        connection=source,
    )
    if restored.returncode:
        if created:
            _drop(source, target.database)
        left = "was dropped again" if created else "is left empty, as it was"
        raise BackupError(
            f"pg_restore failed and its transaction was rolled back: database "
            f"{target.database!r} {left}.{_hint(restored.stderr or '')}\n"
            f"{stderr_summary(restored)}"
        )
    return time.monotonic() - started


def manifest_load(manifest: Path) -> dict[str, Any] | None:
    if not manifest.is_file():
        return None
    try:
        data: dict[str, Any] = json.loads(manifest.read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"Cannot read the manifest {manifest}: {exc}") from None
    return data


def _checked_against_manifest(path: Path, manifest_path: Path) -> dict[str, Any] | None:
    manifest = manifest_load(manifest_path)
    if manifest is None:
        return None
    size, sha256 = file_digest(path)
    want = manifest["dump"]
    if size != want["bytes"] or sha256 != want["sha256"]:
        raise BackupError(
            f"{path} is not the file its manifest describes ({size} bytes, expected "
            f"{want['bytes']}; sha256 {'matches' if sha256 == want['sha256'] else 'differs'}): "
            "it is truncated or damaged. Nothing was restored."
        )
    return manifest


def _apply_database_settings(target: ProgramConnection, entries: list[dict[str, Any]]) -> None:
    """Give the new database the settings the old one had (e.g. the app role's log verbosity)."""
    statements = []
    for entry in entries:
        for setting in entry["settings"]:
            name, _, value = setting.partition("=")
            if entry["role"] is None:
                statement = sql.SQL("ALTER DATABASE {} SET {} = {}").format(
                    sql.Identifier(target.database), sql.Identifier(name), sql.Literal(value)
                )
            else:
                statement = sql.SQL("ALTER ROLE {} IN DATABASE {} SET {} = {}").format(
                    sql.Identifier(entry["role"]),
                    sql.Identifier(target.database),
                    sql.Identifier(name),
                    sql.Literal(value),
                )
            statements.append(statement)
    with target.connect(autocommit=True) as conn:
        for statement in statements:
            try:
                conn.execute(statement)
            except psycopg.Error as exc:
                raise BackupError(
                    f"Restored into {target.database!r}, but could not apply its database "
                    f"setting ({statement.as_string(conn)}): {exc}. Run it as a superuser."
                ) from None


def _create_or_check_empty(source: ProgramConnection, database: str) -> bool:
    """Create database if it does not exist (True); otherwise refuse it unless it is empty."""
    with source.to("postgres").connect(autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            # template0, not template1: whatever was added to template1 would make it not empty.
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(
                    sql.Identifier(database)
                )
            )
            return True
    with source.to(database).connect(autocommit=True) as conn:
        row = conn.execute(_OBJECTS).fetchone()
    relations, extensions = row if row else (0, 0)
    if relations or extensions:
        raise BackupError(
            f"Database {database!r} is not empty ({relations} tables, sequences or views, "
            f"{extensions} extensions). A restore never writes over existing data: restore into "
            "a new database with --database-name NAME (it is created), then point the app at "
            "it, or drop and re-create this one yourself."
        )
    return False


def _drop(source: ProgramConnection, database: str) -> None:
    with source.to("postgres").connect(autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(database)))


def _fingerprint(target: ProgramConnection) -> Fingerprint:
    with target.connect() as conn:
        conn.isolation_level = IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        fingerprint = database_fingerprint(conn)
        conn.rollback()
    return fingerprint


def _hint(stderr: str) -> str:
    if "role" in stderr and "does not exist" in stderr:
        return (
            " The backup grants rights to a role this server lacks: restore the backup's "
            ".globals.sql with psql first, or pass --no-privileges."
        )
    if "end of file" in stderr or "could not read" in stderr:
        return " The backup file looks truncated."
    return ""
