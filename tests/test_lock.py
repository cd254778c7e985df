"""The lock file pins every dependency that pyproject.toml names (main and every extra).

A branch that adds a dependency without ``make lock`` would otherwise install it unpinned."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_dependency_is_pinned_in_the_lock() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        wanted += extra
    names = {_norm(re.split(r"[\s\[<>=!~;]", spec, maxsplit=1)[0]) for spec in wanted}
    names.discard("thidua")  # an extra may include another extra of this project
    lock = ROOT / "requirements" / "constraints.txt"
    pinned = {_norm(line.split("==")[0]) for line in lock.read_text(encoding="utf-8").splitlines()
              if "==" in line and not line.startswith("#")}
    missing = sorted(names - pinned)
    assert not missing, f"Chưa khoá phiên bản trong {lock.name} (chạy make lock): {', '.join(missing)}"
