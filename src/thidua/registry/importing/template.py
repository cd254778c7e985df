"""The import template: data sheet with Vietnamese headers, instructions, and the award codes."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from thidua.core.spreadsheet import save_workbook

from ..catalog import import_catalog
from .columns import COLUMNS

DATA_SHEET = "Khen thưởng"
HELP_SHEET = "Hướng dẫn"
CODES_SHEET = "Danh mục"

_LEVELS = {"state": "Cấp Nhà nước", "province": "Cấp tỉnh", "grassroots": "Cấp cơ sở"}
_SUBJECTS = {"individual": "Cá nhân", "collective": "Tập thể", "household": "Hộ gia đình"}

_HELP = [
    "HƯỚNG DẪN NHẬP LỊCH SỬ KHEN THƯỞNG",
    "",
    "1. Nhập dữ liệu ở trang «Khen thưởng», bắt đầu từ dòng 2; giữ nguyên dòng tiêu đề (dòng 1).",
    "2. Mỗi dòng là một khen thưởng của một đối tượng (cá nhân, tập thể hoặc hộ gia đình).",
    "3. Cá nhân được nhận diện theo số định danh cá nhân (12 chữ số). Người chưa có trong hệ thống "
    "sẽ được tạo mới với họ tên, ngày sinh, giới tính trong tệp.",
    "4. Tập thể, hộ gia đình được nhận diện theo tên trong đơn vị (Mã đơn vị); chưa có thì tạo mới.",
    "5. Ngày nhập bằng ô kiểu Ngày của Excel hoặc văn bản dd/mm/yyyy (ví dụ 15/03/2024).",
    "6. Không gộp ô (Merge); không để công thức chưa tính; không đổi tên cột.",
    "7. Mã danh hiệu, hình thức lấy ở trang «Danh mục».",
    "8. Một đối tượng chỉ có một khen thưởng cùng mã trong cùng một năm thành tích.",
    "9. Nhập lại cùng một tệp không tạo bản ghi trùng: các dòng đã có được báo «đã có, bỏ qua».",
    "10. Khi có dòng lỗi, hệ thống không lưu dòng nào, trừ khi bạn chọn «chỉ lưu các dòng hợp lệ».",
    "",
    "Các cột:",
]


def write_template(target: str | Path | IO[bytes]) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = DATA_SHEET
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for idx, col in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=idx, value=col.header)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(idx)].width = col.width
    ws.freeze_panes = "A2"
    # Citizen IDs and dates typed as text keep their leading zeros and day-first order.
    for key in ("citizen_id", "birth_date", "decision_date", "decision_number"):
        idx = next(i for i, c in enumerate(COLUMNS, start=1) if c.key == key)
        for row in range(2, 1002):
            ws.cell(row=row, column=idx).number_format = "@"
    kinds = DataValidation(type="list", formula1='"Cá nhân,Tập thể,Hộ gia đình"', allow_blank=True)
    ws.add_data_validation(kinds)
    kinds.add("B2:B5000")

    help_ws = wb.create_sheet(HELP_SHEET)
    help_ws.column_dimensions["A"].width = 34
    help_ws.column_dimensions["B"].width = 90
    for r, line in enumerate(_HELP, start=1):
        help_ws.cell(row=r, column=1, value=line)
    help_ws.cell(row=1, column=1).font = bold
    start = len(_HELP) + 1
    for r, col in enumerate(COLUMNS, start=start):
        help_ws.cell(row=r, column=1, value=col.header + (" (bắt buộc)" if col.required else ""))
        help_ws.cell(row=r, column=2, value=col.hint)

    codes_ws = wb.create_sheet(CODES_SHEET)
    for idx, (header, width) in enumerate((("Mã", 24), ("Tên danh hiệu, hình thức", 60), ("Cấp khen", 16),
                                            ("Đối tượng", 34)), start=1):
        codes_ws.cell(row=1, column=idx, value=header).font = bold
        codes_ws.column_dimensions[get_column_letter(idx)].width = width
    for r, award in enumerate(sorted(import_catalog().values(), key=lambda a: a.code), start=2):
        codes_ws.cell(row=r, column=1, value=award.code)
        codes_ws.cell(row=r, column=2, value=award.name)
        codes_ws.cell(row=r, column=3, value=_LEVELS.get(award.level, award.level))
        codes_ws.cell(row=r, column=4, value=", ".join(_SUBJECTS[s] for s in ("individual", "collective",
                                                                               "household")
                                                       if s in award.subjects))
    save_workbook(wb, target)
