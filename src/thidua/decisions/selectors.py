"""Reads for decisions."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from thidua.registry.models import Award, AwardStatus

from .models import Decision, DecisionItem


def decisions_for(user: Any) -> QuerySet[Decision]:
    """Decisions are public acts once issued; drafts only for the province's staff."""
    qs = Decision.objects.select_related("round").order_by("-year", "-number")
    if getattr(user, "is_authenticated", False) and user.is_province_wide:
        return qs
    return qs.exclude(status="draft")


def annex(decision: Decision) -> QuerySet[DecisionItem]:
    """The annexed list, in order, with each line's registry row once issued."""
    return decision.items.select_related("person", "collective", "household", "award").order_by("position", "pk")


def awards_under_review() -> QuerySet[Award]:
    return Award.objects.filter(status=AwardStatus.UNDER_REVIEW).order_by("year", "pk")
