"""Reads for units and people, already scoped to the user."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from thidua.accounts.scope import people_visible_to, units_visible_to
from thidua.core.text import search_key

from .models import Person, Unit


def search_people(*, user: Any, query: str, limit: int = 50) -> list[Person]:
    """Diacritics-insensitive prefix/substring search on the normalised name key.

    A prefix match on the indexed key comes first (fast on both databases); when it gives
    too few results, a word-start match fills in ("chan" finds "Nông Lương Chấn").
    """
    key = search_key(query)
    if not key:
        return []
    base = people_visible_to(user).select_related("unit")
    if key.isdigit():
        return list(base.filter(citizen_id__startswith=key).order_by("search_key", "id")[:limit])
    found = list(base.filter(search_key__startswith=key).order_by("search_key", "id")[:limit])
    if len(found) < limit:
        seen = {p.pk for p in found}
        more = base.filter(search_key__contains=" " + key).order_by("search_key", "id")[: limit - len(found)]
        found += [p for p in more if p.pk not in seen]
    return found


def visible_units(*, user: Any) -> QuerySet[Unit]:
    return units_visible_to(user)


def unit_children(unit: Unit) -> QuerySet[Unit]:
    return unit.children.all().order_by("name")
