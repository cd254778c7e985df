"""One achievement, one form on the registry's screens (Luật Thi đua, khen thưởng 2022, Điều 5 khoản 2;
issue 12 item 3): the person page, the person's "what can be proposed" page, the unit's eligible list
and its Excel export flag a row where another form was already given for the same achievement."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from thidua.registry.models import Award, AwardLevel, AwardSource, YearRecord

pytestmark = pytest.mark.django_db

FLAG = "cho cùng thành tích (một thành tích chỉ khen một hình thức — Điều 5 khoản 2 Luật Thi đua, khen thưởng 2022)"


def _award(person: Any, code: str, year: int, *, kind: str = "annual") -> Award:
    return Award.objects.create(person=person, code=code, year=year, level=AwardLevel.GRASSROOTS, kind=kind,
                                decision_number=f"{year}/{code}/{kind}", decision_date=dt.date(year, 12, 20),
                                issuer="UBND xã", source=AwardSource.IMPORT, unit=person.unit,
                                subject_name=person.full_name)


@pytest.fixture
def setting(make_unit: Callable[..., Any], make_person: Callable[..., Any],
            make_user: Callable[..., Any]) -> dict[str, Any]:
    province = make_unit("Tỉnh Lạng Sơn", kind="province")
    commune = make_unit("Xã Hữu Lũng", parent=province, kind="commune")
    flagged = make_person("Vi Thị Lan", unit=commune, sex="F")
    plain = make_person("Hoàng Văn Bình", unit=commune)
    for person in (flagged, plain):
        for year in (2023, 2024, 2025):
            YearRecord.objects.create(person=person, year=year, rating="HTXSNV")
            _award(person, "LAO_DONG_TIEN_TIEN", year)
            _award(person, "CSTD_CO_SO", year)
    _award(flagged, "GIAY_KHEN", 2025)  # a form for 2025's achievement
    _award(plain, "GIAY_KHEN", 2025, kind="ad_hoc")  # đột xuất: another achievement
    clerk = make_user("canbo", role="clerk", unit=commune)
    return {"commune": commune, "flagged": flagged, "plain": plain, "clerk": clerk}


def test_person_page_flags_two_forms_for_one_achievement(client: Client, setting: dict[str, Any]) -> None:
    _award(setting["flagged"], "BK_TINH", 2025)
    client.force_login(setting["clerk"])
    html = client.get(f"/ca-nhan/{setting['flagged'].pk}/").content.decode()
    assert "Đã được khen “Giấy khen” năm 2025 " + FLAG in html
    assert "Đã được khen “Bằng khen của Chủ tịch UBND tỉnh” năm 2025 " + FLAG in html
    html = client.get(f"/ca-nhan/{setting['plain'].pk}/").content.decode()
    assert FLAG not in html  # a title beside a form, and an đột xuất form, are not flagged


def test_person_proposals_flag_another_form(client: Client, setting: dict[str, Any]) -> None:
    client.force_login(setting["clerk"])
    html = client.get(f"/ca-nhan/{setting['flagged'].pk}/de-xuat/?nam=2025").content.decode()
    assert "Đã được khen “Giấy khen” năm 2025 " + FLAG in html
    assert FLAG not in client.get(f"/ca-nhan/{setting['plain'].pk}/de-xuat/?nam=2025").content.decode()


def test_unit_list_and_excel_flag_another_form(client: Client, setting: dict[str, Any]) -> None:
    client.force_login(setting["clerk"])
    url = f"/don-vi/{setting['commune'].code}/du-dieu-kien/?nam=2025&ma=BK_TINH"
    html = client.get(url).content.decode()
    assert "Vi Thị Lan" in html and "Hoàng Văn Bình" in html
    assert html.count("Đã được khen “Giấy khen” năm 2025 " + FLAG) == 1
    resp = client.get(url + "&xlsx=1")
    ws = load_workbook(io.BytesIO(b"".join(resp.streaming_content))).active  # type: ignore[attr-defined]
    assert ws is not None
    assert [c.value for c in ws[4]][-1] == "Lưu ý"
    notes = {row[3]: row[6] for row in ws.iter_rows(min_row=5, values_only=True)}
    assert FLAG in str(notes["Vi Thị Lan"]) and not notes["Hoàng Văn Bình"]


def test_unit_list_flags_in_bulk(client: Client, setting: dict[str, Any], make_person: Callable[..., Any]) -> None:
    """The flags cost one query for the whole list, whatever its length."""
    client.force_login(setting["clerk"])
    url = f"/don-vi/{setting['commune'].code}/du-dieu-kien/?nam=2025&ma=BK_TINH"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(5):
        p = make_person(f"Người {i}", unit=setting["commune"])
        for year in (2023, 2024, 2025):
            YearRecord.objects.create(person=p, year=year, rating="HTXSNV")
            _award(p, "LAO_DONG_TIEN_TIEN", year)
            _award(p, "CSTD_CO_SO", year)
        _award(p, "GIAY_KHEN", 2025)
    client.get(url)
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert html.count(FLAG) == 6
    assert len(many) == len(few)
