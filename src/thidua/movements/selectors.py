"""Reads for movements, registration and cluster ranking (scoped to the user where it matters)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from thidua.nominations.models import Nominee
from thidua.nominations.workflow import State
from thidua.org.models import ClusterMembership, Unit
from thidua.org.scope import require_unit, units_visible_to
from thidua.registry.models import Award, AwardStatus

from .clusters import compute_ranking
from .models import Movement, Registration, Review, ScoringSheet
from .ranking import RankRow


def public_movements(*, today: dt.date) -> QuerySet[Movement]:
    """Launched movements the portal shows to everyone."""
    return (Movement.objects.filter(is_public=True, launched_on__lte=today)
            .select_related("launched_by").order_by("-is_core", "-launched_on", "name"))


def awards_by_movement(*, year: int | None = None) -> list[tuple[str, int]]:
    """Valid awards counted by the movement they came from (``Award.movement``), most first."""
    qs = Award.objects.filter(status=AwardStatus.VALID).exclude(movement="")
    if year is not None:
        qs = qs.filter(year=year)
    return [(r["movement"], r["n"]) for r in
            qs.values("movement").annotate(n=Count("pk")).order_by("-n", "movement")]


@dataclass(frozen=True)
class MovementResults:
    movement: Movement
    reviews: list[Review]
    awards_by_code: list[tuple[str, int]]
    awards_total: int
    rounds: list[Any]


def movement_results(movement: Movement) -> MovementResults:
    counts = Counter(Award.objects.filter(status=AwardStatus.VALID, movement=movement.name)
                     .values_list("code", flat=True))
    return MovementResults(
        movement=movement, reviews=list(movement.reviews.all()),
        awards_by_code=sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])), awards_total=sum(counts.values()),
        rounds=[link.round for link in movement.round_links.select_related("round").order_by("-round__opens_on")],
    )


# ---------------------------------------------------------------- registration vs proposed vs awarded

@dataclass(frozen=True)
class ComparisonRow:
    award_code: str
    registered: int
    proposed: int
    awarded: int


def registration_comparison(*, user: Any, unit: Unit, year: int) -> list[ComparisonRow]:
    """Per title: how many the unit registered, proposed (dossiers of that year) and was awarded."""
    require_unit(user, unit)
    registered = Counter(Registration.objects.filter(unit=unit, year=year)
                         .values_list("items__award_code", flat=True))
    registered.pop(None, None)  # type: ignore[call-overload]
    proposed = Counter(Nominee.objects.filter(dossier__unit=unit, dossier__round__year=year)
                       .exclude(dossier__state=State.WITHDRAWN).values_list("award_code", flat=True))
    awarded = Counter(Award.objects.filter(unit=unit, year=year, status=AwardStatus.VALID)
                      .values_list("code", flat=True))
    codes = sorted(set(registered) | set(proposed) | set(awarded))
    return [ComparisonRow(c, registered[c], proposed[c], awarded[c]) for c in codes]


def registrations_visible_to(user: Any, *, year: int) -> QuerySet[Registration]:
    return (Registration.objects.filter(year=year, unit__in=units_visible_to(user))
            .select_related("unit").prefetch_related("items"))


# ---------------------------------------------------------------- clusters

def sheets_visible_to(user: Any) -> QuerySet[ScoringSheet]:
    """Province-wide staff see every sheet; a unit sees the sheets of clusters it belongs to."""
    qs = ScoringSheet.objects.select_related("cluster").order_by("-year", "cluster__name")
    if getattr(user, "is_province_wide", False):
        return qs
    units = units_visible_to(user)
    pairs = ClusterMembership.objects.filter(unit__in=units).values_list("cluster_id", "year")
    cond = Q(pk__in=[])
    for cluster_id, year in set(pairs):
        cond |= Q(cluster_id=cluster_id, year=year)
    return qs.filter(cond)


@dataclass(frozen=True)
class RankedUnit:
    row: RankRow
    unit: Unit
    role: str
    cells: list[Any]  # the row's per-criterion marks in the sheet's criterion order


def sheet_ranking(sheet: ScoringSheet) -> list[RankedUnit]:
    rows = compute_ranking(sheet)
    memberships = {m.unit_id: m for m in ClusterMembership.objects.filter(cluster_id=sheet.cluster_id,
                                                                          year=sheet.year).select_related("unit")}
    order = list(sheet.criteria.order_by("position").values_list("pk", flat=True))
    return [RankedUnit(r, memberships[r.unit_id].unit, memberships[r.unit_id].get_role_display(),
                       [r.per_criterion.get(c) for c in order]) for r in rows]
