"""What a check sees: the case, its history indexed by year, and the catalog on the decision date."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from thidua.rules.catalog import AwardDef, CatalogError, CatalogView, ParamValue, PathDef, choose
from thidua.rules.citations import human_citation
from thidua.rules.model import RATING_RANK, Case, Reason


@dataclass(frozen=True)
class Context:
    case: Case
    view: CatalogView
    award: AwardDef
    award_years: dict[str, list[int]] = field(default_factory=dict)
    ratings: dict[int, str] = field(default_factory=dict)
    justified: frozenset[int] = frozenset()
    initiatives: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def build(cls, case: Case, view: CatalogView) -> Context:
        by_code: dict[str, list[int]] = defaultdict(list)
        for rec in case.awards:
            by_code[rec.code].append(rec.year)
        scopes: dict[str, list[int]] = defaultdict(list)
        for ini in case.initiatives:
            scopes[ini.scope].append(ini.year)
        return cls(
            case=case,
            view=view,
            award=view.award(case.award),
            award_years=dict(by_code),
            ratings={r.year: r.rating for r in case.ratings if r.rating is not None},
            justified=frozenset(r.year for r in case.ratings if r.justified_absence),
            initiatives=dict(scopes),
        )

    # ------------------------------------------------------------ parameters
    def param(self, name: str, path: PathDef | None) -> ParamValue:
        found = choose(self.view, self.award.code, path.id if path else None, name)
        if found is None:
            raise CatalogError(
                f"{self.award.code}: thiếu tham số {name} ({self.view.version.id}) / missing parameter {name}"
            )
        return found

    def opt(self, name: str, path: PathDef | None) -> ParamValue | None:
        return choose(self.view, self.award.code, path.id if path else None, name)

    def glob(self, name: str) -> ParamValue:
        return self.view.param(name)

    # ------------------------------------------------------------ helpers
    def rule(self, path: PathDef | None, suffix: str) -> str:
        if path is None or path.id in ("main", suffix):
            return f"{self.award.code}.{suffix}"
        return f"{self.award.code}.{path.id}.{suffix}"

    def citation(self, path: PathDef | None) -> str:
        return (path.citation if path and path.citation else None) or self.award.citation

    def reason(self, path: PathDef | None, suffix: str, met: bool | None, citation: str, message: str) -> Reason:
        """A reason; the citation is rendered as a person reads it ("Điều 27 khoản 1 Luật …")."""
        return Reason(self.rule(path, suffix), met, human_citation(citation), message)

    def years_of(self, codes: Iterable[str]) -> list[int]:
        return [y for code in codes for y in self.award_years.get(code, [])]

    def name_of(self, code: str) -> str:
        award = self.view.version.awards.get(code)
        return award.name if award else code

    def names_of(self, codes: Iterable[str]) -> str:
        return " hoặc ".join(self.name_of(c) for c in codes)

    def rating_at_least(self, year: int, minimum: str) -> bool:
        rating = self.ratings.get(year)
        return rating is not None and RATING_RANK[rating] >= RATING_RANK[minimum]


Check = Callable[[Context, "PathDef | None"], list[Reason]]
CHECKS: dict[str, Check] = {}


def check(name: str) -> Callable[[Check], Check]:
    def register(fn: Check) -> Check:
        CHECKS[name] = fn
        return fn

    return register


def as_codes(value: Any, name: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise CatalogError(f"{name}: cần mã hoặc danh sách mã / must be a code or a list of codes")


def as_int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise CatalogError(f"{name}: cần số nguyên / must be an integer")
    return int(value)


def as_share(value: Any, name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise CatalogError(f"{name}: cần tỷ lệ / must be a number")
    return Decimal(value)


def vn_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def vn_years(years: Iterable[int]) -> str:
    return ", ".join(str(y) for y in years)


def vn_percent(part: int, whole: int) -> str:
    if whole == 0:
        return "0%"
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))
    text = f"{value:f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"
