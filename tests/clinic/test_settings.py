import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from clinic.lib.env import (
    env_bool,
    env_int,
    env_origins,
    env_secret,
    owner_database_settings,
    parse_database_url,
)

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "a-production-secret-that-is-long-and-random-0123456789-abcdefghij",
    "DEBUG": "0",
    "ALLOWED_HOSTS": "retest.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://retest.example.org",
    "DATABASE_URL": "postgresql://retest:secret@db.internal:5432/retest",
    "DATABASE_OWNER_URL": "postgresql://retest_owner:secret@db.internal:5432/retest",
}


# Variables a test run may carry that would change what a fresh process sees.
RUN_ONLY = {
    "DATABASE_URL",
    "DATABASE_OWNER_URL",
    "DEBUG",
    "SECRET_KEY",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def fresh_env(**overrides: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if k not in RUN_ONLY}
    return {**clean, "DJANGO_SETTINGS_MODULE": "clinic.settings", **overrides}


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=fresh_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )


SHOW_DATABASE = (
    "import django; django.setup(); from django.conf import settings; "
    "d = settings.DATABASES['default']; "
    "print(d['ENGINE'], d['NAME'], d['HOST'], d['CONN_HEALTH_CHECKS'], d['CONN_MAX_AGE'])"
)


def test_without_database_url_the_embedded_server_is_used():
    result = run_python(SHOW_DATABASE, {"DEBUG": "1"})
    assert result.returncode == 0, result.stderr
    engine, name, *_rest, health, _age = result.stdout.split()
    assert engine == "clinic.lib.embedded_postgres"
    assert name == "retest"
    assert health == "True"


def test_with_database_url_that_server_is_used_with_health_checks_and_persistent_connections():
    result = run_python(SHOW_DATABASE, PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "retest",
        "db.internal",
        "True",
        "600",
    ]


def test_production_settings_pass_the_deploy_check_with_no_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=fresh_env(**PRODUCTION_ENV),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


SHOW_ROLES = (
    "import django; django.setup(); from django.conf import settings; "
    "d = settings.DATABASES['default']; "
    "print(d['USER'], d.get('APP_ROLE'), d.get('OWNER', {}).get('USER'), d.get('NAME'))"
)


def test_the_app_connects_as_its_own_role_and_knows_the_owners_for_migrate():
    embedded = run_python(SHOW_ROLES, {"DEBUG": "1"})
    assert embedded.stdout.split() == ["retest_app", "retest_app", "retest_owner", "retest"]
    external = run_python(SHOW_ROLES, PRODUCTION_ENV)
    assert external.stdout.split() == ["retest", "retest", "retest_owner", "retest"]


def test_without_an_owner_url_the_deploy_check_warns_that_the_app_owns_the_tables():
    single_role = {**PRODUCTION_ENV}
    del single_role["DATABASE_OWNER_URL"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=fresh_env(**single_role),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "(clinic.W001) The app connects to PostgreSQL as the role that owns the tables" in (
        result.stderr
    )


@pytest.mark.parametrize(
    ("owner_url", "message"),
    [
        ("postgresql://retest_owner@db.internal/other", "must name the same database"),
        ("postgresql://retest@db.internal/retest", "must name the role that owns the tables"),
        ("postgresql://db.internal/retest", "must name the role that owns the tables"),
    ],
)
def test_an_owner_url_must_be_another_role_on_the_same_database(owner_url, message):
    app = parse_database_url("postgresql://retest@db.internal/retest")
    with pytest.raises(ImproperlyConfigured, match=message):
        owner_database_settings(owner_url, app)


def test_the_owner_may_connect_another_way_than_the_app_for_instance_past_the_pooler():
    app = parse_database_url("postgresql://retest:a@pooler.internal:6432/retest")
    owner = owner_database_settings(
        "postgresql://retest_owner:b@db.internal:5432/retest?sslmode=require", app
    )
    assert owner["APP_ROLE"] == "retest"
    assert owner["OWNER"] == {
        "USER": "retest_owner",
        "PASSWORD": "b",
        "HOST": "db.internal",
        "PORT": "5432",
        "OPTIONS": {"sslmode": "require"},
    }


def test_debug_is_off_and_a_secret_is_required_unless_debug_is_asked_for():
    result = run_python("import django; django.setup()", {})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_an_unreachable_database_gets_a_short_explanation_not_a_traceback():
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate"],
        cwd=ROOT,
        env=fresh_env(DEBUG="1", DATABASE_URL="postgresql://postgres@127.0.0.1:1/retest"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Cannot reach database 'retest' on 127.0.0.1:1" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("YES", True), ("on", True), ("0", False), ("off", False)],
)
def test_booleans_accept_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("FLAG", raw)
    assert env_bool("FLAG") is expected


def test_a_misspelt_boolean_fails_loudly(monkeypatch):
    monkeypatch.setenv("DEBUG", "ture")
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be one of"):
        env_bool("DEBUG")


def test_a_non_numeric_integer_fails_loudly(monkeypatch):
    monkeypatch.setenv("CONN_MAX_AGE", "ten")
    with pytest.raises(ImproperlyConfigured, match="CONN_MAX_AGE must be a whole number"):
        env_int("CONN_MAX_AGE", 0)


def test_a_short_production_secret_is_refused(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(ImproperlyConfigured, match="at least 50 characters"):
        env_secret("SECRET_KEY", debug=False)


def test_a_trusted_origin_without_a_scheme_is_refused(monkeypatch):
    monkeypatch.setenv("CSRF_TRUSTED_ORIGINS", "retest.example.org")
    with pytest.raises(ImproperlyConfigured, match="origins such as"):
        env_origins("CSRF_TRUSTED_ORIGINS")


@pytest.mark.parametrize(
    ("url", "host", "port", "user", "password", "name", "options"),
    [
        ("postgresql://u:p%40ss@db:6543/retest", "db", "6543", "u", "p@ss", "retest", {}),
        (
            "postgres://u@db/retest?sslmode=require",
            "db",
            "",
            "u",
            "",
            "retest",
            {"sslmode": "require"},
        ),
        (
            "postgresql://u@%2Fvar%2Frun%2Fpostgresql/retest",
            "/var/run/postgresql",
            "",
            "u",
            "",
            "retest",
            {},
        ),
        (
            "postgresql://postgres:@/retest?host=/tmp/pg",
            "/tmp/pg",
            "",
            "postgres",
            "",
            "retest",
            {},
        ),
    ],
)
def test_database_urls_including_unix_sockets_are_understood(
    url, host, port, user, password, name, options
):
    parsed = parse_database_url(url)
    assert (parsed["HOST"], parsed["PORT"], parsed["USER"], parsed["PASSWORD"], parsed["NAME"]) == (
        host,
        port,
        user,
        password,
        name,
    )
    assert parsed["OPTIONS"] == options


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://db/retest", "must be a PostgreSQL URL"),
        ("postgresql://db:5432/", "must name a database"),
        ("postgresql://db:port/retest", "port that is not a number"),
    ],
)
def test_bad_database_urls_fail_loudly(url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        parse_database_url(url)
