"""Reads for council meetings."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from .models import AgendaItem, BallotCast, Meeting, MeetingStatus


def meetings() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("round").order_by("-held_on", "-pk")


def agenda_by_award(meeting: Meeting) -> list[tuple[str, list[AgendaItem]]]:
    groups: dict[str, list[AgendaItem]] = defaultdict(list)
    items = meeting.items.select_related("nominee__person", "nominee__collective", "nominee__household",
                                         "nominee__dossier__unit")
    for item in items:
        groups[item.nominee.award_code].append(item)
    return list(groups.items())


@dataclass
class Attendance:
    total: int
    present: int
    needed: int
    voted: int

    @property
    def quorate(self) -> bool:
        return self.present >= self.needed


def attendance(meeting: Meeting) -> Attendance:
    from .services import quorum_needed

    total = meeting.members.count()
    return Attendance(total, meeting.members.filter(present=True).count(), quorum_needed(meeting, total),
                      BallotCast.objects.filter(meeting=meeting).count())


def has_voted(meeting: Meeting, user: Any) -> bool:
    return BallotCast.objects.filter(meeting=meeting, member_id=user.pk).exists()


def closed_meeting_for(dossier: Any) -> Meeting | None:
    """The latest closed meeting that voted on nominees of `dossier` (None before any closed)."""
    return (Meeting.objects.filter(status=MeetingStatus.CLOSED, items__nominee__dossier=dossier)
            .select_related("round").order_by("-closed_at", "-pk").distinct().first())
