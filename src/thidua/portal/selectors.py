"""Reads of the public portal. Anonymous: no user scope, but only what a decision publishes.

Nothing here ever returns a citizen ID or a birth date: award rows are read through
``PUBLIC_AWARD_FIELDS`` (the decision's snapshot fields), people through their name only.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from thidua.core.text import search_key
from thidua.nominations.models import Dossier, Nominee
from thidua.nominations.workflow import State
from thidua.org.models import Collective, Person, Unit
from thidua.org.selectors import person_ids_matching
from thidua.registry import catalog
from thidua.registry.models import Award, AwardStatus, Initiative
from thidua.rules import calendar

from .models import CommentStatus, ConsultationComment, NewsItem, Story, StoryState

PAGE_SIZE = 50
SEARCH_PEOPLE_LIMIT = 500
PUBLIC_AWARD_FIELDS = (
    "id", "code", "year", "level", "decision_number", "decision_date", "issuer", "subject_name",
    "subject_title", "is_posthumous", "person_id", "collective_id", "household_id", "unit_id", "unit__name",
    "movement",
)
GENERATION_KEY = "portal:generation"
# How long a process may trust the generation it last read before asking the shared cache again;
# anonymous pages can lag a write by this much (a process that bumps sees its own bump at once).
GENERATION_MEMO_SECONDS = 1.0
_memo: dict[str, float] = {}


def _fresh_generation() -> int:
    # Not 1: if the key is ever lost (evicted, culled, flushed) the counter restarts above every
    # value it had, so no page tagged before the loss can match again.
    return time.time_ns() // 1_000_000


def generation(*, max_age: float = 0.0) -> int:
    """A counter bumped by portal writes; every cached page and fragment is tagged with it.
    ``max_age`` > 0: the value this process read at most that many seconds ago will do."""
    now = time.monotonic()
    if max_age > 0 and "value" in _memo and now - _memo["at"] < max_age:
        return int(_memo["value"])
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, _fresh_generation(), timeout=None)
        value = cache.get(GENERATION_KEY, _fresh_generation())
    _memo.update(value=int(value), at=now)
    return int(value)


def forget_generation() -> None:
    """Drop this process's memo of the generation (after a bump here, or a cache flush in tests)."""
    _memo.clear()


def bump_generation() -> None:
    forget_generation()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, _fresh_generation(), timeout=None)


def bump_generation_on_commit(using: str | None = None) -> None:
    """Bump once the current transaction commits (at once outside one): a reader that picks up the
    new generation then also sees the new rows. One bump per transaction, however many writes."""
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and any(func is bump_generation for _, func, _ in connection.run_on_commit):
        return
    transaction.on_commit(bump_generation, using=using)


# ---- honours board ---------------------------------------------------------------------------

@dataclass(frozen=True)
class BoardFilter:
    year: int | None = None
    unit_id: int | None = None
    code: str = ""
    q: str = ""


def parse_board_filter(params: Any) -> BoardFilter:
    def as_int(name: str) -> int | None:
        raw = str(params.get(name, "") or "").strip()
        return int(raw) if raw.isdigit() and len(raw) < 10 else None

    return BoardFilter(year=as_int("nam"), unit_id=as_int("don_vi"),
                       code=str(params.get("hinh_thuc", "") or "").strip()[:40],
                       q=str(params.get("q", "") or "").strip()[:120])


def _person_ids_matching(key: str) -> list[int]:
    return person_ids_matching(key, limit=SEARCH_PEOPLE_LIMIT)


def board_awards(f: BoardFilter) -> QuerySet[Award, dict[str, Any]]:
    qs = Award.objects.filter(status=AwardStatus.VALID)
    if f.year:
        qs = qs.filter(year=f.year)
    if f.unit_id:
        path = Unit.objects.filter(pk=f.unit_id).values_list("path", flat=True).first()
        qs = qs.filter(unit__path__startswith=path) if path else qs.none()
    if f.code:
        qs = qs.filter(code=f.code)
    if f.q:
        key = search_key(f.q)
        if key:
            qs = qs.filter(Q(person_id__in=_person_ids_matching(key)) | Q(collective__search_key__contains=key))
    return qs.order_by("-year", "-decision_date", "subject_name", "id").values(*PUBLIC_AWARD_FIELDS)


def board_page(f: BoardFilter, page: str | int | None) -> Page[Any]:
    return Paginator(board_awards(f), PAGE_SIZE).get_page(page)


def board_choices() -> dict[str, Any]:
    """Years, top units (province level and the level under it) and forms for the filters."""
    years = list(Award.objects.filter(status=AwardStatus.VALID).values_list("year", flat=True)
                 .distinct().order_by("-year")[:40])
    codes = list(Award.objects.filter(status=AwardStatus.VALID).values_list("code", flat=True)
                 .distinct().order_by("code")[:200])
    units = list(Unit.objects.filter(Q(parent__isnull=True) | Q(parent__parent__isnull=True))
                 .order_by("path").values("id", "name")[:300])
    return {"years": years, "codes": codes, "units": units}


@dataclass(frozen=True)
class PublicSubject:
    kind: str  # "person" | "collective"
    pk: int
    name: str
    unit_name: str
    awards: list[dict[str, Any]]


def person_public(pk: int) -> PublicSubject | None:
    """A person's public page: the name and the awards as decided. Never the ID or birth date."""
    row = Person.objects.filter(pk=pk, merged_into__isnull=True).values("id", "full_name", "unit__name").first()
    if row is None:
        return None
    awards = list(Award.objects.filter(person_id=pk, status=AwardStatus.VALID)
                  .order_by("-year", "-decision_date").values(*PUBLIC_AWARD_FIELDS))
    if not awards:
        return None  # only people a decision has published appear on the portal
    return PublicSubject("person", pk, row["full_name"], row["unit__name"] or "", awards)


def collective_public(pk: int) -> PublicSubject | None:
    row = Collective.objects.filter(pk=pk).values("id", "name", "unit__name").first()
    if row is None:
        return None
    awards = list(Award.objects.filter(collective_id=pk, status=AwardStatus.VALID)
                  .order_by("-year", "-decision_date").values(*PUBLIC_AWARD_FIELDS))
    if not awards:
        return None
    return PublicSubject("collective", pk, row["name"], row["unit__name"] or "", awards)


# ---- consultation ----------------------------------------------------------------------------

def consultation_closes_on(dossier: Dossier) -> dt.date | None:
    """The last day of the consultation: the published date + N working days."""
    if dossier.consultation_published_on is None:
        return None
    published = dossier.consultation_published_on
    return calendar.add_working_days(published, catalog.consultation_days(published))


def consultation_is_open(dossier: Dossier, *, today: dt.date | None = None) -> bool:
    """Open from the published date through its last day; it closes itself afterwards (no cron)."""
    today = today or timezone.localdate()
    closes = consultation_closes_on(dossier)
    return (dossier.state == State.CONSULTATION and closes is not None
            and dossier.consultation_published_on is not None
            and dossier.consultation_published_on <= today <= closes)


@dataclass(frozen=True)
class ConsultationEntry:
    nominee_id: int
    name: str
    unit_name: str
    award_code: str
    summary: str
    published_on: dt.date
    closes_on: dt.date


def nominees_under_consultation(*, today: dt.date | None = None) -> list[ConsultationEntry]:
    today = today or timezone.localdate()
    dossiers = [d for d in Dossier.objects.filter(state=State.CONSULTATION, consultation_published_on__lte=today)
                .select_related("unit") if consultation_is_open(d, today=today)]
    by_id = {d.pk: d for d in dossiers}
    nominees = (Nominee.objects.filter(dossier_id__in=list(by_id))
                .select_related("person__unit", "collective__unit", "household").order_by("dossier_id", "position", "pk"))
    out: list[ConsultationEntry] = []
    for n in nominees:
        d = by_id[n.dossier_id]
        if n.person is not None:
            name, unit = n.person.full_name, (n.person.unit.name if n.person.unit else d.unit.name)
        elif n.collective is not None:
            name, unit = n.collective.name, n.collective.unit.name
        else:
            name, unit = str(n.household), d.unit.name
        closes = consultation_closes_on(d)
        assert closes is not None and d.consultation_published_on is not None
        out.append(ConsultationEntry(n.pk, name, unit, n.award_code, n.achievement_summary,
                                     d.consultation_published_on, closes))
    return out


def consultation_entry(nominee_id: int, *, today: dt.date | None = None) -> ConsultationEntry | None:
    for e in nominees_under_consultation(today=today):
        if e.nominee_id == nominee_id:
            return e
    return None


def comments_for_office(*, status: str = CommentStatus.PENDING) -> QuerySet[ConsultationComment]:
    qs = ConsultationComment.objects.select_related("nominee__person", "nominee__collective")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


# ---- stories, initiatives, news --------------------------------------------------------------

def published_stories() -> QuerySet[Story]:
    return Story.objects.filter(state=StoryState.PUBLISHED).order_by("-published_at", "-pk")


def stories_for_office() -> QuerySet[Story]:
    return Story.objects.order_by("state", "-created_at")


def public_initiatives() -> QuerySet[Initiative]:
    return (Initiative.objects.filter(is_public=True).select_related("person")
            .only("id", "title", "year", "scope", "recognized_by", "summary", "person__full_name")
            .order_by("-year", "title"))


def news(kind: str = "") -> QuerySet[NewsItem]:
    qs = NewsItem.objects.filter(published_on__lte=timezone.localdate())
    return qs.filter(kind=kind) if kind else qs
