from typing import Any

from django.db.backends.postgresql import base

from .roles import ensure_database, ensure_roles
from .server import socket_dir

# What this process has already set up: the roles once per server, each database once.
_ensured: set[tuple[str, str]] = set()


class DatabaseWrapper(base.DatabaseWrapper):
    """The stock PostgreSQL backend, pointed at the embedded server's socket on each connect.

    The server is started first when it does not run (on the first connection, or after
    `python3 dev.py stop`); its roles and the database are set up on the first connection.

    settings.DATABASES["default"]: DATA_DIR names the server's data folder; APP_ROLE and
    OWNER["USER"] (or USER, in the test suite, which connects as the owner) name the two roles.
    """

    def get_connection_params(self) -> dict[str, Any]:
        settings_dict = self.settings_dict
        host = socket_dir(str(settings_dict["DATA_DIR"]))
        settings_dict["HOST"] = host
        params = super().get_connection_params()
        owner = (settings_dict.get("OWNER") or settings_dict)["USER"]
        app = settings_dict.get("APP_ROLE")
        if app and (host, "") not in _ensured:
            ensure_roles(host, owner=owner, app=app)
            _ensured.add((host, ""))
        name = params.get("dbname")
        if name and name != "postgres" and (host, name) not in _ensured:
            ensure_database(host, name, owner)
            _ensured.add((host, name))
        return params
