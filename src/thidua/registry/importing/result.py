"""What an import reports: per-row errors and counts, in Vietnamese."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RowError:
    """One broken rule. ``row`` is the Excel row number (None for the whole file)."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Dòng {self.row}" if self.row is not None else "Tệp"
        col = f", cột «{self.column}»" if self.column else ""
        return f"{where}{col}: {self.message}"


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    total_rows: int = 0
    valid_rows: int = 0
    created: int = 0
    skipped_existing: int = 0
    people_created: int = 0
    collectives_created: int = 0
    households_created: int = 0
    saved: bool = False
    keep_valid: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def rejected_rows(self) -> int:
        return len({e.row for e in self.errors if e.row is not None})

    def report(self) -> str:
        lines: list[str] = []
        if self.errors:
            lines.append(f"Có {len(self.errors)} lỗi:")
            lines.extend(f"  - {e}" for e in self.errors)
        lines.append(f"Số dòng dữ liệu: {self.total_rows}; hợp lệ: {self.valid_rows}; "
                     f"bị từ chối: {self.rejected_rows}.")
        if self.saved:
            lines.append(f"Đã lưu {self.created} khen thưởng mới; đã có, bỏ qua: {self.skipped_existing}; "
                         f"cá nhân mới: {self.people_created}; tập thể mới: {self.collectives_created}; "
                         f"hộ gia đình mới: {self.households_created}.")
            if self.errors:
                lines.append("Các dòng lỗi ở trên KHÔNG được lưu.")
        elif self.errors:
            lines.append("KHÔNG lưu dòng nào vì tệp có lỗi. Sửa các lỗi trên rồi nhập lại, "
                         "hoặc chọn «chỉ lưu các dòng hợp lệ» (--keep-valid).")
        return "\n".join(lines)
