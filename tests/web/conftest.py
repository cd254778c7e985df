"""Two communes under one province, a clerk in each, and a person's history (``add_history``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest


@dataclass
class World:
    province: Any
    commune_a: Any
    commune_b: Any
    clerk_a: Any
    specialist: Any
    person_a: Any
    person_b: Any


def add_history(person: Any, *, years: range) -> None:
    """A rating, an award and (every third year) an initiative per year, plus one position."""
    from thidua.org.models import Position
    from thidua.registry.models import Award, Initiative, YearRecord

    Position.objects.create(person=person, unit=person.unit, title="Chủ tịch UBND xã", is_leader=True,
                            valid_from=dt.date(years.start, 1, 1))
    for year in years:
        YearRecord.objects.create(person=person, year=year, rating="HTXSNV")
        Award.objects.create(
            person=person, code="CSTD_CO_SO" if year % 2 else "LAO_DONG_TIEN_TIEN", year=year,
            level="grassroots", decision_number=f"{year % 100}/QĐ-UBND", decision_date=dt.date(year + 1, 1, 15),
            issuer="Chủ tịch UBND xã", source="import", unit=person.unit, subject_name=person.full_name,
        )
        if year % 3 == 0:
            Initiative.objects.create(person=person, title=f"Sáng kiến cải cách hành chính {year}", year=year,
                                      scope="co_so")


@pytest.fixture
def world(make_unit: Callable[..., Any], make_person: Callable[..., Any],
          make_user: Callable[..., Any]) -> World:
    from thidua.org.models import UnitKind

    province = make_unit("Tỉnh Lạng Sơn", kind=UnitKind.PROVINCE)
    commune_a = make_unit("Xã Hoàng Văn Thụ", parent=province, kind=UnitKind.COMMUNE)
    commune_b = make_unit("Xã Chi Lăng", parent=province, kind=UnitKind.COMMUNE)
    person_a = make_person("Nông Lương Chấn", unit=commune_a)
    person_b = make_person("Nông Thị Chấn", unit=commune_b, sex="F")
    return World(
        province=province, commune_a=commune_a, commune_b=commune_b,
        clerk_a=make_user("canbo_a", unit=commune_a),
        specialist=make_user("chuyenvien", role="specialist"),
        person_a=person_a, person_b=person_b,
    )


@pytest.fixture
def history(db: None) -> Callable[..., None]:
    """``history(person, years=range(2015, 2025))`` adds ratings, awards, initiatives, a position."""
    return add_history
