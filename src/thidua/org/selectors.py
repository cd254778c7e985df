"""Reads for units and people, already scoped to the user."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from thidua.core.text import search_key

from .models import Person, PersonNameSuffix, Unit
from .scope import inherited_units, people_visible_to, scope_paths, units_visible_to


def search_people(*, user: Any, query: str, limit: int = 50, under: Unit | None = None) -> list[Person]:
    """Diacritics-insensitive search: the name, or any word of it, starts with the query.

    "chan", "Chấn", "luong chan" and "NÔNG LƯƠNG CHẤN" all find "Nông Lương Chấn". One range scan
    on the word-start suffix index (``PersonNameSuffix``), walked in index order and stopped at
    ``limit`` — fast on a million people on both SQLite and PostgreSQL. ``under`` keeps only the
    people of that unit and the units below it (still within the user's scope).
    """
    key = search_key(query)
    if not key:
        return []
    base = people_visible_to(user).select_related("unit")
    if under is not None:
        base = base.filter(unit__path__startswith=under.path)
    if key.isdigit():
        return list(base.filter(citizen_id__startswith=key).order_by("citizen_id")[:limit])
    paths = scope_paths(user)
    if paths == []:
        return []
    if under is not None:
        paths = [under.path]  # ``base`` still applies the user's scope to what the scan finds
    ids = person_ids_matching(key, limit=limit, paths=paths)
    by_id = base.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def person_ids_matching(key: str, *, limit: int, paths: list[str] | None = None) -> list[int]:
    """Ids of live people whose name, or a word of it, starts with the search key, in name order:
    one range scan on the word-start suffix index. ``paths`` limits them to those subtrees."""
    hits = PersonNameSuffix.objects.filter(
        suffix__gte=key, suffix__lt=key + "\U0010ffff", person__merged_into__isnull=True
    )
    if paths:
        scope = Q()
        for path in paths:
            scope |= Q(person__unit__path__startswith=path)
        hits = hits.filter(scope)
    rows = hits.order_by("suffix", "person_id").values_list("person_id", flat=True)[: 2 * limit]
    return list(dict.fromkeys(rows))[:limit]


def unit_lineage(unit: Unit) -> list[Unit]:
    """All predecessors whose history ``unit`` carries (merged, split or renamed into it),
    transitively, oldest last — the same units as the user scope (`scope.inherited_units`).

    A successor's pages show its predecessors' awards: history survives the 2025 reform.
    """
    return inherited_units(unit)


def unit_with_lineage_ids(unit: Unit) -> list[int]:
    """The unit and all its predecessors, for ``Award.objects.filter(unit_id__in=…)``."""
    return [unit.pk, *(u.pk for u in unit_lineage(unit))]


def visible_units(*, user: Any) -> QuerySet[Unit]:
    return units_visible_to(user)


def unit_children(unit: Unit) -> QuerySet[Unit]:
    return unit.children.all().order_by("name")


@dataclass
class UnitNode:
    unit: Unit
    children: list[UnitNode] = field(default_factory=list)


def visible_unit_tree(*, user: Any, levels: int = 3, query: str = "", limit: int = 2000) -> list[UnitNode]:
    """The user's visible units as a tree, ``levels`` deep below the top visible ones.

    With a query: the matching units (any depth, name without diacritics), flat. One query.
    """
    visible = units_visible_to(user)
    key = search_key(query)
    if key:
        return [UnitNode(u) for u in visible.filter(search_key__contains=key).order_by("path")[:200]]
    top = visible.order_by("depth").values_list("depth", flat=True).first()
    if top is None:
        return []
    nodes: dict[int, UnitNode] = {}
    roots: list[UnitNode] = []
    for unit in visible.filter(depth__lt=top + levels).order_by("depth", "name")[:limit]:
        node = UnitNode(unit)
        nodes[unit.pk] = node
        parent = nodes.get(unit.parent_id) if unit.parent_id else None
        (parent.children if parent else roots).append(node)
    return roots

