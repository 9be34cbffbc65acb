"""The suite passes on a machine without a browser: the browser tests are skipped, and one line
says how to get one. CI, which installs Chromium, sets RETEST_REQUIRE_BROWSER=1 to fail instead."""

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.browser import conftest as browser_setup

ROOT = Path(__file__).resolve().parents[1]
ONE_BROWSER_TEST = "tests/browser/test_clients_in_browser.py::test_the_login_page_is_accessible"


def run_browser_test(**env: str) -> subprocess.CompletedProcess[str]:
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("RETEST_")}
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "pytest", ONE_BROWSER_TEST, "-q", "-p", "no:randomly"],
        cwd=ROOT,
        env={**inherited, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
@pytest.mark.parametrize("chromium", ["/nowhere/chromium", "none"])
def test_without_a_browser_the_browser_tests_are_skipped_and_one_line_says_why(chromium):
    result = run_browser_test(RETEST_CHROMIUM=chromium)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 skipped" in result.stdout
    [line] = [line for line in result.stdout.splitlines() if "Browser tests skipped" in line]
    assert f"RETEST_CHROMIUM={chromium}" in line
    assert "apt-get install chromium" in line


@pytest.mark.slow
def test_when_a_browser_is_required_its_absence_fails_the_run():
    result = run_browser_test(RETEST_CHROMIUM="none", RETEST_REQUIRE_BROWSER="1")
    assert result.returncode != 0
    assert "RETEST_REQUIRE_BROWSER=1, but no browser" in result.stdout + result.stderr


def test_the_browser_is_retest_chromium_then_debians_then_playwrights(tmp_path, monkeypatch):
    chosen, debian, downloaded = (tmp_path / name for name in ("chosen", "debian", "downloaded"))
    for path in (chosen, debian, downloaded):
        path.touch()

    @contextmanager
    def playwright() -> Iterator[SimpleNamespace]:
        yield SimpleNamespace(chromium=SimpleNamespace(executable_path=str(downloaded)))

    monkeypatch.setattr(browser_setup, "sync_playwright", playwright)
    monkeypatch.setattr(browser_setup, "DEBIAN_CHROMIUM", debian)
    monkeypatch.setenv("RETEST_CHROMIUM", str(chosen))
    assert browser_setup.find_chromium() == str(chosen)
    monkeypatch.setenv("RETEST_CHROMIUM", "none")
    assert browser_setup.find_chromium() is None
    monkeypatch.delenv("RETEST_CHROMIUM")
    assert browser_setup.find_chromium() == str(debian)
    debian.unlink()
    assert browser_setup.find_chromium() == str(downloaded)
    downloaded.unlink()
    assert browser_setup.find_chromium() is None
