"""Typed readers for settings that come from the environment.

Each raises ImproperlyConfigured naming the variable, so a typo in a deployment fails at start-up
instead of silently falling back to a default.
"""

import json
import os
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}."
    )


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {value}.")
    return value


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    """One of `choices`, compared without regard to case; the first spelling in `choices`."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    for choice in choices:
        if raw.strip().lower() == choice.lower():
            return choice
    raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}; got {raw!r}.")


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_json_object(name: str) -> dict[str, Any]:
    """A JSON object (a storage backend's options); empty when unset."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a JSON object; got {raw!r}.") from None
    if not isinstance(value, dict):
        raise ImproperlyConfigured(f"{name} must be a JSON object; got {raw!r}.")
    return value


def env_origins(name: str) -> list[str]:
    origins = env_list(name)
    for origin in origins:
        parts = urlsplit(origin)
        if parts.scheme not in {"http", "https"} or not parts.netloc or parts.path not in {"", "/"}:
            raise ImproperlyConfigured(
                f"{name} takes origins such as https://retest.example.org; got {origin!r}."
            )
    return origins


def env_secret(name: str, *, debug: bool) -> str:
    """The secret key: required in production, a fixed development value only under DEBUG."""
    value = os.environ.get(name, "")
    if value:
        if not debug and len(value) < 50:
            raise ImproperlyConfigured(f"{name} must be at least 50 characters in production.")
        return value
    if debug:
        return "django-insecure-development-only-key-never-used-with-debug-off-0123456789"
    raise ImproperlyConfigured(
        f"{name} is not set. Set it to a long random string, or set DEBUG=1 for local development."
    )


_SCHEMES = {"postgres", "postgresql", "pgsql"}


def parse_database_url(url: str) -> dict[str, Any]:
    """Turn postgres://user:pass@host:port/name?opt=… into a Django DATABASES entry.

    A unix-socket directory can be given percent-encoded in the host part
    (postgresql://user@%2Fvar%2Frun%2Fpostgresql/retest) or as ?host=/path.
    Other query parameters become psycopg connection options (sslmode, connect_timeout, …).
    """
    parts = urlsplit(url)
    if parts.scheme not in _SCHEMES:
        raise ImproperlyConfigured(
            f"DATABASE_URL must be a PostgreSQL URL (postgresql://…); got scheme {parts.scheme!r}."
        )
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("DATABASE_URL must name a database: postgresql://host/retest.")
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    host = unquote(parts.hostname or "") if "%2f" not in parts.netloc.lower() else ""
    if "%2f" in parts.netloc.lower():
        host = unquote(parts.netloc.rsplit("@", 1)[-1])
    host = options.pop("host", host)
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured("DATABASE_URL has a port that is not a number.") from None
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": host,
        "PORT": str(port or ""),
        "OPTIONS": options,
    }


def owner_database_settings(owner_url: str, app: dict[str, Any]) -> dict[str, Any]:
    """The DATABASES entry's keys for two roles: APP_ROLE, and OWNER for clinic.lib.db_roles.

    DATABASE_OWNER_URL names the same database as DATABASE_URL, as a different role; its host
    and port may differ (the app behind a pooler, the owner straight to the server).
    """
    owner = parse_database_url(owner_url)
    if owner["NAME"] != app["NAME"]:
        raise ImproperlyConfigured(
            "DATABASE_OWNER_URL must name the same database as DATABASE_URL "
            f"({app['NAME']!r}); got {owner['NAME']!r}."
        )
    if not owner["USER"] or not app["USER"] or owner["USER"] == app["USER"]:
        raise ImproperlyConfigured(
            "DATABASE_OWNER_URL must name the role that owns the tables, "
            "and DATABASE_URL another role, the app's."
        )
    credentials = {key: owner[key] for key in ("USER", "PASSWORD", "HOST", "PORT", "OPTIONS")}
    return {"APP_ROLE": app["USER"], "OWNER": credentials}
