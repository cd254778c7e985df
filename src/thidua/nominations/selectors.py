"""Reads for rounds and dossiers, already scoped to the user."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from thidua.core.errors import NotAllowed
from thidua.org.scope import scope_paths as _scope_paths

from .completeness import Missing, missing_documents
from .models import Document, Dossier, Nominee, Round, Transition
from .workflow import FINAL_STATES


def dossiers_visible_to(user: Any) -> QuerySet[Dossier]:
    qs = Dossier.objects.select_related("round", "unit")
    paths = _scope_paths(user)
    if paths is None:
        return qs
    if not paths:
        return qs.none()
    q = Q()
    for path in paths:
        q |= Q(unit__path__startswith=path)
    return qs.filter(q)


def dossier_for(user: Any, pk: int) -> Dossier:
    """The dossier if the user may see it; PermissionDenied otherwise (never leaks other units' data)."""
    dossier = Dossier.objects.select_related("round", "unit").filter(pk=pk).first()
    if (dossier is not None and getattr(user, "is_authenticated", False) and user.unit_id is not None
            and dossier.unit_id == user.unit_id):
        # the user's own unit: visible whatever the lineage; the header shows this same unit row
        if "unit" not in user._state.fields_cache:
            user.unit = dossier.unit
        return dossier
    paths = _scope_paths(user)
    if dossier is None or (paths is not None and not any(dossier.unit.path.startswith(p) for p in paths)):
        raise NotAllowed("Không tìm thấy hồ sơ trong phạm vi đơn vị của bạn.")
    return dossier


def dossier_list(user: Any, *, round: Round | None = None, state: str | None = None) -> QuerySet[Dossier]:
    qs = dossiers_visible_to(user).annotate(nominee_count=Count("nominees"))
    if round is not None:
        qs = qs.filter(round=round)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-updated_at")


def nominees_of(dossier: Dossier) -> QuerySet[Nominee]:
    """The dossier's nominees with what the page and the completeness check read (one query)."""
    return dossier.nominees.select_related("person", "collective__unit", "collective__represents_unit", "household")


def timeline(dossier: Dossier) -> QuerySet[Transition]:
    return dossier.transitions.select_related("by").order_by("at", "pk")


def completeness(dossier: Dossier, *, nominees: list[Nominee] | None = None,
                 documents: list[Document] | None = None) -> list[Missing]:
    return missing_documents(dossier, nominees=nominees, documents=documents)


def open_rounds(on: dt.date | None = None) -> QuerySet[Round]:
    day = on or timezone.localdate()
    return Round.objects.filter(opens_on__lte=day, closes_on__gte=day)


def is_due(dossier: Dossier, *, by_date: dt.date) -> bool:
    """The rule of ``deadlines_due`` for one dossier already read."""
    return (dossier.step_due_on is not None and dossier.step_due_on <= by_date
            and dossier.state not in FINAL_STATES)


def deadlines_due(user: Any, *, by_date: dt.date) -> QuerySet[Dossier]:
    """Open dossiers whose current step is due on or before ``by_date`` (for reminders)."""
    return (dossiers_visible_to(user).filter(step_due_on__isnull=False, step_due_on__lte=by_date)
            .filter(~Q(state__in=FINAL_STATES)).order_by("step_due_on"))
