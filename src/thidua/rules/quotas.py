"""Quota checks on a round of proposals: ratio caps per unit and the grassroots share.

Caps and shares are province-overridable parameters (`quota_ratio_caps`,
`quota_grassroots_min_share`, `quota_grassroots_awards`, `quota_grassroots_flags`).
A breach is reported, not silently fixed: the council decides what to drop.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Any

from thidua.rules.catalog import Catalog, CatalogError, default_catalog
from thidua.rules.citations import human_citation
from thidua.rules.context import vn_percent
from thidua.rules.model import SUBJECT_KINDS, CaseError


@dataclass(frozen=True)
class Proposal:
    subject_kind: str
    award: str
    unit: str
    grassroots: bool = False
    direct_worker: bool = False
    small_collective: bool = False

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> Proposal:
        allowed = {f.name for f in fields(cls)}
        unknown = sorted(set(raw) - allowed)
        if unknown:
            raise CaseError(f"proposal: trường không hợp lệ {unknown} / unknown field(s) {unknown}")
        proposal = cls(**raw)
        if proposal.subject_kind not in SUBJECT_KINDS:
            raise CaseError(f"proposal.subject_kind: {proposal.subject_kind!r}")
        return proposal


@dataclass(frozen=True)
class Breach:
    rule: str
    unit: str | None
    award: str
    actual: int
    limit: int
    citation: str
    message: str


def _as_proposals(items: Iterable[Proposal | Mapping[str, Any]]) -> list[Proposal]:
    return [p if isinstance(p, Proposal) else Proposal.from_mapping(p) for p in items]


def check_quotas(
    proposals: Iterable[Proposal | Mapping[str, Any]], on_date: date, catalog: Catalog | None = None
) -> list[Breach]:
    """Every breach of the ratio caps and the grassroots share in one round of proposals."""
    items = _as_proposals(proposals)
    view = (catalog or default_catalog()).for_date(on_date)
    for p in items:
        view.award(p.award)
    return _ratio_breaches(items, view.param("quota_ratio_caps"), view) + _grassroots_breaches(items, view)


def _name(view: Any, code: str) -> str:
    award = view.version.awards.get(code)
    return award.name if award else code


def _ratio_breaches(items: list[Proposal], caps: Any, view: Any) -> list[Breach]:
    per_unit: dict[str, Counter[str]] = defaultdict(Counter)
    for p in items:
        per_unit[p.unit][p.award] += 1
    breaches = []
    for cap in caps.value:
        if not isinstance(cap, dict) or set(cap) != {"award", "base_award", "max_share"}:
            raise CatalogError("quota_ratio_caps: cần award, base_award, max_share")
        share = Decimal(cap["max_share"])
        for unit in sorted(per_unit):
            counts = per_unit[unit]
            proposed, base = counts[cap["award"]], counts[cap["base_award"]]
            allowed = math.floor(share * base)
            if proposed > allowed:
                limit = f"được đề nghị tối đa {allowed}" if allowed else "chưa được đề nghị"
                breaches.append(Breach(
                    "quota.ratio_cap", unit, cap["award"], proposed, allowed, human_citation(caps.reference),
                    f"Đơn vị {unit}: đề nghị {proposed} {_name(view, cap['award'])}, vượt tỷ lệ tối đa "
                    f"{vn_percent(int(share * 1000), 1000)} của {base} {_name(view, cap['base_award'])} ({limit}).",
                ))
    return breaches


def _grassroots_breaches(items: list[Proposal], view: Any) -> list[Breach]:
    share_p = view.param("quota_grassroots_min_share")
    awards = set(view.param("quota_grassroots_awards").value)
    flags = list(view.param("quota_grassroots_flags").value)
    unknown = set(flags) - {"grassroots", "direct_worker", "small_collective"}
    if unknown:
        raise CatalogError(f"quota_grassroots_flags: {sorted(unknown)}")
    share = Decimal(share_p.value)
    breaches = []
    for award in sorted(awards):
        chosen = [p for p in items if p.award == award]
        if not chosen or share <= 0:
            continue
        flagged = sum(1 for p in chosen if any(getattr(p, f) for f in flags))
        required = math.ceil(share * len(chosen))
        if flagged < required:
            breaches.append(Breach(
                "quota.grassroots_share", None, award, flagged, required, human_citation(share_p.reference),
                f"{_name(view, award)}: chỉ {flagged}/{len(chosen)} đề nghị thuộc cơ sở hoặc người trực tiếp lao động "
                f"({vn_percent(flagged, len(chosen))}); cần ít nhất {vn_percent(int(share * 1000), 1000)} ({required}).",
            ))
    return breaches
