"""A database's content in a few bytes a table: its rows and the sha256 of their ordered COPY text.

Every ordinary table outside PostgreSQL's own schemas is read, found in the catalog rather than
listed, so tables added later (history, audit, anything) are covered without a change here.
Two fingerprints of the same rows are equal on any server: the session fixes every setting that
changes COPY's text (time zone, date and interval styles, float digits, bytea format), and rows
are ordered by the primary key with text compared byte-wise (COLLATE "C"), or, in a table
without one, by the whole row's text.

Row-level security would silently hide rows from a role it applies to; the session turns it off,
which makes PostgreSQL raise an error instead of filtering. Read as the owner role (or any role
that bypasses RLS): a fingerprint that cannot see every row fails rather than lies.
"""

import hashlib
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

# The same text for the same values, whatever the server's or the role's defaults.
SESSION_SETTINGS = {
    "TimeZone": "UTC",
    "DateStyle": "ISO, YMD",
    "IntervalStyle": "postgres",
    "extra_float_digits": "3",
    "bytea_output": "hex",
    "row_security": "off",
}

_TABLES = """
    SELECT c.oid, n.nspname, c.relname
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind = 'r'
       AND n.nspname <> 'information_schema'
       AND n.nspname NOT LIKE 'pg\\_%'
       -- An extension's own tables are the extension's, made by CREATE EXTENSION, not dumped.
       AND NOT EXISTS (SELECT 1 FROM pg_depend d
                        WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                          AND d.deptype = 'e')
     ORDER BY n.nspname, c.relname
"""

_PRIMARY_KEY = """
    SELECT a.attname, a.attcollation <> 0
      FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
     WHERE i.indrelid = %s AND i.indisprimary
     ORDER BY array_position(i.indkey::int2[], a.attnum)
"""


@dataclass(frozen=True)
class TableFingerprint:
    rows: int
    sha256: str


Fingerprint = dict[str, TableFingerprint]


def session_prepare(conn: psycopg.Connection[Any]) -> None:
    for name, value in SESSION_SETTINGS.items():
        conn.execute("SELECT set_config(%s, %s, false)", [name, value])


def database_fingerprint(conn: psycopg.Connection[Any]) -> Fingerprint:
    """Every table's fingerprint, keyed "schema.table", in the connection's current snapshot.

    Call it inside a REPEATABLE READ transaction to read all tables at one moment; session
    settings are set here (they outlast the transaction, which is harmless for our own
    connections).
    """
    session_prepare(conn)
    tables = conn.execute(_TABLES).fetchall()
    result: Fingerprint = {}
    for oid, schema, name in tables:
        result[f"{schema}.{name}"] = _table_fingerprint(conn, oid, schema, name)
    return result


def _table_fingerprint(
    conn: psycopg.Connection[Any], oid: int, schema: str, name: str
) -> TableFingerprint:
    key = conn.execute(_PRIMARY_KEY, [oid]).fetchall()
    order: sql.Composable
    if key:
        order = sql.SQL(", ").join(
            sql.SQL('{} COLLATE "C"').format(sql.Identifier(column))
            if collatable
            else sql.Identifier(column)
            for column, collatable in key
        )
    else:
        order = sql.SQL('fingerprint_row::text COLLATE "C"')
    query = sql.SQL("COPY (SELECT * FROM {}.{} AS fingerprint_row ORDER BY {}) TO STDOUT").format(
        sql.Identifier(schema), sql.Identifier(name), order
    )
    digest = hashlib.sha256()
    rows = 0
    with conn.cursor() as cursor, cursor.copy(query) as copy:
        # COPY's text format escapes newlines inside values, so each row ends in exactly one.
        for chunk in copy:
            data = bytes(chunk)
            digest.update(data)
            rows += data.count(b"\n")
    return TableFingerprint(rows=rows, sha256=digest.hexdigest())


def fingerprint_compare(expected: Fingerprint, actual: Fingerprint) -> list[str]:
    """What differs, one line per table; an empty list when every table matches."""
    differences = []
    for table in sorted(expected.keys() | actual.keys()):
        want, got = expected.get(table), actual.get(table)
        if got is None:
            differences.append(f"{table}: missing ({want.rows if want else 0} rows expected)")
        elif want is None:
            differences.append(f"{table}: not in the backup ({got.rows} rows)")
        elif want.rows != got.rows:
            differences.append(f"{table}: {got.rows} rows, {want.rows} expected")
        elif want.sha256 != got.sha256:
            differences.append(f"{table}: same {got.rows} rows but different content")
    return differences


def fingerprint_to_json(fingerprint: Fingerprint) -> dict[str, dict[str, Any]]:
    return {table: {"rows": f.rows, "sha256": f.sha256} for table, f in fingerprint.items()}


def fingerprint_from_json(data: dict[str, dict[str, Any]]) -> Fingerprint:
    return {
        table: TableFingerprint(rows=int(f["rows"]), sha256=str(f["sha256"]))
        for table, f in data.items()
    }
