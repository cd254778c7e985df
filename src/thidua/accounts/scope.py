"""Unit scoping, enforced in selectors and services (not only in templates)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from thidua.org.models import Person, Unit


def units_visible_to(user: Any) -> QuerySet[Unit]:
    if not getattr(user, "is_authenticated", False):
        return Unit.objects.none()
    if user.is_province_wide:
        return Unit.objects.all()
    if user.unit_id is None:
        return Unit.objects.none()
    root_path = Unit.objects.values_list("path", flat=True).get(pk=user.unit_id)
    return Unit.objects.filter(path__startswith=root_path)


def can_see_unit(user: Any, unit: Unit) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_province_wide:
        return True
    if user.unit_id is None:
        return False
    root_path = Unit.objects.values_list("path", flat=True).get(pk=user.unit_id)
    return unit.path.startswith(root_path)


def people_visible_to(user: Any) -> QuerySet[Person]:
    if not getattr(user, "is_authenticated", False):
        return Person.objects.none()
    base = Person.objects.filter(merged_into__isnull=True)
    if user.is_province_wide:
        return base
    if user.unit_id is None:
        return Person.objects.none()
    root_path = Unit.objects.values_list("path", flat=True).get(pk=user.unit_id)
    return base.filter(unit__path__startswith=root_path)


def require_unit(user: Any, unit: Unit) -> None:
    if not can_see_unit(user, unit):
        raise PermissionDenied("Bạn không có quyền với đơn vị này (ngoài phạm vi đơn vị của bạn).")
