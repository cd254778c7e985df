"""Reminders of deadlines coming up: an in-app notice (and an e-mail) to the people responsible
for each open dossier whose current step is due within N working days, or already overdue.

Run daily by the operator: ``thidua remind`` from cron (e.g. ``0 7 * * 1-5 thidua remind``), or
enqueue the django-tasks task ``remind_task`` on the database queue. Re-runs are harmless: a
dossier gets at most one reminder per step and day — the notice's ``url`` carries the key
``#nhac-han-<state>-<date>`` and the dossier row is locked while it is checked.

A draft's current step is the submission; it is due on the round's closing date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from thidua.accounts.models import Role, User

from . import notify
from .models import Dossier, Notification
from .workdays import WorkCalendar, province_calendar
from .workflow import FINAL_STATES, State

_STATE_LABELS = dict(State.choices)


@dataclass(frozen=True)
class ReminderRun:
    dossiers: int = 0
    notifications: int = 0

    def summary(self) -> str:
        return (f"Đã nhắc hạn {self.dossiers} hồ sơ, tạo {self.notifications} thông báo."
                if self.notifications else "Không có hồ sơ nào cần nhắc hạn (hoặc đã nhắc hôm nay).")


def reminder_key(dossier: Dossier, state: str, today: dt.date) -> str:
    return f"{reverse('nominations:dossier', args=[dossier.pk])}#nhac-han-{state}-{today.isoformat()}"


def _responsible(dossier: Dossier) -> list[User]:
    state = dossier.state
    if state == State.DRAFT:
        qs = User.objects.filter(is_active=True, role__in=[Role.CLERK, Role.UNIT_HEAD], unit_id=dossier.unit_id)
    elif state == State.CONSULTATION:
        qs = User.objects.filter(is_active=True, role=Role.SPECIALIST)
    else:
        qs = notify.recipients(dossier, state, None)
    return list(qs.only("pk", "email"))


def _message(dossier: Dossier, due: dt.date, today: dt.date, cal: WorkCalendar) -> str:
    step = "Nộp hồ sơ" if dossier.state == State.DRAFT else str(_STATE_LABELS[dossier.state])
    if due < today:
        tail = f"đã quá hạn từ ngày {due:%d/%m/%Y}"
    elif due == today:
        tail = f"đến hạn hôm nay ({due:%d/%m/%Y})"
    else:
        tail = f"đến hạn ngày {due:%d/%m/%Y} (còn {cal.working_days_between(today, due)} ngày làm việc)"
    message = f"Nhắc hạn: hồ sơ «{dossier.title}» ({dossier.unit.name}) — bước «{step}» {tail}"
    return message[:497] + "…" if len(message) > 500 else message


def _mail(message: str, url: str, emails: list[str]) -> None:
    send_mail(subject=f"[Thi đua – Khen thưởng] {message[:120]}", message=f"{message}\n\nXem hồ sơ: {url}",
              from_email=getattr(settings, "DEFAULT_FROM_EMAIL", None), recipient_list=emails, fail_silently=True)


def due_dossiers(*, today: dt.date, within_working_days: int = 3,
                 calendar: WorkCalendar | None = None) -> list[tuple[Dossier, dt.date]]:
    """Open dossiers whose current step is due on or before the N-th working day after ``today``."""
    cal = calendar or province_calendar()
    horizon = cal.add_working_days(today, within_working_days)
    qs = (Dossier.objects.select_related("round", "unit").exclude(state__in=FINAL_STATES)
          .filter(Q(step_due_on__lte=horizon)
                  | Q(state=State.DRAFT, round__closes_on__lte=horizon, round__closes_on__gte=today))
          .order_by("pk"))
    out = []
    for d in qs:
        due = d.round.closes_on if d.state == State.DRAFT else d.step_due_on
        if due is not None:
            out.append((d, due))
    return out


def send_deadline_reminders(*, today: dt.date | None = None, within_working_days: int = 3) -> ReminderRun:
    """Notify the people responsible for every dossier due within ``within_working_days`` working days
    (or overdue); at most once per dossier, step and day. One short transaction per dossier."""
    if within_working_days < 0:
        raise ValueError("Số ngày làm việc phải không âm.")
    day = today or timezone.localdate()
    cal = province_calendar()
    dossiers = notices = 0
    for d, due in due_dossiers(today=day, within_working_days=within_working_days, calendar=cal):
        with transaction.atomic():
            locked = Dossier.objects.select_for_update().filter(pk=d.pk, state=d.state).first()
            if locked is None:  # moved on meanwhile: its next step is reminded on the next run
                continue
            key = reminder_key(d, d.state, day)
            already = set(Notification.objects.filter(dossier_id=d.pk, url=key).values_list("user_id", flat=True))
            users = [u for u in _responsible(d) if u.pk not in already]
            if not users:
                continue
            message = _message(d, due, day, cal)
            Notification.objects.bulk_create([Notification(user=u, dossier_id=d.pk, message=message, url=key)
                                              for u in users])
            emails = [u.email for u in users if u.email]
            if emails:
                transaction.on_commit(partial(_mail, message, key.split("#")[0], emails))
            dossiers += 1
            notices += len(users)
    return ReminderRun(dossiers=dossiers, notifications=notices)


@task()
def remind_task(within_working_days: int = 3) -> str:
    """The daily reminder run as a django-tasks task (database queue in production)."""
    return send_deadline_reminders(within_working_days=within_working_days).summary()
