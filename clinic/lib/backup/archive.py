"""Taking a backup: pg_dump, the roles, and a manifest of the very snapshot that was dumped."""

import datetime
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from psycopg import IsolationLevel

from .connection import (
    BackupError,
    ProgramConnection,
    program,
    program_connection,
    require_not_older,
    run,
    stderr_summary,
)
from .fingerprint import database_fingerprint, fingerprint_to_json

MANIFEST_FORMAT = 1
# Backups hold every client's record: only the account that made them may read them.
FILE_MODE = 0o600
FOLDER_MODE = 0o700


@dataclass(frozen=True)
class BackupFiles:
    dump: Path
    globals: Path
    manifest: Path


@dataclass(frozen=True)
class BackupResult:
    files: BackupFiles
    bytes: int
    sha256: str
    tables: int
    rows: int
    dump_seconds: float
    seconds: float
    # Why the roles were not saved, or "" when X.globals.sql was written.
    globals_skipped: str


def backup_files(dump: Path) -> BackupFiles:
    """The dump's companions sit beside it: X.dump, X.globals.sql, X.manifest.json."""
    stem = dump.with_suffix("") if dump.suffix == ".dump" else dump
    return BackupFiles(
        dump=dump,
        globals=stem.with_name(stem.name + ".globals.sql"),
        manifest=stem.with_name(stem.name + ".manifest.json"),
    )


def default_output(database: str, now: datetime.datetime) -> Path:
    stamp = now.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.BASE_DIR) / "var" / "backups" / f"{database}-{stamp}.dump"


def backup_create(*, output: Path | None = None) -> BackupResult:
    """Dump the configured database with pg_dump -Fc and write its manifest and roles beside it.

    pg_dump reads one snapshot; the manifest's row counts and checksums are read in that same
    snapshot (exported by our own REPEATABLE READ transaction and handed to pg_dump), so they
    describe exactly what the dump holds even while the app keeps writing. Each file is written
    under a temporary name and renamed when complete, the manifest last: a backup without its
    manifest was interrupted.
    """
    started = time.monotonic()
    source = program_connection()
    pg_dump = program("pg_dump", source)
    dump = output or default_output(source.database, datetime.datetime.now(datetime.UTC))
    files = backup_files(dump.resolve())
    _make_folder(files.dump.parent)
    with source.connect() as conn:
        conn.isolation_level = IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        require_not_older(pg_dump, conn)
        (snapshot,) = conn.execute("SELECT pg_export_snapshot()").fetchall()
        with _written(files.dump) as part:
            dumped = run(
                pg_dump,
                "--format=custom",
                f"--snapshot={snapshot[0]}",
                f"--file={part}",
                f"--dbname={source.conninfo()}",
                connection=source,
            )
            if dumped.returncode:
                raise BackupError(f"pg_dump failed:\n{stderr_summary(dumped)}")
            dump_seconds = time.monotonic() - started
            fingerprint = database_fingerprint(conn)
            database_settings = _database_settings(conn)
            server_version = conn.info.parameter_status("server_version") or ""
            conn.rollback()
    size, sha256 = file_digest(files.dump)
    globals_skipped = _dump_globals(source, files.globals)
    manifest: dict[str, Any] = {
        "format": MANIFEST_FORMAT,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": source.database,
        "server_version": server_version,
        "dump": {"file": files.dump.name, "bytes": size, "sha256": sha256},
        "globals": None if globals_skipped else {"file": files.globals.name},
        "globals_skipped": globals_skipped or None,
        "tables": fingerprint_to_json(fingerprint),
        "database_settings": database_settings,
    }
    with _written(files.manifest) as part:
        part.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    _sync_folder(files.dump.parent)
    return BackupResult(
        files=files,
        bytes=size,
        sha256=sha256,
        tables=len(fingerprint),
        rows=sum(table.rows for table in fingerprint.values()),
        dump_seconds=dump_seconds,
        seconds=time.monotonic() - started,
        globals_skipped=globals_skipped,
    )


def _database_settings(conn: psycopg.Connection[Any]) -> list[dict[str, Any]]:
    """The database's own settings (ALTER DATABASE … SET, ALTER ROLE … IN DATABASE … SET).

    A pg_dump without --create leaves them out, and neither do the roles carry them, so they
    travel in the manifest and the restore applies them to the new database.
    """
    rows = conn.execute(
        "SELECT r.rolname, s.setconfig FROM pg_db_role_setting s"
        " LEFT JOIN pg_roles r ON r.oid = s.setrole"
        " WHERE s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())"
        " ORDER BY r.rolname NULLS FIRST"
    ).fetchall()
    return [{"role": role, "settings": list(config)} for role, config in rows]


def _dump_globals(source: ProgramConnection, target: Path) -> str:
    """Write the cluster's roles with pg_dumpall --globals-only; return why not when it cannot.

    Role passwords (their hashes) are only readable by a superuser; other roles get the roles
    without passwords. A managed server may refuse even that: the backup then goes on without
    the roles, and the manifest says why.
    """
    pg_dumpall = program("pg_dumpall", source)
    reason = ""
    for extra in ([], ["--no-role-passwords"]):
        part = _temporary(target)
        result = run(
            pg_dumpall,
            "--globals-only",
            *extra,
            f"--file={part}",
            f"--dbname={source.conninfo()}",
            connection=source,
        )
        if result.returncode == 0:
            _install(part, target)
            return ""
        part.unlink(missing_ok=True)
        reason = stderr_summary(result, limit=1)
    return f"pg_dumpall --globals-only failed: {reason}"


@contextmanager
def _written(final: Path) -> Iterator[Path]:
    """A private temporary file beside final, renamed to final when the block succeeds."""
    part = _temporary(final)
    try:
        yield part
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    _install(part, final)


def _temporary(final: Path) -> Path:
    descriptor, name = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=".part")
    os.close(descriptor)
    part = Path(name)
    part.chmod(FILE_MODE)
    return part


def _install(part: Path, final: Path) -> None:
    """Flush part to disk, then give it its final name in one step (a rename)."""
    with part.open("rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(part, final)


def file_digest(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def _make_folder(folder: Path) -> None:
    if not folder.exists():
        folder.mkdir(mode=FOLDER_MODE, parents=True)


def _sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
