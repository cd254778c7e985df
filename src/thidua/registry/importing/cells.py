"""Parsing one cell. Each parser returns the value or raises CellError with a Vietnamese rule."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from thidua.core.text import search_key


class CellError(ValueError):
    pass


_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_AMOUNT = re.compile(r"^\d{1,3}(?:([.,\s])\d{3})?(?:\1\d{3})*$|^\d+$")


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def date(value: Any) -> dt.date:
    """A real Excel date, or text dd/mm/yyyy. Anything else is refused, not guessed."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise CellError(f"«{text(value)}» là một số, không phải ngày. Hãy định dạng ô kiểu Ngày "
                        "hoặc gõ ngày dạng dd/mm/yyyy (ví dụ 15/03/2024).")
    raw = text(value)
    match = _DMY.match(raw)
    if not match:
        raise CellError(f"«{raw}» không đúng định dạng ngày dd/mm/yyyy (ví dụ 15/03/2024; "
                        "năm phải đủ 4 chữ số).")
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise CellError(f"Ngày «{raw}» không tồn tại.") from exc


def year(value: Any, *, today: dt.date) -> int:
    raw = text(value)
    if not re.fullmatch(r"\d{4}", raw):
        raise CellError(f"«{raw}» không phải năm 4 chữ số.")
    result = int(raw)
    if result < 1945 or result > today.year:
        raise CellError(f"Năm {result} ngoài khoảng hợp lệ 1945–{today.year}.")
    return result


def amount(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellError("Số tiền phải là số nguyên không âm (đồng).")
    if isinstance(value, int | float):
        if value < 0 or (isinstance(value, float) and not value.is_integer()):
            raise CellError(f"Số tiền «{value}» phải là số nguyên không âm (đồng).")
        return int(value)
    raw = str(value).strip()
    if not _AMOUNT.match(raw):
        raise CellError(f"Số tiền «{raw}» phải là số nguyên không âm (đồng), ví dụ 1.170.000.")
    return int(re.sub(r"\D", "", raw))


_YES = {"co", "x", "yes"}
_NO = {"khong", "no", ""}


def yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    key = search_key(text(value))
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise CellError(f"«{text(value)}» không hợp lệ; chỉ nhận «Có» hoặc «Không» (để trống là Không).")


SUBJECT_KINDS = {"ca nhan": "individual", "tap the": "collective", "ho gia dinh": "household"}
SUBJECT_LABELS = {"individual": "Cá nhân", "collective": "Tập thể", "household": "Hộ gia đình"}


def subject_kind(value: Any) -> str:
    kind = SUBJECT_KINDS.get(search_key(text(value)))
    if kind is None:
        raise CellError(f"«{text(value)}» không hợp lệ; chỉ nhận Cá nhân, Tập thể hoặc Hộ gia đình.")
    return kind


def sex(value: Any) -> str | None:
    key = search_key(text(value))
    if not key:
        return None
    if key == "nam":
        return "M"
    if key == "nu":
        return "F"
    raise CellError(f"«{text(value)}» không hợp lệ; chỉ nhận Nam hoặc Nữ.")


def citizen_id_text(value: Any) -> str:
    """The ID as text. A number cell has lost its leading zero: say so rather than pad it."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = text(value)
        if len(digits) != 12:
            raise CellError(f"«{digits}» được nhập dạng số nên có thể đã mất số 0 ở đầu ({len(digits)} chữ số). "
                            "Hãy định dạng ô kiểu Văn bản (Text) và nhập đủ 12 chữ số.")
        return digits
    return text(value)
