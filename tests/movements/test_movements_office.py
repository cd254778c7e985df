"""The office's screens: launch and edit a movement, reviews and rounds, the final review's proposals
into dossiers, and a cluster's sheet for a new year copied from last year's."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from tests.factories import Flow, Setup
from thidua.audit.models import AuditEvent
from thidua.movements import services
from thidua.movements.models import Movement, Review, ScoringSheet
from thidua.nominations.models import Dossier
from thidua.org.models import ClusterMembership, ClusterRole


def _launch_data(flow: Flow, **extra: Any) -> dict[str, Any]:
    today = timezone.localdate()
    data: dict[str, Any] = {
        "name": "Thi đua chào mừng Đại hội Đảng bộ tỉnh", "theme": "Đoàn kết – Đổi mới", "goals": "Hoàn thành",
        "criteria": "Tiêu chí 1", "kind": "thematic", "level": "province", "launched_by": flow.province.pk,
        "launched_on": f"{today:%Y-%m-%d}", "starts_on": f"{today - dt.timedelta(days=5):%d/%m/%Y}",
        "ends_on": f"{today + dt.timedelta(days=40):%Y-%m-%d}", "is_public": "on",
        "units": [flow.unit.pk, flow.other_unit.pk], "launch_document_number": "15/KH-UBND",
    }
    data.update(extra)
    return data


def test_office_launches_and_edits_a_movement(flow: Flow, client: Client) -> None:
    client.force_login(flow.specialist)
    page = client.get("/phong-trao/quan-ly/phat-dong/").content.decode()
    assert "Sở Giáo dục và Đào tạo" in page and 'type="checkbox"' in page and 'type="date"' in page
    bad = client.post("/phong-trao/quan-ly/phat-dong/", _launch_data(flow, name=" ", ends_on="2000-01-01"))
    body = bad.content.decode()
    assert bad.status_code == 200 and "Tên phong trào: không được để trống." in body
    assert "phải sau ngày bắt đầu" in body and not Movement.objects.exists()
    doc = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    resp = client.post("/phong-trao/quan-ly/phat-dong/", {**_launch_data(flow), "launch_document": doc})
    movement = Movement.objects.get()
    assert resp.status_code == 302 and resp["Location"] == f"/phong-trao/quan-ly/{movement.pk}/"
    assert set(movement.units.all()) == {flow.unit, flow.other_unit} and movement.launch_document.name.endswith(".pdf")
    assert movement.launch_document_number == "15/KH-UBND"
    resp = client.post(f"/phong-trao/quan-ly/{movement.pk}/sua/",
                       _launch_data(flow, theme="Kỷ cương – Trách nhiệm", units=[flow.unit.pk]))
    assert resp.status_code == 302
    movement.refresh_from_db()
    assert movement.theme == "Kỷ cương – Trách nhiệm" and list(movement.units.all()) == [flow.unit]
    event = AuditEvent.objects.get(action="movements.update")
    assert event.before["units"] == sorted([flow.unit.pk, flow.other_unit.pk]) and event.after["units"] == [flow.unit.pk]
    assert "Quản lý phong trào" in client.get("/phong-trao/").content.decode()


def test_unit_launches_only_its_own_non_province_movements(flow: Flow, client: Client, make_user: Any) -> None:
    client.force_login(flow.head)
    page = client.get("/phong-trao/quan-ly/phat-dong/").content.decode()
    assert 'value="province"' not in page and "Sở Y tế" not in page  # the unit's own subtree only
    refused = client.post("/phong-trao/quan-ly/phat-dong/",
                          _launch_data(flow, launched_by=flow.other_unit.pk, level="department", units=[]))
    assert "Đơn vị phát động: ngoài phạm vi của bạn." in refused.content.decode()
    resp = client.post("/phong-trao/quan-ly/phat-dong/",
                       _launch_data(flow, launched_by=flow.unit.pk, level="department", units=[flow.unit.pk]))
    own = Movement.objects.get()
    assert resp.status_code == 302 and own.launched_by == flow.unit
    province = services.launch_movement(by=flow.specialist, name="Phong trào của tỉnh", kind="regular",
                                        level="province", launched_by=flow.province, launched_on=own.launched_on,
                                        starts_on=own.starts_on, ends_on=own.ends_on)
    listing = client.get("/phong-trao/quan-ly/").content.decode()
    assert own.name in listing and province.name not in listing
    assert client.get(f"/phong-trao/quan-ly/{province.pk}/sua/").status_code == 404
    client.force_login(flow.other_clerk)
    assert client.get(f"/phong-trao/quan-ly/{own.pk}/").status_code == 404
    client.force_login(make_user(role="council_member", unit=flow.province))
    assert client.get("/phong-trao/quan-ly/").status_code == 403


def test_final_review_page_from_proposals_to_dossiers(flow: Flow, client: Client) -> None:
    today = timezone.localdate()
    client.force_login(flow.specialist)
    client.post("/phong-trao/quan-ly/phat-dong/", _launch_data(flow))
    movement = Movement.objects.get()
    manage = f"/phong-trao/quan-ly/{movement.pk}/"
    resp = client.post(manage, {"action": "round", "name": "Khen thưởng chuyên đề Đại hội", "year": today.year,
                                "accepted_codes": ["BK_TINH", "CO_THI_DUA_TINH"],
                                "opens_on": f"{today:%Y-%m-%d}", "closes_on": f"{today + dt.timedelta(days=20):%Y-%m-%d}"})
    assert resp.status_code == 302 and movement.round_links.count() == 1
    late = client.post(manage, {"action": "round", "name": "Quá hạn", "year": today.year,
                                "accepted_codes": ["BK_TINH"], "opens_on": f"{today:%Y-%m-%d}",
                                "closes_on": f"{today + dt.timedelta(days=90):%Y-%m-%d}"})
    assert "sau ngày phong trào kết thúc" in late.content.decode()
    resp = client.post(manage, {"action": "review", "kind": "final", "held_on": f"{today:%Y-%m-%d}",
                                "report_text": "Báo cáo tổng kết"})
    review = Review.objects.get(kind="final")
    url = f"/phong-trao/quan-ly/tong-ket/{review.pk}/"
    assert resp["Location"] == url
    teacher = flow.make_person("Hoàng Thị Mai", unit=flow.unit)
    page = client.get(f"{url}?don-vi={flow.unit.pk}").content.decode()
    assert 'name="doi_tuong_q"' in page and "Lấy đề xuất từ kết quả phong trào" in page
    # The person picker's «Tìm» without JavaScript posts the form back: nothing is added, the list shows.
    found = client.post(url, {"action": "add", "don_vi": flow.unit.pk, "doi_tuong_q": "hoàng thị", "doi_tuong_tim": "1",
                              "ma": "BK_TINH", "ly_do": "Giáo viên tiêu biểu"}).content.decode()
    assert f'value="p{teacher.pk}"' in found and "Giáo viên tiêu biểu</textarea>" in found
    assert review.proposals.count() == 0
    empty_reason = client.post(url, {"action": "add", "don_vi": flow.unit.pk, "doi_tuong": f"p{teacher.pk}",
                                     "ma": "BK_TINH", "ly_do": ""}, follow=True)
    assert "Thành tích, lý do đề nghị: không được để trống." in empty_reason.content.decode()
    client.post(url, {"action": "add", "don_vi": flow.unit.pk, "doi_tuong": f"p{teacher.pk}", "ma": "BK_TINH",
                      "ly_do": "Giáo viên tiêu biểu"})
    client.post(url, {"action": "add", "don_vi": flow.unit.pk, "doi_tuong": "u", "ma": "CO_THI_DUA_TINH",
                      "ly_do": "Dẫn đầu phong trào"})
    assert review.proposals.count() == 2
    rnd = movement.round_links.get().round
    done = client.post(url, {"action": "dossiers", "dot": rnd.pk}, follow=True).content.decode()
    assert "Đã lập 1 hồ sơ đề nghị" in done
    client.post(url, {"action": "dossiers", "dot": rnd.pk})  # a second click
    dossier = Dossier.objects.get()
    assert dossier.unit == flow.unit and dossier.nominees.count() == 2 and dossier.round == rnd
    assert f"/ho-so/{dossier.pk}/" in client.get(url).content.decode()


def test_prepare_next_years_sheet_from_last_years(setup: Setup, client: Client) -> None:
    client.force_login(setup.specialist)
    url = f"/phong-trao/cum/lap-bang/?cum={setup.cluster.pk}&nam=2026"
    page = client.get(url).content.decode()
    assert 'value="Hoàn thành chỉ tiêu"' in page and "Chép từ bảng điểm năm trước" in page
    u = setup.units  # 2025: leader u[1], deputy u[2] → 2026 by default: leader u[2], deputy u[3]
    assert f'<option value="{u[2].pk}" selected>' in page and f'<option value="{u[3].pk}" selected>' in page
    base = {"cum": setup.cluster.pk, "nam": 2026, "closes_on": "2026-12-15", "certificates": 2,
            "leader": u[0].pk, "deputy": u[1].pk, "so_tieu_chi": 3,
            "ten_0": "Hoàn thành chỉ tiêu", "diem_0": "10", "minh_chung_0": "Báo cáo",
            "ten_1": "Chuyển đổi số", "diem_1": "abc", "ten_2": "", "diem_2": ""}
    bad = client.post("/phong-trao/cum/lap-bang/", base).content.decode()
    assert "Tiêu chí 2 «Chuyển đổi số»: điểm tối đa «abc» phải là số dương." in bad
    assert not ClusterMembership.objects.filter(cluster=setup.cluster, year=2026).exists()  # nothing half-saved
    resp = client.post("/phong-trao/cum/lap-bang/", {**base, "diem_1": "5"})
    sheet = ScoringSheet.objects.get(cluster=setup.cluster, year=2026)
    assert resp.status_code == 302
    assert list(sheet.criteria.values_list("name", "max_points")) == [("Hoàn thành chỉ tiêu", 10), ("Chuyển đổi số", 5)]
    roles = dict(ClusterMembership.objects.filter(cluster=setup.cluster, year=2026).values_list("unit_id", "role"))
    assert roles[u[0].pk] == ClusterRole.LEADER and roles[u[1].pk] == ClusterRole.DEPUTY
    client.force_login(setup.clerks[0])
    assert client.get(url).status_code == 403
