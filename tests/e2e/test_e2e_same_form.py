"""Issue 12 "Done when": the person page, the unit's eligible list and the appraisal queue show the
"one achievement, one form" flag (Luật Thi đua, khen thưởng 2022, Điều 5 khoản 2), in the browser; the
appraisal never pre-selects "Đạt" on the flagged row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.factories import Flow, flow  # noqa: F401
from thidua.nominations.workflow import State
from thidua.registry.models import Award, AwardLevel, AwardSource, Initiative, YearRecord

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_same_form_flag_in_the_browser(  # noqa: F811 (the flow fixture is imported above)
        flow: Flow, open_as: Callable[[Any], Any], live_server: Any) -> None:  # noqa: F811
    base = live_server.url
    year = flow.round.year
    people = []
    for name in ("Hoàng Văn Đủ", "Vi Thị Lan"):
        p = flow.make_person(name, unit=flow.unit)
        for k in range(3):
            YearRecord.objects.create(person=p, year=year - k, rating="HTXSNV")
            for code in ("LAO_DONG_TIEN_TIEN", "CSTD_CO_SO"):
                Award.objects.create(person=p, code=code, year=year - k, level=AwardLevel.GRASSROOTS,
                                     decision_number=f"{year - k}/{code}", decision_date=dt.date(year - k, 12, 20),
                                     issuer="Sở GD&ĐT", source=AwardSource.IMPORT, unit=flow.unit,
                                     subject_name=p.full_name)
        for k in range(2):
            Initiative.objects.create(person=p, year=year - k, scope="co_so", title=f"Sáng kiến {k}")
        people.append(p)
    lan = people[1]
    Award.objects.create(person=lan, code="GIAY_KHEN", year=year, level=AwardLevel.GRASSROOTS,
                         decision_number="15/QĐ-SGD", decision_date=dt.date(year, 12, 28), issuer="Sở GD&ĐT",
                         source=AwardSource.IMPORT, unit=flow.unit, subject_name=lan.full_name)
    flag = (f"Đã được khen “Giấy khen” năm {year} cho cùng thành tích (một thành tích chỉ khen một hình thức "
            "— Điều 5 khoản 2 Luật Thi đua, khen thưởng 2022)")

    clerk = open_as(flow.clerk)
    clerk.goto(f"{base}/don-vi/{flow.unit.code}/du-dieu-kien/?nam={year}&ma=BK_TINH")
    expect(clerk.locator("li", has_text="Vi Thị Lan").locator(".same-form")).to_contain_text(flag)
    expect(clerk.locator("li", has_text="Hoàng Văn Đủ").locator(".same-form")).to_have_count(0)

    d = flow.dossier("BK_TINH", "BK_TINH", people=people)
    flow.to_state(d, State.UNDER_APPRAISAL)
    n_plain, n_flagged = d.nominees.order_by("position", "pk")
    # another form given meanwhile (e.g. imported from a department's decision): the person page shows both
    Award.objects.create(person=lan, code="BK_TINH", year=year, level=AwardLevel.PROVINCE,
                         decision_number="99/QĐ-UBND", decision_date=dt.date(year, 12, 30), issuer="UBND tỉnh",
                         source=AwardSource.IMPORT, unit=flow.unit, subject_name=lan.full_name)
    clerk.goto(f"{base}/ca-nhan/{lan.pk}/")
    expect(clerk.locator(".same-form", has_text=flag)).to_have_count(1)
    expect(clerk.locator(".same-form", has_text="“Bằng khen của Chủ tịch UBND tỉnh”")).to_have_count(1)

    office = open_as(flow.specialist)
    office.goto(f"{base}/ho-so/{d.pk}/tham-dinh/")
    flagged = office.locator(f"tr[data-nominee='{n_flagged.pk}']")
    expect(flagged.locator(".same-form").first).to_contain_text(flag)
    expect(flagged.locator(f"input[name=passed_{n_flagged.pk}][value='1']")).not_to_be_checked()
    expect(office.locator(f"input[name=passed_{n_plain.pk}][value='1']")).to_be_checked()
