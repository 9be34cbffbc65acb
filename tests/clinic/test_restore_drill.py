"""The restore drill: a seeded database, backed up and restored, comes back row for row.

The source is the test database with the demo clinic, Ana's history and the shipped catalog and
library, committed (so the tests are transactional), plus tables that stand for what other parts
add: history-like events in a schema of their own, and an audit-like table without a primary
key. The comparison finds tables in the catalog, so nobody lists them: history, audit and any
later table are covered as soon as they exist.
"""

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from psycopg import IsolationLevel, sql

from clinic.lib.backup.archive import backup_files
from clinic.lib.backup.connection import ProgramConnection, program_connection
from clinic.lib.backup.fingerprint import (
    Fingerprint,
    database_fingerprint,
    fingerprint_compare,
    fingerprint_from_json,
)
from clinic.lib.backup.restore import manifest_load
from clinic.lib.backup.schema import schema_check
from clinic.lib.db_roles import app_role
from demo.clinic import demo_seed
from demo.history import demo_history_seed
from tests.clinic.backup_helpers import empty_database, run, scratch_name

pytestmark = pytest.mark.slow

# Values COPY has to escape or that depend on session settings: tabs, newlines, backslashes,
# non-ASCII text, NULLs, JSON, bytes and time stamps with a zone.
HISTORY_LIKE = """
CREATE SCHEMA drill_history;
CREATE TABLE drill_history.finding_event (
    pgh_id bigserial PRIMARY KEY,
    pgh_created_at timestamptz NOT NULL,
    pgh_obj_id bigint NOT NULL,
    pgh_data jsonb NOT NULL,
    pgh_context bytea,
    note text
);
INSERT INTO drill_history.finding_event (pgh_created_at, pgh_obj_id, pgh_data, pgh_context, note)
SELECT f.updated_at, f.id, to_jsonb(f), decode(md5(f.id::text), 'hex'),
       CASE WHEN f.id % 2 = 0 THEN E'tab\\there\\nnew line \\\\ Chloé ▲' END
  FROM assessments_finding f;
CREATE TABLE public.drill_access_audit (at timestamptz, who text, what text, ip inet);
INSERT INTO public.drill_access_audit
SELECT now() - g * interval '1 minute', 'demo@retest.local', 'viewed client', '192.0.2.1'
  FROM generate_series(1, 20) g;
-- Identical rows: a table without a key may hold them, and they must survive as two.
INSERT INTO public.drill_access_audit VALUES (NULL, NULL, 'same', NULL), (NULL, NULL, 'same', NULL);
"""


@pytest.fixture
def seeded(transactional_db) -> Iterator[None]:
    demo_seed()
    assert demo_history_seed() is not None
    with connection.cursor() as cursor:
        cursor.execute(HISTORY_LIKE)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                "DROP SCHEMA drill_history CASCADE; DROP TABLE public.drill_access_audit"
            )


@pytest.fixture
def restored(seeded, tmp_path: Path) -> Iterator[tuple[ProgramConnection, Fingerprint, str]]:
    """The seeded database backed up and restored into a new one: its connection, the backup's
    manifest fingerprint, and what restore printed."""
    dump = tmp_path / "drill.dump"
    run("backup", "--output", dump)
    manifest = manifest_load(backup_files(dump).manifest)
    assert manifest is not None
    with scratch_name() as name:
        output = run("restore", dump, "--database-name", name)
        yield program_connection(name), fingerprint_from_json(manifest["tables"]), output


def fingerprint_of(target: ProgramConnection) -> Fingerprint:
    with target.connect() as conn:
        conn.isolation_level = IsolationLevel.REPEATABLE_READ
        return database_fingerprint(conn)


def execute(target: ProgramConnection, statement: str | sql.Composable) -> None:
    with target.connect(autocommit=True) as conn:
        conn.execute(statement)


def test_every_table_comes_back_with_the_same_rows_and_checksums(restored):
    target, manifest, output = restored
    assert "every table matches the backup's manifest" in output
    source = fingerprint_of(program_connection())
    assert fingerprint_compare(source, fingerprint_of(target)) == []
    assert manifest == source
    # Every table: each model's, and the ones nobody declared to the comparison.
    model_tables = {f"public.{t}" for t in connection.introspection.django_table_names()}
    assert model_tables | {"drill_history.finding_event", "public.drill_access_audit"} <= set(
        source
    )
    for table in (
        "public.assessments_finding",
        "public.assessments_intervention",
        "public.clinic_client",
        "drill_history.finding_event",
    ):
        assert source[table].rows > 0, table
    assert source["public.drill_access_audit"].rows == 22


def test_one_changed_row_or_one_missing_row_is_detected(restored):
    target, manifest, _ = restored
    # Corruption below the app: with triggers off, so no history event is written for it.
    execute(
        target,
        "ALTER TABLE assessments_finding DISABLE TRIGGER USER; "
        "UPDATE assessments_finding SET note = note || '.' "
        "WHERE id = (SELECT min(id) FROM assessments_finding); "
        "ALTER TABLE assessments_finding ENABLE TRIGGER USER",
    )
    execute(target, "DELETE FROM drill_history.finding_event WHERE pgh_id = 1")
    findings = manifest["public.assessments_finding"].rows
    events = manifest["drill_history.finding_event"].rows
    assert fingerprint_compare(manifest, fingerprint_of(target)) == [
        f"drill_history.finding_event: {events - 1} rows, {events} expected",
        f"public.assessments_finding: same {findings} rows but different content",
    ]


def test_a_duplicate_row_in_a_table_without_a_key_is_detected(restored):
    target, manifest, _ = restored
    execute(target, "DELETE FROM drill_access_audit WHERE what = 'same'")
    execute(target, "INSERT INTO drill_access_audit VALUES (NULL, NULL, 'same', NULL)")
    assert fingerprint_compare(manifest, fingerprint_of(target)) == [
        "public.drill_access_audit: 21 rows, 22 expected"
    ]


def test_the_restored_schema_is_checked_against_the_code_like_migrate_check(restored):
    target, _, output = restored
    assert "schema matches this code's migrations" in output
    assert schema_check(target).matches
    execute(
        target,
        "DELETE FROM django_migrations WHERE app = 'clinic' AND name = '0002_login_failures'",
    )
    execute(
        target,
        "INSERT INTO django_migrations (app, name, applied) "
        "VALUES ('clinic', '0099_future', now())",
    )
    check = schema_check(target)
    assert (check.unapplied, check.unknown) == (
        ["clinic.0002_login_failures"],
        ["clinic.0099_future"],
    )


def test_a_reader_subject_to_row_level_security_gets_an_error_not_fewer_rows():
    """Read as a role that RLS filters, a fingerprint would silently miss rows; it fails instead.

    So the drill must read as the owner (or another role that bypasses RLS).
    """
    # The app's own role: RLS filters it, and the suite's owner role may act as it.
    role = app_role() or pytest.skip("needs the app's database role")
    with empty_database() as name:
        target = program_connection(name)
        execute(
            target,
            sql.SQL(
                """
            CREATE TABLE client (id int PRIMARY KEY, clinic_id int);
            INSERT INTO client VALUES (1, 1), (2, 2);
            ALTER TABLE client ENABLE ROW LEVEL SECURITY;
            CREATE POLICY one_clinic ON client USING (clinic_id = 1);
            GRANT SELECT ON client TO {};
            """
            ).format(sql.Identifier(role)),
        )
        try:
            with target.connect() as conn:
                conn.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(role)))
                assert conn.execute("SELECT count(*) FROM client").fetchone() == (1,)
                with pytest.raises(
                    psycopg.errors.InsufficientPrivilege, match="row-level security"
                ):
                    database_fingerprint(conn)
        finally:
            execute(target, "DROP TABLE client")


def test_the_database_settings_come_back_with_the_restore(transactional_db, tmp_path):
    """pg_dump leaves out ALTER DATABASE/ROLE … IN DATABASE settings; the manifest carries them."""
    source = program_connection()
    database = sql.Identifier(source.database)
    execute(source, sql.SQL("ALTER DATABASE {} SET work_mem = '7MB'").format(database))
    execute(
        source,
        sql.SQL("ALTER ROLE CURRENT_USER IN DATABASE {} SET statement_timeout = '5min'").format(
            database
        ),
    )
    try:
        run("backup", "--output", tmp_path / "settings.dump")
    finally:
        execute(source, sql.SQL("ALTER DATABASE {} RESET ALL").format(database))
        execute(
            source, sql.SQL("ALTER ROLE CURRENT_USER IN DATABASE {} RESET ALL").format(database)
        )
    with scratch_name() as name:
        run("restore", tmp_path / "settings.dump", "--database-name", name)
        with program_connection(name).connect() as conn:
            rows = conn.execute(
                "SELECT s.setrole = 0, s.setconfig FROM pg_db_role_setting s "
                "JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = %s "
                "ORDER BY s.setrole",
                [name],
            ).fetchall()
    assert rows == [(True, ["work_mem=7MB"]), (False, ["statement_timeout=5min"])]
