import sys
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError, connections


def describe_database(alias: str = "default") -> str:
    """Where the configured database is, without its password."""
    settings_dict = connections[alias].settings_dict
    if settings_dict.get("DATA_DIR"):
        return f"the embedded PostgreSQL server in {settings_dict['DATA_DIR']}"
    host = settings_dict.get("HOST") or "the local socket"
    port = settings_dict.get("PORT")
    where = f"{host}:{port}" if port else host
    return f"database {settings_dict.get('NAME')!r} on {where}"


@contextmanager
def explain_unreachable_database() -> Iterator[None]:
    """Turn 'cannot connect' into a two-line message and exit status 1, instead of a traceback.

    Errors raised once a connection is open (a failing query, say) are not touched.
    """
    try:
        yield
    except OperationalError as exc:
        if connections["default"].connection is not None:
            raise
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        sys.stderr.write(
            f"Cannot reach {describe_database()}.\n  {reason}\n"
            "Check that the server is running and DATABASE_URL is right "
            "(unset DATABASE_URL to use the embedded server).\n"
        )
        sys.exit(1)
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"Configuration error: {exc}\n")
        sys.exit(1)
