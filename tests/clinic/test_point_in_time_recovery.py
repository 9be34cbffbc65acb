"""A rehearsal of the README's point-in-time recovery, on a throwaway cluster of the wheel's.

WAL archiving on, a base backup with pg_basebackup, writes at T1, more writes after T1, the
server lost; then the base backup plus the archive, recovered to recovery_target_time = T1, has
exactly the writes committed by T1. The same steps, with a real archive store, are the
production procedure.
"""

import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from clinic.lib.embedded_postgres.programs import (
    last_line,
    let_user_reach,
    run_program,
    system_user,
)

pytestmark = pytest.mark.slow


@pytest.fixture
def folder() -> Iterator[Path]:
    """Not under tmp_path: the server may run as another user, who must reach the folder."""
    parent = Path(tempfile.mkdtemp(prefix="retest-pitr-"))
    let_user_reach(parent)
    try:
        yield parent
    finally:
        for data in (parent / "primary", parent / "restored"):
            if (data / "postmaster.pid").exists():
                run_program("pg_ctl", "-D", data, "-m", "immediate", "stop", user=system_user())
        shutil.rmtree(parent, ignore_errors=True)


def owned_folder(path: Path) -> Path:
    path.mkdir(mode=0o700)
    user = system_user()
    if user is not None:
        shutil.chown(path, user.pw_uid, user.pw_gid)
    return path


def program(*args: str | Path) -> None:
    result = run_program(*args, user=system_user())
    assert result.returncode == 0, last_line(result)


def start(data: Path) -> None:
    result = run_program(
        "pg_ctl", "-D", data, "-w", "-t", 60, "-l", data / "log", "start", user=system_user()
    )
    log = (data / "log").read_text() if (data / "log").exists() else ""
    assert result.returncode == 0, "\n".join(log.splitlines()[-8:])


def configure(data: Path, **settings: str) -> None:
    with (data / "postgresql.auto.conf").open("a") as conf:
        for name, value in settings.items():
            conf.write(f"{name} = '{value}'\n")


def sockets(data: Path) -> Path:
    """Each server's socket folder, outside its data folder, which the base backup copies."""
    return data.with_name(f"{data.name}-sockets")


def connect(data: Path) -> psycopg.Connection:
    return psycopg.connect(
        host=str(sockets(data)), dbname="postgres", user="postgres", autocommit=True
    )


def notes(data: Path) -> list[str]:
    with connect(data) as conn:
        return [row[0] for row in conn.execute("SELECT note FROM visit ORDER BY id")]


def test_recovery_to_a_time_brings_back_exactly_the_writes_committed_by_then(folder):
    primary, archive = owned_folder(folder / "primary"), owned_folder(folder / "archive")
    restored = owned_folder(folder / "restored")
    owned_folder(sockets(primary))
    owned_folder(sockets(restored))
    program("initdb", "-D", primary, "--auth=trust", "-U", "postgres")
    # As in production: every finished WAL segment is copied to the archive, never overwritten.
    configure(
        primary,
        listen_addresses="",
        unix_socket_directories=str(sockets(primary)),
        wal_level="replica",
        archive_mode="on",
        archive_command=f"test ! -f {archive}/%f && cp %p {archive}/%f",
    )
    start(primary)
    with connect(primary) as conn:
        conn.execute("CREATE TABLE visit (id serial PRIMARY KEY, note text NOT NULL)")
        conn.execute("INSERT INTO visit (note) VALUES ('before the base backup')")
    # The base backup (nightly, say): a copy of the running cluster, no downtime.
    program("pg_basebackup", "-h", sockets(primary), "-U", "postgres", "-D", restored, "-c", "fast")
    with connect(primary) as conn:
        conn.execute("INSERT INTO visit (note) VALUES ('T1 a'), ('T1 b')")
        conn.execute("INSERT INTO visit (note) VALUES ('T1 c')")
        conn.execute("SET TimeZone = 'UTC'")
        (t1,) = conn.execute("SELECT clock_timestamp()::text").fetchone()
        time.sleep(0.2)
        conn.execute("INSERT INTO visit (note) VALUES ('after T1: a mistaken bulk change')")
        conn.execute("UPDATE visit SET note = 'overwritten' WHERE note LIKE 'T1%'")
        (segment,) = conn.execute("SELECT pg_walfile_name(pg_switch_wal())").fetchone()
        deadline = time.monotonic() + 60
        while not (archive / segment).exists():
            assert time.monotonic() < deadline, "the WAL segment was never archived"
            time.sleep(0.1)
        assert notes(primary)[-1] == "after T1: a mistaken bulk change"
    # The server is lost (or the mistake must be undone): only the base backup and archive remain.
    program("pg_ctl", "-D", primary, "-m", "immediate", "stop")
    configure(
        restored,
        unix_socket_directories=str(sockets(restored)),
        archive_mode="off",
        restore_command=f"cp {archive}/%f %p",
        recovery_target_time=t1,
        recovery_target_action="promote",
    )
    (restored / "recovery.signal").touch()
    start(restored)
    deadline = time.monotonic() + 60
    while True:
        with connect(restored) as conn:
            (in_recovery,) = conn.execute("SELECT pg_is_in_recovery()").fetchone()
        if not in_recovery:
            break
        assert time.monotonic() < deadline, "recovery never finished"
        time.sleep(0.1)
    assert notes(restored) == ["before the base backup", "T1 a", "T1 b", "T1 c"]
    assert "recovery stopping before commit" in (restored / "log").read_text()
