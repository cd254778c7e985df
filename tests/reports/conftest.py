"""Factories for report tests: award rows built in bulk with exact counts."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import pytest

_num = itertools.count(1)


@pytest.fixture
def add_awards(db: None) -> Callable[..., list[Any]]:
    from thidua.registry.models import Award, AwardLevel, AwardSource

    def add(n: int, *, year: int, unit: Any, level: str = AwardLevel.PROVINCE, code: str = "BK_TINH",
            person: Any = None, collective: Any = None, direct: bool = False, grassroots: bool = False,
            small: bool = False, decision_date: dt.date | None = None, movement: str = "",
            amount: int | None = None, kind: str = "annual") -> list[Any]:
        rows = []
        for _ in range(n):
            rows.append(Award(
                person=person, collective=collective, code=code, year=year, kind=kind, level=level,
                decision_number=f"{next(_num)}/QĐ-UBND", decision_date=decision_date or dt.date(year + 1, 1, 16),
                issuer="Chủ tịch UBND tỉnh", source=AwardSource.IMPORT, unit=unit,
                subject_name=person.full_name if person else collective.name, is_direct_worker=direct,
                is_grassroots_unit=grassroots, is_small_collective=small, movement=movement, amount_vnd=amount,
            ))
        return Award.objects.bulk_create(rows)

    return add
