"""The award catalog for the Django side: the one facade over ``thidua.rules.catalog``.

Nominations, movements, the council, decisions, documents, reports, the history import and the
templates (``award_name``) read the law's catalog here and nowhere else; ``thidua.rules`` itself
stays free of Django. What it answers:

    names       award_name(code), award_name_on(code, day), award_codes(), latest_awards()
    awards      award_info(code) (level, subjects, kinds, ladder links), validate_codes, awards_relying_on
    money       prize_amount(code, subject_kind, on)              (``thidua.rules.money``)
    procedure   consultation_days(on), requires_consultation(code, on), required_documents(...)
                                                                  (``thidua.rules.procedure``)
    import      import_catalog(): code → name, level, subjects and the registry kind of a history row
    engine      catalog(), view_on(day): for the rules engine and dated parameters

Every value comes from the TOML with its legal reference; a date outside every legal version is a
``CatalogError``, never a silent default.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from django.utils import timezone

from thidua.rules import procedure
from thidua.rules.catalog import AwardDef, Catalog, CatalogError, CatalogView, default_catalog
from thidua.rules.money import prize_for

from .models import AwardKind, AwardLevel

__all__ = [
    "AwardDef", "AwardInfo", "CatalogView", "CatalogAward", "CatalogError", "award_codes", "award_info", "award_name", "award_name_on",
    "awards_relying_on", "catalog", "consultation_days", "consultation_reference", "documents_reference",
    "import_catalog", "latest_awards", "prize_amount", "required_documents", "requires_consultation",
    "validate_codes", "view_on",
]


def catalog() -> Catalog:
    """The province's catalog (every legal version), for the rules engine."""
    return default_catalog()


def view_on(day: dt.date) -> CatalogView:
    """The legal version in force on ``day``, its dated parameters resolved on that day."""
    return default_catalog().for_date(day)


def _today() -> dt.date:
    return timezone.localdate()


def award_codes() -> frozenset[str]:
    """Every code any legal version knows."""
    return default_catalog().award_codes


def latest_awards() -> Mapping[str, AwardDef]:
    """Every code with its newest definition (history spans legal texts)."""
    return default_catalog().latest_awards


# ---------------------------------------------------------------------------------------------- names


@lru_cache(maxsize=1)
def _latest_names() -> dict[str, str]:
    return {code: award.name for code, award in default_catalog().latest_awards.items()}


def award_name(code: str) -> str:
    """``CSTD_CO_SO`` → ``Chiến sĩ thi đua cơ sở`` (the newest text's name); an unknown code as it is."""
    return _latest_names().get(code, code)


@lru_cache(maxsize=8)
def _names_on(day: dt.date) -> dict[str, str]:
    awards = view_on(day).version.awards
    return {code: awards[code].name if code in awards else code for code in default_catalog().award_codes}


def award_name_on(code: str, day: dt.date) -> str:
    """The name in the legal version in force on ``day``; a code that version does not know as it is."""
    return _names_on(day).get(code, code)


# --------------------------------------------------------------------------------------------- awards

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
    serves: str = "all"  # "all" | "armed_forces" | "civilian" (Luật Điều 24–28; issue 12 item 4)

    def serves_subject(self, armed_forces: bool) -> bool:
        return self.serves == "all" or (self.serves == "armed_forces") == armed_forces


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
    """What nominations, movements and decisions need of one award (its newest definition)."""
    award = _latest(code)
    relies: set[str] = set()
    for local, param in award.params.items():
        if local.rsplit(".", 1)[-1] in _LADDER_PARAMS:
            for row in param.rows:
                relies |= _codes_in(row.value)
    return AwardInfo(code=code, name=award.name, level=award.level, subjects=frozenset(award.subjects),
                     award_kinds=frozenset(award.award_kinds), relies_on=frozenset(relies),
                     serves=award.serves)


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


# ---------------------------------------------------------------------------------------------- money


def prize_amount(code: str, subject_kind: str, on: dt.date) -> int | None:
    """The prize in VND: coefficient × base salary at the decision date, rounded up to 10,000 VND
    (NĐ 98/2023 Điều 54; NĐ 152/2025); None when the award carries no money (a certificate only)."""
    return prize_for(view_on(on), code, subject_kind)


# ------------------------------------------------------------------------------------------ procedure


def consultation_days(on: dt.date) -> int:
    """Working days a list of proposals is published before the council meets (NĐ 98/2023 Điều 46)."""
    return int(procedure.consultation_days(view_on(on)).value)


def consultation_reference(on: dt.date) -> str:
    return procedure.consultation_days(view_on(on)).reference


def requires_consultation(code: str, on: dt.date | None = None) -> bool:
    """Whether proposing ``code`` needs public consultation before the council (state-level awards)."""
    return procedure.needs_consultation(view_on(on or _today()), _latest(code))


def required_documents(*, award_code: str, round_kind: str, is_enterprise: bool,
                       on: dt.date | None = None) -> list[str]:
    """The document kinds (``nominations.models.DocumentKind`` values) a nominee's dossier must hold."""
    return procedure.required_documents(view_on(on or _today()), award_code=award_code, round_kind=round_kind,
                                        is_enterprise=is_enterprise)


def documents_reference(on: dt.date | None = None) -> str:
    """The legal reference of the document lists (Luật TĐKT 2022 Điều 84)."""
    return procedure.documents_reference(view_on(on or _today()))


# --------------------------------------------------------------------------------- import of history

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


@cache
def import_catalog() -> dict[str, CatalogAward]:
    """Award codes the history import knows: a code any legal version knows is accepted (history spans
    versions; the latest version's entry wins)."""
    levels = {lv.value for lv in AwardLevel}
    result: dict[str, CatalogAward] = {}
    for code, award in default_catalog().latest_awards.items():
        if award.level not in levels:
            raise ValueError(f"Danh mục: «{code}» có cấp khen «{award.level}» không hợp lệ.")
        result[code] = CatalogAward(code=code, name=award.name, level=award.level,
                                    subjects=frozenset(award.subjects), kind=_registry_kind(award.award_kinds))
    return result
