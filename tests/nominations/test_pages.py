"""The nomination, appraisal, council and decision pages: scoped, Vietnamese, thin."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.factories import Flow
from thidua.nominations import dossiers
from thidua.nominations.workflow import State

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_dossier_page_timeline_buttons_and_scope(flow: Flow) -> None:
    d = flow.dossier("LAO_DONG_TIEN_TIEN", "CSTD_CO_SO")
    head = client_for(flow.head)
    page = head.get(f"/ho-so/{d.pk}/").content.decode()
    assert "Trình hồ sơ" in page and "Hồ sơ đủ thành phần" in page
    r = head.post(f"/ho-so/{d.pk}/", {"action": "submit", "version": d.version})
    assert r.status_code == 302
    d.refresh_from_db()
    assert d.state == State.SUBMITTED
    page = head.get(f"/ho-so/{d.pk}/").content.decode()
    assert "Đã trình" in page and "Quá trình xử lý" in page
    assert client_for(flow.other_clerk).get(f"/ho-so/{d.pk}/").status_code == 403
    assert "Đề nghị khen thưởng" in client_for(flow.specialist).get("/ho-so/hang-cho/").content.decode()
    assert client_for(flow.clerk).get("/ho-so/hang-cho/").status_code == 403
    assert "Hồ sơ đề nghị và thời hạn" in client_for(flow.clerk).get("/ho-so/").content.decode()
    assert "Thông báo" in client_for(flow.specialist).get("/ho-so/thong-bao/").content.decode()


def test_stale_version_is_refused_with_message(flow: Flow) -> None:
    d = flow.dossier("LAO_DONG_TIEN_TIEN")
    r = client_for(flow.head).post(f"/ho-so/{d.pk}/", {"action": "submit", "version": d.version - 1}, follow=True)
    assert "đã được người khác cập nhật" in r.content.decode()
    d.refresh_from_db()
    assert d.state == State.DRAFT


def test_appraisal_page_verdicts_return_and_conclude(flow: Flow) -> None:
    p = flow.make_person("Hoàng Văn Dũng", unit=flow.unit)
    d = flow.dossier("LAO_DONG_TIEN_TIEN", people=[p])
    flow.to_state(d, State.UNDER_APPRAISAL)
    n = d.nominees.get()
    spec = client_for(flow.specialist)
    page = spec.get(f"/ho-so/{d.pk}/tham-dinh/").content.decode()
    assert "Hoàng Văn Dũng" in page and "Tỷ lệ khen thưởng" in page and "dữ liệu trong sổ" in page
    spec.post(f"/ho-so/{d.pk}/tham-dinh/", {"action": "return", "version": d.version, f"reason_{n.pk}": "Thiếu minh chứng"})
    d.refresh_from_db()
    assert d.state == State.RETURNED
    dossiers.resubmit(dossier=d, by=flow.clerk)
    d.refresh_from_db()
    spec.post(f"/ho-so/{d.pk}/tham-dinh/", {"action": "conclude", "version": d.version, f"passed_{n.pk}": "1"})
    d.refresh_from_db()
    assert d.state == State.APPRAISED
    assert client_for(flow.clerk).get(f"/ho-so/{d.pk}/tham-dinh/").status_code == 403


def test_import_page_template_and_upload(flow: Flow) -> None:
    d = dossiers.create_dossier(round=flow.round, unit=flow.unit, by=flow.clerk, title="Đề nghị")
    c = client_for(flow.clerk)
    r = c.get(f"/ho-so/{d.pk}/nhap-excel/?mau=1")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    import io

    from openpyxl import load_workbook
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.active.cell(1, 3).value == "Họ và tên"
    r = c.post(f"/ho-so/{d.pk}/nhap-excel/", {"action": "upload", "file": io.BytesIO(b"not excel")})
    assert "không phải là tệp Excel" in r.content.decode()


def test_decisions_and_council_pages(flow: Flow) -> None:
    d = flow.dossier("LAO_DONG_TIEN_TIEN")
    flow.to_state(d, State.AT_COUNCIL)
    spec = client_for(flow.specialist)
    assert "Lập phiên họp" in spec.get("/hoi-dong/").content.decode()
    r = spec.post("/hoi-dong/", {"round": flow.round.pk, "dossiers": [d.pk], "members": [flow.chair.pk],
                                 "title": "Phiên họp"})
    assert r.status_code == 302
    url = r["Location"]
    spec.post(url, {"action": "attendance", "present": [flow.chair.pk]})
    chair = client_for(flow.chair)
    item = d.nominees.get().agenda_items.get()
    chair.post(url, {"action": "ballot", f"item_{item.pk}": "1"})
    spec.post(url, {"action": "close"})
    assert "Thông qua" in spec.get(url + "bien-ban/").content.decode()
    d.refresh_from_db()
    assert d.state == State.VOTED
    dossiers.send_for_signature(dossier=d, by=flow.specialist)
    r = spec.post("/quyet-dinh/", {"dossiers": [d.pk]})
    assert r.status_code == 302
    detail = r["Location"]
    chair.post(detail, {"action": "issue"})
    page = chair.get(detail).content.decode()
    assert "/QĐ-UBND" in page and "Đã ban hành" in page
    chair.post(detail, {"action": "retract", "reason": "Phát hiện khai man"})
    assert "Đã hủy bỏ" in chair.get(detail).content.decode()
