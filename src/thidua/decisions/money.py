"""Prize amounts through ``thidua.rules.money``: coefficient × base salary at the decision date,
rounded up to 10,000 VND (NĐ 98/2023 Điều 54; NĐ 152/2025)."""

from __future__ import annotations

import datetime as dt

from thidua.rules.catalog import default_catalog
from thidua.rules.money import prize_for


def prize_amount(code: str, subject_kind: str, on: dt.date) -> int | None:
    """The prize in VND, or None when the award carries no money (a certificate only)."""
    return prize_for(default_catalog().for_date(on), code, subject_kind)
