"""The embedded server's two roles and its databases, set up by its superuser.

See clinic/lib/db_roles.py for what each role may do. This runs on a process's first connection;
it is idempotent and, once done, one query. The superuser, `postgres`, is the embedded server's
own and the app never connects as it; on an external server an administrator runs the same SQL,
shown in the README.
"""

import logging

import psycopg
from psycopg import sql

from .server import SUPERUSER

logger = logging.getLogger(__name__)

# Refused statements are logged without row values: terse leaves out the DETAIL line ("Failing
# row contains (…)"), and statements are never logged on error, since with Django's client-side
# parameter binding the STATEMENT line carries the values too. Both roles handle clinic data.
QUIET_ERRORS = ("log_error_verbosity=terse", "log_min_error_statement=panic")
ROLE_ATTRIBUTES = "LOGIN NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS"
SYSTEM_DATABASES = ["postgres", "template0", "template1"]
# Serialises the set-up between processes that start at the same moment (pytest and runserver).
LOCK = 7_265_837_001

# One row per role: whether it is as set up here. The owner may create databases (the test suite
# and the benchmark make throwaway ones) and SET ROLE to the app role (the suite's requests run
# as it); the app role may do neither.
ROLE_STATE = """
SELECT r.rolname, r.rolcanlogin AND NOT (r.rolsuper OR r.rolcreaterole OR r.rolreplication
       OR r.rolbypassrls) AND r.rolcreatedb = (r.rolname = %(owner)s)
       AND coalesce(s.setconfig @> %(quiet)s, false)
       AND (r.rolname = %(app)s OR EXISTS (SELECT FROM pg_auth_members m
            WHERE m.member = r.oid AND pg_get_userbyid(m.roleid) = %(app)s))
FROM pg_roles r
LEFT JOIN pg_db_role_setting s ON s.setrole = r.oid AND s.setdatabase = 0
WHERE r.rolname IN (%(owner)s, %(app)s)
"""


def ensure_roles(host: str, *, owner: str, app: str) -> None:
    """Create or correct both roles, then adopt databases an earlier version made as superuser."""
    with _superuser(host, "postgres") as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", [LOCK])
        state: dict[str, bool] = dict(
            conn.execute(ROLE_STATE, {"owner": owner, "app": app, "quiet": list(QUIET_ERRORS)})
        )
        for role, createdb in ((app, "NOCREATEDB"), (owner, "CREATEDB")):
            if state.get(role):
                continue
            verb = "ALTER" if role in state else "CREATE"
            name = sql.Identifier(role)
            conn.execute(sql.SQL(f"{verb} ROLE {{}} {ROLE_ATTRIBUTES} {createdb}").format(name))
            for setting in QUIET_ERRORS:
                key, value = setting.split("=")
                conn.execute(
                    sql.SQL("ALTER ROLE {} SET {} = {}").format(
                        name, sql.Identifier(key), sql.Literal(value)
                    )
                )
            if role == owner:
                conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(app), name))
        adopted = conn.execute(
            "SELECT datname FROM pg_database WHERE pg_get_userbyid(datdba) = %s"
            " AND NOT datname = ANY(%s)",
            [SUPERUSER, SYSTEM_DATABASES],
        ).fetchall()
        for (database,) in adopted:
            _adopt(host, database, owner)
            conn.execute(
                sql.SQL("ALTER DATABASE {} OWNER TO {}").format(
                    sql.Identifier(database), sql.Identifier(owner)
                )
            )


def ensure_database(host: str, name: str, owner: str) -> None:
    """Create the project's own database, owned by the owner role, the first time it is used."""
    with _superuser(host, "postgres") as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", [LOCK])
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            logger.info("creating database %s on the embedded server", name)
            conn.execute(
                sql.SQL("CREATE DATABASE {} OWNER {}").format(
                    sql.Identifier(name), sql.Identifier(owner)
                )
            )


# Tables, views and sequences of the public schema owned by the superuser, less those that
# follow another object: identity and serial sequences follow their table, extension members
# their extension. Indexes and triggers follow their table too.
OWNED_RELATIONS = """
SELECT CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
       WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, c.oid::regclass::text
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
  AND pg_get_userbyid(c.relowner) = %(superuser)s
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                  AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))
"""
OWNED_FUNCTIONS = """
SELECT p.oid::regprocedure::text
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) = %(superuser)s
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                  AND d.objid = p.oid AND d.deptype = 'e')
"""


def _adopt(host: str, name: str, owner: str) -> None:
    """Hand the objects of a database an earlier version made (all the superuser's) to owner.

    REASSIGN OWNED cannot take objects from the bootstrap superuser, so each one is altered in
    turn, in one transaction. The caller hands over the database itself afterwards, so an
    interrupted adoption is done again next time. `manage.py migrate` then grants the app role
    its privileges.
    """
    logger.warning("handing database %s to role %s; run manage.py migrate next", name, owner)
    to = sql.Identifier(owner)
    with _superuser(host, name) as conn, conn.transaction():
        found = {"superuser": SUPERUSER}
        # The names come from the catalog, already quoted by regclass and regprocedure.
        for kind, relation in conn.execute(OWNED_RELATIONS, found).fetchall():
            conn.execute(sql.SQL(f"ALTER {kind} {relation} OWNER TO {{}}").format(to))
        for (function,) in conn.execute(OWNED_FUNCTIONS, found).fetchall():
            conn.execute(sql.SQL(f"ALTER FUNCTION {function} OWNER TO {{}}").format(to))


def _superuser(host: str, dbname: str) -> psycopg.Connection:
    return psycopg.connect(host=host, dbname=dbname, user=SUPERUSER, autocommit=True)
