"""The app's database role may read and write rows, and nothing more; the owner runs migrate.

See clinic/lib/db_roles.py. The suite connects as the owner and `as_app()` switches to the app
role, exactly as each request of the suite does.
"""

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from django.contrib.sessions.models import Session
from django.db import DatabaseError, connection, connections
from psycopg import sql

from clinic.lib.db_roles import ALREADY_IN_A_TRANSACTION, app_role, as_owner
from clinic.lib.db_security import apply_after_migrate, grant_statements
from clinic.lib.embedded_postgres import roles
from tests.database_roles import as_app

ROOT = Path(__file__).resolve().parents[2]
EMBEDDED = bool(connection.settings_dict.get("DATA_DIR"))

pytestmark = pytest.mark.skipif(
    not app_role(), reason="needs the two database roles (DATABASE_OWNER_URL)"
)


def owner_role() -> str:
    return connection.settings_dict["USER"]


def test_the_app_role_is_no_superuser_and_owns_nothing_while_the_owner_owns_every_table(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper, rolcreatedb, rolcreaterole, rolbypassrls, rolreplication"
            " FROM pg_roles WHERE rolname = %s",
            [app_role()],
        )
        assert cursor.fetchone() == (False, False, False, False, False)
        cursor.execute(
            "SELECT pg_get_userbyid(relowner), count(*) FROM pg_class"
            " WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p', 'S', 'v')"
            " GROUP BY 1"
        )
        owners = dict(cursor.fetchall())
    # The suite's own migrations ran as the owner, as `migrate` does in production.
    assert set(owners) == {owner_role()}
    assert owners[owner_role()] > 20


@pytest.mark.parametrize(
    ("statement", "refusal"),
    [
        ("ALTER TABLE assessments_finding DISABLE TRIGGER assessments_finding_fits_test",
         "must be owner"),
        ("ALTER TABLE assessments_assessment DISABLE TRIGGER ALL", "must be owner"),
        ("SET session_replication_role = replica", "permission denied to set parameter"),
        ("ALTER TABLE clinic_client DISABLE ROW LEVEL SECURITY", "must be owner"),
        ("DROP POLICY retest_select ON clinic_client", "must be owner"),
        ("ALTER TABLE clinic_client DROP CONSTRAINT client_status_valid", "must be owner"),
        ("CREATE TABLE planted (id int)", "permission denied for schema public"),
        ("CREATE TEMPORARY TABLE planted (id int)", "permission denied to create temporary"),
        ("TRUNCATE clinic_client", "permission denied for table clinic_client"),
        ("SET log_error_verbosity = verbose", "permission denied to set parameter"),
        ("SET ROLE NONE; SET ROLE postgres", "permission denied to set role"),
    ],
)  # fmt: skip
def test_the_app_role_cannot_change_the_schema_its_triggers_or_its_own_limits(
    db, statement, refusal
):
    with pytest.raises(DatabaseError, match=refusal), as_app() as cursor:
        cursor.execute(statement)


def test_an_append_only_table_takes_inserts_and_reads_from_the_app_role_and_nothing_else(
    db, monkeypatch
):
    # A stand-in for the history and audit tables: the grants are built from the models, so
    # marking any model append-only and migrating again restricts its table.
    monkeypatch.setattr(Session, "append_only", True, raising=False)
    apply_after_migrate()
    with as_app() as cursor:
        cursor.execute(
            "INSERT INTO django_session (session_key, session_data, expire_date)"
            " VALUES ('a-session-key', 'a', now())"
        )
        cursor.execute("SELECT count(*) FROM django_session")
        assert cursor.fetchone() == (1,)
    for change in (
        "UPDATE django_session SET session_data = 'c'",
        "DELETE FROM django_session",
        "TRUNCATE django_session",
    ):
        with pytest.raises(DatabaseError, match="permission denied for table"), as_app() as cursor:
            cursor.execute(change)
    assert Session.objects.get().session_data == "a"


def test_grants_follow_each_models_append_only_flag(monkeypatch):
    monkeypatch.setattr(Session, "append_only", True, raising=False)
    from clinic.models import Client

    statements = grant_statements("retest_app", [Session, Client])
    assert 'GRANT SELECT, INSERT ON "django_session" TO "retest_app"' in statements
    assert 'GRANT SELECT, INSERT, UPDATE, DELETE ON "clinic_client" TO "retest_app"' in statements


def test_the_roles_log_refused_statements_without_their_values(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.rolname, s.setconfig FROM pg_db_role_setting s"
            " JOIN pg_roles r ON r.oid = s.setrole WHERE s.setdatabase = 0 AND r.rolname = %s",
            [app_role()],
        )
        (_, config) = cursor.fetchone()
    assert {"log_error_verbosity=terse", "log_min_error_statement=panic"} <= set(config)


@pytest.mark.skipif(not EMBEDDED, reason="reads the embedded server's log file")
@pytest.mark.django_db(transaction=True)
def test_a_refused_row_leaves_none_of_its_values_in_the_server_log(northside):
    log = Path(connection.settings_dict["DATA_DIR"]) / "log"
    phi = f"Zebedee Quince-Ottoline {uuid.uuid4().hex[:8]} born 1957-03-02"
    insert = (
        "INSERT INTO clinic_client (clinic_id, name, email, phone, presenting_complaint, notes,"
        " status, version, created_at, updated_at)"
        " VALUES (%s, %s, '', '', 'Sciatica after a fall', '', 'deleted', 1, now(), now())"
    )

    def refused_as(user: str) -> str:
        start = log.stat().st_size
        params = {**connection.get_connection_params(), "user": user, "autocommit": True}
        params.pop("cursor_factory", None)
        # Client-side binding, as Django uses: the values are spelt out in the statement.
        with psycopg.connect(**params, cursor_factory=psycopg.ClientCursor) as conn:
            conn.execute("SELECT set_config('app.clinic_id', %s, false)", [str(northside.pk)])
            with pytest.raises(psycopg.errors.CheckViolation):
                conn.execute(insert, [northside.pk, phi])
        with log.open(errors="replace") as text:
            text.seek(start)
            return text.read()

    logged = refused_as(app_role())
    assert 'violates check constraint "client_status_valid"' in logged
    assert phi not in logged and "Sciatica" not in logged
    # Control: the server's superuser keeps the default settings, and its refusal is logged
    # with the row and the statement, so the search above would have found them.
    assert phi in refused_as("postgres")


def test_as_owner_connects_as_the_owner_for_the_block_then_as_the_app_again(db):
    settings_dict = {
        **connection.settings_dict,
        "USER": app_role(),
        "OWNER": {key: connection.settings_dict[key] for key in ("USER", "PASSWORD")},
    }
    probe = type(connections["default"])(settings_dict, alias="probe")
    connections["probe"] = probe

    def user() -> str:
        with probe.cursor() as cursor:
            cursor.execute("SELECT current_user")
            return cursor.fetchone()[0]

    try:
        assert user() == app_role()
        with as_owner(probe):
            assert user() == owner_role()
        assert user() == app_role()
        probe.in_atomic_block = True
        refused = pytest.raises(RuntimeError, match=re.escape(ALREADY_IN_A_TRANSACTION))
        with refused, as_owner(probe):
            pass
    finally:
        probe.in_atomic_block = False
        probe.close()
        del connections["probe"]


def _on(name: str, **changes: str) -> dict:
    """psycopg connection parameters for database `name`, as the suite's owner unless changed."""
    params = {**connection.get_connection_params(), "dbname": name, "autocommit": True}
    params.pop("cursor_factory", None)
    return {**params, **changes}


def _url_of(variable: str, name: str) -> str:
    return urlsplit(os.environ[variable])._replace(path=f"/{name}").geturl()


@pytest.mark.slow
def test_migrate_runs_as_the_owner_and_leaves_the_app_role_only_its_rows(db):
    name = f"test_retest_migrate_{os.getpid()}"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DATABASE_OWNER_URL"}}
    env.update(DEBUG="1", DJANGO_SETTINGS_MODULE="clinic.settings")
    if EMBEDDED:
        # The embedded server creates the database, owned by the owner role, on first use.
        env.update(
            EMBEDDED_DATABASE_NAME=name, EMBEDDED_POSTGRES_DIR=connection.settings_dict["DATA_DIR"]
        )
    else:
        with psycopg.connect(**_on("postgres")) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        env.update(
            DATABASE_URL=_url_of("DATABASE_URL", name),
            DATABASE_OWNER_URL=_url_of("DATABASE_OWNER_URL", name),
        )
    try:
        result = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "--verbosity", "0"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        with psycopg.connect(**_on(name)) as conn:
            owners = conn.execute(
                "SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class"
                " WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'S')"
            ).fetchall()
            database_owner = conn.execute(
                "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
        assert owners == [(owner_role(),)]
        assert database_owner == (owner_role(),)
        app_login = _on(name)
        if not EMBEDDED:
            app_login = {"conninfo": _url_of("DATABASE_URL", name), "autocommit": True}
        else:
            app_login["user"] = app_role()
        with psycopg.connect(**app_login) as conn:
            rights = conn.execute(
                "SELECT current_user,"
                " has_table_privilege('clinic_client', 'SELECT, INSERT, UPDATE, DELETE'),"
                " has_table_privilege('clinic_client', 'TRUNCATE'),"
                " has_table_privilege('django_migrations', 'INSERT'),"
                " has_schema_privilege('public', 'CREATE'),"
                " has_database_privilege(current_database(), 'TEMPORARY')"
            ).fetchone()
        assert rights == (app_role(), True, False, False, False, False)
    finally:
        with psycopg.connect(**_on("postgres")) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.mark.skipif(not EMBEDDED, reason="only the embedded server has databases to adopt")
def test_a_database_made_by_an_earlier_version_is_handed_to_the_owner_role(db):
    host = connection.get_connection_params()["host"]
    name = f"test_retest_legacy_{os.getpid()}"
    with psycopg.connect(host=host, dbname="postgres", user="postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        with psycopg.connect(host=host, dbname=name, user="postgres", autocommit=True) as conn:
            conn.execute(
                "CREATE TABLE kept (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY)"
            )
            conn.execute("CREATE SEQUENCE counter")
            conn.execute("CREATE VIEW kept_view AS SELECT id FROM kept")
            conn.execute("CREATE FUNCTION kept_check() RETURNS int LANGUAGE sql AS 'SELECT 1'")
        roles.ensure_roles(host, owner=owner_role(), app=app_role())
        with psycopg.connect(host=host, dbname=name, user="postgres", autocommit=True) as conn:
            relations = conn.execute(
                "SELECT relname, pg_get_userbyid(relowner) FROM pg_class"
                " WHERE relnamespace = 'public'::regnamespace ORDER BY relname"
            ).fetchall()
            function = conn.execute(
                "SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE proname = 'kept_check'"
            ).fetchone()
            database = conn.execute(
                "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
        assert {owner for _, owner in relations} == {owner_role()}
        assert {relation for relation, _ in relations} >= {
            "kept",
            "kept_id_seq",
            "counter",
            "kept_view",
        }
        assert function == database == (owner_role(),)
    finally:
        with psycopg.connect(
            host=host, dbname="postgres", user="postgres", autocommit=True
        ) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
