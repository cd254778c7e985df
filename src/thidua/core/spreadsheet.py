"""Every Excel file the system writes goes through here: no cell text is ever read as a formula (M5).

A name, title or note typed by a user that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return would be written by openpyxl as a live formula (``=`` becomes a formula cell) or read as one by
Excel or LibreOffice when the file is opened or re-saved as CSV (``=HYPERLINK(...)``, ``@SUM(...)``,
``-2+3``): CSV/formula injection (OWASP). Such text gets a leading apostrophe, the spreadsheet's own
"this is text" mark. Numbers, dates and booleans are written unchanged.

    ws.append(safe_row([...]))           write-only sheets (streamed exports)
    save_workbook(wb, target)            normal workbooks: every cell checked just before saving
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(DANGEROUS_START):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe(v) for v in values]


def neutralise(wb: Workbook) -> int:
    """Neutralise every cell of a (not write-only) workbook in place; returns how many were changed."""
    changed = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and value.startswith(DANGEROUS_START):
                    cell.value = "'" + value  # assigning a str re-types the cell as text (not 'f')
                    cell.data_type = "s"
                    changed += 1
    return changed


def save_workbook(wb: Workbook, target: str | Path | IO[bytes]) -> None:
    neutralise(wb)
    wb.save(str(target) if isinstance(target, Path) else target)  # type: ignore[arg-type]
