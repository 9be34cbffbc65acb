"""Checks on the project as a whole: migrations, layering, no SQLite."""

import ast
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]
# Each app may import only the apps to its left: clinic ← exercises ← assessments ← demo.
# The demo clinic and the benchmark sit on top, so no domain module can come to depend on them.
LAYERS = ["clinic", "exercises", "assessments", "demo"]


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def imported_modules(path: Path) -> set[str]:
    """Every module path imports, relative imports resolved against path's own package."""
    package = list(path.relative_to(ROOT).parent.parts)
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            found.add(".".join([*base, *([node.module] if node.module else [])]))
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def imported_apps(path: Path) -> set[str]:
    return {module.split(".")[0] for module in imported_modules(path)} & set(LAYERS)


@pytest.mark.parametrize("app", LAYERS)
def test_apps_import_only_the_layers_below_them(app):
    allowed = set(LAYERS[: LAYERS.index(app) + 1])
    for path in (ROOT / app).rglob("*.py"):
        wrong = imported_apps(path) - allowed
        assert not wrong, f"{path.relative_to(ROOT)} imports {sorted(wrong)}"


def test_the_comparison_core_imports_neither_django_nor_the_rest_of_the_project():
    core = ROOT / "assessments" / "comparison"
    for path in core.rglob("*.py"):
        wrong = {
            module
            for module in imported_modules(path)
            if module.split(".")[0] in {"django", *LAYERS}
            and not module.startswith("assessments.comparison")
        }
        assert not wrong, f"{path.relative_to(ROOT)} imports {sorted(wrong)}"


def test_relative_imports_are_resolved_to_the_module_they_name():
    # A module inside the core that reached up to the models would be caught.
    judge = ROOT / "assessments" / "comparison" / "judge.py"
    assert "assessments.comparison.types" in imported_modules(judge)
    models = ROOT / "assessments" / "models" / "__init__.py"
    assert "assessments.models.definitions" in imported_modules(models)


def test_nothing_in_the_project_uses_sqlite():
    tracked = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    offenders = [
        name
        for name in tracked
        if name.endswith((".py", ".toml", ".html", ".cfg", ".ini", ".txt"))
        and name != "tests/test_project.py"
        and "sqlite" in (ROOT / name).read_text(errors="ignore").lower()
    ]
    assert offenders == []
