"""Deadline reminders: who is notified, when, and only once per dossier, step and day."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail

from thidua.nominations import dossiers, rounds
from thidua.nominations.models import Dossier, Notification
from thidua.nominations.reminders import remind_task, send_deadline_reminders
from thidua.nominations.workflow import State

pytestmark = pytest.mark.django_db

FRIDAY = dt.date(2025, 3, 7)  # an ordinary week: no national holiday from 03/03 to 21/03/2025


def _submitted(flow: Any, due: dt.date) -> Dossier:
    d = flow.to_state(flow.dossier("GIAY_KHEN"), State.SUBMITTED)
    Dossier.objects.filter(pk=d.pk).update(step_due_on=due)
    Notification.objects.all().delete()  # drop the hand-over notices; only reminders are counted
    return d


def _reminders(d: Dossier) -> list[Notification]:
    return list(Notification.objects.filter(dossier=d, url__contains="#nhac-han-"))


def test_due_in_two_working_days_notifies_the_board(flow: Any, django_capture_on_commit_callbacks: Any) -> None:
    d = _submitted(flow, dt.date(2025, 3, 11))  # Friday → Tuesday: 2 working days, 4 calendar days
    flow.specialist.email = "chuyenvien@langson.gov.vn"
    flow.specialist.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        run = send_deadline_reminders(today=FRIDAY, within_working_days=3)
    notes = _reminders(d)
    assert run.dossiers == 1 and run.notifications == len(notes) == 1
    assert notes[0].user_id == flow.specialist.pk
    assert "11/03/2025" in notes[0].message and "còn 2 ngày làm việc" in notes[0].message
    assert "Đã trình" in notes[0].message
    assert any("Nhắc hạn" in m.subject for m in mail.outbox)


def test_due_in_ten_working_days_is_not_notified(flow: Any) -> None:
    d = _submitted(flow, dt.date(2025, 3, 21))
    assert send_deadline_reminders(today=FRIDAY, within_working_days=3).notifications == 0
    assert _reminders(d) == []


def test_overdue_is_notified_and_a_rerun_adds_nothing(flow: Any) -> None:
    d = _submitted(flow, dt.date(2025, 3, 3))
    first = send_deadline_reminders(today=FRIDAY)
    second = send_deadline_reminders(today=FRIDAY)
    assert first.notifications == 1 and second.notifications == 0
    assert len(_reminders(d)) == 1
    assert "quá hạn từ ngày 03/03/2025" in _reminders(d)[0].message
    # the next day is a new reminder
    assert send_deadline_reminders(today=dt.date(2025, 3, 10)).notifications == 1


def test_returned_dossier_reminds_the_unit_not_the_board(flow: Any) -> None:
    d = flow.to_state(flow.dossier("GIAY_KHEN"), State.UNDER_APPRAISAL)
    nominee = d.nominees.get()
    dossiers.return_for_supplement(dossier=d, by=flow.specialist, reasons={nominee.pk: "Thiếu báo cáo"})
    Dossier.objects.filter(pk=d.pk).update(step_due_on=dt.date(2025, 3, 10))
    send_deadline_reminders(today=FRIDAY)
    assert {n.user_id for n in _reminders(d)} == {flow.clerk.pk, flow.head.pk}


def test_working_days_skip_the_province_days_off(flow: Any) -> None:
    d = _submitted(flow, dt.date(2025, 3, 13))  # Friday → Thursday: 4 working days
    assert send_deadline_reminders(today=FRIDAY, within_working_days=2).notifications == 0
    for day in (dt.date(2025, 3, 10), dt.date(2025, 3, 11)):
        rounds.add_day_off(by=flow.specialist, day=day, name="Nghỉ bù của tỉnh")
    run = send_deadline_reminders(today=FRIDAY, within_working_days=2)  # now Wed, Thu: 2 working days
    assert run.notifications == 1 and "còn 2 ngày làm việc" in _reminders(d)[0].message


def test_final_states_and_drafts_of_far_rounds_are_left_alone(flow: Any) -> None:
    d = _submitted(flow, dt.date(2025, 3, 3))
    dossiers.withdraw(dossier=d, by=flow.head, reason="Đơn vị rút")
    flow.dossier("GIAY_KHEN")  # a draft: its round closes long after the horizon
    assert send_deadline_reminders(today=FRIDAY).notifications == 0


def test_the_task_runs_the_reminders(flow: Any) -> None:
    flow.to_state(flow.dossier("GIAY_KHEN"), State.SUBMITTED)  # due tomorrow (receive: 1 working day)
    Notification.objects.all().delete()
    result = remind_task.enqueue()
    assert "Đã nhắc hạn 1 hồ sơ" in str(result.return_value)
