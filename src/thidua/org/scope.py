"""Unit scoping, enforced in selectors and services (not only in templates)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from thidua.core.errors import NotAllowed
from thidua.org.models import Person, Unit, UnitChangeKind, UnitSuccession

_SCOPE_ATTR = "_thidua_scope_paths"


def scope_paths(user: Any) -> list[str] | None:
    """Tree paths the user may see: None for the whole province, [] for nothing.

    A unit-bound user sees their unit's subtree and, because history must survive merges (the
    2025 reform), the subtrees of the units merged, split or renamed into it
    (`inherited_units`) — not a dissolved unit's subtree (finding M2). This is the one scope of
    pages, imports, exports and reports. Computed once per user object — once per request — and
    recomputed if the user's unit changes.
    """
    if not getattr(user, "is_authenticated", False):
        return []
    if user.is_province_wide:
        return None
    if user.unit_id is None:
        return []
    cached = user.__dict__.get(_SCOPE_ATTR)
    if cached is not None and cached[0] == user.unit_id:
        return list(cached[1])
    unit: Unit = user.unit
    paths = [unit.path, *(u.path for u in inherited_units(unit))]
    user.__dict__[_SCOPE_ATTR] = (user.unit_id, tuple(paths))
    return paths


# A dissolved unit's history is not inherited: a district removed in 2025 hands its local tasks to
# every commune on its territory (one DISSOLVE link to each), but its subtree holds the former
# communes of *all* of them; each former commune reaches its own new commune through MERGE.
INHERITING_KINDS = (UnitChangeKind.MERGE, UnitChangeKind.SPLIT, UnitChangeKind.RENAME, UnitChangeKind.TRANSFER)


def inherited_units(unit: Unit) -> list[Unit]:
    """The predecessors whose history ``unit`` carries: merged, split or renamed into it,
    transitively; DISSOLVE links are not followed (M2). Oldest last."""
    seen: dict[int, Unit] = {}
    frontier = [unit.pk]
    while frontier:
        rows = (UnitSuccession.objects.filter(successor_id__in=frontier, kind__in=INHERITING_KINDS)
                .select_related("predecessor").order_by("effective_on", "pk"))
        frontier = []
        for row in rows:
            pred = row.predecessor
            if pred.pk != unit.pk and pred.pk not in seen:
                seen[pred.pk] = pred
                frontier.append(pred.pk)
    return list(seen.values())


def path_in_scope(path: str, paths: list[str] | None) -> bool:
    """Whether a unit at ``path`` lies within ``scope_paths`` (None: everything)."""
    return paths is None or any(path.startswith(p) for p in paths)


def _under(paths: list[str], field: str) -> Q:
    q = Q()
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def units_visible_to(user: Any) -> QuerySet[Unit]:
    paths = scope_paths(user)
    if paths is None:
        return Unit.objects.all()
    return Unit.objects.filter(_under(paths, "path")) if paths else Unit.objects.none()


def can_see_unit(user: Any, unit: Unit) -> bool:
    return path_in_scope(unit.path, scope_paths(user))


def people_visible_to(user: Any) -> QuerySet[Person]:
    paths = scope_paths(user)
    base = Person.objects.filter(merged_into__isnull=True)
    if paths is None:
        return base
    return base.filter(_under(paths, "unit__path")) if paths else Person.objects.none()


def require_unit(user: Any, unit: Unit) -> None:
    if not can_see_unit(user, unit):
        raise NotAllowed("Bạn không có quyền với đơn vị này (ngoài phạm vi đơn vị của bạn).")
