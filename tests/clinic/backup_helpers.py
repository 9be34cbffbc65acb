"""Databases made and dropped around backup tests, on the suite's own server."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import psycopg
from django.core.management import call_command
from psycopg import sql

from clinic.lib.backup.connection import program_connection


def run(*args: str | Path) -> str:
    out = StringIO()
    call_command(*(str(arg) for arg in args), stdout=out, stderr=StringIO())
    return out.getvalue()


def maintenance() -> psycopg.Connection:
    return program_connection().to("postgres").connect(autocommit=True)


def database_exists(name: str) -> bool:
    with maintenance() as conn:
        return bool(conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone())


def drop_database(name: str) -> None:
    with maintenance() as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@contextmanager
def scratch_name() -> Iterator[str]:
    """A database name nobody uses; whatever gets that name is dropped afterwards."""
    name = f"{program_connection().database}_scratch_{uuid.uuid4().hex[:8]}"
    try:
        yield name
    finally:
        drop_database(name)


@contextmanager
def empty_database() -> Iterator[str]:
    with scratch_name() as name, maintenance() as conn:
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name)))
        yield name


def relations_in(name: str) -> int:
    with program_connection(name).connect() as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'"
        ).fetchone()
    return int(row[0]) if row else 0
