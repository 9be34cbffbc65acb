"""The dependencies can be audited: one pinned version and its hashes for every package, in
step with pyproject.toml, an SBOM made from them, and an audit that says what it checked."""

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^ ;\\]+)")


def pins(lock: str) -> dict[str, str]:
    found = {}
    for line in (ROOT / lock).read_text().splitlines():
        if match := PIN.match(line):
            found[canonicalize_name(match[1])] = match[2]
    return found


def entries(lock: str) -> list[str]:
    """Each pinned requirement with its continuation lines, as one string."""
    text = (ROOT / lock).read_text().replace("\\\n", " ")
    return [line for line in text.splitlines() if PIN.match(line)]


@pytest.mark.parametrize(
    ("lock", "declared"),
    [
        ("requirements.txt", PYPROJECT["project"]["dependencies"]),
        (
            "requirements-dev.txt",
            PYPROJECT["project"]["dependencies"]
            + PYPROJECT["project"]["optional-dependencies"]["dev"],
        ),
    ],
)
def test_every_declared_dependency_is_pinned_within_its_range(lock, declared):
    pinned = pins(lock)
    for text in declared:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{name} is not in {lock}: run python3 dev.py lock"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"{lock} pins {name} {pinned[name]}, outside {requirement.specifier}"
        )


@pytest.mark.parametrize("lock", ["requirements.txt", "requirements-dev.txt"])
def test_every_pinned_package_carries_its_hashes(lock):
    for entry in entries(lock):
        assert "--hash=sha256:" in entry, entry.split()[0]


def test_the_runtime_lock_holds_no_development_tool():
    runtime = pins("requirements.txt")
    for tool in ("pytest", "playwright", "mypy", "ruff", "uv", "pip-audit"):
        assert tool not in runtime


@pytest.mark.slow
def test_the_sbom_lists_every_runtime_package_with_its_version_and_hashes(tmp_path):
    output = tmp_path / "sbom.json"
    command = [Path(sys.executable).parent / "cyclonedx-py", "requirements"]
    command += [ROOT / "requirements.txt", "--pyproject", ROOT / "pyproject.toml"]
    command += ["--output-format", "JSON", "--output-file", output]
    subprocess.run(  # noqa: S603
        command,
        check=True,
        capture_output=True,
    )
    sbom = json.loads(output.read_text())
    assert sbom["bomFormat"] == "CycloneDX"
    assert sbom["metadata"]["component"]["name"] == "retest"
    listed = {canonicalize_name(c["name"]): c for c in sbom["components"]}
    for name, version in pins("requirements.txt").items():
        assert listed[name]["version"] == version
        assert listed[name]["purl"].startswith(f"pkg:pypi/{name}@{version}")
        distribution = listed[name]["externalReferences"][0]
        assert distribution["type"] == "distribution"
        assert distribution["hashes"], name


@pytest.mark.slow
def test_an_audit_that_reaches_no_database_says_so_and_is_not_called_clean(tmp_path):
    # A proxy that refuses every connection: no vulnerability database can be reached.
    offline = {
        **os.environ,
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "HTTP_PROXY": "http://127.0.0.1:9",
    }
    audit = [sys.executable, ROOT / "dev.py", "audit"]
    result = subprocess.run(audit, env=offline, capture_output=True, text=True, cwd=ROOT)  # noqa: S603
    assert result.returncode == 0
    assert "NOT AUDITED: 0 of" in result.stdout
    assert "No known vulnerabilities" not in result.stdout
    required = {**offline, "RETEST_AUDIT_REQUIRED": "1"}
    result = subprocess.run(audit, env=required, capture_output=True, text=True, cwd=ROOT)  # noqa: S603
    assert result.returncode == 1
