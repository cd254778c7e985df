"""Council votes: which awards need one, the share of ALL members that must approve, pass or fail.

Luật Thi đua, khen thưởng 2022 and NĐ 98/2023 Điều 30 khoản 7 [V]: the vote is compulsory for
Anh hùng, Chiến sĩ thi đua toàn quốc, Chiến sĩ thi đua cấp bộ/tỉnh, Chiến sĩ thi đua cơ sở, Cờ thi
đua cấp bộ/tỉnh and Cờ thi đua của Chính phủ; the first three need "từ 90% trở lên", the others
"từ 80% trở lên", of the TOTAL number of council members ("tổng số thành viên Hội đồng"), absent
members voting in writing. "Từ … trở lên" is ≥. Other awards use `council_vote_default` (more than
half, a house rule the province may change). The thresholds are catalog parameters (`council_vote`
on an award, `council_vote_default`); NĐ152's equivalent clause is [R] (see its doubt).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from thidua.rules.catalog import Catalog, CatalogError, CatalogView, ParamValue, default_catalog
from thidua.rules.citations import human_citation


@dataclass(frozen=True)
class VoteThreshold:
    award: str
    required: bool  # the law makes the secret ballot compulsory for this award
    share: Fraction  # of ALL members of the council
    at_least: bool  # True: "từ … trở lên" (≥); False: "quá" / "trên" (>)
    reference: str
    doubt: str | None

    def needed(self, members_total: int) -> int:
        """Smallest number of yes votes that passes, for a council of `members_total` members."""
        if members_total <= 0:
            raise ValueError("members_total must be positive")
        bound = self.share * members_total
        if self.at_least:
            return math.ceil(bound)
        return math.floor(bound) + 1

    def passes(self, members_total: int, votes_for: int) -> bool:
        return vote_passes(members_total, votes_for, self)

    @property
    def text(self) -> str:
        """"từ 90% trở lên tổng số thành viên" / "trên 50% tổng số thành viên"."""
        pct = _percent(self.share)
        if self.at_least:
            return f"từ {pct} trở lên tổng số thành viên Hội đồng"
        return f"trên {pct} tổng số thành viên Hội đồng"

    @property
    def citation(self) -> str:
        return human_citation(self.reference)

    def to_code(self) -> str:
        """Compact form stored with a meeting's agenda item: "≥9/10" or ">1/2"."""
        return f"{'≥' if self.at_least else '>'}{self.share.numerator}/{self.share.denominator}"


@dataclass(frozen=True)
class VoteResult:
    passed: bool
    votes_for: int
    members_total: int
    needed: int
    threshold: VoteThreshold
    message: str


def _percent(share: Fraction) -> str:
    value = share * 100
    if value.denominator == 1:
        return f"{value.numerator}%"
    return f"{float(value):.1f}".replace(".", ",") + "%"


def _threshold(award: str, found: ParamValue) -> VoteThreshold:
    raw: Any = found.value
    if not isinstance(raw, dict) or set(raw) - {"required", "share", "at_least"} or "share" not in raw:
        raise CatalogError(f"{found.name}: cần required, share, at_least / needs required, share, at_least")
    try:
        share = Fraction(str(raw["share"]))
    except (ValueError, ZeroDivisionError):
        raise CatalogError(f"{found.name}: tỷ lệ không hợp lệ {raw['share']!r}") from None
    if not 0 < share <= 1:
        raise CatalogError(f"{found.name}: tỷ lệ phải trong (0, 1]")
    return VoteThreshold(award, bool(raw.get("required", False)), share, bool(raw.get("at_least", True)),
                         found.reference, found.doubt)


def vote_threshold(view: CatalogView, award: str) -> VoteThreshold:
    """The threshold for `award` on the view's date: its own `council_vote`, else the default."""
    view.award(award)
    own = view.find(f"{award}.council_vote")
    return _threshold(award, own if own is not None else view.param("council_vote_default"))


def default_threshold(view: CatalogView, award: str) -> VoteThreshold:
    """`council_vote_default` for `award` (no check that the code exists on this date)."""
    return _threshold(award, view.param("council_vote_default"))


def threshold_on(award: str, on: date, catalog: Catalog | None = None) -> VoteThreshold:
    return vote_threshold((catalog or default_catalog()).for_date(on), award)


def vote_passes(members_total: int, votes_for: int, threshold: VoteThreshold) -> bool:
    """Pass/fail of one item: `votes_for` yes votes (in the room and in writing) out of ALL members."""
    if members_total <= 0 or not 0 <= votes_for <= members_total:
        raise ValueError("need 0 <= votes_for <= members_total and members_total > 0")
    share = Fraction(votes_for, members_total)
    return share >= threshold.share if threshold.at_least else share > threshold.share


def decide(members_total: int, votes_for: int, threshold: VoteThreshold) -> VoteResult:
    """The result with the clerk's sentence and the threshold's citation."""
    passed = vote_passes(members_total, votes_for, threshold)
    verdict = "đạt" if passed else "không đạt"
    message = (
        f"{votes_for}/{members_total} thành viên đồng ý; cần {threshold.text} "
        f"(ít nhất {threshold.needed(members_total)} phiếu) theo {threshold.citation}: {verdict}."
    )
    return VoteResult(passed, votes_for, members_total, threshold.needed(members_total), threshold, message)
