"""The rules engine over the registry: one person explained, or a whole population in bulk.

`thidua.rules` knows nothing of Django; ``cases`` turns registry rows into its plain data.
Bulk evaluation reads the province's person bitsets (`thidua.rules.batch.Population`, from the
maintained snapshot) and evaluates every individual award over everyone at once. Explanations are
built only for the people shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.utils import timezone

from thidua.org.models import Person, Unit, UnitKind
from thidua.rules import batch
from thidua.rules.engine import applicable_paths, evaluate
from thidua.rules.model import (
    Verdict,
)

from . import cases, catalog, snapshot
from .cases import armed_person_ids, is_armed_forces  # noqa: F401  (re-exported)
from .models import YearRecord


def today() -> dt.date:
    return timezone.localdate()


def catalog_view(as_of: dt.date | None = None) -> catalog.CatalogView:
    return catalog.view_on(as_of or today())


def individual_awards(view: catalog.CatalogView, armed: bool | None = None) -> list[catalog.AwardDef]:
    """Awards an individual can be judged for from data (at least one data-checked path). `armed`:
    only those the catalog's `serves` offers to an armed-forces (True) or civilian (False) subject;
    None: both (a tree that holds both)."""
    out = []
    for award in view.version.awards.values():
        if "individual" not in award.subjects:
            continue
        if armed is not None and not award.serves_subject(armed):
            continue
        paths = applicable_paths(award, "individual")
        if any(p.checks for p in paths):
            out.append(award)
    return sorted(out, key=lambda a: a.code)


# ---------------------------------------------------------------- one person


def unit_armed(unit: Unit | None) -> bool | None:
    """Whom a unit's subtree holds: True armed forces only (the unit is of the armed forces or under
    one), False civilians only (no armed-forces unit in it), None both. Two queries at most."""
    if unit is None:
        return None
    ancestors = [int(x) for x in unit.path.strip("/").split("/") if x.isdigit()]
    if unit.kind == UnitKind.ARMED or Unit.objects.filter(pk__in=ancestors, kind=UnitKind.ARMED).exists():
        return True
    if Unit.objects.filter(kind=UnitKind.ARMED, path__startswith=unit.path).exists():
        return None
    return False


def explain_person(person: Person, *, year: int, as_of: dt.date | None = None,
                   codes: Iterable[str] | None = None) -> list[Verdict]:
    """Every individual award judged for one person, each with its reasons and citations."""
    as_of = as_of or today()
    view = catalog_view(as_of)
    wanted = set(codes) if codes is not None else None
    base = cases.case_for_person(person, award=cases.ANY_AWARD, year=year, as_of=as_of)
    verdicts = []
    for award in individual_awards(view):
        if wanted is not None and award.code not in wanted:
            continue
        verdicts.append(evaluate(cases.with_award(base, award.code)))
    return sorted(verdicts, key=lambda v: (not v.eligible, v.award))


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


def evaluate_population(
    unit: Unit | None, *, year: int, as_of: dt.date | None = None, codes: Iterable[str] | None = None
) -> PopulationResult:
    """Who in the subtree is eligible for which individual award (judged year `year`)."""
    as_of = as_of or today()
    view = catalog_view(as_of)
    pop = cases.population(year=year, as_of=as_of)
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


def same_form_flags(result: PopulationResult,
                    rows: list[tuple[str, str, Person]]) -> dict[tuple[str, int], list[str]]:
    """(code, person id) -> "one achievement, one form" flags for the eligible rows: one query for
    the awards the listed people hold for the judged year."""
    from thidua.registry import achievement

    view = achievement.catalog_view(result.as_of)
    held = achievement.held_by_people({p.pk for _c, _n, p in rows}, [result.year])
    out: dict[tuple[str, int], list[str]] = {}
    for code, _name, person in rows:
        flags = achievement.other_forms(view, held.get(person.pk, []), code, result.year)
        if flags:
            out[(code, person.pk)] = flags
    return out


def write_xlsx(result: PopulationResult, path: str | Path | IO[bytes], *, unit: Unit | None) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from thidua.core.spreadsheet import save_workbook

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
               "Đơn vị", "Lưu ý"]
    ws.append(headers)
    for cell in ws[4]:
        cell.font = Font(bold=True)
    rows = eligible_rows(result)
    flags = same_form_flags(result, rows)
    for n, (code, name, person) in enumerate(rows, start=1):
        ws.append([n, code, name, person.full_name,
                   person.birth_date.strftime("%d/%m/%Y") if person.birth_date else "",
                   person.unit.name if person.unit is not None else "",
                   "; ".join(flags.get((code, person.pk), []))])
    for col, width in zip("ABCDEFG", (6, 24, 48, 28, 12, 48, 60), strict=True):
        ws.column_dimensions[col].width = width
    save_workbook(wb, path)


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
