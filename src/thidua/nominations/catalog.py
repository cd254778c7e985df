"""What nominations and decisions need from the award catalog, read through ``thidua.rules.catalog``:
codes, level, subjects, accepted kinds and the ladder links (which award relies on which).
Prize money goes through ``thidua.rules.money`` (see ``thidua.decisions.money``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from thidua.rules.catalog import AwardDef, CatalogError, default_catalog

__all__ = ["AwardInfo", "CatalogError", "award_codes", "award_info", "awards_relying_on", "validate_codes"]

# Parameter names whose values list the awards a later award stands on (the ladders):
# CSTĐ tỉnh on CSTĐ cơ sở, BK TTg on BK tỉnh, HC Lao động hạng Ba on BK TTg, …
_LADDER_PARAMS = frozenset({"predecessor", "streak_titles", "prerequisite_titles", "run_titles"})


@dataclass(frozen=True)
class AwardInfo:
    code: str
    name: str
    level: str  # "state" | "province" | "grassroots"
    subjects: frozenset[str]
    award_kinds: frozenset[str]
    relies_on: frozenset[str]

    @property
    def requires_consultation(self) -> bool:
        """State-level awards: list published ≥ 10 working days before council (NĐ 98/2023 Điều 46)."""
        return self.level == "state"


def award_codes() -> frozenset[str]:
    return default_catalog().award_codes


def _latest(code: str) -> AwardDef:
    award = default_catalog().latest_awards.get(code)
    if award is not None:
        return award
    raise CatalogError(f"Mã danh hiệu, hình thức khen thưởng «{code}» không có trong danh mục.")


def _codes_in(value: Any) -> set[str]:
    if isinstance(value, Mapping):
        return {str(k) for k in value}
    if isinstance(value, list | tuple):
        return {c for item in value for c in _codes_in(item)}
    return {str(value)}


@lru_cache(maxsize=256)
def award_info(code: str) -> AwardInfo:
    award = _latest(code)
    relies: set[str] = set()
    for local, param in award.params.items():
        if local.rsplit(".", 1)[-1] in _LADDER_PARAMS:
            for row in param.rows:
                relies |= _codes_in(row.value)
    return AwardInfo(code=code, name=award.name, level=award.level, subjects=frozenset(award.subjects),
                     award_kinds=frozenset(award.award_kinds), relies_on=frozenset(relies))


def validate_codes(codes: list[str]) -> list[str]:
    """Messages naming every unknown code (empty when all are known)."""
    known = award_codes()
    return [f"Mã «{c}» không có trong danh mục danh hiệu, hình thức khen thưởng." for c in codes if c not in known]


@lru_cache(maxsize=256)
def awards_relying_on(code: str) -> frozenset[str]:
    """Every award that stands on ``code`` directly or through a ladder (transitive)."""
    reverse: dict[str, set[str]] = {}
    for other in award_codes():
        for base in award_info(other).relies_on:
            reverse.setdefault(base, set()).add(other)
    found: set[str] = set()
    todo = [code]
    while todo:
        for nxt in reverse.get(todo.pop(), ()):
            if nxt not in found:
                found.add(nxt)
                todo.append(nxt)
    return frozenset(found)
