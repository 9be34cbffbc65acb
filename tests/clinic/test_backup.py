"""`manage.py backup` and `manage.py restore`: private, atomic files and a restore that refuses
to write over data or to leave a half-restored database behind.

The backups here are of the test database as committed: the shipped catalog and test library
(a test's own transaction is invisible to pg_dump, as it would be to any other session).
"""

import hashlib
import json
import re
import shutil
import stat
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connections
from pytest_django import DjangoDbBlocker

from clinic.lib.backup.connection import program, program_connection
from tests.clinic.backup_helpers import (
    database_exists,
    empty_database,
    relations_in,
    run,
    scratch_name,
)


@pytest.fixture(scope="module")
def backup(
    tmp_path_factory: pytest.TempPathFactory,
    django_db_setup: None,
    django_db_blocker: DjangoDbBlocker,
) -> Iterator[tuple[Path, str]]:
    """One backup of the test database for the module: its dump's path and the command's output."""
    dump = tmp_path_factory.mktemp("backup") / "retest.dump"
    with django_db_blocker.unblock():
        yield dump, run("backup", "--output", dump)


@pytest.fixture
def damaged(backup, tmp_path) -> Path:
    """A copy of the backup that lost its end, as a full disk or an interrupted copy would.

    Only the last few per cent: the table of contents at the start stays readable, so it is the
    restore itself that runs into the end of the file.
    """
    dump, _ = backup
    copy = tmp_path / "cut.dump"
    data = dump.read_bytes()
    copy.write_bytes(data[: len(data) * 95 // 100])
    return copy


def test_backup_writes_a_private_dump_manifest_and_roles_and_prints_size_and_sha256(backup):
    dump, output = backup
    files = [dump, dump.with_name("retest.manifest.json"), dump.with_name("retest.globals.sql")]
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    # Written under temporary names and renamed: nothing half-written is left beside them.
    assert sorted(p.name for p in dump.parent.iterdir()) == sorted(p.name for p in files)
    data = dump.read_bytes()
    assert data.startswith(b"PGDMP")  # pg_dump's custom format
    sha256 = hashlib.sha256(data).hexdigest()
    assert f"size {len(data):,} bytes, sha256 {sha256}" in output
    manifest = json.loads(files[1].read_text())
    assert manifest["dump"] == {"file": "retest.dump", "bytes": len(data), "sha256": sha256}
    assert manifest["tables"]["public.exercises_exercise"]["rows"] > 0
    assert "CREATE ROLE" in files[2].read_text()


def test_backup_goes_under_var_backups_with_a_utc_timestamp_by_default(db, settings, tmp_path):
    settings.BASE_DIR = tmp_path
    output = run("backup")
    database = program_connection().database
    (dump,) = (tmp_path / "var" / "backups").glob("*.dump")
    assert re.fullmatch(rf"{database}-\d{{8}}T\d{{6}}Z\.dump", dump.name)
    assert str(dump) in output
    assert stat.S_IMODE(dump.parent.stat().st_mode) == 0o700


def test_var_is_ignored_by_git():
    ignored = (Path(__file__).resolve().parents[2] / ".gitignore").read_text().splitlines()
    assert "var/" in ignored


def test_backup_refuses_a_pg_dump_older_than_the_server(db, settings, tmp_path):
    old = tmp_path / "pg_dump"
    old.write_text('#!/bin/sh\necho "pg_dump (PostgreSQL) 9.6.24"\n')
    old.chmod(0o755)
    settings.POSTGRES_BIN_DIR = str(tmp_path)
    with pytest.raises(CommandError, match=r"is PostgreSQL 9 but the server is PostgreSQL \d+"):
        run("backup", "--output", tmp_path / "never.dump")
    assert not (tmp_path / "never.dump").exists()


def test_restore_refuses_the_configured_database_when_it_has_tables(db, backup):
    dump, _ = backup
    with pytest.raises(CommandError, match=r"is not empty .* --database-name NAME"):
        run("restore", dump)


def test_restore_refuses_a_named_database_that_has_tables(db, backup):
    dump, _ = backup
    with pytest.raises(CommandError, match="is not empty"):
        run("restore", dump, "--database-name", program_connection().database)


def test_restore_creates_a_named_database_and_checks_it_against_the_manifest(db, backup):
    dump, _ = backup
    with scratch_name() as name:
        output = run("restore", dump, "--database-name", name)
        assert f"Restored into {name!r}" in output
        assert "every table matches the backup's manifest" in output
        assert "schema matches this code's migrations" in output


def test_a_truncated_backup_is_refused_by_its_manifest_before_anything_is_written(
    db, backup, damaged
):
    dump, _ = backup
    shutil.copy(dump.with_name("retest.manifest.json"), damaged.with_name("cut.manifest.json"))
    with scratch_name() as name:
        with pytest.raises(CommandError, match=r"truncated or damaged\. Nothing was restored"):
            run("restore", damaged, "--database-name", name)
        assert not database_exists(name)


def test_a_truncated_backup_without_manifest_fails_and_leaves_the_target_empty(db, damaged):
    with empty_database() as name:
        with pytest.raises(CommandError, match=r"rolled back: database .* is left empty"):
            run("restore", damaged, "--database-name", name)
        assert relations_in(name) == 0


def test_a_database_created_for_a_failed_restore_is_dropped_again(db, damaged):
    with scratch_name() as name:
        with pytest.raises(CommandError, match="was dropped again"):
            run("restore", damaged, "--database-name", name)
        assert not database_exists(name)


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    junk = tmp_path / "notes.dump"
    junk.write_text("not a backup")
    with scratch_name() as name:
        with pytest.raises(CommandError, match="not a backup pg_restore can read"):
            run("restore", junk, "--database-name", name)
        assert not database_exists(name)


def test_restore_records_each_outcome_for_the_drill_log(db, backup, damaged, tmp_path):
    dump, _ = backup
    log = tmp_path / "drills.jsonl"
    with scratch_name() as name:
        run("restore", dump, "--database-name", name, "--record", log)
    with scratch_name() as name, pytest.raises(CommandError):
        run("restore", damaged, "--database-name", name, "--record", log)
    ok, failed = (json.loads(line) for line in log.read_text().splitlines())
    assert ok["result"] == "ok" and ok["verified_against_manifest"] is True
    assert ok["tables"] > 0 and ok["seconds"] >= 0
    assert failed["result"] == "failed" and "rolled back" in failed["error"]


def test_the_password_reaches_programs_through_the_environment_only(db, monkeypatch):
    settings_dict = connections["default"].settings_dict
    monkeypatch.setitem(settings_dict, "PASSWORD", "s3cret-pass")
    monkeypatch.setitem(settings_dict, "OPTIONS", {"sslmode": "prefer", "isolation_level": 1})
    connection = program_connection()
    assert "s3cret-pass" not in connection.conninfo()
    assert "sslmode=prefer" in connection.conninfo()
    assert "isolation_level" not in connection.conninfo()
    assert connection.env()["PGPASSWORD"] == "s3cret-pass"


def test_a_server_that_refuses_the_roles_still_gets_its_backup(db, settings, tmp_path):
    """As on a managed server, where pg_dumpall cannot read the roles even without passwords."""
    real = program("pg_dump", program_connection())
    tools = tmp_path / "bin"
    tools.mkdir()
    for name, body in (
        ("pg_dump", f'exec "{real}" "$@"'),
        (
            "pg_dumpall",
            'echo "pg_dumpall: error: permission denied for table pg_authid" >&2; exit 1',
        ),
    ):
        (tools / name).write_text(f"#!/bin/sh\n{body}\n")
        (tools / name).chmod(0o755)
    settings.POSTGRES_BIN_DIR = str(tools)
    dump = tmp_path / "out" / "retest.dump"
    err = StringIO()
    call_command("backup", "--output", str(dump), stdout=StringIO(), stderr=err)
    assert "Roles not saved: pg_dumpall --globals-only failed: " in err.getvalue()
    assert "permission denied" in err.getvalue()
    manifest = json.loads(dump.with_name("retest.manifest.json").read_text())
    assert manifest["globals"] is None and "permission denied" in manifest["globals_skipped"]
    assert sorted(p.name for p in dump.parent.iterdir()) == ["retest.dump", "retest.manifest.json"]


def test_restore_fails_when_a_restored_table_differs_from_the_manifest(db, backup, tmp_path):
    """The manifest says how the exercise table must come back; here it claims other content."""
    dump, _ = backup
    copy = tmp_path / "other.dump"
    shutil.copy(dump, copy)
    manifest = json.loads(dump.with_name("retest.manifest.json").read_text())
    table = manifest["tables"]["public.exercises_exercise"]
    table["sha256"] = "0" * 64
    copy.with_name("other.manifest.json").write_text(json.dumps(manifest))
    with scratch_name() as name:
        message = (
            rf"differs from the backup .*\n  public.exercises_exercise: "
            rf"same {table['rows']} rows but different content$"
        )
        with pytest.raises(CommandError, match=message):
            run("restore", copy, "--database-name", name)
