"""The suite's requests run as the app's database role, as in production; the tests do not.

The suite connects as the owner role (tests/settings.py), which row-level security does not
restrict, so fixtures can write rows for any clinic. Each request the test client (or the live
server) handles switches the connection to the app role when it starts and back when it ends,
so the request runs with the app role's privileges and policies, and the membership lookup
scopes it to one clinic, exactly as in production.

The switch is made straight on the driver's connection, not through Django's cursor, so it is
not counted among a request's queries. The clinic scope is cleared with it: inside a test's
transaction the request's own transaction is a savepoint, and a scope set in a released
savepoint would outlive the request.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.signals import request_finished, request_started
from django.db import connection, transaction
from psycopg import sql

from clinic.lib.db_roles import app_role
from clinic.lib.request_transaction import SCOPE


def _switch(role: str | None) -> None:
    try:
        connection.ensure_connection()
    except RuntimeError:
        return  # a test without database access: the request will not touch it either
    statement = sql.SQL("RESET ROLE")
    if role:
        statement = sql.SQL("SET ROLE {}").format(sql.Identifier(role))
    with connection.connection.cursor() as cursor:
        cursor.execute(statement)
        cursor.execute("SELECT set_config(%s, '', false)", [SCOPE])


def _request_started(**kwargs: Any) -> None:
    _switch(app_role())


def _request_finished(**kwargs: Any) -> None:
    if connection.connection is not None:
        _switch(None)


def connect_request_role() -> None:
    if app_role():
        request_started.connect(_request_started, dispatch_uid="tests-request-role")
        request_finished.connect(_request_finished, dispatch_uid="tests-request-role")


@contextmanager
def as_app(clinic_id: int | str | None = None) -> Iterator[Any]:
    """Run the block as the app role, scoped to `clinic_id` ("all", or None for no scope).

    For tests that query the database as the app would without going through a request. The
    block runs in a savepoint, so an error raised out of it leaves the test's transaction usable.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(app_role())))
        scope = "" if clinic_id is None else str(clinic_id)
        cursor.execute("SELECT set_config(%s, %s, true)", [SCOPE, scope])
        yield cursor
        # An error skips this: rolling back the savepoint undoes the role and the scope.
        cursor.execute("RESET ROLE")
        cursor.execute("SELECT set_config(%s, '', true)", [SCOPE])
