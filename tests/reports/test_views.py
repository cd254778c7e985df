"""Pages, SVG charts and XLSX exports of the reports, through the test client."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook

from thidua.org.models import Collective, UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(make_unit: Any, make_person: Any, make_user: Any, add_awards: Any) -> dict[str, Any]:
    province = make_unit("Tỉnh Lạng Sơn", kind=UnitKind.PROVINCE)
    commune = make_unit("Xã Hữu Lũng <b>", parent=province, kind=UnitKind.COMMUNE, is_grassroots=True)
    other = make_unit("Phường Đông Kinh", parent=province, kind=UnitKind.WARD)
    worker = make_person("Lường Thị Hoa", unit=commune, sex="F", ethnicity="Nùng", is_direct_worker=True)
    coll = Collective.objects.create(name="UBND xã", unit=commune)
    add_awards(3, year=2022, unit=commune, person=worker, direct=True, code="BK_TINH",
               movement="Cả nước chung sức xây dựng nông thôn mới", amount=1_000_000)
    add_awards(1, year=2022, unit=commune, collective=coll, grassroots=True, code="CO_THI_DUA_TINH")
    add_awards(2, year=2022, unit=other, person=make_person(unit=other), code="CSTD_TINH")
    return {"chair": make_user(role="chair", unit=province), "clerk": make_user(role="clerk", unit=other)}


def test_anonymous_is_sent_to_login(client: Any, data: dict[str, Any]) -> None:
    for url in ("/bao-cao/", "/bang-dieu-khien/", "/bao-cao/thong-ke.xlsx"):
        response = client.get(url)
        assert response.status_code == 302 and "dang-nhap" in response["Location"] or "login" in response["Location"]


def test_statistics_page_and_charts(client: Any, data: dict[str, Any]) -> None:
    client.force_login(data["chair"])
    page = client.get("/bao-cao/?nam=2022").content.decode()
    assert "Bằng khen của Chủ tịch UBND tỉnh" in page and "66,66%" in page
    charts = client.get("/bao-cao/bieu-do/?nam=2022&ky=calendar").content.decode()
    assert charts.count("<svg") == 3 and "Xã Hữu Lũng &lt;b&gt;" in charts and "<b>" not in charts.split("<main")[1]
    bad = client.get("/bao-cao/?nam=abc&ky=xyz").content.decode()
    assert "Năm «abc» không hợp lệ" in bad or "Kỳ báo cáo «xyz» không hợp lệ" in bad


def test_clerk_statistics_are_for_their_subtree(client: Any, data: dict[str, Any]) -> None:
    client.force_login(data["clerk"])
    page = client.get("/bao-cao/?nam=2022").content.decode()
    assert "Phường Đông Kinh" in page and "Xã Hữu Lũng" not in page
    assert client.get("/bang-dieu-khien/").status_code == 200


def test_xlsx_exports(client: Any, data: dict[str, Any]) -> None:
    client.force_login(data["chair"])
    stats = load_workbook(BytesIO(client.get("/bao-cao/thong-ke.xlsx?nam=2022").content))
    cells = [c for row in stats["Thống kê"].iter_rows(values_only=True) for c in row if c is not None]
    assert "Theo cấp khen" in cells and "Cấp tỉnh" in cells and 6 in cells
    forms = load_workbook(BytesIO(client.get("/bao-cao/bieu-mau-thong-ke.xlsx?nam=2022").content))
    assert forms.sheetnames == ["Biểu 1 - Phong trào", "Biểu 2 - Danh hiệu", "Biểu 3 - Hình thức"]
    titles = list(forms["Biểu 2 - Danh hiệu"].iter_rows(values_only=True))
    header = next(r for r in titles if r[0] == "STT")
    assert "Trong đó: nữ" in header
    row = next(r for r in titles if r[1] == "Chiến sĩ thi đua cấp tỉnh")
    assert row[3] == 2
    bk = next(r for r in forms["Biểu 3 - Hình thức"].iter_rows(values_only=True) if r[1] == "Bằng khen của Chủ tịch UBND tỉnh")
    assert bk[3] == 3 and bk[4] == 3  # total, individuals
    movements = [r for r in forms["Biểu 1 - Phong trào"].iter_rows(values_only=True)]
    assert any(r[1] == "Cả nước chung sức xây dựng nông thôn mới" and r[2] == 3 for r in movements)


def test_dashboard_per_role(client: Any, data: dict[str, Any], make_user: Any) -> None:
    client.force_login(data["chair"])
    assert "Năm qua" in client.get("/bang-dieu-khien/").content.decode()
    client.force_login(make_user(role="specialist"))
    assert "Hồ sơ chờ xử lý" in client.get("/bang-dieu-khien/").content.decode()
    client.force_login(data["clerk"])
    assert "Hồ sơ của đơn vị tôi" in client.get("/bang-dieu-khien/").content.decode()
