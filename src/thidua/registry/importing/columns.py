"""The template's columns: Vietnamese header, internal key, whether the file must have it."""

from __future__ import annotations

from dataclasses import dataclass

from thidua.core.text import search_key


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    hint: str
    width: int = 16


COLUMNS: tuple[Column, ...] = (
    Column("stt", "STT", False, "Số thứ tự (không bắt buộc).", 6),
    Column("subject_kind", "Loại đối tượng", True, "Cá nhân, Tập thể hoặc Hộ gia đình.", 14),
    Column("name", "Họ và tên / Tên tập thể", True,
           "Họ và tên cá nhân; tên tập thể; hoặc tên chủ hộ với hộ gia đình.", 30),
    Column("citizen_id", "Số định danh cá nhân", True,
           "12 chữ số, bắt buộc với cá nhân; định dạng ô là Văn bản để giữ số 0 ở đầu.", 18),
    Column("birth_date", "Ngày sinh", True,
           "Ô kiểu Ngày hoặc văn bản dd/mm/yyyy; bắt buộc khi cá nhân chưa có trong hệ thống.", 12),
    Column("sex", "Giới tính", True, "Nam hoặc Nữ; bắt buộc khi cá nhân chưa có trong hệ thống.", 9),
    Column("unit_code", "Mã đơn vị", True, "Mã đơn vị trong hệ thống (xem trang Đơn vị).", 12),
    Column("award_code", "Mã danh hiệu, hình thức", True, "Mã trong trang «Danh mục».", 22),
    Column("year", "Năm thành tích", True, "Năm lập thành tích, 4 chữ số.", 10),
    Column("decision_number", "Số quyết định", True, "Ví dụ 123/QĐ-UBND.", 16),
    Column("decision_date", "Ngày quyết định", True, "Ô kiểu Ngày hoặc văn bản dd/mm/yyyy.", 14),
    Column("issuer", "Cơ quan quyết định", True, "Ví dụ UBND tỉnh Lạng Sơn.", 24),
    Column("amount", "Số tiền (đồng)", False, "Số nguyên, không bắt buộc.", 14),
    Column("direct_worker", "Trực tiếp lao động (Có/Không)", False, "Có hoặc Không; để trống là Không.", 14),
    Column("note", "Ghi chú", False, "Không bắt buộc; được ghi vào nhật ký.", 24),
)

BY_KEY: dict[str, Column] = {c.key: c for c in COLUMNS}
BY_HEADER_KEY: dict[str, Column] = {search_key(c.header): c for c in COLUMNS}
