"""Unit scoping, enforced in selectors and services (not only in templates)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from thidua.org.models import Person, Unit


def _scope_paths(user: Any) -> list[str]:
    """Tree paths a unit-bound user may see: their unit's subtree and, because history must
    survive merges (the 2025 reform), the subtrees of every unit merged or renamed into it."""
    from thidua.org.selectors import unit_lineage

    unit = Unit.objects.get(pk=user.unit_id)
    return [unit.path, *(u.path for u in unit_lineage(unit))]


def _under(paths: list[str], field: str) -> Q:
    q = Q()
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def units_visible_to(user: Any) -> QuerySet[Unit]:
    if not getattr(user, "is_authenticated", False):
        return Unit.objects.none()
    if user.is_province_wide:
        return Unit.objects.all()
    if user.unit_id is None:
        return Unit.objects.none()
    return Unit.objects.filter(_under(_scope_paths(user), "path"))


def can_see_unit(user: Any, unit: Unit) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_province_wide:
        return True
    if user.unit_id is None:
        return False
    return any(unit.path.startswith(p) for p in _scope_paths(user))


def people_visible_to(user: Any) -> QuerySet[Person]:
    if not getattr(user, "is_authenticated", False):
        return Person.objects.none()
    base = Person.objects.filter(merged_into__isnull=True)
    if user.is_province_wide:
        return base
    if user.unit_id is None:
        return Person.objects.none()
    return base.filter(_under(_scope_paths(user), "unit__path"))


def require_unit(user: Any, unit: Unit) -> None:
    if not can_see_unit(user, unit):
        raise PermissionDenied("Bạn không có quyền với đơn vị này (ngoài phạm vi đơn vị của bạn).")
