"""Prize amounts for the demo: coefficient × base salary on the decision date, rounded up to 10,000 đồng.

The rounding is ``thidua.rules.money.prize_amount``; the coefficients and base salaries are a
small local table because the rule catalog's dated versions start in 2024 while the demo's
history starts in 2018 (Nghị định 91/2017 before 2024, 98/2023 and 152/2025 after; law-rules.md §5).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from thidua.rules.money import prize_amount

BASE_SALARY: list[tuple[dt.date, int]] = [
    (dt.date(2019, 7, 1), 1_490_000),  # Nghị định 38/2019/NĐ-CP
    (dt.date(2023, 7, 1), 1_800_000),  # Nghị định 24/2023/NĐ-CP
    (dt.date(2024, 7, 1), 2_340_000),  # Nghị định 73/2024/NĐ-CP
]
BASE_BEFORE_2019_07 = 1_390_000  # Nghị định 72/2018/NĐ-CP (decisions of early 2019)

# code → (individual, collective) coefficient; BK_TINH changed with the 2022 law's decrees.
COEFFICIENTS: dict[str, tuple[float | None, float | None]] = {
    "LAO_DONG_TIEN_TIEN": (0.3, None),
    "CSTD_CO_SO": (1.0, None),
    "CSTD_TINH": (3.0, None),
    "BK_TINH": (1.5, 3.0),
    "TT_LD_TIEN_TIEN": (None, 0.8),
    "TT_LD_XUAT_SAC": (None, 1.5),
    "CO_THI_DUA_TINH": (None, 8.0),
    "CO_THI_DUA_CP": (None, 12.0),
    "BK_TTG": (3.5, 7.0),
    "HC_LAO_DONG_3": (4.5, 9.0),
    "GIAY_KHEN": (0.3, 0.6),
}
BK_TINH_BEFORE_2024 = (1.0, 2.0)  # Nghị định 91/2017/NĐ-CP


def base_salary(day: dt.date) -> int:
    amount = BASE_BEFORE_2019_07
    for start, value in BASE_SALARY:
        if day >= start:
            amount = value
    return amount


def prize(code: str, *, collective: bool, decided_on: dt.date) -> int | None:
    pair = BK_TINH_BEFORE_2024 if code == "BK_TINH" and decided_on < dt.date(2024, 1, 1) else COEFFICIENTS.get(code)
    if pair is None:
        return None
    coefficient = pair[1] if collective else pair[0]
    if coefficient is None:
        return None
    return prize_amount(Decimal(str(coefficient)), base_salary(decided_on))
