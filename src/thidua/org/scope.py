"""Unit scoping, enforced in selectors and services (not only in templates)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from thidua.core.errors import NotAllowed
from thidua.org.models import Person, Unit

_SCOPE_ATTR = "_thidua_scope_paths"


def scope_paths(user: Any) -> list[str] | None:
    """Tree paths the user may see: None for the whole province, [] for nothing.

    A unit-bound user sees their unit's subtree and, because history must survive merges (the
    2025 reform), the subtrees of every unit merged or renamed into it. Computed once per user
    object — once per request — and recomputed if the user's unit changes.
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
    from thidua.org.selectors import unit_lineage

    unit: Unit = user.unit
    paths = [unit.path, *(u.path for u in unit_lineage(unit))]
    user.__dict__[_SCOPE_ATTR] = (user.unit_id, tuple(paths))
    return paths


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
    paths = scope_paths(user)
    return paths is None or any(unit.path.startswith(p) for p in paths)


def people_visible_to(user: Any) -> QuerySet[Person]:
    paths = scope_paths(user)
    base = Person.objects.filter(merged_into__isnull=True)
    if paths is None:
        return base
    return base.filter(_under(paths, "unit__path")) if paths else Person.objects.none()


def require_unit(user: Any, unit: Unit) -> None:
    if not can_see_unit(user, unit):
        raise NotAllowed("Bạn không có quyền với đơn vị này (ngoài phạm vi đơn vị của bạn).")
