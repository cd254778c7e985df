"""Award codes known to the import, taken from the law catalog (``thidua.rules.catalog``).

The import only needs code → name, level, subjects and a registry kind; a code that any
legal version knows is accepted (history spans versions; the latest version's entry wins).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from thidua.registry.models import AwardKind, AwardLevel
from thidua.rules import catalog as rules_catalog

# Catalog kinds that have no own AwardKind value in the registry.
_KIND_ALIASES = {"service_length": AwardKind.TENURE}


@dataclass(frozen=True)
class CatalogAward:
    code: str
    name: str
    level: str
    subjects: frozenset[str]  # "individual" | "collective" | "household"
    kind: str  # AwardKind value used for imported rows


def _registry_kind(kinds: tuple[str, ...]) -> str:
    """Historical rows carry no kind column: 'annual' when the title allows it, else its first kind."""
    valid = {k.value for k in AwardKind}
    mapped = [str(_KIND_ALIASES.get(k, k)) for k in kinds]
    mapped = [k for k in mapped if k in valid]
    if AwardKind.ANNUAL.value in mapped or not mapped:
        return AwardKind.ANNUAL.value
    return mapped[0]


@functools.cache
def load_catalog() -> dict[str, CatalogAward]:
    levels = {lv.value for lv in AwardLevel}
    result: dict[str, CatalogAward] = {}
    for code, award in rules_catalog.load_catalog().latest_awards.items():
        if award.level not in levels:
            raise ValueError(f"Danh mục: «{code}» có cấp khen «{award.level}» không hợp lệ.")
        result[code] = CatalogAward(code=code, name=award.name, level=award.level,
                                    subjects=frozenset(award.subjects), kind=_registry_kind(award.award_kinds))
    return result
