"""Check every row against the catalog and the database, with a handful of queries in total.

Units, people, collectives, households and existing awards that the file mentions are
loaded up front (chunked ``IN`` queries), then rows are checked in memory. A row either
becomes a PlannedAward, counts as "đã có, bỏ qua" (the identical award is already in the
registry), or gets one RowError per broken rule, naming its Excel row and column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from thidua.core import citizen_id as cid
from thidua.core.text import search_key
from thidua.org.models import Collective, Household, Person, Unit
from thidua.org.scope import path_in_scope
from thidua.registry.models import Award

from ..catalog import CatalogAward, import_catalog
from . import cells
from .columns import BY_KEY
from .plan import NewGroup, NewPerson, Plan, PlannedAward
from .reader import RawRow, Sheet
from .result import RowError

T = TypeVar("T")
CHUNK = 2000  # well under SQLite's and PostgreSQL's bound-parameter limits

SubjectKey = tuple[str, Any]


def chunks(items: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class _UnitInfo:
    id: int
    code: str
    name: str
    path: str
    is_grassroots: bool
    is_small_collective: bool


@dataclass
class _PersonInfo:
    id: int
    citizen_id: str
    full_name: str
    search_key: str


@dataclass
class _Lookups:
    units: dict[str, _UnitInfo] = field(default_factory=dict)
    people: dict[str, _PersonInfo] = field(default_factory=dict)
    collectives: dict[tuple[int, str], int] = field(default_factory=dict)
    households: dict[tuple[int, str], int] = field(default_factory=dict)
    # (kind, subject id, code, year) -> decision numbers already in the registry
    awards: dict[tuple[str, int, str, int], set[str]] = field(default_factory=dict)


def _load(sheet: Sheet) -> _Lookups:
    look = _Lookups()
    unit_codes = {cells.text(r.values.get("unit_code")) for r in sheet.rows} - {""}
    for code_batch in chunks(unit_codes):
        for u in Unit.objects.filter(code__in=code_batch).values(
                "id", "code", "name", "path", "is_grassroots", "is_small_collective"):
            look.units[u["code"]] = _UnitInfo(**u)
    ids: set[str] = set()
    group_keys: set[str] = set()
    for r in sheet.rows:
        raw = r.values.get("citizen_id")
        if raw is not None:
            ids.add(cid.clean(cells.text(raw)))
        if r.values.get("subject_kind") != "Cá nhân":  # only collectives and households match by name
            group_keys.add(search_key(cells.text(r.values.get("name"))))
    _load_people(look, ids)
    unit_ids = [u.id for u in look.units.values()]
    for batch in chunks(unit_ids):
        for key_batch in chunks(sorted(group_keys)):
            for c in Collective.objects.filter(unit_id__in=batch, search_key__in=key_batch).values(
                    "id", "unit_id", "search_key").order_by("id"):
                look.collectives.setdefault((c["unit_id"], c["search_key"]), c["id"])
            for h in Household.objects.filter(unit_id__in=batch, search_key__in=key_batch).values(
                    "id", "unit_id", "search_key").order_by("id"):
                look.households.setdefault((h["unit_id"], h["search_key"]), h["id"])
    codes = {cells.text(r.values.get("award_code")).upper() for r in sheet.rows} - {""}
    subjects = (("individual", "person_id", [p.id for p in look.people.values()]),
                ("collective", "collective_id", list(look.collectives.values())),
                ("household", "household_id", list(look.households.values())))
    for kind, fk, subject_ids in subjects:
        for batch in chunks(sorted(set(subject_ids))):
            rows = Award.objects.filter(**{f"{fk}__in": batch}, code__in=codes).values_list(
                fk, "code", "year", "decision_number")
            for sid, code, year, number in rows:
                look.awards.setdefault((kind, sid, code, year), set()).add(number)
    return look


def _load_people(look: _Lookups, ids: set[str]) -> None:
    merged: dict[str, int] = {}  # citizen ID of a merged duplicate -> the person it was merged into
    for id_batch in chunks(sorted(ids)):
        for p in Person.objects.filter(citizen_id__in=id_batch).values(
                "id", "citizen_id", "full_name", "search_key", "merged_into_id"):
            citizen = str(p["citizen_id"])
            if p["merged_into_id"]:
                merged[citizen] = p["merged_into_id"]
            else:
                look.people[citizen] = _PersonInfo(p["id"], citizen, p["full_name"], p["search_key"])
    # A merged duplicate stands for its survivor (follow the chain a few steps at most).
    for _ in range(5):
        if not merged:
            break
        targets = {p["id"]: p for p in Person.objects.filter(id__in=set(merged.values())).values(
            "id", "citizen_id", "full_name", "search_key", "merged_into_id")}
        still: dict[str, int] = {}
        for citizen, target_id in merged.items():
            t = targets[target_id]
            if t["merged_into_id"]:
                still[citizen] = t["merged_into_id"]
            else:
                look.people[citizen] = _PersonInfo(t["id"], str(t["citizen_id"] or citizen), t["full_name"],
                                                   t["search_key"])
        merged = still


class _Row:
    """Collects the errors of one row; each names the column by its template header."""

    def __init__(self, raw: RawRow) -> None:
        self.raw = raw
        self.errors: list[RowError] = []

    def error(self, key: str, message: str) -> None:
        header = BY_KEY[key].header
        if not any(e.column == header for e in self.errors):  # the first broken rule of a cell is enough
            self.errors.append(RowError(self.raw.number, header, message))

    def get(self, key: str) -> Any:
        return self.raw.values.get(key)

    def parse(self, key: str, parser: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return parser(self.get(key), *args, **kwargs)
        except cells.CellError as exc:
            self.error(key, str(exc))
            return None

    def required_text(self, key: str) -> str:
        value = cells.text(self.get(key))
        if not value:
            self.error(key, "Không được để trống.")
        return value


@dataclass
class Checker:
    sheet: Sheet
    scope_paths: list[str] | None  # None: the whole province (`org.scope.scope_paths`)
    today: dt.date
    plan: Plan = field(default_factory=Plan)

    def run(self) -> Plan:
        self.look = _load(self.sheet)
        self.catalog = import_catalog()
        self.seen: dict[tuple[SubjectKey, str, int], int] = {}
        pre: dict[int, list[RowError]] = {}
        for err in self.sheet.row_errors:
            pre.setdefault(err.row or 0, []).append(err)
        self.plan.total_rows = len(self.sheet.rows)
        for raw in self.sheet.rows:
            row = _Row(raw)
            row.errors.extend(pre.get(raw.number, []))
            self._check(row)
            self.plan.errors.extend(row.errors)
        return self.plan

    def _check(self, row: _Row) -> None:
        kind = row.parse("subject_kind", cells.subject_kind)
        name = row.required_text("name")
        unit = self._unit(row)
        award = self._award(row, kind)
        year = row.parse("year", cells.year, today=self.today)
        number = row.required_text("decision_number")
        issuer = row.required_text("issuer")
        decided = self._decision_date(row, year)
        amount = row.parse("amount", cells.amount)
        direct = row.parse("direct_worker", cells.yes_no)
        subject: tuple[SubjectKey, int | str | tuple[int, str], bool, str] | None = None
        if kind == "individual":
            subject = self._person(row, name, unit, bool(direct))
        elif kind in ("collective", "household") and unit is not None and name:
            subject = self._group(row, kind, name, unit)
        if row.errors or subject is None or unit is None or award is None or year is None or decided is None:
            return
        key, ref, is_new, subject_name = subject
        dup_key = (key, award.code, year)
        if dup_key in self.seen:
            row.error("award_code", f"Trùng với dòng {self.seen[dup_key]} trong tệp (cùng đối tượng, "
                                    f"danh hiệu «{award.code}», năm {year}).")
            return
        if not is_new:
            held = self.look.awards.get((kind or "", int(ref), award.code, year))  # type: ignore[arg-type]
            if held and number in held:
                self.seen[dup_key] = row.raw.number
                self.plan.skipped_existing += 1
                return
            if held:
                row.error("award_code", f"Đối tượng đã có «{award.code}» năm {year} theo quyết định "
                                        f"{', '.join(sorted(held))}; không ghi nhận lần thứ hai "
                                        f"(quyết định {number}).")
                return
        self.seen[dup_key] = row.raw.number
        self._commit_new(row, kind or "", ref, is_new, name, unit, bool(direct))
        self.plan.awards.append(PlannedAward(
            row=row.raw.number, subject_kind=kind or "", subject_ref=ref, subject_is_new=is_new,
            code=award.code, year=year, level=award.level, kind=award.kind, decision_number=number,
            decision_date=decided, issuer=issuer, amount_vnd=amount, unit_id=unit.id,
            subject_name=subject_name, is_direct_worker=bool(direct),
            is_grassroots_unit=unit.is_grassroots,
            is_small_collective=unit.is_small_collective if kind == "collective" else False,
            note=cells.text(row.get("note")),
        ))

    def _unit(self, row: _Row) -> _UnitInfo | None:
        code = row.required_text("unit_code")
        if not code:
            return None
        unit = self.look.units.get(code)
        if unit is None:
            row.error("unit_code", f"Mã đơn vị «{code}» không có trong hệ thống.")
            return None
        if not path_in_scope(unit.path, self.scope_paths):
            row.error("unit_code", f"Đơn vị «{code}» ({unit.name}) nằm ngoài phạm vi đơn vị của bạn; "
                                   "bạn chỉ được nhập cho đơn vị mình, các đơn vị trực thuộc và các đơn vị "
                                   "đã sáp nhập, đổi tên vào đơn vị mình.")
            return None
        return unit

    def _award(self, row: _Row, kind: str | None) -> CatalogAward | None:
        code = row.required_text("award_code").upper()
        if not code:
            return None
        award = self.catalog.get(code)
        if award is None:
            row.error("award_code", f"Mã danh hiệu, hình thức «{code}» không có trong danh mục.")
            return None
        if kind is not None and kind not in award.subjects:
            row.error("award_code", f"«{code}» ({award.name}) không xét tặng cho đối tượng "
                                    f"«{cells.SUBJECT_LABELS[kind]}».")
            return None
        return award

    def _decision_date(self, row: _Row, year: int | None) -> dt.date | None:
        if row.get("decision_date") is None:
            row.error("decision_date", "Không được để trống.")
            return None
        decided: dt.date | None = row.parse("decision_date", cells.date)
        if decided is None:
            return None
        if decided > self.today:
            row.error("decision_date", f"Ngày quyết định {decided:%d/%m/%Y} ở tương lai.")
            return None
        if year is not None and decided.year < year:
            row.error("decision_date", f"Ngày quyết định {decided:%d/%m/%Y} trước năm thành tích {year}.")
            return None
        return decided

    def _person(self, row: _Row, name: str, unit: _UnitInfo | None,
                direct: bool) -> tuple[SubjectKey, int | str, bool, str] | None:
        birth: dt.date | None = None
        if row.get("birth_date") is not None:
            birth = row.parse("birth_date", cells.date)
            if birth is not None and birth > self.today:
                row.error("birth_date", f"Ngày sinh {birth:%d/%m/%Y} ở tương lai.")
                birth = None
        sex = row.parse("sex", cells.sex)
        raw_id = row.parse("citizen_id", cells.citizen_id_text)
        if raw_id is None:
            return None
        if not raw_id:
            row.error("citizen_id", "Bắt buộc với cá nhân (dùng để nhận diện người đã có trong hệ thống).")
            return None
        try:
            citizen = cid.validate(raw_id, birth_date=birth, sex=sex)
        except cid.CitizenIdError as exc:
            row.error("citizen_id", str(exc))
            return None
        known = self.look.people.get(citizen)
        if known is not None:
            if name and search_key(name) != known.search_key:
                row.error("name", f"Số định danh «{citizen}» đã thuộc về «{known.full_name}» trong hệ thống, "
                                  f"khác tên trong tệp «{name}».")
                return None
            return ("P", known.id), known.id, False, known.full_name
        pending = self.plan.new_people.get(citizen)
        if pending is not None:
            if search_key(name) != search_key(pending.full_name):
                row.error("name", f"Số định danh «{citizen}» ở dòng {pending.row} mang tên «{pending.full_name}», "
                                  f"khác tên «{name}».")
                return None
            return ("P", citizen), citizen, True, pending.full_name
        if birth is None:
            row.error("birth_date", "Bắt buộc khi cá nhân chưa có trong hệ thống.")
        if sex is None:
            row.error("sex", "Bắt buộc khi cá nhân chưa có trong hệ thống (Nam hoặc Nữ).")
        if birth is None or sex is None or unit is None or not name:
            return None
        self._candidate = NewPerson(citizen, name, birth, sex, unit.id, direct, row.raw.number)
        return ("P", citizen), citizen, True, name

    def _group(self, row: _Row, kind: str, name: str,
               unit: _UnitInfo) -> tuple[SubjectKey, int | tuple[int, str], bool, str]:
        key = (unit.id, search_key(name))
        existing = (self.look.collectives if kind == "collective" else self.look.households).get(key)
        tag = "C" if kind == "collective" else "H"
        if existing is not None:
            return (tag, existing), existing, False, name
        return (tag, key), key, True, name

    def _commit_new(self, row: _Row, kind: str, ref: Any, is_new: bool, name: str, unit: _UnitInfo,
                    direct: bool) -> None:
        """Only rows that passed every check create people or groups."""
        if not is_new:
            return
        if kind == "individual" and ref not in self.plan.new_people:
            self.plan.new_people[ref] = self._candidate
        elif kind == "collective" and ref not in self.plan.new_collectives:
            self.plan.new_collectives[ref] = NewGroup(name, unit.id, unit.is_small_collective, row.raw.number)
        elif kind == "household" and ref not in self.plan.new_households:
            self.plan.new_households[ref] = NewGroup(name, unit.id, False, row.raw.number)


def build_plan(sheet: Sheet, *, scope_paths: list[str] | None, today: dt.date) -> Plan:
    return Checker(sheet=sheet, scope_paths=scope_paths, today=today).run()
