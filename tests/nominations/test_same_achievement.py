"""Appraisal flags another form already given for the same achievement (Luật Điều 5 khoản 2; issue 12
item 3): same person, same year, same kind; a title beside a form is not flagged."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.factories import Flow
from thidua.nominations.appraisal import appraise
from thidua.registry.models import Award, AwardLevel, AwardSource

pytestmark = pytest.mark.django_db


def _held(person: Any, code: str, year: int, kind: str = "annual") -> None:
    Award.objects.create(person=person, code=code, year=year, level=AwardLevel.GRASSROOTS, kind=kind,
                         decision_number=f"{code}-{year}-{kind}", decision_date=dt.date(year, 12, 28),
                         issuer="Sở Nội vụ", source=AwardSource.IMPORT, unit=person.unit, subject_name=person.full_name)


def test_another_form_for_the_same_achievement_is_flagged(flow: Flow) -> None:
    year = flow.round.year
    person = flow.make_person("Lò Thị Một", unit=flow.unit)
    other = flow.make_person("Lò Văn Hai", unit=flow.unit)
    _held(person, "GIAY_KHEN", year)
    _held(other, "GIAY_KHEN", year, kind="ad_hoc")  # đột xuất: another achievement
    _held(other, "CSTD_CO_SO", year)  # a title may stand beside a form
    d = flow.dossier("BK_TINH", "BK_TINH", people=[person, other])
    rows = {r.nominee.person_id: r for r in appraise(d).rows}
    assert any("Giấy khen" in m and "một thành tích chỉ được khen một hình thức" in m
               for m in rows[person.pk].duplicates)
    assert not any("một hình thức" in m for m in rows[other.pk].duplicates)
