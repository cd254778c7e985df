"""The office's pages for rounds and the province's days off: who may open them, what they show,
the steps' dates counted in working days, errors by field, nothing saved twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from tests.factories import Flow
from thidua.audit.models import AuditEvent
from thidua.nominations import rounds
from thidua.nominations.models import DayOff, Round

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def round_post(**overrides: Any) -> dict[str, Any]:
    """What the create page posts for an annual round closing on Friday 29/01/2027 (before Tết)."""
    data: dict[str, Any] = {
        "name": "Khen thưởng tổng kết năm 2026", "kind": "annual", "year": "2026",
        "accepted_codes": ["CSTD_TINH", "TT_LD_XUAT_SAC"], "opens_on": "2027-01-04", "closes_on": "2027-01-29",
        "authority": "Chủ tịch UBND tỉnh Lạng Sơn", "issuer": "UBND", "movement": "",
        "deadline_receive": "1", "deadline_appraisal": "20", "deadline_supplement": "5", "deadline_council": "5",
        "deadline_signature": "5", "action": "save",
    }
    data.update(overrides)
    return data


def test_clerk_is_refused_specialist_sees_grouped_defaults(flow: Flow) -> None:
    assert client_for(flow.clerk).get("/ho-so/dot/moi/").status_code == 403
    assert client_for(flow.clerk).post("/ho-so/dot/moi/", round_post()).status_code == 403
    page = client_for(flow.specialist).get("/ho-so/dot/moi/").content.decode()
    assert "Danh hiệu cấp tỉnh" in page and "Hình thức khen thưởng cấp Nhà nước" in page
    assert 'value="CSTD_TINH" checked' in page  # annual: the yearly titles
    assert 'value="BK_TINH" checked' not in page
    assert "<code>BK_TTG</code> — Bằng khen của Thủ tướng Chính phủ" in page


def test_defaults_follow_the_kind(flow: Flow) -> None:
    page = client_for(flow.specialist).post("/ho-so/dot/moi/", round_post(kind="thematic", action="defaults"))
    body = page.content.decode()
    assert 'value="BK_TINH" checked' in body and 'value="CO_THI_DUA_TINH" checked' in body
    assert 'value="CSTD_TINH" checked' not in body
    assert Round.objects.count() == 1  # the fixture's round only


def test_preview_shows_step_dates_across_tet_2027_and_saves_nothing(flow: Flow) -> None:
    r = client_for(flow.specialist).post("/ho-so/dot/moi/", round_post(action="preview"))
    body = r.content.decode()
    # 29/01/2027 + 1 → Mon 01/02; +20 skipping Tết (04–10/02/2027) → 08/03; +5 → 15/03; +5 → 22/03.
    for date in ("01/02/2027", "08/03/2027", "15/03/2027", "22/03/2027"):
        assert f"→ {date}" in body
    assert "kể từ ngày trả lại hồ sơ" in body
    assert Round.objects.count() == 1


def test_save_with_errors_shows_them_by_field_and_saves_nothing(flow: Flow) -> None:
    r = client_for(flow.specialist).post("/ho-so/dot/moi/", round_post(
        name="  ", closes_on="2027-01-01", accepted_codes=["LAO_DONG_TIEN_TIEN"], kind="thematic",
        deadline_appraisal="0"))
    assert r.status_code == 400
    body = r.content.decode()
    assert 'data-field="name">Tên đợt: không được để trống.' in body
    assert 'data-field="closes_on">Hạn nộp phải sau hoặc trùng ngày mở đợt.' in body
    assert 'data-field="accepted_codes">«Lao động tiên tiến» không xét trong đợt loại' in body
    assert 'data-field="deadline_appraisal">Thời hạn bước «thẩm định» phải là số ngày làm việc' in body
    r = client_for(flow.specialist).post("/ho-so/dot/moi/", round_post(closes_on="31/02/2027"))
    assert 'data-field="closes_on">Hạn nộp: không phải ngày hợp lệ' in r.content.decode()
    assert Round.objects.count() == 1


def test_create_then_repeat_makes_one_round_audited(flow: Flow) -> None:
    spec = client_for(flow.specialist)
    first = spec.post("/ho-so/dot/moi/", round_post(closes_on="29/01/2027"))  # typed by hand, no date picker
    rnd = Round.objects.get(name="Khen thưởng tổng kết năm 2026")
    assert first.status_code == 302 and first["Location"] == f"/ho-so/dot/{rnd.pk}/"
    assert rnd.closes_on == dt.date(2027, 1, 29) and rnd.accepted_codes == ["CSTD_TINH", "TT_LD_XUAT_SAC"]
    assert rnd.step_deadlines == {"receive": 1, "appraisal": 20, "supplement": 5, "council": 5, "signature": 5}
    again = spec.post("/ho-so/dot/moi/", round_post())  # the double click
    assert again["Location"] == f"/ho-so/dot/{rnd.pk}/"
    assert Round.objects.filter(name=rnd.name).count() == 1
    assert AuditEvent.objects.filter(action="nominations.round_create", object_id=str(rnd.pk)).count() == 1
    page = spec.get(f"/ho-so/dot/{rnd.pk}/").content.decode()
    assert "→ 08/03/2027" in page and "Sửa đợt" in page
    assert "Sửa đợt" not in client_for(flow.clerk).get(f"/ho-so/dot/{rnd.pk}/").content.decode()


def test_edit_before_opening_and_stale_edit_is_refused(flow: Flow) -> None:
    spec = client_for(flow.specialist)
    spec.post("/ho-so/dot/moi/", round_post())
    rnd = Round.objects.get(name="Khen thưởng tổng kết năm 2026")
    assert client_for(flow.clerk).get(f"/ho-so/dot/{rnd.pk}/sua/").status_code == 403
    page = spec.get(f"/ho-so/dot/{rnd.pk}/sua/").content.decode()
    version = rounds.round_version(rnd)
    assert f'value="{version}"' in page and 'value="TT_LD_XUAT_SAC" checked' in page
    r = spec.post(f"/ho-so/dot/{rnd.pk}/sua/", round_post(version=version, deadline_appraisal="25",
                                                           accepted_codes=["CSTD_TINH"]))
    assert r.status_code == 302
    rnd.refresh_from_db()
    assert rnd.step_deadlines["appraisal"] == 25 and rnd.accepted_codes == ["CSTD_TINH"]
    event = AuditEvent.objects.filter(action="nominations.round_update", object_id=str(rnd.pk)).get()
    assert event.before == {"accepted_codes": ["CSTD_TINH", "TT_LD_XUAT_SAC"],
                            "step_deadlines": {"receive": 1, "appraisal": 20, "supplement": 5, "council": 5,
                                               "signature": 5}}
    # A second editor who loaded the page before that save: refused, nothing overwritten.
    r = spec.post(f"/ho-so/dot/{rnd.pk}/sua/", round_post(version=version, name="Tên khác"))
    assert r.status_code == 400 and "đã được người khác sửa" in r.content.decode()
    rnd.refresh_from_db()
    assert rnd.name == "Khen thưởng tổng kết năm 2026"


def test_open_round_only_moves_its_closing_date_with_a_reason(flow: Flow) -> None:
    rnd = flow.round  # opened five days ago
    spec = client_for(flow.specialist)
    page = spec.get(f"/ho-so/dot/{rnd.pk}/sua/").content.decode()
    assert "Gia hạn hoặc rút ngắn hạn nộp" in page and "Đóng đợt sớm" in page
    new_date = rnd.closes_on + dt.timedelta(days=14)
    version = rounds.round_version(rnd)
    r = spec.post(f"/ho-so/dot/{rnd.pk}/sua/", {"action": "closes_on", "closes_on": new_date.isoformat(),
                                                 "reason": "", "version": version})
    assert r.status_code == 400 and 'data-field="reason">Lý do: phải ghi lý do' in r.content.decode()
    r = spec.post(f"/ho-so/dot/{rnd.pk}/sua/", {"action": "closes_on", "closes_on": new_date.isoformat(),
                                                 "reason": "Công văn số 12/BTĐKT gia hạn", "version": version})
    assert r.status_code == 302
    rnd.refresh_from_db()
    assert rnd.closes_on == new_date
    event = AuditEvent.objects.get(action="nominations.round_extend", object_id=str(rnd.pk))
    assert event.after["reason"] == "Công văn số 12/BTĐKT gia hạn"
    r = spec.post(f"/ho-so/dot/{rnd.pk}/sua/", {"action": "close", "reason": "Đủ hồ sơ",
                                                 "version": rounds.round_version(rnd)})
    rnd.refresh_from_db()
    assert rnd.closes_on == timezone.localdate() - dt.timedelta(days=1)
    assert "Mở lại đợt (hạn nộp mới)" in spec.get(f"/ho-so/dot/{rnd.pk}/sua/").content.decode()


def test_days_off_page_lists_the_year_and_the_office_adds_and_removes(flow: Flow) -> None:
    clerk = client_for(flow.clerk)
    page = clerk.get("/ho-so/ngay-nghi/?nam=2027").content.decode()
    assert "Mùng ba Tết Nguyên Đán" in page and 'data-day="2027-02-08"' in page
    assert "Thêm ngày nghỉ" not in page
    assert clerk.post("/ho-so/ngay-nghi/", {"action": "add", "day": "2027-02-11", "name": "x"}).status_code == 403
    spec = client_for(flow.specialist)
    r = spec.post("/ho-so/ngay-nghi/", {"action": "add", "day": "2027-02-13", "name": "Nghỉ thêm",
                                        "is_working_day": "0"})
    assert r.status_code == 400 and "đã là ngày nghỉ" in r.content.decode()  # a Saturday
    r = spec.post("/ho-so/ngay-nghi/", {"action": "add", "day": "11/02/2027",
                                        "name": "Nghỉ thêm sau Tết theo Quyết định của UBND tỉnh",
                                        "is_working_day": "0"})
    assert r.status_code == 302 and r["Location"] == "/ho-so/ngay-nghi/?nam=2027"
    page = spec.get("/ho-so/ngay-nghi/?nam=2027").content.decode()
    assert "Nghỉ thêm sau Tết theo Quyết định của UBND tỉnh" in page and "Nghỉ riêng của tỉnh" in page
    # The round's appraisal deadline moves by that day.
    preview = spec.post("/ho-so/dot/moi/", round_post(action="preview")).content.decode()
    assert "→ 09/03/2027" in preview
    spec.post("/ho-so/ngay-nghi/", {"action": "remove", "day": "2027-02-11"})
    spec.post("/ho-so/ngay-nghi/", {"action": "remove", "day": "2027-02-11"})  # the double click
    assert not DayOff.objects.exists()
    assert AuditEvent.objects.filter(action="nominations.day_off_remove").count() == 1


def test_links_from_the_list_and_the_menu(flow: Flow) -> None:
    page = client_for(flow.specialist).get("/ho-so/dot/").content.decode()
    assert 'href="/ho-so/dot/moi/"' in page and 'href="/ho-so/ngay-nghi/"' in page
    assert f'href="/ho-so/dot/{flow.round.pk}/sua/"' in page
    page = client_for(flow.clerk).get("/ho-so/dot/").content.decode()
    assert 'href="/ho-so/dot/moi/"' not in page and 'href="/ho-so/dot/"' in page  # the menu entry


def test_days_off_page_in_english_names_holidays_in_english(flow: Flow) -> None:
    c = client_for(flow.specialist)
    c.cookies["django_language"] = "en"
    try:
        body = c.get("/ho-so/ngay-nghi/?nam=2027").content.decode()
    finally:
        translation.activate("vi")  # the middleware leaves English active in this thread for later tests
    assert "Third Day of Lunar New Year" in body
