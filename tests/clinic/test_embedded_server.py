"""The embedded server outlives the processes that use it, however they end.

Each test runs a server of its own on a throwaway data folder, never the suite's, and stops it at
the end. The processes are child Pythons; `killed_at` pauses one after a step of the start-up and
kills it there with SIGKILL, which runs no cleanup at all.
"""

import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil
import pytest

from clinic.lib.embedded_postgres import server

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow

# Start (or reuse) the server of the folder argv[1], run SELECT 1 on it and print the postmaster's
# pid. With argv[2], pause for good once that function of the server module has returned.
CHILD = """
import sys, time
from pathlib import Path

import psycopg

from clinic.lib.embedded_postgres import server

data, pause = sys.argv[1], sys.argv[2]
if pause:
    step = getattr(server, pause)

    def paused(*args, **kwargs):
        step(*args, **kwargs)
        print("paused", flush=True)
        time.sleep(600)

    setattr(server, pause, paused)
host = server.socket_dir(data)
with psycopg.connect(host=host, dbname="postgres", user="postgres") as conn:
    assert conn.execute("SELECT 1").fetchone() == (1,)
print(server.running_server(Path(data).resolve()).pid, flush=True)
"""


def child(data: Path, pause: str = "") -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", CHILD, str(data), pause],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> int:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return int(out.split()[-1])


def connect(data: Path) -> int:
    """The pid of the postmaster a fresh process ends up using, after its SELECT 1."""
    return finish(child(data))


def killed_at(data: Path, pause: str) -> None:
    process = child(data, pause)
    ready, _, _ = select.select([process.stdout], [], [], 120)
    line = process.stdout.readline() if ready else ""
    process.kill()
    _, err = process.communicate(timeout=30)
    assert line.strip() == "paused", err


def postmaster(data: Path) -> int:
    running = server.running_server(data.resolve())
    assert running is not None
    return running.pid


def crash(data: Path) -> None:
    """Kill the postmaster as a power cut would; its children are left to notice and exit."""
    os.kill(postmaster(data), signal.SIGKILL)


@contextmanager
def throwaway_folder() -> Iterator[Path]:
    """A data folder path of its own, removed afterwards with whatever was made there.

    Not under tmp_path: every pytest session makes pytest's temporary folders private to their
    owner again, and the server, which runs as another user when the suite runs as root, must
    keep reaching its folder while other sessions start.
    """
    parent = Path(tempfile.mkdtemp(prefix="retest-pg-"))
    try:
        yield parent / "pg"
    finally:
        server.stop_server(str(parent / "pg"))
        # A cluster takes some 40 MB.
        shutil.rmtree(parent, ignore_errors=True)


@pytest.fixture
def data() -> Iterator[Path]:
    with throwaway_folder() as folder:
        yield folder


@pytest.fixture(scope="module")
def template() -> Iterator[Path]:
    """One initialised, stopped cluster, copied by the tests that are not about initdb."""
    with throwaway_folder() as folder:
        server.socket_dir(str(folder))
        server.stop_server(str(folder))
        yield folder


@pytest.fixture
def cluster(template: Path, data: Path) -> Path:
    shutil.copytree(template, data, symlinks=True)
    owner = template.stat()
    for folder, dirs, files in os.walk(data):
        for name in [folder, *(os.path.join(folder, entry) for entry in dirs + files)]:
            os.lchown(name, owner.st_uid, owner.st_gid)
    return data


@pytest.mark.parametrize(
    "pause",
    [
        "_initdb",  # initdb has finished, the new cluster is not marked complete yet
        "_ensure_initialised",  # the cluster is in place, the server not started
    ],
)
def test_a_process_killed_while_setting_up_the_server_does_not_block_the_next(data, pause):
    killed_at(data, pause)
    connect(data)
    assert (data / server.INITDB_DONE).exists()
    assert not data.with_name(f".{data.name}.initdb").exists()


def test_a_server_left_running_by_a_killed_process_is_reused_not_restarted(cluster):
    killed_at(cluster, "_start_postmaster")  # killed while still holding the lock
    left = postmaster(cluster)
    assert connect(cluster) == left
    assert connect(cluster) == left


def test_two_processes_starting_at_once_share_one_server(data):
    first, second = child(data), child(data)
    assert finish(first) == finish(second) == postmaster(data)


@pytest.mark.parametrize("content", ["", "{[ not json \x00"], ids=["empty", "garbage"])
def test_emptied_or_garbled_bookkeeping_files_do_not_stop_the_next_process(cluster, content):
    def garble() -> None:
        cluster.with_name(f".{cluster.name}.lock").write_text(content)
        (cluster / server.INITDB_DONE).write_text(content)
        (cluster / server.LEGACY_HANDLES).write_text(content)

    first = connect(cluster)
    garble()
    assert connect(cluster) == first
    crash(cluster)  # its postmaster.pid stays behind; garble that too
    (cluster / "postmaster.pid").write_text(content)
    garble()
    assert connect(cluster) != first
    assert not (cluster / server.LEGACY_HANDLES).exists()


@pytest.mark.parametrize("owner", ["dead", "alive"])
def test_a_stale_postmaster_pid_does_not_block_a_start(cluster, owner):
    # A process of the server's own user, as another project's server could be after a reboot.
    uid = cluster.stat().st_uid
    as_owner = {"user": uid, "group": cluster.stat().st_gid} if uid != os.geteuid() else {}
    other = subprocess.Popen(["sleep", "60"], **as_owner)  # noqa: S607
    if owner == "dead":
        other.kill()
        other.wait()
    lines = [other.pid, cluster, int(time.time()), 5432, cluster, "", "0 0", "ready"]
    (cluster / "postmaster.pid").write_text("".join(f"{line}\n" for line in lines))
    try:
        assert connect(cluster) != other.pid
        if owner == "alive":
            assert other.poll() is None, "the unrelated process was left alone"
    finally:
        other.kill()
        other.wait()


def test_a_stopped_server_starts_again_on_the_next_connection(cluster):
    first = connect(cluster)
    assert server.stop_server(str(cluster)) is True
    assert server.running_server(cluster.resolve()) is None
    assert server.stop_server(str(cluster)) is False
    assert connect(cluster) != first


def test_a_half_initialised_folder_is_set_aside_not_deleted(data):
    data.mkdir()
    (data / "PG_VERSION").write_text("18\n")
    (data / "global").mkdir()
    connect(data)
    [aside] = data.parent.glob(f"{data.name}.incomplete-*")
    assert (aside / "PG_VERSION").read_text() == "18\n"
    assert (aside / "global").is_dir()


def test_a_cluster_initialised_in_place_by_an_earlier_version_is_kept(cluster):
    import psycopg

    host = server.socket_dir(str(cluster))
    with psycopg.connect(host=host, dbname="postgres", user="postgres", autocommit=True) as conn:
        conn.execute("CREATE TABLE kept (id int)")
    server.stop_server(str(cluster))
    (cluster / server.INITDB_DONE).unlink()
    (cluster / server.LEGACY_HANDLES).write_text("[4194301]")

    host = server.socket_dir(str(cluster))
    with psycopg.connect(host=host, dbname="postgres", user="postgres") as conn:
        assert conn.execute("SELECT count(*) FROM kept").fetchone() == (0,)
    assert not list(cluster.parent.glob("*.incomplete-*"))


def ended(process: psutil.Process) -> bool:
    # Here the process's parent is init, which may reap it a moment later.
    try:
        return process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


RUN_ONLY = {"DATABASE_URL", "DATABASE_OWNER_URL", "SECRET_KEY"}


def manage_stop(data: Path) -> str:
    env = {
        **{k: v for k, v in os.environ.items() if k not in RUN_ONLY},
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "clinic.settings",
        "EMBEDDED_POSTGRES_DIR": str(data),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "stop_embedded_server"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_stop_command_stops_the_server_and_says_whether_it_ran(cluster):
    running = psutil.Process(connect(cluster))
    assert f"Stopped the embedded PostgreSQL server in {cluster}." in manage_stop(cluster)
    assert ended(running)
    assert server.running_server(cluster.resolve()) is None
    assert "is not running" in manage_stop(cluster)
