"""Citizen ID (căn cước công dân / số định danh cá nhân): 12 digits.

Layout (Thông tư 59/2021/TT-BCA, Điều 7): 3 digits of the province of birth
registration, 1 digit for sex and century of birth, 2 digits of the birth
year, 6 random digits. Century/sex digit: 0/1 = 20th century male/female,
2/3 = 21st, 4/5 = 22nd, 6/7 = 23rd, 8/9 = 24th.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# Province codes of the 63 provinces before the 2025 merger; IDs already issued keep them.
PROVINCE_CODES: frozenset[str] = frozenset(
    f"{n:03d}"
    for n in (
        1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36,
        37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72,
        74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96,
    )
)

_DIGITS = re.compile(r"^\d{12}$")


class CitizenIdError(ValueError):
    """A citizen ID that breaks a rule; the message is Vietnamese and names the rule."""


@dataclass(frozen=True)
class CitizenIdInfo:
    province_code: str
    sex: str  # "M" | "F"
    birth_year_two_digits: int
    century_start: int


def clean(raw: str) -> str:
    """Remove spaces, dots and dashes that clerks type in Excel."""
    return re.sub(r"[\s.\-]", "", raw or "")


def parse(raw: str) -> CitizenIdInfo:
    value = clean(raw)
    if not _DIGITS.match(value):
        raise CitizenIdError(
            f"Số định danh cá nhân phải gồm đúng 12 chữ số (nhận được {len(value)} ký tự: «{raw}»)."
        )
    province = value[:3]
    if province not in PROVINCE_CODES:
        raise CitizenIdError(f"Mã tỉnh «{province}» trong số định danh «{value}» không tồn tại.")
    digit = int(value[3])
    return CitizenIdInfo(
        province_code=province,
        sex="M" if digit % 2 == 0 else "F",
        birth_year_two_digits=int(value[4:6]),
        century_start=1900 + 100 * (digit // 2),
    )


def validate(raw: str, *, birth_date: dt.date | None = None, sex: str | None = None) -> str:
    """Return the cleaned ID or raise CitizenIdError naming the broken rule."""
    info = parse(raw)
    value = clean(raw)
    if birth_date is not None:
        year = info.century_start + info.birth_year_two_digits
        if year != birth_date.year:
            raise CitizenIdError(
                f"Số định danh «{value}» ứng với năm sinh {year}, không khớp ngày sinh "
                f"{birth_date:%d/%m/%Y}."
            )
    if sex in ("M", "F") and sex != info.sex:
        label = {"M": "nam", "F": "nữ"}
        raise CitizenIdError(
            f"Số định danh «{value}» là của người {label[info.sex]}, không khớp giới tính {label[sex]}."
        )
    return value


def make(province_code: str, sex: str, birth_year: int, serial: int) -> str:
    """Build a valid ID (for the demo and tests)."""
    century_digit = 2 * ((birth_year - 1900) // 100) + (1 if sex == "F" else 0)
    return f"{province_code}{century_digit}{birth_year % 100:02d}{serial % 1_000_000:06d}"
