"""Open the uploaded workbook and refuse malformed files before any row is checked.

Refused with a message naming the problem: too large (by size, before parsing), empty,
not an .xlsx (an old .xls or another file renamed), header row missing required columns,
merged cells (we refuse rather than unmerge-fill: a merged cell hides which rows it was
meant for, and guessing is a silent fallback), formulas without a cached value.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from thidua.core.text import search_key

from .columns import BY_HEADER_KEY, COLUMNS, Column
from .result import RowError

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([^"]+)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


class FileRejected(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


@dataclass
class RawRow:
    number: int  # Excel row number
    values: dict[str, Any]


@dataclass
class Sheet:
    columns: dict[str, Column]
    rows: list[RawRow] = field(default_factory=list)
    # Errors found while reading (formulas without value): they reject their row, not the file.
    row_errors: list[RowError] = field(default_factory=list)


def _fail(message: str, column: str = "", row: int | None = None) -> FileRejected:
    return FileRejected([RowError(row, column, message)])


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",") + " MB"


def check_size(size: int, limit: int) -> None:
    if size > limit:
        raise _fail(f"Tệp quá lớn ({_mb(size)}); giới hạn là {_mb(limit)}. "
                    "Hãy chia tệp thành nhiều tệp nhỏ hơn.")
    if size == 0:
        raise _fail("Tệp rỗng (0 byte).")


def read_sheet(data: bytes) -> Sheet:
    """Parse the first sheet of an .xlsx given as bytes (size already checked)."""
    if data[:8] == _OLE2_MAGIC:
        raise _fail("Đây là tệp Excel 97–2003 (.xls) hoặc tệp Office cũ, không phải .xlsx. "
                    "Hãy mở bằng Excel và «Lưu thành» định dạng Excel Workbook (.xlsx).")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _fail("Tệp không phải là tệp Excel .xlsx hợp lệ (có thể là tệp khác bị đổi đuôi thành .xlsx "
                    "hoặc tệp bị hỏng).")
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a zip that is not a workbook
        raise _fail("Không đọc được tệp Excel .xlsx (tệp nén không phải là sổ tính Excel hoặc bị hỏng: "
                    f"{type(exc).__name__}).") from exc
    try:
        if not wb.worksheets:
            raise _fail("Tệp không có trang tính nào.")
        ws = wb.worksheets[0]
        xml = _sheet_xml(ws)
        _check_merged(xml)
        ws.reset_dimensions()  # some generators write a wrong <dimension>; read what is there
        rows = list(ws.iter_rows(values_only=True))
    finally:
        wb.close()
    if not rows or not any(_filled(v) for v in rows[0]):
        raise _fail("Trang tính đầu tiên trống: không có dòng tiêu đề và dữ liệu. "
                    "Hãy dùng mẫu nhập liệu tải từ hệ thống.")
    columns = _map_headers(rows[0])
    sheet = Sheet(columns={col.key: col for col in columns.values()})
    for offset, values in enumerate(rows[1:], start=2):
        record = {col.key: _clean(values[idx]) for idx, col in columns.items() if idx < len(values)}
        if any(v is not None for k, v in record.items() if k != "stt"):
            sheet.rows.append(RawRow(offset, record))
    if _FORMULA.search(xml):
        _check_formulas(data, sheet, columns)
        sheet.rows.sort(key=lambda r: r.number)
    if not sheet.rows:
        raise _fail("Tệp không có dòng dữ liệu nào (chỉ có dòng tiêu đề). Hãy nhập dữ liệu từ dòng 2.")
    return sheet


def _sheet_xml(ws: Any) -> bytes:
    with ws._get_source() as src:  # the raw sheet XML: merges and formulas without a second parse
        return bytes(src.read())


def _check_merged(xml: bytes) -> None:
    ranges = [m.decode() for m in _MERGE.findall(xml)]
    if ranges:
        shown = ", ".join(ranges[:10]) + (" …" if len(ranges) > 10 else "")
        raise _fail(f"Trang tính có ô gộp ({shown}). Hệ thống không nhận ô gộp vì không rõ giá trị thuộc "
                    "dòng nào: hãy bỏ gộp ô (Unmerge) và điền đủ giá trị cho từng dòng.")


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _map_headers(header: tuple[Any, ...]) -> dict[int, Column]:
    found: dict[int, Column] = {}
    seen: dict[str, int] = {}
    for idx, raw in enumerate(header):
        if not _filled(raw):
            continue
        col = BY_HEADER_KEY.get(search_key(str(raw)))
        if col is None:
            continue  # extra columns the clerk added are ignored
        if col.key in seen:
            raise _fail(f"Cột «{col.header}» xuất hiện hai lần (cột {get_column_letter(seen[col.key] + 1)} "
                        f"và {get_column_letter(idx + 1)}).", column=col.header, row=1)
        seen[col.key] = idx
        found[idx] = col
    missing = [c.header for c in COLUMNS if c.required and c.key not in seen]
    if missing:
        raise _fail("Thiếu cột bắt buộc ở dòng tiêu đề (dòng 1): " + ", ".join(f"«{m}»" for m in missing)
                    + ". Hãy dùng mẫu nhập liệu tải từ hệ thống.", row=1)
    return found


def _check_formulas(data: bytes, sheet: Sheet, columns: dict[int, Column]) -> None:
    """A formula whose result Excel never saved reads as empty with data_only: refuse it."""
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        ws = wb.worksheets[0]
        ws.reset_dimensions()
        formulas = ws.iter_rows(values_only=True)
        by_number = {r.number: r for r in sheet.rows}
        errors: list[RowError] = []
        for number, values in enumerate(formulas, start=1):
            raw = by_number.get(number)
            for idx, col in columns.items():
                if idx >= len(values):
                    continue
                value = values[idx]
                is_formula = (isinstance(value, str) and value.startswith("=")) or (
                    value is not None and type(value).__name__ in ("ArrayFormula", "DataTableFormula"))
                if number > 1 and is_formula and (raw is None or raw.values.get(col.key) is None):
                    if raw is None:
                        raw = RawRow(number, {})
                        by_number[number] = raw
                        sheet.rows.append(raw)
                    errors.append(RowError(number, col.header,
                                           f"Ô {get_column_letter(idx + 1)}{number} chứa công thức nhưng không có "
                                           "giá trị đã tính. Hãy mở tệp bằng Excel, lưu lại, hoặc dán giá trị "
                                           "(Paste Values) thay cho công thức."))
    finally:
        wb.close()
    sheet.row_errors.extend(errors)
