"""The one adapter from people's records in the registry to the rules engine's plain data.

`thidua.rules` knows nothing of Django; everything that judges people (eligibility pages, the
appraisal of a dossier, a movement's final review, the nominee import) builds its cases here:

    case_for_person(person, award=, year=, as_of=)     one person's ``Case`` (five queries, two for the armed forces)
    cases_for_people(people, year=, as_of=)            many people, {person id: Case}, the same five queries
    population(year=, as_of=)                           the whole province as person bitsets, from the
                                                        maintained snapshot (``snapshot``)
    population_of_cases(cases, year=, as_of=)           a handful of cases packed for the batch engine

Facts are the registry's valid awards, the year ratings, initiatives up to the judged year, and every
discipline and position. Whatever is older than ``HISTORY_YEARS`` before the judged year counts in
the batch engine only as "held before".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from django.db.models import Q

from thidua.org.models import Person, Position, Unit, UnitKind
from thidua.rules import batch
from thidua.rules.model import AWARD_RECORD_KINDS, AwardRecord, Case, Discipline, Initiative, Rating, Subject
from thidua.rules.model import Position as RulePosition

from . import snapshot
from .models import Award, AwardStatus, YearRecord
from .models import Discipline as DisciplineRow
from .models import Initiative as InitiativeRow

# Years of history loaded before the judged year: the longest ladder (5 years after a
# predecessor, itself after 5 more) fits with room to spare.
HISTORY_YEARS = 15
# The award a case is built for when the caller judges several: replace(case, award=code) per code.
ANY_AWARD = "LAO_DONG_TIEN_TIEN"


def is_armed_forces(person: Person) -> bool:
    """The person's unit is of the armed forces or under one (UnitKind.ARMED)."""
    unit = person.unit
    if unit is None:
        return False
    if unit.kind == UnitKind.ARMED:
        return True
    ancestors = [int(x) for x in unit.path.strip("/").split("/") if x.isdigit()]
    return Unit.objects.filter(pk__in=ancestors, kind=UnitKind.ARMED).exists()


def armed_person_ids(ids: Iterable[int]) -> set[int]:
    """Which of `ids` belong to a unit of the armed forces or under one (two queries)."""
    paths = list(Unit.objects.filter(kind=UnitKind.ARMED).values_list("path", flat=True))
    if not paths:
        return set()
    under = Q()
    for path in paths:
        under |= Q(unit__path__startswith=path)
    return set(Person.objects.filter(under, pk__in=list(ids)).values_list("pk", flat=True))


def cases_for_people(people: Iterable[Person], *, year: int, as_of: dt.date,
                     award: str = ANY_AWARD) -> dict[int, Case]:
    """The engine's case of every person, keyed by person id: one query per kind of fact, whatever
    the number of people (valid awards only; ratings, awards and initiatives up to ``year``)."""
    by_id = {p.pk: p for p in people}
    ids = list(by_id)
    ratings: dict[int, list[Rating]] = defaultdict(list)
    for pid, y, rating, absent in YearRecord.objects.filter(person_id__in=ids, year__lte=year).order_by(
            "year").values_list("person_id", "year", "rating", "justified_absence"):
        ratings[pid].append(Rating(y, rating, absent))
    awards: dict[int, list[AwardRecord]] = defaultdict(list)
    for pid, code, y, on, kind in Award.objects.filter(person_id__in=ids, status=AwardStatus.VALID,
                                                       year__lte=year).order_by("year").values_list(
            "person_id", "code", "year", "decision_date", "kind"):
        awards[pid].append(AwardRecord(code, y, on, kind if kind in AWARD_RECORD_KINDS else "annual"))
    initiatives: dict[int, list[Initiative]] = defaultdict(list)
    for pid, y, scope in InitiativeRow.objects.filter(person_id__in=ids, year__lte=year).order_by(
            "year").values_list("person_id", "year", "scope"):
        initiatives[pid].append(Initiative(y, scope))
    discipline: dict[int, list[Discipline]] = defaultdict(list)
    for pid, form, start, end in DisciplineRow.objects.filter(person_id__in=ids).order_by("valid_from").values_list(
            "person_id", "form", "valid_from", "valid_to"):
        discipline[pid].append(Discipline(form, start, end))
    positions: dict[int, list[RulePosition]] = defaultdict(list)
    for pid, title, start, end in Position.objects.filter(person_id__in=ids).order_by("valid_from").values_list(
            "person_id", "title", "valid_from", "valid_to"):
        positions[pid].append(RulePosition(title, start, end))
    armed = armed_person_ids(ids)
    return {
        pid: Case(
            award=award, year=year, as_of=as_of,
            subject=Subject("individual", direct_worker=person.is_direct_worker, sex=person.sex,
                            armed_forces=pid in armed),
            ratings=tuple(ratings[pid]), awards=tuple(awards[pid]), initiatives=tuple(initiatives[pid]),
            discipline=tuple(discipline[pid]), positions=tuple(positions[pid]),
        )
        for pid, person in by_id.items()
    }


def case_for_person(person: Person, *, award: str, year: int, as_of: dt.date) -> Case:
    """The engine's plain case for one person, from the registry (valid awards only)."""
    return cases_for_people([person], year=year, as_of=as_of, award=award)[person.pk]


def with_award(case: Case, code: str) -> Case:
    """The same facts judged for another award."""
    return replace(case, award=code)


def population_of_cases(cases: Sequence[Case], *, year: int, as_of: dt.date) -> batch.Population:
    """A few cases (a dossier's nominees) packed for the batch engine, in the order given."""
    return batch.population_from_cases(list(cases), year - HISTORY_YEARS, year, as_of)


def population(*, year: int, as_of: dt.date) -> batch.Population:
    """The province's facts for the window ending at ``year``, from the maintained snapshot.

    Person index = person id. Discipline (few rows, and judged on ``as_of``) is read directly.
    """
    facts = snapshot.current()
    first = year - HISTORY_YEARS
    n = max(facts.size, 1)
    builder = batch.PopulationBuilder(n, first, year, as_of)
    for pid, form, start, end in DisciplineRow.objects.filter(person__isnull=False).values_list(
        "person_id", "form", "valid_from", "valid_to"
    ):
        if pid < n:
            builder.add_discipline(pid, form, start, end)
    pop = builder.build()
    pop.awards_core = None
    non_core: list[tuple[str, int, int]] = []
    for key, bits in facts.bits.items():
        kind = key[0]
        if kind == "alive":
            continue
        if kind == "armed":
            pop.armed = bits
            continue
        if kind == "x":
            non_core.append((key[1], int(key[2]), bits))
            continue
        y = int(key[2]) if kind in ("r", "a", "i") else int(key[1])
        if kind == "a" and y < first:
            pop.awards_before[key[1]] = pop.awards_before.get(key[1], 0) | bits
            continue
        if not first <= y <= year:
            continue
        if kind == "r":
            pop.ratings.setdefault(key[1], {})[y] = bits
        elif kind == "j":
            pop.justified[y] = bits
        elif kind == "a":
            pop.awards.setdefault(key[1], {})[y] = bits
        else:
            layers = pop.initiatives.setdefault(key[1], {}).setdefault(y, [0] * batch.INITIATIVE_LAYERS)
            layers[int(key[3]) - 1] = bits
    if non_core:  # awards that ground a ladder: all but those held only as đột xuất / chuyên đề
        pop.awards_core = {code: dict(years) for code, years in pop.awards.items()}
        pop.awards_core_before = dict(pop.awards_before)
        for code, y, bits in non_core:
            if y < first:
                pop.awards_core_before[code] = pop.awards_core_before.get(code, 0) & ~bits
            elif y <= year:
                years = pop.awards_core.setdefault(code, {})
                years[y] = years.get(y, 0) & ~bits
    return pop
