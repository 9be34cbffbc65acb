"""The app's two PostgreSQL roles, and the one way a command switches to the owner.

The app role (DATABASES["default"]["APP_ROLE"], which DATABASE_URL or the embedded server logs in
as) owns nothing: it reads and writes rows, only inserts into append-only tables, cannot change
the schema, disable a trigger or set session_replication_role, and sees one clinic's rows
(row-level security, clinic/lib/db_security.py). The owner role owns the database and its tables;
`migrate`, the data-loading commands and backups run as it, through `as_owner()`.

DATABASES["default"]["OWNER"] holds the owner's credentials (USER, PASSWORD and, for an external
server, HOST, PORT, OPTIONS). Without it (DATABASE_URL and no DATABASE_OWNER_URL) the app runs as
a single role, as before, and the system check clinic.W001 says so.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

ALREADY_IN_A_TRANSACTION = "as_owner() switches connections, so it cannot run inside a transaction."


def app_role(alias: str = "default") -> str:
    """The app's role, which grants and the test suite's requests use; "" with a single role."""
    return str(connections[alias].settings_dict.get("APP_ROLE") or "")


@contextmanager
def as_owner(connection: BaseDatabaseWrapper | None = None) -> Iterator[None]:
    """Run the block connected as the owner role, then go back to the app's credentials.

    The connection is closed on the way in and out, so the block gets a connection of its own.
    The database's NAME is left alone: a test database created inside the block (the benchmark
    does this) is still the one used after it. Not thread-safe: meant for management commands.
    Without an owner configured, or when already connected as it, it changes nothing.
    """
    connection = connection or connections["default"]
    settings_dict = connection.settings_dict
    owner = settings_dict.get("OWNER")
    if not owner or settings_dict.get("USER") == owner["USER"]:
        yield
        return
    if connection.in_atomic_block:
        raise RuntimeError(ALREADY_IN_A_TRANSACTION)
    app = {key: settings_dict.get(key) for key in owner}
    connection.close()
    settings_dict.update(owner)
    try:
        yield
    finally:
        connection.close()
        settings_dict.update(app)
