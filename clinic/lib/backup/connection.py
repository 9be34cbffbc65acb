"""How the backup tools reach PostgreSQL, and which PostgreSQL programs they run."""

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from psycopg.conninfo import make_conninfo

from clinic.lib.embedded_postgres.programs import binaries
from clinic.lib.embedded_postgres.server import socket_dir

# The Django database whose settings the backup tools connect with. Backups, restores and their
# checks need a role that reads every row (row-level security does not apply to it) and may
# create databases: its owner role (settings_dict["OWNER"], see clinic/lib/db_roles.py), not the
# web app's role, whenever one is configured.
SOURCE_ALIAS = "default"

# Keys Django's PostgreSQL backend takes in OPTIONS that are not libpq connection keywords.
_DJANGO_ONLY_OPTIONS = {
    "isolation_level",
    "server_side_binding",
    "pool",
    "assume_role",
    "cursor_factory",
}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says what to do."""


@dataclass(frozen=True)
class ProgramConnection:
    """Where the database is and who connects, for psycopg and for PostgreSQL's own programs.

    The password travels in PGPASSWORD, never on a command line (where `ps` would show it).
    """

    params: dict[str, str]
    password: str = field(repr=False)
    embedded: bool

    @property
    def database(self) -> str:
        return self.params["dbname"]

    def to(self, database: str) -> "ProgramConnection":
        return ProgramConnection({**self.params, "dbname": database}, self.password, self.embedded)

    def conninfo(self) -> str:
        """A libpq connection string without the password, for a program's --dbname."""
        return make_conninfo(**self.params)

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env

    def connect(self, **kwargs: Any) -> psycopg.Connection[Any]:
        if self.password:
            kwargs["password"] = self.password
        return psycopg.connect(self.conninfo(), **kwargs)


def program_connection(database: str | None = None) -> ProgramConnection:
    """The one place that turns the database settings into a connection for the backup tools.

    database names another database on the same server (a restore's target, or `postgres` for
    creating one); by default the configured database. With no DATABASE_URL this starts the
    embedded server when it does not run, like any other connection would.
    """
    configured = connections[SOURCE_ALIAS].settings_dict
    settings_dict = {**configured, **(configured.get("OWNER") or {})}
    embedded = bool(settings_dict.get("DATA_DIR"))
    host = socket_dir(str(settings_dict["DATA_DIR"])) if embedded else settings_dict.get("HOST")
    valid = {option.keyword.decode() for option in psycopg.pq.Conninfo.get_defaults()}
    params = {
        key: str(value)
        for key, value in (settings_dict.get("OPTIONS") or {}).items()
        if key in valid and key not in _DJANGO_ONLY_OPTIONS and key != "password"
    }
    for key, value in (
        ("host", host),
        ("port", settings_dict.get("PORT")),
        ("user", settings_dict.get("USER")),
    ):
        if value:
            params[key] = str(value)
    params["dbname"] = database or str(settings_dict["NAME"])
    params.setdefault("application_name", "retest-backup")
    return ProgramConnection(params, str(settings_dict.get("PASSWORD") or ""), embedded)


def program(name: str, connection: ProgramConnection) -> Path:
    """The PostgreSQL program to run: from POSTGRES_BIN_DIR when set; else the embedded wheel's
    for the embedded server; else the one on PATH, and the wheel's when PATH has none (pg_dump
    and pg_restore work with servers older than themselves)."""
    configured = getattr(settings, "POSTGRES_BIN_DIR", "")
    if configured:
        path = Path(configured) / name
        if not path.is_file():
            raise ImproperlyConfigured(f"POSTGRES_BIN_DIR is {configured!r}, which has no {name}.")
        return path
    if not connection.embedded:
        found = shutil.which(name)
        if found:
            return Path(found)
    path = binaries() / name
    if not path.is_file():
        raise BackupError(
            f"No {name} found: install PostgreSQL's client programs or set POSTGRES_BIN_DIR."
        )
    return path


def major_version(path: Path) -> int:
    """The major version of a PostgreSQL program, from `--version` ("pg_dump (PostgreSQL) 18.1")."""
    output = subprocess.run(  # noqa: S603
        [str(path), "--version"], capture_output=True, text=True, check=False, timeout=30
    ).stdout
    found = re.search(r"\(PostgreSQL\) (\d+)", output)
    if found is None:
        raise BackupError(f"Cannot tell which PostgreSQL version {path} is: {output.strip()!r}")
    return int(found.group(1))


def server_major(conn: psycopg.Connection[Any]) -> int:
    return conn.info.server_version // 10000


def require_not_older(path: Path, conn: psycopg.Connection[Any]) -> None:
    """Refuse a program older than the server: it could not read the server's catalogs."""
    program_major, server = major_version(path), server_major(conn)
    if program_major < server:
        raise BackupError(
            f"{path} is PostgreSQL {program_major} but the server is PostgreSQL {server}. "
            f"Install PostgreSQL {server}'s client programs or point POSTGRES_BIN_DIR at them."
        )


def run(
    path: Path, *args: str | Path, connection: ProgramConnection, timeout: float | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [str(path), *(str(arg) for arg in args)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=connection.env(),
        check=False,
        timeout=timeout,
    )


def stderr_summary(result: subprocess.CompletedProcess[str], limit: int = 5) -> str:
    lines = [line for line in (result.stderr or "").splitlines() if line.strip()]
    return "\n".join(lines[-limit:]) or f"exit status {result.returncode}"
