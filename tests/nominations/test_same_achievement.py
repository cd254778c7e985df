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
    assert any("Giấy khen" in m and "cho cùng thành tích" in m and "Điều 5 khoản 2 Luật Thi đua, khen thưởng 2022" in m
               for m in rows[person.pk].same_form)
    assert rows[person.pk].flagged
    assert not rows[other.pk].same_form


def test_appraisal_page_flags_and_never_preselects_pass(flow: Flow) -> None:
    from django.test import Client

    from thidua.nominations.workflow import State
    from thidua.registry.models import Initiative, YearRecord

    year = flow.round.year
    people = []
    for name in ("Hoàng Văn Đủ", "Hoàng Thị Cũng Đủ"):
        p = flow.make_person(name, unit=flow.unit)
        for k in range(3):
            YearRecord.objects.create(person=p, year=year - k, rating="HTXSNV")
        for k in range(2):
            Initiative.objects.create(person=p, year=year - k, scope="co_so", title=f"Sáng kiến {k}")
        people.append(p)
    _held(people[1], "GIAY_KHEN", year)
    d = flow.dossier("BK_TINH", "BK_TINH", people=people)
    flow.to_state(d, State.UNDER_APPRAISAL)
    n_plain, n_flagged = d.nominees.order_by("position", "pk")
    client = Client()
    client.force_login(flow.specialist)
    page = client.get(f"/ho-so/{d.pk}/tham-dinh/").content.decode()
    plain = page.split(f'data-nominee="{n_plain.pk}"')[1].split("</tr>")[0]
    flagged = page.split(f'data-nominee="{n_flagged.pk}"')[1].split("</tr>")[0]
    assert f"Đã được khen “Giấy khen” năm {year} cho cùng thành tích (một thành tích chỉ khen một hình thức " \
           "— Điều 5 khoản 2 Luật Thi đua, khen thưởng 2022)" in flagged
    assert f'name="passed_{n_plain.pk}" value="1" checked' in plain
    assert "Đủ điều kiện theo dữ liệu" in flagged and "checked" not in flagged
