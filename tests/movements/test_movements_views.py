"""Staff pages: scoring form refuses bad points with the message, ranking shows ties and missing scores."""

from __future__ import annotations

from typing import Any

from tests.factories import Setup
from thidua.movements import clusters
from thidua.movements.models import Score


def test_scoring_form_saves_and_shows_refusals(setup: Setup, client: Any) -> None:
    client.force_login(setup.clerks[0])
    c1, c2 = setup.sheet.criteria.order_by("position").values_list("pk", flat=True)
    url = f"/phong-trao/cum/{setup.sheet.pk}/cham-diem/"
    page = client.get(url)
    assert page.status_code == 200 and "Hoàn thành chỉ tiêu" in page.content.decode()
    u1, u2 = setup.units[:2]
    bad = client.post(url, {"don_vi_cham": u1.pk, "don_vi_duoc_cham": u2.pk, f"diem_{c1}": "12"}, follow=True)
    assert "điểm 12 ngoài khoảng cho phép 0–10.00 điểm" in bad.content.decode()
    ok = client.post(url, {"don_vi_cham": u1.pk, "don_vi_duoc_cham": u2.pk, f"diem_{c1}": "7,5",
                           f"diem_{c2}": "4", f"minh_chung_{c1}": "BC 05"}, follow=True)
    assert "Đã lưu điểm" in ok.content.decode()
    assert Score.objects.get(criterion_id=c1, scorer=u1, scored=u2).evidence == "BC 05"


def test_ranking_page_shows_ties_missing_and_proposals(setup: Setup, client: Any) -> None:
    c1, c2 = setup.sheet.criteria.order_by("position").values_list("pk", flat=True)
    for i, unit in enumerate(setup.units[:2]):
        clusters.submit_self_scores(sheet=setup.sheet, unit=unit, by=setup.clerks[i], points={c1: 9, c2: 5})
    client.force_login(setup.specialist)
    body = client.get(f"/phong-trao/cum/{setup.sheet.pk}/xep-hang/").content.decode()
    assert "đồng hạng" in body and "Đồng hạng nhất" in body and "Thiếu" in body
    client.post(f"/phong-trao/cum/{setup.sheet.pk}/tong-hop/")
    setup.sheet.refresh_from_db()
    assert setup.sheet.status == "closed"


def test_registration_page_lists_comparison(setup: Setup, client: Any) -> None:
    client.force_login(setup.clerks[0])
    url = "/phong-trao/dang-ky/?nam=2025"
    assert "Đăng ký thi đua năm 2025" in client.get(url).content.decode()
    page = client.post(url, {"nam": "2025", "don_vi": setup.units[0].pk, "ma_0": "CO_THI_DUA_TINH",
                             "ngay_ky": "2025-01-15", "giao_uoc": "Giao ước"}, follow=True)
    body = page.content.decode()
    assert "Đã lưu đăng ký thi đua năm 2025" in body and "Đối chiếu" in body
    client.logout()
    assert client.get("/phong-trao/cum/").status_code == 302  # staff pages need a login
    assert client.get("/phong-trao/dang-ky/").status_code == 302
    assert client.get("/phong-trao/").status_code == 200  # the public list does not
