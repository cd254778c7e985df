"""Open the uploaded workbook and refuse malformed files before any row is checked.

Refused with a message naming the problem: too large (by size, before parsing), empty,
not an .xlsx (an old .xls or another file renamed), header row missing required columns,
merged cells (we refuse rather than unmerge-fill: a merged cell hides which rows it was
meant for, and guessing is a silent fallback), formulas without a cached value.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from thidua.core.text import search_key

from .columns import BY_HEADER_KEY, COLUMNS, Column
from .result import RowError
from .xlsx import XlsxError, read_workbook_bytes

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


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
        content = read_workbook_bytes(data)
    except XlsxError as exc:
        raise _fail(f"Không đọc được tệp Excel .xlsx: {exc}.") from exc
    _check_merged(content.merged)
    rows = content.rows
    if not rows or rows[0][0] != 1 or not any(_filled(v) for v in rows[0][1]):
        raise _fail("Trang tính đầu tiên trống hoặc dòng 1 không có tiêu đề. "
                    "Hãy dùng mẫu nhập liệu tải từ hệ thống.")
    columns = _map_headers(tuple(rows[0][1]))
    sheet = Sheet(columns={col.key: col for col in columns.values()})
    formula_rows = {f.row for f in content.uncached_formulas if f.col in columns}
    for number, values in rows[1:]:
        record = {col.key: _clean(values[idx]) for idx, col in columns.items() if idx < len(values)}
        if number in formula_rows or any(v is not None for k, v in record.items() if k != "stt"):
            sheet.rows.append(RawRow(number, record))
    for f in content.uncached_formulas:
        if f.row > 1 and f.col in columns:
            # A formula whose result Excel never saved: refuse the row rather than read it as empty.
            sheet.row_errors.append(RowError(
                f.row, columns[f.col].header,
                f"Ô {f.ref} chứa công thức nhưng không có giá trị đã tính. Hãy mở tệp bằng Excel, lưu lại, "
                "hoặc dán giá trị (Paste Values) thay cho công thức."))
    if not sheet.rows:
        raise _fail("Tệp không có dòng dữ liệu nào (chỉ có dòng tiêu đề). Hãy nhập dữ liệu từ dòng 2.")
    return sheet


def _check_merged(ranges: list[str]) -> None:
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
