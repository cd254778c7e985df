"""XLSX exports with Vietnamese headers: the statistics table and the statutory report forms."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from thidua.core.spreadsheet import save_workbook
from thidua.registry.models import AwardKind, AwardLevel

from .selectors import FormRow, Row, YearStats

BOLD = Font(bold=True)


def _title(ws: Worksheet, lines: list[str], width: int) -> int:
    for i, line in enumerate(lines, start=1):
        ws.cell(row=i, column=1, value=line).font = Font(bold=i == 1, size=13 if i == 1 else 11)
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=width)
        ws.cell(row=i, column=1).alignment = Alignment(horizontal="center")
    return len(lines) + 2


def _header(ws: Worksheet, row: int, names: list[str]) -> None:
    for c, name in enumerate(names, start=1):
        cell = ws.cell(row=row, column=c, value=name)
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 46
    for letter in "CDEFGHIJKLMNOP":
        ws.column_dimensions[letter].width = 14


def _to_bytes(wb: Workbook) -> bytes:
    out = BytesIO()
    save_workbook(wb, out)
    return out.getvalue()


def statistics_xlsx(stats: YearStats) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Thống kê"
    r = _title(ws, [f"THỐNG KÊ KHEN THƯỞNG — {stats.label.upper()}",
                    f"Tỷ lệ khen thưởng cấp tỉnh cho đơn vị cơ sở, tập thể nhỏ, người trực tiếp lao động: "
                    f"{stats.share.text} ({stats.share.numerator}/{stats.share.denominator}); năm trước "
                    f"{stats.previous_share.text}; {stats.change_points_text} ({stats.change_percent_text})."], 4)
    sections: list[tuple[str, list[Row]]] = [
        ("Theo cấp khen", stats.by_level), ("Theo danh hiệu, hình thức", stats.by_code),
        ("Cá nhân, tập thể", stats.by_subject), ("Theo giới tính (cá nhân)", stats.by_sex),
        ("Theo dân tộc (cá nhân)", stats.by_ethnicity), ("Theo loại hình khen thưởng", stats.by_kind),
        ("Theo loại đơn vị", stats.by_unit_kind), ("Theo xã, phường", stats.by_commune),
        ("Theo đơn vị", stats.by_unit), ("Theo phong trào thi đua", stats.by_movement),
    ]
    for name, rows in sections:
        ws.cell(row=r, column=1, value=name).font = BOLD
        r += 1
        _header(ws, r, ["STT", "Nội dung", "Số lượng", "Tiền thưởng (đồng)"])
        r += 1
        for i, row in enumerate(rows, start=1):
            for c, v in enumerate([i, row.label, row.count, row.amount or None], start=1):
                ws.cell(row=r, column=c, value=v)
            r += 1
        r += 1
    return _to_bytes(wb)


SUBJECT_COLS = [("subject_P", "Cá nhân"), ("subject_C", "Tập thể"), ("subject_H", "Hộ gia đình")]
KIND_COLS = [(f"kind_{k}", str(label)) for k, label in AwardKind.choices]


def _form_sheet(ws: Worksheet, title: str, period_label: str, rows: list[FormRow], with_kinds: bool) -> None:
    cols = SUBJECT_COLS + ([("women", "Trong đó: nữ"), ("direct", "Trong đó: người trực tiếp lao động")])
    if with_kinds:
        cols += KIND_COLS
    names = ["STT", "Danh hiệu, hình thức", "Cấp quyết định", "Tổng số"] + [n for _, n in cols]
    r = _title(ws, [title, period_label, "Đơn vị tính: lượt"], len(names))
    _header(ws, r, names)
    r += 1
    for c in range(1, len(names) + 1):
        ws.cell(row=r, column=c, value=f"({c})" if c > 1 else "(1)").alignment = Alignment(horizontal="center")
    r += 1
    level_label = dict(AwardLevel.choices)
    totals = [0] * (len(cols) + 1)
    for i, row in enumerate(rows, start=1):
        values: list[Any] = [i, row.label, str(level_label.get(row.level, row.level)), row.counts["total"]]
        values += [row.counts[k] for k, _ in cols]
        for c, v in enumerate(values, start=1):
            ws.cell(row=r, column=c, value=v)
        for j, v in enumerate(values[3:]):
            totals[j] += v
        r += 1
    ws.cell(row=r, column=2, value="Tổng cộng").font = BOLD
    for j, v in enumerate(totals):
        ws.cell(row=r, column=4 + j, value=v).font = BOLD


def statutory_xlsx(stats: YearStats, rows: list[FormRow]) -> bytes:
    """Three sheets following the indicators of the statistics regime for emulation and commendation
    (see docs/reports.md: the exact layout of the current forms was not available)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Biểu 1 - Phong trào"
    r = _title(ws, ["SỐ PHONG TRÀO THI ĐUA VÀ KHEN THƯỞNG THEO PHONG TRÀO", stats.label, "Đơn vị tính: phong trào, lượt"], 4)
    _header(ws, r, ["STT", "Phong trào thi đua", "Số lượt khen thưởng", "Tiền thưởng (đồng)"])
    r += 1
    for i, row in enumerate(stats.by_movement, start=1):
        for c, v in enumerate([i, row.label, row.count, row.amount or None], start=1):
            ws.cell(row=r, column=c, value=v)
        r += 1
    ws.cell(row=r, column=2, value=f"Tổng số phong trào có khen thưởng: {len(stats.by_movement)}").font = BOLD
    _form_sheet(wb.create_sheet("Biểu 2 - Danh hiệu"), "SỐ LƯỢNG DANH HIỆU THI ĐUA ĐƯỢC TẶNG", stats.label,
                [x for x in rows if x.kind == "title"], with_kinds=False)
    _form_sheet(wb.create_sheet("Biểu 3 - Hình thức"), "SỐ LƯỢNG HÌNH THỨC KHEN THƯỞNG", stats.label,
                [x for x in rows if x.kind != "title"], with_kinds=True)
    return _to_bytes(wb)
