"""Reads on the award registry, and the history of a unit or a person that the staff screens show.

Scoping is done before these are called (``units_visible_to``, ``people_visible_to``, ``require_unit``);
every function here is a fixed, small number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet

from thidua.org.models import Person, Position, Unit, UnitSuccession

from .models import Award, Discipline, Initiative, YearRecord


def person_awards(person: Person) -> QuerySet[Award]:
    return Award.objects.filter(person=person).order_by("-year", "-decision_date")


def person_year_records(person: Person) -> QuerySet[YearRecord]:
    return YearRecord.objects.filter(person=person).order_by("-year")


def unit_awards(unit: Unit, *, subtree: bool = False) -> QuerySet[Award]:
    qs = Award.objects.filter(unit__path__startswith=unit.path) if subtree else Award.objects.filter(unit=unit)
    return qs.order_by("-year", "-decision_date")


@dataclass(frozen=True)
class UnitHistory:
    predecessors: list[UnitSuccession]
    successors: list[UnitSuccession]
    people_count: int
    awards: list[Award]
    awards_total: int


def unit_history(unit: Unit, *, award_limit: int = 200) -> UnitHistory:
    """Succession (2025 merges, renames) both ways, people in the subtree, awards of the unit

    and of its direct predecessors (history survives a merge), newest first.
    """
    preds = list(UnitSuccession.objects.filter(successor=unit).select_related("predecessor")
                 .order_by("effective_on", "predecessor__name"))
    succs = list(UnitSuccession.objects.filter(predecessor=unit).select_related("successor")
                 .order_by("effective_on", "successor__name"))
    people = Person.objects.filter(merged_into__isnull=True, unit__path__startswith=unit.path).count()
    awards_qs = Award.objects.filter(unit_id__in=[unit.pk, *(s.predecessor_id for s in preds)])
    awards = list(awards_qs.select_related("unit").order_by("-year", "-decision_date", "subject_name")[:award_limit])
    total = len(awards) if len(awards) < award_limit else awards_qs.count()
    return UnitHistory(preds, succs, people, awards, total)


@dataclass
class TimelineYear:
    year: int
    rating: YearRecord | None = None
    awards: list[Award] = field(default_factory=list)
    initiatives: list[Initiative] = field(default_factory=list)
    disciplines: list[Discipline] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)


@dataclass(frozen=True)
class PersonHistory:
    timeline: list[TimelineYear]  # newest year first
    positions: list[Position]  # oldest first
    awards_count: int


def person_history(person: Person) -> PersonHistory:
    """Everything the registry knows about a person, grouped by year for a timeline. Five queries."""
    years: dict[int, TimelineYear] = defaultdict(lambda: TimelineYear(0))

    def at(year: int) -> TimelineYear:
        entry = years[year]
        entry.year = year
        return entry

    awards = list(Award.objects.filter(person=person).order_by("-year", "-decision_date"))
    for award in awards:
        at(award.year).awards.append(award)
    for rec in YearRecord.objects.filter(person=person):
        at(rec.year).rating = rec
    for ini in Initiative.objects.filter(person=person).order_by("title"):
        at(ini.year).initiatives.append(ini)
    for disc in Discipline.objects.filter(person=person).order_by("valid_from"):
        at(disc.valid_from.year).disciplines.append(disc)
    positions = list(Position.objects.filter(person=person).select_related("unit").order_by("valid_from"))
    for pos in positions:
        at(pos.valid_from.year).positions.append(pos)
    timeline = [years[y] for y in sorted(years, reverse=True)]
    return PersonHistory(timeline, positions, len(awards))
