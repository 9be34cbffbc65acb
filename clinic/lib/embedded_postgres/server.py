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
import logging
import os
import pwd
import shlex
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .programs import (
    TIMEOUT,
    EmbeddedServerError,
    binaries,
    last_line,
    let_user_reach,
    postgres_processes_in,
    run_program,
    serves,
    system_user,
    write_owned,
)

logger = logging.getLogger(__name__)

SUPERUSER = "postgres"
# Written into a new cluster once initdb has succeeded, before the cluster is moved into place.
INITDB_DONE = ".initdb-done"
# The list of user processes that earlier versions kept in the data folder; never read now.
LEGACY_HANDLES = ".handle_pids.json"
SOCKET_NAME = ".s.PGSQL.5432"
# A unix socket's path must fit sun_path: 108 bytes on Linux, 104 on macOS, with the final NUL.
MAX_SOCKET_PATH = 103


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
    if not serves(pid, data):
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
        stopped = run_program(
            "pg_ctl", "-D", data, "-m", "fast", "-w", "-t", TIMEOUT, "stop", user=system_user()
        )
        if stopped.returncode:
            raise EmbeddedServerError(
                f"The embedded PostgreSQL server in {data} did not stop ({last_line(stopped)}). "
                f"Its log is {data / 'log'}."
            )
    return True


def _start(data: Path) -> Postmaster:
    programs = binaries()
    try:
        with _locked(data):
            server = _wait_for_others(data)
            if server is not None:
                return server
            user = system_user()
            if user is not None:
                let_user_reach(data.parent, programs)
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
        users = [server.pid] if server is not None else postgres_processes_in(data)
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
        write_owned(data / INITDB_DONE, user)
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
    write_owned(staging / INITDB_DONE, user)
    staging.rename(data)


def _initdb(folder: Path, user: pwd.struct_passwd | None) -> None:
    logger.info("initialising a PostgreSQL cluster in %s", folder)
    result = run_program(
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
        raise EmbeddedServerError(f"initdb failed: {last_line(result)}")


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
    result = run_program("pg_ctl", *args, user=user)
    if result.returncode:
        raise EmbeddedServerError(last_line(result))


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
