"""Excel import of a dossier's nominee list (individuals).

Reading reuses the registry import's safe .xlsx reader (size limit, .xls and renamed files,
merged cells, formulas without a value). Each row is checked (award accepted by the round,
citizen ID, birth date), the person is matched — by citizen ID first (certain), then by name
and birth date (uncertain: the clerk confirms it) — and pre-checked by the rules engine.
Adding is one transaction: every row or none.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import IntegrityError, transaction
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from thidua.audit import services as audit
from thidua.core.citizen_id import validate as validate_citizen_id
from thidua.core.spreadsheet import save_workbook
from thidua.core.text import search_key
from thidua.org.scope import people_visible_to
from thidua.registry import cases, catalog
from thidua.registry.importing import cells
from thidua.registry.importing.reader import FileRejected, check_size
from thidua.registry.importing.result import RowError
from thidua.registry.importing.xlsx import XlsxError, read_workbook_bytes
from thidua.rules.engine import evaluate
from thidua.rules.model import CaseError

from .dossiers import _bump, _lock_for_edit, subject_errors
from .errors import WorkflowError
from .models import Dossier, Nominee

MAX_BYTES = 5 * 1024 * 1024
HEADERS = {
    "stt": "STT",
    "citizen_id": "Số định danh cá nhân",
    "full_name": "Họ và tên",
    "birth_date": "Ngày sinh",
    "award": "Danh hiệu, hình thức đề nghị",
    "summary": "Tóm tắt thành tích",
}
_BY_KEY = {search_key(v): k for k, v in HEADERS.items()}
REQUIRED = ("full_name", "award")


@dataclass
class PlannedRow:
    row: int
    person_id: int
    person_name: str
    award_code: str
    summary: str
    certain: bool  # matched by citizen ID
    match_note: str = ""
    engine_eligible: bool | None = None
    engine_reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class ImportPlan:
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def write_template(target: IO[bytes], *, accepted_codes: list[str]) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Danh sách đề nghị"
    for i, header in enumerate(HEADERS.values(), start=1):
        ws.cell(row=1, column=i, value=header).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(i)].width = 28 if i > 1 else 6
    for r in range(2, 502):
        ws.cell(row=r, column=2).number_format = "@"  # citizen ID as text: keeps the leading zero
        ws.cell(row=r, column=4).number_format = "DD/MM/YYYY"
    ws.cell(row=2, column=1, value=1)
    ws.cell(row=2, column=2, value="020080000123")
    ws.cell(row=2, column=3, value="Nguyễn Văn A (dòng mẫu, xóa trước khi nhập)")
    ws.cell(row=2, column=4, value=dt.date(1980, 5, 1))
    ws.cell(row=2, column=5, value=accepted_codes[0] if accepted_codes else "")
    help_ws = wb.create_sheet("Hướng dẫn")
    help_ws.append(["Mã", "Danh hiệu, hình thức đợt này nhận"])
    for code in accepted_codes:
        try:
            help_ws.append([code, catalog.award_info(code).name])
        except catalog.CatalogError:
            help_ws.append([code, code])
    help_ws.append([])
    help_ws.append(["Ghi chú", "Số định danh cá nhân 12 chữ số (ô kiểu Văn bản). Không có số định danh thì ghi "
                               "họ tên và ngày sinh; hệ thống sẽ hỏi xác nhận người được tìm thấy."])
    save_workbook(wb, target)


def template_bytes(accepted_codes: list[str]) -> bytes:
    buf = io.BytesIO()
    write_template(buf, accepted_codes=accepted_codes)
    return buf.getvalue()


def _award_lookup(accepted: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for code in accepted:
        out[search_key(code)] = code
        out[code.lower()] = code
        with contextlib.suppress(catalog.CatalogError):
            out[search_key(catalog.award_info(code).name)] = code
    return out


def plan_import(*, dossier: Dossier, by: Any, data: bytes) -> ImportPlan:
    """Read and check the file; nothing is written. Raises FileRejected for an unreadable file."""
    check_size(len(data), MAX_BYTES)
    if not data[:2] == b"PK":
        raise FileRejected([RowError(None, "", "Tệp không phải là tệp Excel .xlsx hợp lệ.")])
    try:
        content = read_workbook_bytes(data)
    except XlsxError as exc:
        raise FileRejected([RowError(None, "", f"Không đọc được tệp Excel .xlsx: {exc}.")]) from exc
    if content.merged:
        raise FileRejected([RowError(None, "", "Trang tính có ô gộp: hãy bỏ gộp ô và điền đủ từng dòng.")])
    if not content.rows or content.rows[0][0] != 1:
        raise FileRejected([RowError(1, "", "Dòng 1 phải là dòng tiêu đề của mẫu nhập liệu.")])
    columns: dict[int, str] = {}
    for idx, raw in enumerate(content.rows[0][1]):
        key = _BY_KEY.get(search_key(str(raw or "")))
        if key:
            columns[idx] = key
    missing = [HEADERS[k] for k in REQUIRED if k not in columns.values()]
    if missing:
        raise FileRejected([RowError(1, m, "thiếu cột bắt buộc; hãy dùng mẫu nhập liệu tải từ hệ thống.")
                            for m in missing])
    rnd = dossier.round
    awards = _award_lookup(list(rnd.accepted_codes))
    plan = ImportPlan()
    raw_rows: list[tuple[int, dict[str, Any]]] = []
    for number, values in content.rows[1:]:
        rec = {key: (values[idx] if idx < len(values) else None) for idx, key in columns.items()}
        if any(v not in (None, "") for k, v in rec.items() if k != "stt"):
            raw_rows.append((number, rec))
    if not raw_rows:
        raise FileRejected([RowError(None, "", "Tệp không có dòng dữ liệu nào (chỉ có dòng tiêu đề).")])
    visible = people_visible_to(by)
    parsed: list[tuple[int, str, str, dt.date | None, str, str]] = []
    for number, rec in raw_rows:
        errs: list[RowError] = []
        name = cells.text(rec.get("full_name"))
        if not name:
            errs.append(RowError(number, HEADERS["full_name"], "không được để trống."))
        award_raw = cells.text(rec.get("award"))
        code = awards.get(search_key(award_raw)) or awards.get(award_raw.lower())
        if not award_raw:
            errs.append(RowError(number, HEADERS["award"], "không được để trống."))
        elif code is None:
            errs.append(RowError(number, HEADERS["award"], f"«{award_raw}» không thuộc các danh hiệu, hình thức "
                                 f"đợt này nhận ({', '.join(rnd.accepted_codes)})."))
        cid = ""
        try:
            cid = cells.citizen_id_text(rec.get("citizen_id")) if rec.get("citizen_id") not in (None, "") else ""
            if cid:
                validate_citizen_id(cid)
        except (cells.CellError, ValueError) as exc:
            errs.append(RowError(number, HEADERS["citizen_id"], str(exc)))
        birth: dt.date | None = None
        if rec.get("birth_date") not in (None, ""):
            try:
                birth = cells.date(rec.get("birth_date"))
            except cells.CellError as exc:
                errs.append(RowError(number, HEADERS["birth_date"], str(exc)))
        if not cid and birth is None and not errs:
            errs.append(RowError(number, HEADERS["citizen_id"], "cần số định danh cá nhân, hoặc họ tên và ngày sinh "
                                 "để tìm đúng người."))
        if errs:
            plan.errors.extend(errs)
            continue
        parsed.append((number, name, cid, birth, code or "", cells.text(rec.get("summary"))))
    by_cid = {p.citizen_id: p for p in visible.filter(citizen_id__in=[r[2] for r in parsed if r[2]])}
    keys = {search_key(r[1]) for r in parsed if not r[2]}
    by_name: dict[tuple[str, dt.date | None], list[Any]] = {}
    for p in visible.filter(search_key__in=keys):
        by_name.setdefault((p.search_key, p.birth_date), []).append(p)
    seen: dict[tuple[int, str], int] = {}
    for number, name, cid, birth, code, summary in parsed:
        person = None
        certain = False
        note = ""
        if cid:
            person = by_cid.get(cid)
            certain = person is not None
            if person is None:
                plan.errors.append(RowError(number, HEADERS["citizen_id"], f"không tìm thấy người có số định danh "
                                            f"{cid} trong phạm vi đơn vị của bạn."))
                continue
            if search_key(person.full_name) != search_key(name):
                plan.errors.append(RowError(number, HEADERS["full_name"], f"«{name}» khác tên trong hệ thống của số "
                                            f"định danh {cid} («{person.full_name}»)."))
                continue
        else:
            found = by_name.get((search_key(name), birth), [])
            if len(found) != 1:
                why = "không tìm thấy ai" if not found else f"có {len(found)} người trùng"
                plan.errors.append(RowError(number, HEADERS["full_name"], f"{why} với họ tên «{name}» và ngày sinh "
                                            f"{birth:%d/%m/%Y} trong phạm vi đơn vị của bạn; hãy ghi số định danh "
                                            "cá nhân." if birth else f"{why}."))
                continue
            person = found[0]
            note = (f"Tìm theo họ tên và ngày sinh: {person.full_name}, sinh {person.birth_date:%d/%m/%Y}, "
                    f"{person.unit.name if person.unit else ''} — cần xác nhận.")
        if (person.pk, code) in seen:
            plan.errors.append(RowError(number, HEADERS["full_name"], f"{person.full_name} đã có ở dòng "
                                        f"{seen[(person.pk, code)]} với cùng đề nghị."))
            continue
        seen[(person.pk, code)] = number
        for msg in subject_errors(by, rnd, code, [person, None, None]):
            plan.errors.append(RowError(number, HEADERS["award"], msg))
        plan.rows.append(PlannedRow(number, person.pk, person.full_name, code, summary, certain, note))
    _precheck(plan, dossier)
    return plan


def _precheck(plan: ImportPlan, dossier: Dossier) -> None:
    """Each row's verdict from the rules engine (``registry.cases``: five queries for the whole file)."""
    from thidua.org.models import Person

    people = Person.objects.in_bulk([r.person_id for r in plan.rows])
    by_person = cases.cases_for_people(people.values(), year=dossier.round.year, as_of=dt.date.today())
    for r in plan.rows:
        try:
            verdict = evaluate(cases.with_award(by_person[r.person_id], r.award_code))
        except (catalog.CatalogError, CaseError):
            continue
        r.engine_eligible = verdict.eligible
        r.engine_reasons = [x.message for x in verdict.reasons if x.met is False]


def apply_import(*, dossier: Dossier, by: Any, expected_version: int, rows: list[dict[str, Any]],
                 confirmed: set[int]) -> list[Nominee]:
    """Add every planned row (uncertain matches only if confirmed) in one transaction; all or nothing."""
    pending = [r for r in rows if not r["certain"] and r["row"] not in confirmed]
    if pending:
        raise WorkflowError([f"Dòng {r['row']}, cột «{HEADERS['full_name']}»: chưa xác nhận người được tìm theo họ "
                             f"tên và ngày sinh ({r['person_name']})." for r in pending])
    from thidua.org.models import Person

    with transaction.atomic():
        locked = _lock_for_edit(dossier, by, expected_version)
        people = Person.objects.select_related("unit").in_bulk([r["person_id"] for r in rows])
        errors: list[str] = []
        for r in rows:
            person = people.get(r["person_id"])
            if person is None:
                errors.append(f"Dòng {r['row']}: người không còn trong hệ thống.")
                continue
            errors += [f"Dòng {r['row']}: {m}" for m in subject_errors(by, locked.round, r["award_code"],
                                                                      [person, None, None])]
        existing = set(locked.nominees.filter(person_id__isnull=False).values_list("person_id", "award_code"))
        errors += [f"Dòng {r['row']}: {r['person_name']} đã có trong hồ sơ với đề nghị «{r['award_code']}»."
                   for r in rows if (r["person_id"], r["award_code"]) in existing]
        if errors:
            raise WorkflowError(errors)
        start = locked.nominees.count()
        try:
            with transaction.atomic():
                created = Nominee.objects.bulk_create([
                    Nominee(dossier=locked, person_id=r["person_id"], award_code=r["award_code"],
                            achievement_summary=r["summary"], position=start + i + 1) for i, r in enumerate(rows)])
        except IntegrityError as exc:
            raise WorkflowError("Danh sách có người trùng với người đã có trong hồ sơ.") from exc
        if not all(n.pk for n in created):
            created = list(locked.nominees.filter(position__gt=start).order_by("position"))
        _bump(locked, dossier)
        audit.record_many(actor=by, changes=[
            audit.Change("nominations.nominee_add", "nominations.nominee", str(n.pk), None, audit.snapshot(n))
            for n in created])
    return created
