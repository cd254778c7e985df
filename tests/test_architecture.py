"""The seams between apps (docs: ARCHITECTURE "Seams", README «Kiến trúc»), checked on the source.

Every ``import`` of ``src/thidua`` is read with ``ast`` — also the ones inside functions (lazy imports
hide cycles, they do not remove them). Migrations are left out: Django orders them by their own graph.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "thidua"

# Lower layers first; an app may import its own layer and the layers below, never above.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"rules"}),
    frozenset({"core", "audit", "formats"}),
    frozenset({"accounts"}),  # accounts ← org: org scopes users by duck typing, accounts never imports org
    frozenset({"org"}),
    frozenset({"registry"}),
    frozenset({"nominations"}),
    frozenset({"council", "decisions", "movements"}),  # movements turns proposals into dossiers
    frozenset({"documents", "portal", "reports"}),
    frozenset({"web", "demo", "api"}),
    # The root modules; testenv (pytest plugin) and typecheck_settings (mypy) only choose the mode.
    frozenset({"cli", "__main__", "urls", "settings", "wsgi", "testenv", "typecheck_settings"}),
)
RANK = {app: rank for rank, apps in enumerate(LAYERS) for app in apps}
# The project's root modules wire every app together: they may import views (URL configuration).
ROOTS = frozenset({"cli", "__main__", "urls", "settings", "wsgi", "testenv", "typecheck_settings"})


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_module(dotted: str) -> bool:
    base = SRC.joinpath(*dotted.split("."))
    return base.with_suffix(".py").exists() or (base / "__init__.py").exists()


def imported_modules(source: str, module: str, *, is_package: bool = False) -> list[tuple[str, int]]:
    """(dotted module, line) of every import in ``source``, relative ones resolved, at any depth."""
    found: list[tuple[str, int]] = []
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.append((sub if _is_module(sub) else target, node.lineno))
    return found


def app_of(dotted: str) -> str | None:
    parts = dotted.split(".")
    return parts[1] if parts[0] == "thidua" and len(parts) > 1 else None


def _edges() -> list[tuple[str, str, str, str]]:
    """(importing app, imported app, imported module, where) for every import across apps."""
    edges = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = _module_name(path)
        source_app = app_of(module)
        if source_app is None:  # thidua/__init__.py
            continue
        for target, line in imported_modules(path.read_text(encoding="utf-8"), module,
                                             is_package=path.name == "__init__.py"):
            target_app = app_of(target)
            if target_app and target_app != source_app:
                edges.append((source_app, target_app, target, f"{path.relative_to(SRC)}:{line}"))
    return edges


EDGES = _edges()


def test_every_app_has_a_layer() -> None:
    apps = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    apps |= {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    apps -= {"locale"}
    assert sorted(apps - RANK.keys()) == []


def test_apps_import_downward_only() -> None:
    upward = [f"{where}: {src} (layer {RANK[src]}) imports {module} (layer {RANK[dst]})"
              for src, dst, module, where in EDGES if RANK[dst] > RANK[src]]
    assert upward == []


def test_no_cycle_between_apps() -> None:
    graph: dict[str, set[str]] = defaultdict(set)
    for src, dst, _module, _where in EDGES:
        graph[src].add(dst)
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(app: str, trail: list[str]) -> None:
        state[app] = 1
        for nxt in sorted(graph[app]):
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[app] = 2

    for app in sorted(graph):
        if app not in state:
            visit(app, [app])
    details = {f"{s} → {d}": [w for s2, d2, _m, w in EDGES if (s2, d2) == (s, d)]
               for cycle in cycles for s, d in zip(cycle, cycle[1:], strict=False)}
    assert cycles == [], details


def test_no_app_imports_views_templatetags_or_the_web_shell_of_another() -> None:
    bad = []
    for src, dst, module, where in EDGES:
        if src in ROOTS:
            continue
        leaf = module.split(".")[2] if module.count(".") >= 2 else ""
        if dst == "web" or leaf == "views" or leaf.startswith("views_") or leaf in ("urls", "templatetags"):
            bad.append(f"{where}: {src} imports {module}")
    assert bad == []


def test_the_checker_sees_lazy_and_relative_imports() -> None:
    source = "from . import services\n\ndef f():\n    from thidua.web.views import home\n    import thidua.rules\n"
    found = {name for name, _line in imported_modules(source, "thidua.org.views")}
    assert found == {"thidua.org.services", "thidua.web.views", "thidua.rules"}
