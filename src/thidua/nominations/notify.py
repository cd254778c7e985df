"""Notices for every hand-over of a dossier: an in-app row per recipient and an e-mail
(sent after the transaction commits; the demo uses Django's console backend)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse

from thidua.accounts.models import Role, User

from .models import Dossier, Notification
from .workflow import State

_STATE_LABELS = dict(State.choices)
# Who takes the dossier over once it reaches a state.
_UNIT_SIDE = {State.RECEIVED, State.RETURNED, State.APPRAISED, State.DECIDED, State.REJECTED}
_BOARD_SIDE = {State.SUBMITTED, State.UNDER_APPRAISAL, State.VOTED, State.WITHDRAWN}
_COUNCIL_SIDE = {State.AT_COUNCIL}
_CHAIR_SIDE = {State.AWAITING_SIGNATURE}


def recipients(dossier: Dossier, state: str, by: Any) -> QuerySet[User]:
    active = User.objects.filter(is_active=True).exclude(pk=getattr(by, "pk", 0) or 0)
    if state in _UNIT_SIDE:
        return active.filter(role__in=[Role.CLERK, Role.UNIT_HEAD], unit_id=dossier.unit_id)
    if state in _BOARD_SIDE:
        return active.filter(role=Role.SPECIALIST)
    if state in _COUNCIL_SIDE:
        return active.filter(Q(role=Role.COUNCIL_MEMBER) | Q(role=Role.CHAIR) | Q(role=Role.SPECIALIST))
    if state in _CHAIR_SIDE:
        return active.filter(role=Role.CHAIR)
    return active.none()


def handover(dossier: Dossier, *, state: str, by: Any, reason: str = "") -> int:
    """Notify whoever takes the dossier over. Called inside the transition's transaction."""
    users = list(recipients(dossier, state, by).only("pk", "email"))
    if not users:
        return 0
    url = reverse("nominations:dossier", args=[dossier.pk])
    message = f"Hồ sơ «{dossier.title}» ({dossier.unit.name}) chuyển sang «{_STATE_LABELS[state]}»"
    if reason:
        message += f": {reason}"
    message = message[:497] + "…" if len(message) > 500 else message
    Notification.objects.bulk_create([Notification(user=u, dossier=dossier, message=message, url=url)
                                      for u in users])
    emails = [u.email for u in users if u.email]
    if emails:
        transaction.on_commit(lambda: send_mail(
            subject=f"[Thi đua – Khen thưởng] {message[:120]}", message=f"{message}\n\nXem hồ sơ: {url}",
            from_email=getattr(settings, "DEFAULT_FROM_EMAIL", None), recipient_list=emails, fail_silently=True))
    return len(users)


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
