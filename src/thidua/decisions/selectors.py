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


def same_form_flags(decision: Decision, items: list[DecisionItem]) -> dict[int, list[str]]:
    """Item id -> "one achievement, one form" flags (Luật Điều 5 khoản 2): another form the subject
    already holds for the same year and kind, outside this decision. Two queries for the whole annex."""
    from thidua.registry import achievement

    view = achievement.catalog_view(decision.decided_on)
    years = {i.year for i in items}
    own = [i.award_id for i in items if i.award_id]
    people = achievement.held_by_people({i.person_id for i in items if i.person_id}, years, exclude_ids=own)
    colls = achievement.held_by_people({i.collective_id for i in items if i.collective_id}, years,
                                       field="collective_id", exclude_ids=own)
    out: dict[int, list[str]] = {}
    for i in items:
        held = people.get(i.person_id, []) if i.person_id else colls.get(i.collective_id, []) \
            if i.collective_id else []
        flags = achievement.other_forms(view, held, i.award_code, i.year, i.kind)
        if flags:
            out[i.pk] = flags
    return out


def awards_under_review() -> QuerySet[Award]:
    return Award.objects.filter(status=AwardStatus.UNDER_REVIEW).order_by("year", "pk")
