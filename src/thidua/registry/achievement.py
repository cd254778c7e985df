"""One achievement, one form on screens (Luật Thi đua, khen thưởng 2022, Điều 5 khoản 2; issue 12 item 3).

The rule itself is `thidua.rules.achievement.same_achievement` (plain Python). This module loads the
awards held, in bulk (one query for all subjects shown), and words the flag the way every screen
shows it: «Đã được khen “Bằng khen của Chủ tịch UBND tỉnh” năm 2025 cho cùng thành tích (một thành
tích chỉ khen một hình thức — Điều 5 khoản 2 Luật Thi đua, khen thưởng 2022)».
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _

from thidua.registry import catalog
from thidua.registry.catalog import CatalogView
from thidua.registry.models import Award, AwardStatus
from thidua.rules.achievement import CITATION, SameAchievement, same_achievement
from thidua.rules.model import AWARD_RECORD_KINDS, AwardRecord


def catalog_view(as_of: dt.date) -> CatalogView | None:
    try:
        return catalog.view_on(as_of)
    except catalog.CatalogError:
        return None


def record_of(award: Award) -> AwardRecord:
    return AwardRecord(award.code, award.year, award.decision_date,
                       award.kind if award.kind in AWARD_RECORD_KINDS else "annual")


def held_by_people(person_ids: Iterable[int], years: Iterable[int], *, field: str = "person_id",
                   exclude_ids: Iterable[int] = ()) -> dict[int, list[AwardRecord]]:
    """Valid awards of these people (or, with field="collective_id", collectives) in these years,
    one query: subject id -> records. `exclude_ids`: award rows not to count (e.g. a decision's own)."""
    out: dict[int, list[AwardRecord]] = defaultdict(list)
    ids, wanted = list(person_ids), list(set(years))
    if not ids or not wanted:
        return out
    rows = (Award.objects.filter(**{f"{field}__in": ids}, year__in=wanted, status=AwardStatus.VALID)
            .exclude(pk__in=list(exclude_ids)).only(field, "code", "year", "decision_date", "kind"))
    for a in rows:
        out[getattr(a, field)].append(record_of(a))
    return out


def message(view: CatalogView, flag: SameAchievement) -> str:
    other = view.version.awards.get(flag.held.code)
    return _("Đã được khen “%(name)s” năm %(year)s cho cùng thành tích (một thành tích chỉ khen một hình "
             "thức — %(citation)s)") % {"name": other.name if other else flag.held.code,
                                         "year": flag.held.year, "citation": CITATION}


def other_forms(view: CatalogView | None, held: Sequence[AwardRecord], code: str, year: int,
                kind: str = "annual") -> list[str]:
    """Flags for proposing (or holding) `code` for (year, kind): another form for the same achievement."""
    if view is None:
        return []
    kind = kind if kind in AWARD_RECORD_KINDS else "annual"
    return [message(view, f) for f in same_achievement(view, held, code, year, kind) if f.held.code != code]


def flag_history(awards: Sequence[Award], as_of: dt.date) -> dict[int, list[str]]:
    """A person's awards (already loaded): award id -> flags where another valid form was given for
    the same achievement (same year, same kind). No query."""
    view = catalog_view(as_of)
    valid = [a for a in awards if a.status == AwardStatus.VALID]
    out: dict[int, list[str]] = {}
    for a in valid:
        others = [record_of(b) for b in valid if b.pk != a.pk]
        flags = other_forms(view, others, a.code, a.year, a.kind)
        if flags:
            out[a.pk] = flags
    return out
