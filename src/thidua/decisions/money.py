"""Prize amounts: coefficient × base salary at the decision date, rounded UP to the catalog's step.

``thidua.rules.money`` does not exist yet; this small helper reads the same catalog values
(Nghị định 98/2023/NĐ-CP Điều 54 / Nghị định 152/2025/NĐ-CP: làm tròn lên hàng chục nghìn đồng).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_CEILING, Decimal

from thidua.nominations import catalog


def round_up(amount: Decimal, step: int) -> int:
    return int((amount / step).to_integral_value(rounding=ROUND_CEILING) * step)


def prize_amount(code: str, subject_kind: str, on: dt.date) -> int | None:
    """The prize in VND, or None when the award carries no money (a certificate only)."""
    coefficient = catalog.prize_coefficient(code, subject_kind, on)
    if coefficient is None:
        return None
    return round_up(coefficient * catalog.base_salary(on), catalog.prize_rounding(on))
