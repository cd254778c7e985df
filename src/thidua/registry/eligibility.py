"""The rules engine over the registry: one person explained, or a whole population in bulk.

`thidua.rules` knows nothing of Django; this module turns registry rows into its plain data.
Bulk evaluation loads each kind of fact once for the whole subtree (no per-person queries),
packs it into person bitsets (`thidua.rules.batch.Population`) and evaluates every individual
award over everyone at once. Explanations are built only for the people shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.db.models import Q
from django.utils import timezone

from thidua.org.models import Person, Position, Unit, UnitKind
from thidua.rules import batch
from thidua.rules.engine import applicable_paths, evaluate
from thidua.rules.model import (
    AWARD_RECORD_KINDS,
    AwardRecord,
    Case,
    Discipline,
    Initiative,
    Rating,
    Subject,
    Verdict,
)
from thidua.rules.model import Position as RulePosition

from . import catalog, snapshot
from .models import Award, AwardStatus, YearRecord
from .models import Discipline as DisciplineRow
from .models import Initiative as InitiativeRow

# Years of history loaded before the judged year: the longest ladder (5 years after a
# predecessor, itself after 5 more) fits with room to spare.
HISTORY_YEARS = 15


def today() -> dt.date:
    return timezone.localdate()


def catalog_view(as_of: dt.date | None = None) -> catalog.CatalogView:
    return catalog.view_on(as_of or today())


def individual_awards(view: catalog.CatalogView) -> list[catalog.AwardDef]:
    """Awards an individual can be judged for from data (at least one data-checked path)."""
    out = []
    for award in view.version.awards.values():
        if "individual" not in award.subjects:
            continue
        paths = applicable_paths(award, "individual")
        if any(p.checks for p in paths):
            out.append(award)
    return sorted(out, key=lambda a: a.code)


# ---------------------------------------------------------------- one person


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


def case_for_person(person: Person, *, award: str, year: int, as_of: dt.date) -> Case:
    """The engine's plain case for one person, from the registry (valid awards only)."""
    ratings = tuple(
        Rating(r.year, r.rating, r.justified_absence)
        for r in YearRecord.objects.filter(person=person, year__lte=year).order_by("year")
    )
    awards = tuple(
        AwardRecord(a.code, a.year, a.decision_date, a.kind if a.kind in AWARD_RECORD_KINDS else "annual")
        for a in Award.objects.filter(person=person, status=AwardStatus.VALID, year__lte=year).order_by("year")
    )
    initiatives = tuple(
        Initiative(i.year, i.scope)
        for i in InitiativeRow.objects.filter(person=person, year__lte=year).order_by("year")
    )
    discipline = tuple(
        Discipline(d.form, d.valid_from, d.valid_to)
        for d in DisciplineRow.objects.filter(person=person).order_by("valid_from")
    )
    positions = tuple(
        RulePosition(p.title, p.valid_from, p.valid_to)
        for p in Position.objects.filter(person=person).order_by("valid_from")
    )
    return Case(
        award=award, year=year, as_of=as_of,
        subject=Subject("individual", direct_worker=person.is_direct_worker, sex=person.sex,
                        armed_forces=is_armed_forces(person)),
        ratings=ratings, awards=awards, initiatives=initiatives, discipline=discipline, positions=positions,
    )


def explain_person(person: Person, *, year: int, as_of: dt.date | None = None,
                   codes: Iterable[str] | None = None) -> list[Verdict]:
    """Every individual award judged for one person, each with its reasons and citations."""
    as_of = as_of or today()
    view = catalog_view(as_of)
    wanted = set(codes) if codes is not None else None
    base = case_for_person(person, award="LAO_DONG_TIEN_TIEN", year=year, as_of=as_of)
    verdicts = []
    for award in individual_awards(view):
        if wanted is not None and award.code not in wanted:
            continue
        verdicts.append(evaluate(_with_award(base, award.code)))
    return sorted(verdicts, key=lambda v: (not v.eligible, v.award))


def _with_award(case: Case, code: str) -> Case:
    from dataclasses import replace

    return replace(case, award=code)


# ---------------------------------------------------------------- whole population


@dataclass(frozen=True)
class PopulationResult:
    person_ids: list[int]
    eligible: dict[str, list[int]]  # award code -> person ids
    year: int
    as_of: dt.date

    def count(self) -> int:
        return len(self.person_ids)


def scope_bits(unit: Unit | None, facts: snapshot.Facts) -> int:
    """People of the unit's subtree (bit = person id); the whole province for its root."""
    alive = facts.get("alive")
    if unit is None or unit.parent_id is None:
        return alive
    ids = Person.objects.filter(unit__path__startswith=unit.path).values_list("id", flat=True)
    return snapshot.bits_of(ids) & alive


def load_population(*, year: int, as_of: dt.date) -> batch.Population:
    """The province's facts for the window ending at `year`, from the maintained snapshot.

    Person index = person id. Discipline (few rows, and judged on `as_of`) is read directly.
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


def evaluate_population(
    unit: Unit | None, *, year: int, as_of: dt.date | None = None, codes: Iterable[str] | None = None
) -> PopulationResult:
    """Who in the subtree is eligible for which individual award (judged year `year`)."""
    as_of = as_of or today()
    view = catalog_view(as_of)
    pop = load_population(year=year, as_of=as_of)
    scope = scope_bits(unit, snapshot.current())
    wanted = set(codes) if codes is not None else None
    eligible: dict[str, list[int]] = {}
    for award in individual_awards(view):
        if wanted is not None and award.code not in wanted:
            continue
        bits = batch.evaluate_population(pop, award.code, year, catalog.catalog()) & scope
        eligible[award.code] = batch.indices(bits)
    return PopulationResult(batch.indices(scope), eligible, year, as_of)


# ---------------------------------------------------------------- CLI and Excel


def eligible_rows(result: PopulationResult) -> list[tuple[str, str, Person]]:
    """(code, award name, person) rows for display or export, people loaded in one query."""
    view = catalog_view(result.as_of)
    wanted = {pid for pids in result.eligible.values() for pid in pids}
    people = Person.objects.in_bulk(list(wanted))
    units = {u.pk: u for u in Unit.objects.filter(pk__in={p.unit_id for p in people.values() if p.unit_id})}
    rows = []
    for code, pids in sorted(result.eligible.items()):
        name = view.award(code).name
        for pid in pids:
            person = people[pid]
            if person.unit_id:
                person.unit = units[person.unit_id]
            rows.append((code, name, person))
    return rows


def write_xlsx(result: PopulationResult, path: str | Path | IO[bytes], *, unit: Unit | None) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Đủ điều kiện"
    title = f"Danh sách cá nhân đủ điều kiện đề nghị khen thưởng năm {result.year}"
    ws.append([title + (f" — {unit.name}" if unit else "")])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([f"Xét theo quy định có hiệu lực ngày {result.as_of:%d/%m/%Y}"])
    ws.append([])
    headers = ["STT", "Mã danh hiệu, hình thức", "Tên danh hiệu, hình thức", "Họ và tên", "Ngày sinh",
               "Đơn vị"]
    ws.append(headers)
    for cell in ws[4]:
        cell.font = Font(bold=True)
    for n, (code, name, person) in enumerate(eligible_rows(result), start=1):
        ws.append([n, code, name, person.full_name,
                   person.birth_date.strftime("%d/%m/%Y") if person.birth_date else "",
                   person.unit.name if person.unit is not None else ""])
    for col, width in zip("ABCDEF", (6, 24, 48, 28, 12, 48), strict=True):
        ws.column_dimensions[col].width = width
    wb.save(path if not isinstance(path, Path) else str(path))


def cli_unit_report(*, unit_code: str, year: int, award: str | None, xlsx: str | None) -> int:
    import sys

    unit = Unit.objects.filter(code=unit_code).first()
    if unit is None:
        print(f"Không có đơn vị mã «{unit_code}».", file=sys.stderr)
        return 2
    view = catalog_view()
    if award is not None and award not in {a.code for a in individual_awards(view)}:
        print(f"Mã «{award}» không phải danh hiệu, hình thức xét cho cá nhân trong danh mục.", file=sys.stderr)
        return 2
    result = evaluate_population(unit, year=year, codes=[award] if award else None)
    print(f"{unit.name} — năm {year}: {result.count()} cá nhân được xét.")
    for code, pids in sorted(result.eligible.items()):
        print(f"  {code} ({view.award(code).name}): {len(pids)} người đủ điều kiện")
    if xlsx:
        write_xlsx(result, xlsx, unit=unit)
        print(f"Đã ghi {xlsx}")
    else:
        for code, _name, person in eligible_rows(result):
            print(f"{code}\t{person.full_name}\t{person.unit.name if person.unit is not None else ''}")
    return 0


def default_year() -> int:
    """The judged year a page opens on: the latest year with ratings in the registry."""
    latest = YearRecord.objects.order_by("-year").values_list("year", flat=True).first()
    return int(latest) if latest else today().year
