"""Lists to Excel with Vietnamese headers: nominees of a dossier, registry queries. Written with
openpyxl's write-only mode (constant memory, 100k rows are fine). Eligible people already have
``thidua.registry.eligibility.write_xlsx``."""

from __future__ import annotations

from typing import IO, Any

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from thidua.nominations.models import Dossier
from thidua.registry.catalog import award_name
from thidua.registry.models import Award

NOMINEE_HEADERS = ["STT", "Họ và tên / Tập thể", "Đơn vị", "Hình thức đề nghị", "Tóm tắt thành tích",
                   "Đạt thẩm định", "Hội đồng thông qua"]
AWARD_HEADERS = ["STT", "Họ và tên / Tập thể", "Chức vụ", "Đơn vị", "Danh hiệu, hình thức", "Năm",
                 "Số quyết định", "Ngày quyết định", "Cơ quan quyết định", "Tiền thưởng (đồng)", "Trạng thái"]


def _yes_no(v: bool | None) -> str:
    return "" if v is None else "Có" if v else "Không"


def _sheet(title: str, headers: list[str]) -> tuple[Workbook, Any]:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title)
    bold = Font(bold=True)
    row = []
    for h in headers:
        c = WriteOnlyCell(ws, value=h)
        c.font = bold
        row.append(c)
    ws.append(row)
    return wb, ws


def nominees_xlsx(dossier: Dossier, out: IO[bytes]) -> int:
    wb, ws = _sheet("Danh sách đề nghị", NOMINEE_HEADERS)
    n = 0
    for n, nom in enumerate(dossier.nominees.select_related("person__unit", "collective__unit",
                                                            "household__unit"), start=1):
        unit = getattr(nom.person or nom.collective or nom.household, "unit", None)
        ws.append([n, nom.subject_name, unit.name if unit else "", award_name(nom.award_code),
                   nom.achievement_summary, _yes_no(nom.appraisal_passed), _yes_no(nom.council_passed)])
    wb.save(out)
    return n


def awards_query(params: dict[str, Any]) -> QuerySet[Award]:
    """Registry rows filtered by year, code, unit (with its sub-units) — the registry search's filters."""
    qs = Award.objects.select_related("unit").order_by("year", "unit__path", "subject_name", "pk")
    if params.get("year"):
        qs = qs.filter(year=int(params["year"]))
    if params.get("code"):
        qs = qs.filter(code=params["code"])
    if params.get("unit_path"):
        qs = qs.filter(unit__path__startswith=params["unit_path"])
    if params.get("decision_number"):
        qs = qs.filter(decision_number=params["decision_number"])
    return qs


def awards_xlsx(qs: QuerySet[Award], out: IO[bytes]) -> int:
    wb, ws = _sheet("Sổ khen thưởng", AWARD_HEADERS)
    n = 0
    for n, a in enumerate(qs.iterator(chunk_size=2000), start=1):
        ws.append([n, a.subject_name, a.subject_title, a.unit.name, award_name(a.code), a.year,
                   a.decision_number, a.decision_date, a.issuer, a.amount_vnd, a.get_status_display()])
    wb.save(out)
    return n
