"""Migrations carry their own SQL: changing application code never changes an old migration."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from thidua.reports import summary_sql

SRC = Path(__file__).resolve().parents[2] / "src" / "thidua"
MIGRATIONS = sorted(p for p in SRC.glob("*/migrations/0*.py"))


@pytest.mark.parametrize("vendor", ["postgresql", "sqlite"])
def test_the_latest_tally_migration_froze_what_summary_sql_produces(vendor: str) -> None:
    """0003 is, so far, the last migration installing the tallies' triggers; its frozen text is
    byte for byte what ``summary_sql`` produces. If you change ``summary_sql``, add a migration
    with the new text frozen in it and point this test at that migration."""
    latest = importlib.import_module("thidua.reports.migrations.0003_narrow_tallies")
    assert list(latest.INSTALL[vendor]) == summary_sql.install(vendor)
    assert list(latest.DROP[vendor]) == summary_sql.drop(vendor)
    assert list(latest.REBUILD[vendor]) == summary_sql.rebuild_statements(vendor)


def _imported_modules(tree: ast.Module) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names.append("." * node.level + (node.module or ""))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "import_module" and node.args and isinstance(node.args[0], ast.Constant)):
            names.append(str(node.args[0].value))
    return names


def _allowed(module: str) -> bool:
    """Django, the standard library, earlier migrations, and an app's ``models`` module (Django writes
    references to ``upload_to`` and validator functions that way; they are looked up, not run as SQL)."""
    if module.startswith("thidua."):
        parts = module.split(".")
        return (len(parts) == 3 and parts[2] == "models") or (len(parts) == 4 and parts[2] == "migrations")
    return not module.startswith(".")


def test_no_migration_imports_live_application_code() -> None:
    assert MIGRATIONS, "no migrations found"
    offenders = [f"{path.relative_to(SRC)}: {module}" for path in MIGRATIONS
                 for module in _imported_modules(ast.parse(path.read_text(encoding="utf-8")))
                 if not _allowed(module)]
    assert offenders == []
