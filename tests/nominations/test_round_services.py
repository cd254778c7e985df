"""Round and days-off services: errors keyed by field in Vietnamese, repeats, versions, audit,
and the steps' dates in working days across Tết 2027 (holidays.VN: 04–10/02/2027 off)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tests.factories import Flow
from thidua.audit.models import AuditEvent
from thidua.nominations import dossiers, rounds
from thidua.nominations.errors import StaleVersionError, WorkflowError
from thidua.nominations.models import Round
from thidua.nominations.schedule import Source, round_schedule, year_calendar
from thidua.nominations.workdays import WorkCalendar

DEADLINES = {"receive": 1, "appraisal": 20, "supplement": 5, "council": 5, "signature": 5}


def values(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "name": "Khen thưởng chuyên đề phòng chống thiên tai", "kind": "thematic", "year": 2026,
        "accepted_codes": ["BK_TINH"], "opens_on": dt.date(2027, 1, 4), "closes_on": dt.date(2027, 1, 29),
        "authority": "Chủ tịch UBND tỉnh Lạng Sơn", "issuer": "UBND", "step_deadlines": DEADLINES}
    base.update(overrides)
    return base


def test_steps_across_tet_2027() -> None:
    steps = {s.step: s for s in round_schedule(dt.date(2027, 1, 29), DEADLINES, WorkCalendar())}
    assert steps["receive"].due_on == dt.date(2027, 2, 1)
    assert steps["appraisal"].due_on == dt.date(2027, 3, 8)  # 02, 03/02 then 11/02 onwards
    assert steps["council"].due_on == dt.date(2027, 3, 15)
    assert steps["signature"].due_on == dt.date(2027, 3, 22)
    assert steps["supplement"].due_on is None and steps["supplement"].days == 5
    province = WorkCalendar(extra_off=frozenset({dt.date(2027, 2, 11)}))
    assert round_schedule(dt.date(2027, 1, 29), {"receive": 1, "appraisal": 20}, province)[1].due_on == \
        dt.date(2027, 3, 9)
    # Only the steps with a limit; a national make-up Saturday counts (22/08/2026 for 31/08/2026).
    assert [s.step for s in round_schedule(dt.date(2026, 8, 21), {"appraisal": 1}, WorkCalendar())] == ["appraisal"]
    assert round_schedule(dt.date(2026, 8, 21), {"appraisal": 1}, WorkCalendar())[0].due_on == dt.date(2026, 8, 22)


@pytest.mark.django_db
def test_errors_are_keyed_by_field_and_name_it(flow: Flow) -> None:
    with pytest.raises(WorkflowError) as err:
        rounds.create_round(by=flow.specialist, **values(name=" ", year=1800, accepted_codes=["CSTD_TINH", "KHONG_CO"],
                                                       closes_on=dt.date(2027, 1, 1), authority="",
                                                       step_deadlines={"council": -1}))
    errors = err.value.message_dict
    assert errors["name"] == ["Tên đợt: không được để trống."]
    assert errors["authority"] == ["Cấp quyết định: không được để trống."]
    assert errors["year"] == ["Năm thành tích 1800 phải từ 1945 đến 2028 (năm mở đợt cộng một)."]
    assert "Mã «KHONG_CO» không có trong danh mục danh hiệu, hình thức khen thưởng." in errors["accepted_codes"]
    assert "«Chiến sĩ thi đua cấp tỉnh» không xét trong đợt loại «Theo đợt, chuyên đề»." in errors["accepted_codes"]
    assert errors["closes_on"] == ["Hạn nộp phải sau hoặc trùng ngày mở đợt."]
    assert errors["deadline_council"] == ["Thời hạn bước «họp Hội đồng» phải là số ngày làm việc nguyên dương."]
    assert Round.objects.count() == 1


@pytest.mark.django_db
def test_repeat_returns_the_round_same_name_otherwise_refused(flow: Flow) -> None:
    first = rounds.create_round(by=flow.specialist, **values())
    assert rounds.create_round(by=flow.specialist, **values()).pk == first.pk
    with pytest.raises(WorkflowError) as err:
        rounds.create_round(by=flow.specialist, **values(closes_on=dt.date(2027, 2, 26)))
    assert err.value.message_dict["name"][0].startswith("Đã có đợt «Khen thưởng chuyên đề phòng chống thiên tai» năm 2026")
    assert AuditEvent.objects.filter(action="nominations.round_create", object_id=str(first.pk)).count() == 1


@pytest.mark.django_db
def test_update_before_opening_checks_version_and_repeats(flow: Flow) -> None:
    rnd = rounds.create_round(by=flow.specialist, **values())
    loaded = rounds.round_version(rnd)
    with pytest.raises(PermissionDenied):
        rounds.update_round(round=rnd, by=flow.clerk, expected_version=loaded, **values(name="Đổi tên"))
    rounds.update_round(round=rnd, by=flow.specialist, expected_version=loaded, **values(accepted_codes=["BK_TINH",
                                                                                                      "CO_THI_DUA_TINH"]))
    assert Round.objects.get(pk=rnd.pk).accepted_codes == ["BK_TINH", "CO_THI_DUA_TINH"]
    # The same save sent again with the old version: nothing to change, no error, no second event.
    rounds.update_round(round=rnd, by=flow.specialist, expected_version=loaded, **values(accepted_codes=["BK_TINH",
                                                                                                      "CO_THI_DUA_TINH"]))
    assert AuditEvent.objects.filter(action="nominations.round_update", object_id=str(rnd.pk)).count() == 1
    with pytest.raises(StaleVersionError, match="đã được người khác sửa"):
        rounds.update_round(round=rnd, by=flow.specialist, expected_version=loaded, **values(name="Đổi tên"))
    assert Round.objects.get(pk=rnd.pk).name == values()["name"]


@pytest.mark.django_db
def test_open_round_keeps_its_awards_and_moves_its_date_with_a_reason(flow: Flow) -> None:
    rnd = flow.round
    today = timezone.localdate()
    current = {"name": rnd.name, "kind": rnd.kind, "year": rnd.year, "accepted_codes": list(rnd.accepted_codes),
               "opens_on": rnd.opens_on, "closes_on": rnd.closes_on, "authority": rnd.authority,
               "issuer": rnd.issuer, "step_deadlines": dict(rnd.step_deadlines)}
    with pytest.raises(WorkflowError) as err:
        rounds.update_round(round=rnd, by=flow.specialist, expected_version=rounds.round_version(rnd),
                         **{**current, "accepted_codes": ["BK_TINH"], "closes_on": rnd.closes_on + dt.timedelta(7)})
    errors = err.value.message_dict
    assert "không sửa được «Danh hiệu, hình thức nhận xét»" in errors["accepted_codes"][0]
    assert errors["reason"][0].startswith("Lý do: phải ghi lý do")
    with pytest.raises(WorkflowError, match="chưa nhận hồ sơ ngày nào|phải ghi lý do"):
        rounds.close_round(round=rnd, by=flow.specialist, expected_version=rounds.round_version(rnd), reason=" ")
    rounds.close_round(round=rnd, by=flow.specialist, expected_version=rounds.round_version(rnd), reason="Đủ chỉ tiêu")
    assert rnd.closes_on == today - dt.timedelta(days=1)
    rounds.close_round(round=rnd, by=flow.specialist, expected_version="cũ", reason="Đủ chỉ tiêu")  # repeat: no-op
    with pytest.raises(WorkflowError, match="đã hết hạn nộp"):
        dossiers.create_dossier(round=rnd, unit=flow.unit, by=flow.clerk, title="Đề nghị muộn")
    rounds.update_round(round=rnd, by=flow.specialist, expected_version=rounds.round_version(rnd),
                     **{**current, "closes_on": today + dt.timedelta(days=3)}, reason="Mở lại theo chỉ đạo")
    assert dossiers.create_dossier(round=rnd, unit=flow.unit, by=flow.clerk, title="Đề nghị").pk
    actions = list(AuditEvent.objects.filter(object_id=str(rnd.pk), object_type="nominations.round")
                   .order_by("seq").values_list("action", flat=True))
    assert actions == ["nominations.round_create", "nominations.round_close", "nominations.round_reopen"]


@pytest.mark.django_db
def test_day_off_checks_remove_and_calendar(flow: Flow) -> None:
    with pytest.raises(WorkflowError) as err:
        rounds.add_day_off(by=flow.specialist, day=dt.date(2027, 2, 15), name=" ", is_working_day=True)
    assert err.value.message_dict["name"][0].startswith("Lý do: không được để trống")
    assert err.value.message_dict["day"] == ["Ngày 15/02/2027 vốn là ngày làm việc: không cần khai báo làm bù."]
    with pytest.raises(PermissionDenied):
        rounds.add_day_off(by=flow.clerk, day=dt.date(2027, 2, 11), name="Nghỉ thêm")
    rounds.add_day_off(by=flow.specialist, day=dt.date(2027, 2, 11), name="Nghỉ thêm sau Tết")
    rounds.add_day_off(by=flow.specialist, day=dt.date(2027, 2, 11), name="Nghỉ thêm sau Tết")  # repeat
    rounds.add_day_off(by=flow.specialist, day=dt.date(2027, 2, 20), name="Làm bù cho 11/02", is_working_day=True)
    assert AuditEvent.objects.filter(action="nominations.day_off").count() == 2
    rows = {r.day: r for r in year_calendar(2027)}
    assert rows[dt.date(2027, 2, 6)].source == Source.NATIONAL and not rows[dt.date(2027, 2, 6)].is_working_day
    assert rows[dt.date(2027, 2, 11)].source == Source.PROVINCE_OFF
    assert rows[dt.date(2027, 2, 20)].is_working_day and rows[dt.date(2027, 2, 20)].is_province
    assert rows[dt.date(2027, 5, 3)].name == "Ngày Quốc tế Lao động (nghỉ bù)"
    with pytest.raises(PermissionDenied):
        rounds.remove_day_off(by=flow.clerk, day=dt.date(2027, 2, 11))
    assert rounds.remove_day_off(by=flow.specialist, day=dt.date(2027, 2, 11)) is True
    assert rounds.remove_day_off(by=flow.specialist, day=dt.date(2027, 2, 11)) is False
    event = AuditEvent.objects.get(action="nominations.day_off_remove")
    assert event.before is not None and event.before["name"] == "Nghỉ thêm sau Tết"
