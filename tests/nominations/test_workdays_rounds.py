from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from thidua.nominations import rounds
from thidua.nominations.errors import WorkflowError
from thidua.nominations.workdays import WorkCalendar, add_working_days


def test_friday_plus_one_working_day_is_monday() -> None:
    assert WorkCalendar().add_working_days(dt.date(2025, 3, 14), 1) == dt.date(2025, 3, 17)


def test_tet_holidays_are_skipped() -> None:
    # Tết Ất Tỵ: 27/01–31/01/2025 off (and 01/02 is a Saturday).
    assert WorkCalendar().add_working_days(dt.date(2025, 1, 24), 1) == dt.date(2025, 2, 3)


def test_substitute_saturday_is_a_working_day() -> None:
    # 2025: Saturday 26/04 worked in exchange for Friday 02/05.
    cal = WorkCalendar()
    assert cal.is_working_day(dt.date(2025, 4, 26))
    assert not cal.is_working_day(dt.date(2025, 5, 2))
    assert cal.add_working_days(dt.date(2025, 4, 25), 1) == dt.date(2025, 4, 26)


@pytest.mark.django_db
def test_province_day_off_moves_deadline(flow: Any) -> None:
    assert add_working_days(dt.date(2025, 3, 14), 1) == dt.date(2025, 3, 17)
    rounds.add_day_off(by=flow.specialist, day=dt.date(2025, 3, 17), name="Nghỉ bù ngày lễ của tỉnh")
    assert add_working_days(dt.date(2025, 3, 14), 1) == dt.date(2025, 3, 18)


@pytest.mark.django_db
def test_round_refuses_unknown_code_wrong_kind_and_bad_deadline(flow: Any) -> None:
    with pytest.raises(WorkflowError) as err:
        rounds.create_round(by=flow.specialist, name="Đợt chuyên đề", kind="thematic", year=2025,
                         accepted_codes=["KHONG_CO", "LAO_DONG_TIEN_TIEN"], opens_on=dt.date(2025, 1, 1),
                         closes_on=dt.date(2025, 2, 1), step_deadlines={"appraisal": 0, "lunch": 3})
    text = " ".join(err.value.messages)
    assert "«KHONG_CO» không có trong danh mục" in text
    assert "«Lao động tiên tiến» không xét trong đợt loại" in text
    assert "Thời hạn bước «thẩm định» phải là số ngày làm việc nguyên dương" in text
    assert "Bước «lunch»" in text


@pytest.mark.django_db
def test_clerk_cannot_open_a_round(flow: Any) -> None:
    with pytest.raises(PermissionDenied):
        rounds.create_round(by=flow.clerk, name="Đợt", kind="annual", year=2025, accepted_codes=["BK_TINH"],
                         opens_on=dt.date(2025, 1, 1), closes_on=dt.date(2025, 2, 1))


@pytest.mark.django_db
def test_receive_sets_deadline_in_working_days(flow: Any) -> None:
    d = flow.to_state(flow.dossier("BK_TINH"), "received")
    assert d.received_on is not None
    assert d.step_due_on == add_working_days(d.received_on, 20)
