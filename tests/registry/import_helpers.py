"""Helpers for the award-history import tests: valid rows and real .xlsx files."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from thidua.core import citizen_id as cid
from thidua.registry.importing.columns import COLUMNS

HEADERS = [c.header for c in COLUMNS]
_serial = itertools.count(500_001)


def new_citizen_id(sex: str = "M", year: int = 1985) -> str:
    return cid.make("020", sex, year, next(_serial))


def person_row(citizen_id: str | None = None, **values: Any) -> dict[str, Any]:
    """A valid 'Cá nhân' row; override any column by its key."""
    row: dict[str, Any] = {
        "stt": 1, "subject_kind": "Cá nhân", "name": "Hoàng Văn Minh",
        "citizen_id": citizen_id or new_citizen_id("M", 1985), "birth_date": "12/04/1985", "sex": "Nam",
        "unit_code": "SNV", "award_code": "LAO_DONG_TIEN_TIEN", "year": 2023,
        "decision_number": "15/QĐ-SNV", "decision_date": "20/01/2024", "issuer": "Sở Nội vụ",
        "amount": 702000, "direct_worker": "Không", "note": "",
    }
    row.update(values)
    return row


def collective_row(**values: Any) -> dict[str, Any]:
    row = person_row(subject_kind="Tập thể", name="Phòng Tổ chức cán bộ", citizen_id=None, birth_date=None,
                     sex=None, award_code="TT_LD_TIEN_TIEN", amount=None)
    row["citizen_id"] = None
    row.update(values)
    return row


def write_xlsx(path: Path, rows: Sequence[dict[str, Any]], *, headers: Sequence[str] = HEADERS,
               keys: Sequence[str] | None = None) -> Path:
    """A real workbook: header row 1, one row per dict (values by column key)."""
    keys = list(keys or [c.key for c in COLUMNS if c.header in headers])
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Khen thưởng"
    ws.append(list(headers))
    for row in rows:
        ws.append([row.get(k) for k in keys])
    wb.save(path)
    return path


def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()
