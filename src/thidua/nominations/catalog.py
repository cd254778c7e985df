"""What nominations and decisions need from the award catalog (rules/catalog/*.toml).

`thidua.rules` exposes no loader yet, so this module reads the same TOML files with
``tomllib``: codes, level, subjects, prize coefficients (dated), base salary (dated) and the
ladder links (which award relies on which). When the rules engine ships its loader, swap the
body of ``_load`` for it; callers use only the functions below.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

CATALOG_DIR = Path(__file__).resolve().parent.parent / "rules" / "catalog"

# Parameter names whose values list the awards a later award stands on (the ladders):
# CSTĐ tỉnh on CSTĐ cơ sở, BK TTg on BK tỉnh, HC Lao động hạng Ba on BK TTg, …
_LADDER_PARAMS = frozenset({"predecessor", "streak_titles", "prerequisite_titles", "run_titles"})

# The prize parameter per subject kind. Households: the catalog may give `prize_household`;
# otherwise the individual rate applies (NĐ 98/2023 Điều 54 [R], see docs/nominations.md).
_PRIZE_PARAMS: Mapping[str, tuple[str, ...]] = {
    "individual": ("prize_individual",),
    "collective": ("prize_collective",),
    "household": ("prize_household", "prize_individual"),
}


class CatalogError(ValueError):
    """A code or a date the catalog does not cover: an error with a message, never a guess."""


@dataclass(frozen=True)
class AwardInfo:
    code: str
    name: str
    level: str  # "state" | "province" | "grassroots"
    subjects: frozenset[str]
    award_kinds: frozenset[str]
    relies_on: frozenset[str]
    params: Mapping[str, Any]

    @property
    def requires_consultation(self) -> bool:
        """State-level awards: list published ≥ 10 working days before council (NĐ 98/2023 Điều 46)."""
        return self.level == "state"


def _merge(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        old = out.get(key)
        if isinstance(old, dict) and isinstance(value, Mapping):
            if "values" in old and "values" in value:
                merged = {**old, **value, "values": [*old["values"], *value["values"]]}
                out[key] = merged
            else:
                out[key] = _merge(old, value)
        else:
            out[key] = value
    return out


@dataclass(frozen=True)
class _Catalog:
    awards: Mapping[str, Mapping[str, Any]]
    params: Mapping[str, Any]


@lru_cache(maxsize=1)
def _load() -> _Catalog:
    versions: dict[str, dict[str, Any]] = {}
    shared: dict[str, Any] = {}
    for path in sorted(CATALOG_DIR.glob("*.toml")):
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        if "version" in data:
            versions[data["version"]["id"]] = data
        else:
            shared = _merge(shared, data.get("params", {}))
    if not versions:
        raise CatalogError(f"Không tìm thấy danh mục danh hiệu, hình thức khen thưởng trong {CATALOG_DIR}.")
    # Resolve `extends` chains: a later version restates only what changed.
    resolved: dict[str, dict[str, Any]] = {}

    def resolve(vid: str) -> dict[str, Any]:
        if vid not in resolved:
            data = versions[vid]
            parent = data["version"].get("extends")
            base = resolve(parent) if parent else {"awards": {}, "params": {}}
            resolved[vid] = {
                "awards": _merge(base["awards"], data.get("awards", {})),
                "params": _merge(base["params"], data.get("params", {})),
            }
        return resolved[vid]

    awards: dict[str, Any] = {}
    params: dict[str, Any] = dict(shared)
    for vid in versions:
        awards = _merge(awards, resolve(vid)["awards"])
        params = _merge(params, resolve(vid)["params"])
    return _Catalog(awards=awards, params=params)


def _dated(param: Mapping[str, Any], on: dt.date, what: str) -> Any:
    chosen = None
    for row in sorted(param.get("values", []), key=lambda r: r["from"]):
        if row["from"] <= on and ("to" not in row or on <= row["to"]):
            chosen = row
    if chosen is None:
        raise CatalogError(f"Danh mục không có giá trị «{what}» áp dụng cho ngày {on:%d/%m/%Y}.")
    return chosen["value"]


def award_codes() -> frozenset[str]:
    return frozenset(_load().awards)


@lru_cache(maxsize=256)
def award_info(code: str) -> AwardInfo:
    raw = _load().awards.get(code)
    if raw is None:
        raise CatalogError(f"Mã danh hiệu, hình thức khen thưởng «{code}» không có trong danh mục.")
    params: Mapping[str, Any] = raw.get("params", {})
    relies: set[str] = set()
    for key, param in params.items():
        if key.rsplit(".", 1)[-1] in _LADDER_PARAMS and isinstance(param, Mapping):
            for row in param.get("values", []):
                for item in row["value"]:
                    relies.update(item.keys() if isinstance(item, Mapping) else [item])
    return AwardInfo(
        code=code, name=raw["name"], level=raw["level"], subjects=frozenset(raw.get("subjects", [])),
        award_kinds=frozenset(raw.get("award_kinds", [])), relies_on=frozenset(relies), params=params,
    )


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


def base_salary(on: dt.date) -> int:
    return int(_dated(_load().params["base_salary"], on, "lương cơ sở"))


def prize_rounding(on: dt.date) -> int:
    return int(_dated(_load().params["prize_rounding_vnd"], on, "mức làm tròn tiền thưởng"))


def prize_coefficient(code: str, subject_kind: str, on: dt.date) -> Decimal | None:
    """The coefficient × base salary for this award and subject kind; None when the award carries no money."""
    info = award_info(code)
    for name in _PRIZE_PARAMS[subject_kind]:
        if name in info.params:
            return Decimal(str(_dated(info.params[name], on, f"hệ số tiền thưởng {code}")))
    return None
