"""dev.py, the commands a newcomer runs first, recovers from an interrupted set-up."""

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def dev(tmp_path, monkeypatch) -> ModuleType:
    """dev.py with its .venv in tmp_path and the slow steps recorded instead of run."""
    spec = importlib.util.spec_from_file_location("dev", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    venv = tmp_path / ".venv"
    monkeypatch.setattr(module, "VENV", venv)
    monkeypatch.setattr(module, "PYTHON", venv / "bin" / "python")
    monkeypatch.setattr(module, "STAMP", venv / ".retest-install")
    module.created = []
    module.ran = []

    class Builder:
        def __init__(self, **options: bool) -> None:
            self.options = options

        def create(self, path: Path) -> None:
            module.created.append((path, self.options))

    monkeypatch.setattr(module.venv, "EnvBuilder", Builder)
    monkeypatch.setattr(module, "run", lambda *args, **kwargs: module.ran.append(args))
    return module


def test_a_half_created_virtualenv_without_pip_is_created_again(dev):
    # What a .venv looks like when its creation was killed before pip was installed.
    dev.PYTHON.parent.mkdir(parents=True)
    dev.PYTHON.write_text("#!/bin/sh\nexit 1\n")
    dev.PYTHON.chmod(0o755)
    dev.ensure_environment()
    assert dev.created == [(dev.VENV, {"with_pip": True, "clear": True})]
    assert dev.ran[0][1:4] == ("-m", "pip", "install")


def test_a_working_virtualenv_is_kept_and_only_installed_into(dev):
    dev.PYTHON.parent.mkdir(parents=True)
    dev.PYTHON.symlink_to(sys.executable)
    dev.ensure_environment()
    assert dev.created == []
    assert dev.ran[0][1:4] == ("-m", "pip", "install")
    dev.ran.clear()
    dev.ensure_environment()
    assert dev.ran == []


def test_the_install_is_every_pinned_file_checked_against_its_hash(dev):
    dev.PYTHON.parent.mkdir(parents=True)
    dev.PYTHON.symlink_to(sys.executable)
    dev.ensure_environment()
    assert dev.ran[0][-3:] == ("--require-hashes", "--requirement", dev.DEV_LOCK)


def test_a_pyproject_changed_since_the_lock_stops_with_what_to_run(dev, tmp_path, monkeypatch):
    lock = tmp_path / "requirements-dev.txt"
    lock.write_text(dev.LOCKED_FROM + "0" * 64 + "\ndjango==5.2.19 --hash=sha256:00\n")
    monkeypatch.setattr(dev, "DEV_LOCK", lock)
    with pytest.raises(SystemExit, match=r"python3 dev\.py lock"):
        dev.ensure_environment()
    assert dev.ran == []
