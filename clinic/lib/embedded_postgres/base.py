from typing import Any

from django.db.backends.postgresql import base

from .server import ensure_database, socket_dir

_ensured: set[str] = {"postgres"}


class DatabaseWrapper(base.DatabaseWrapper):
    """The stock PostgreSQL backend, pointed at the embedded server's socket on each connect.

    The server is started first when it does not run (on the first connection, or after
    `python3 dev.py stop`).

    settings.DATABASES["default"]["DATA_DIR"] names the server's data folder.
    """

    def get_connection_params(self) -> dict[str, Any]:
        host = socket_dir(str(self.settings_dict["DATA_DIR"]))
        self.settings_dict["HOST"] = host
        params = super().get_connection_params()
        name = params.get("dbname")
        if name and name not in _ensured:
            ensure_database(host, name, params.get("user") or "postgres")
            _ensured.add(name)
        return params
