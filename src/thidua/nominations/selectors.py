"""Reads for rounds and dossiers, already scoped to the user."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from thidua.accounts.scope import can_see_unit, units_visible_to

from .completeness import Missing, missing_documents
from .models import Dossier, Nominee, Round, Transition
from .workflow import FINAL_STATES


def dossiers_visible_to(user: Any) -> QuerySet[Dossier]:
    qs = Dossier.objects.select_related("round", "unit")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.is_province_wide:
        return qs
    return qs.filter(unit__in=units_visible_to(user))


def dossier_for(user: Any, pk: int) -> Dossier:
    """The dossier if the user may see it; PermissionDenied otherwise (never leaks other units' data)."""
    dossier = Dossier.objects.select_related("round", "unit").filter(pk=pk).first()
    if dossier is None or not can_see_unit(user, dossier.unit):
        raise PermissionDenied("Không tìm thấy hồ sơ trong phạm vi đơn vị của bạn.")
    return dossier


def dossier_list(user: Any, *, round: Round | None = None, state: str | None = None) -> QuerySet[Dossier]:
    qs = dossiers_visible_to(user).annotate(nominee_count=Count("nominees"))
    if round is not None:
        qs = qs.filter(round=round)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-updated_at")


def nominees_of(dossier: Dossier) -> QuerySet[Nominee]:
    return dossier.nominees.select_related("person", "collective", "household").prefetch_related("documents")


def timeline(dossier: Dossier) -> QuerySet[Transition]:
    return dossier.transitions.select_related("by").order_by("at", "pk")


def completeness(dossier: Dossier) -> list[Missing]:
    return missing_documents(dossier)


def open_rounds(on: dt.date | None = None) -> QuerySet[Round]:
    day = on or timezone.localdate()
    return Round.objects.filter(opens_on__lte=day, closes_on__gte=day)


def deadlines_due(user: Any, *, by_date: dt.date) -> QuerySet[Dossier]:
    """Open dossiers whose current step is due on or before ``by_date`` (for reminders)."""
    return (dossiers_visible_to(user).filter(step_due_on__isnull=False, step_due_on__lte=by_date)
            .filter(~Q(state__in=FINAL_STATES)).order_by("step_due_on"))
