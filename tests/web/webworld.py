"""Helpers for the web tests: a small world of two communes, and a person's history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


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
