"""Pages: a person's “what can be proposed”, a unit's eligible people and its Excel export."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from thidua.registry.models import Award, AwardLevel, AwardSource, YearRecord


@pytest.fixture
def setting(make_unit: Callable[..., Any], make_person: Callable[..., Any],
            make_user: Callable[..., Any]) -> dict[str, Any]:
    province = make_unit("Tỉnh Lạng Sơn", kind="province")
    mine = make_unit("Xã Hữu Lũng", parent=province, kind="commune")
    other = make_unit("Xã Bắc Sơn", parent=province, kind="commune")
    good = make_person("Vi Thị Lan", unit=mine, sex="F")
    for year in (2024, 2025):
        YearRecord.objects.create(person=good, year=year, rating="HTXSNV")
        for code in ("LAO_DONG_TIEN_TIEN", "CSTD_CO_SO"):
            Award.objects.create(person=good, code=code, year=year, level=AwardLevel.GRASSROOTS,
                                 decision_number=f"{year}/{code}", decision_date=dt.date(year, 12, 20),
                                 issuer="UBND xã", source=AwardSource.IMPORT, unit=mine,
                                 subject_name=good.full_name)
    stranger = make_person("Hà Văn Nam", unit=other)
    YearRecord.objects.create(person=stranger, year=2025, rating="HTTNV")
    clerk = make_user("canbo", role="clerk", unit=mine)
    return {"mine": mine, "other": other, "good": good, "stranger": stranger, "clerk": clerk}


@pytest.mark.django_db
def test_person_page_lists_verdicts_with_citations(client: Client, setting: dict[str, Any]) -> None:
    client.force_login(setting["clerk"])
    html = client.get(f"/ca-nhan/{setting['good'].pk}/de-xuat/?nam=2025").content.decode()
    assert "Bằng khen" in html and "Đủ điều kiện" in html and "Chưa đủ điều kiện" in html
    assert "Luật Thi đua, khen thưởng 2022" in html


@pytest.mark.django_db
def test_unit_page_and_excel_are_scoped(client: Client, setting: dict[str, Any]) -> None:
    client.force_login(setting["clerk"])
    html = client.get(f"/don-vi/{setting['mine'].code}/du-dieu-kien/?nam=2025").content.decode()
    assert "Vi Thị Lan" in html and "Hà Văn Nam" not in html
    resp = client.get(f"/don-vi/{setting['mine'].code}/du-dieu-kien/?nam=2025&xlsx=1")
    ws = load_workbook(io.BytesIO(b"".join(resp.streaming_content))).active  # type: ignore[attr-defined]
    assert ws is not None and "Họ và tên" in [c.value for c in ws[4]]
    assert client.get(f"/don-vi/{setting['other'].code}/du-dieu-kien/").status_code in (403, 404)
    assert client.get(f"/ca-nhan/{setting['stranger'].pk}/de-xuat/").status_code == 404
