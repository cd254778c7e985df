"""The appraisal page: verdicts in bulk, reasons shown for nominees not eligible, and the reasons
of an eligible nominee available on demand (same information as the scalar engine)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.factories import Flow
from thidua.nominations.workflow import State
from thidua.registry.models import Initiative, YearRecord

pytestmark = pytest.mark.django_db


def test_eligible_reasons_on_demand_failing_reasons_inline(flow: Flow) -> None:
    year = flow.round.year
    good = flow.make_person("Hoàng Văn Đủ", unit=flow.unit)
    for k in range(3):
        YearRecord.objects.create(person=good, year=year - k, rating="HTXSNV")
    for k in range(2):
        Initiative.objects.create(person=good, year=year - k, scope="co_so", title=f"Sáng kiến {k}")
    weak = flow.make_person("Lý Thị Thiếu", unit=flow.unit)
    d = flow.dossier("BK_TINH", "BK_TINH", people=[good, weak])
    flow.to_state(d, State.UNDER_APPRAISAL)
    n_good, n_weak = d.nominees.order_by("position", "pk")
    client = Client()
    client.force_login(flow.specialist)
    page = client.get(f"/ho-so/{d.pk}/tham-dinh/").content.decode()
    good_row = page.split(f'data-nominee="{n_good.pk}"')[1].split("</tr>")[0]
    weak_row = page.split(f'data-nominee="{n_weak.pk}"')[1].split("</tr>")[0]
    assert "Đủ điều kiện theo dữ liệu" in good_row and "Xem căn cứ" in good_row
    assert f'data-src="/ho-so/{d.pk}/tham-dinh/{n_good.pk}/"' in good_row
    assert "Chưa đủ điều kiện" in weak_row and "✗" in weak_row  # reasons inline for the failing one
    assert f'name="passed_{n_good.pk}" value="1" checked' in good_row
    reasons = client.get(f"/ho-so/{d.pk}/tham-dinh/{n_good.pk}/").content.decode()
    assert "✓ Cần 2 năm liên tục Hoàn thành xuất sắc nhiệm vụ" in reasons and "✓ Cần 2 sáng kiến" in reasons


def test_reasons_on_demand_need_the_board(flow: Flow, make_user: Any) -> None:
    d = flow.dossier("LAO_DONG_TIEN_TIEN")
    n = d.nominees.get()
    client = Client()
    client.force_login(flow.clerk)
    assert client.get(f"/ho-so/{d.pk}/tham-dinh/{n.pk}/").status_code == 403
