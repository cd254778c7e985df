"""Plain data the rules engine reads and returns (no Django, no I/O).

`parse_case` turns the JSON contract of docs/eligibility-case.md into a frozen `Case`,
refusing anything it does not understand: an unknown field is an error, never ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

# Performance ratings, worst to best (xếp loại chất lượng hằng năm).
RATINGS: tuple[str, ...] = ("KHTNV", "HTNV", "HTTNV", "HTXSNV")
RATING_RANK: Mapping[str, int] = {code: rank for rank, code in enumerate(RATINGS)}
RATING_NAMES: Mapping[str, str] = {
    "HTXSNV": "Hoàn thành xuất sắc nhiệm vụ",
    "HTTNV": "Hoàn thành tốt nhiệm vụ",
    "HTNV": "Hoàn thành nhiệm vụ",
    "KHTNV": "Không hoàn thành nhiệm vụ",
}

# Scope of an initiative's recognised effect, narrowest first.
SCOPES: tuple[str, ...] = ("co_so", "tinh", "toan_quoc")
SCOPE_RANK: Mapping[str, int] = {code: rank for rank, code in enumerate(SCOPES)}
SCOPE_NAMES: Mapping[str, str] = {
    "co_so": "cấp cơ sở",
    "tinh": "cấp bộ, ngành, tỉnh",
    "toan_quoc": "toàn quốc",
}

# Disciplinary forms, lightest first (cán bộ, công chức, viên chức, đảng viên).
DISCIPLINE_FORMS: tuple[str, ...] = (
    "KHIEN_TRACH",
    "CANH_CAO",
    "HA_BAC_LUONG",
    "GIANG_CHUC",
    "CACH_CHUC",
    "BUOC_THOI_VIEC",
    "KHAI_TRU",
)
DISCIPLINE_RANK: Mapping[str, int] = {code: rank for rank, code in enumerate(DISCIPLINE_FORMS)}
DISCIPLINE_NAMES: Mapping[str, str] = {
    "KHIEN_TRACH": "khiển trách",
    "CANH_CAO": "cảnh cáo",
    "HA_BAC_LUONG": "hạ bậc lương",
    "GIANG_CHUC": "giáng chức",
    "CACH_CHUC": "cách chức",
    "BUOC_THOI_VIEC": "buộc thôi việc",
    "KHAI_TRU": "khai trừ",
}

SUBJECT_KINDS: tuple[str, ...] = ("individual", "collective", "household")

# Kind of a held award (loại hình khen thưởng), as the registry records it (registry.AwardKind) plus
# kháng chiến (Luật Điều 96). NĐ 152/2025 Điều 4 khoản 3: results rewarded đột xuất or theo chuyên đề
# cannot ground a công trạng proposal, so the ladders skip those kinds. Default: annual (công trạng).
AWARD_RECORD_KINDS: tuple[str, ...] = (
    "annual", "thematic", "ad_hoc", "contribution", "tenure", "foreign", "resistance",
)
AWARD_RECORD_KIND_NAMES: Mapping[str, str] = {
    "annual": "công trạng, thường xuyên",
    "thematic": "theo đợt, chuyên đề",
    "ad_hoc": "đột xuất",
    "contribution": "quá trình cống hiến",
    "tenure": "niên hạn",
    "foreign": "đối ngoại",
    "resistance": "thành tích kháng chiến",
}
# Why a year has no (full) rating: maternity leave counts as working time from 2025-07-01
# (NĐ 152/2025 Điều 4 khoản 5); other justified absences neither count nor break a run.
ABSENCE_KINDS: tuple[str, ...] = ("maternity", "other")
SUBJECT_NAMES: Mapping[str, str] = {"individual": "cá nhân", "collective": "tập thể", "household": "hộ gia đình"}


class CaseError(ValueError):
    """The case is malformed; the message names the field (Vietnamese / English)."""


@dataclass(frozen=True)
class Members:
    """Counts a collective-title rule needs (subject.members)."""

    total: int
    titles: Mapping[str, int] = field(default_factory=dict)
    ratings: Mapping[str, int] = field(default_factory=dict)
    disciplined_warning_or_worse: int = 0


@dataclass(frozen=True)
class Subject:
    kind: str
    direct_worker: bool | None = None
    sex: str | None = None
    members: Members | None = None
    armed_forces: bool = False  # lực lượng vũ trang: Chiến sĩ tiên tiến, Đơn vị quyết thắng, ...


@dataclass(frozen=True)
class Rating:
    year: int
    rating: str | None
    justified_absence: bool = False
    absence: str | None = None  # "maternity" | "other" when justified_absence

    @property
    def maternity(self) -> bool:
        return self.justified_absence and self.absence == "maternity"


@dataclass(frozen=True)
class AwardRecord:
    code: str
    year: int
    decided_on: date | None = None
    kind: str = "annual"


@dataclass(frozen=True)
class Initiative:
    year: int
    scope: str


@dataclass(frozen=True)
class Discipline:
    form: str
    start: date
    end: date | None = None  # None: still in force

    def in_force_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def in_force_during(self, year: int) -> bool:
        return self.start <= date(year, 12, 31) and (self.end is None or self.end >= date(year, 1, 1))


@dataclass(frozen=True)
class Position:
    title: str
    start: date
    end: date | None = None


@dataclass(frozen=True)
class Case:
    award: str
    year: int
    as_of: date
    subject: Subject
    ratings: tuple[Rating, ...] = ()
    awards: tuple[AwardRecord, ...] = ()
    initiatives: tuple[Initiative, ...] = ()
    discipline: tuple[Discipline, ...] = ()
    positions: tuple[Position, ...] = ()


@dataclass(frozen=True)
class Reason:
    rule: str
    met: bool | None
    citation: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "met": self.met, "citation": self.citation, "message": self.message}


@dataclass(frozen=True)
class Verdict:
    award: str
    eligible: bool
    reasons: tuple[Reason, ...]
    amount_vnd: int | None
    amount_doubt: str | None = None  # the amount uses a value not verified from the legal text

    def to_dict(self) -> dict[str, Any]:
        return {
            "award": self.award,
            "eligible": self.eligible,
            "reasons": [r.to_dict() for r in self.reasons],
            "amount_vnd": self.amount_vnd,
            "amount_doubt": self.amount_doubt,
        }


# ---------------------------------------------------------------- parsing

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CASE_FIELDS = {"award", "year", "as_of", "subject", "ratings", "awards", "initiatives", "discipline", "positions"}
_MEMBER_FIELDS = {"total", "ratings", "disciplined_warning_or_worse"}


def _fail(where: str, vi: str, en: str) -> CaseError:
    return CaseError(f"{where}: {vi} / {en}")


def _obj(value: Any, where: str, allowed: Collection[str], required: Collection[str] = ()) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(where, "phải là một đối tượng JSON", "must be a JSON object")
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        raise _fail(where, f"trường không hợp lệ {unknown}", f"unknown field(s) {unknown}")
    missing = sorted(set(required) - set(value))
    if missing:
        raise _fail(where, f"thiếu trường {missing}", f"missing field(s) {missing}")
    return value


def _int(value: Any, where: str, low: int = 0, high: int = 10**9) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _fail(where, f"phải là số nguyên từ {low} đến {high}", f"must be an integer in [{low}, {high}]")
    return int(value)


def _year(value: Any, where: str) -> int:
    return _int(value, where, 1945, 2100)


def _date(value: Any, where: str) -> date:
    if not isinstance(value, str) or not _DATE_RE.match(value):
        raise _fail(where, f"ngày không hợp lệ {value!r} (cần YYYY-MM-DD)", f"malformed date {value!r} (want YYYY-MM-DD)")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _fail(where, f"ngày không tồn tại {value!r}", f"invalid date {value!r}") from None


def _opt_date(value: Any, where: str) -> date | None:
    return None if value is None else _date(value, where)


def _choice(value: Any, where: str, choices: Collection[str]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise _fail(where, f"giá trị {value!r} không thuộc {sorted(choices)}", f"{value!r} is not one of {sorted(choices)}")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _fail(where, "phải là một danh sách", "must be a list")
    return value


def _members(value: Any, where: str, award_codes: Collection[str]) -> Members:
    raw = _obj(value, where, _MEMBER_FIELDS | set(award_codes), {"total"})
    total = _int(raw["total"], f"{where}.total", 0)
    ratings: dict[str, int] = {}
    for code, count in _obj(raw.get("ratings") or {}, f"{where}.ratings", RATINGS).items():
        ratings[code] = _int(count, f"{where}.ratings.{code}", 0, total)
    titles = {code: _int(raw[code], f"{where}.{code}", 0, total) for code in raw if code in award_codes}
    disciplined = _int(raw.get("disciplined_warning_or_worse", 0), f"{where}.disciplined_warning_or_worse", 0, total)
    if sum(ratings.values()) > total:
        raise _fail(f"{where}.ratings", "tổng số xếp loại vượt quá total", "rating counts exceed total")
    return Members(total=total, titles=titles, ratings=ratings, disciplined_warning_or_worse=disciplined)


def _each(value: Any, where: str, parse: Callable[[dict[str, Any], str], Any]) -> tuple[Any, ...]:
    return tuple(parse(item, f"{where}[{i}]") for i, item in enumerate(_list(value, where)))


def parse_case(data: Any, award_codes: Collection[str] | None = None) -> Case:
    """Validate the JSON case against the contract and the catalog's award codes (default catalog if None)."""
    if award_codes is None:
        from thidua.rules.catalog import default_catalog  # late: the catalog module imports this one

        award_codes = default_catalog().award_codes
    raw = _obj(data, "case", _CASE_FIELDS, {"award", "year", "as_of", "subject"})
    award = raw["award"]
    if not isinstance(award, str) or award not in award_codes:
        raise _fail("award", f"mã danh hiệu/hình thức không có trong danh mục: {award!r}", f"unknown award code {award!r}")
    subj = _obj(raw["subject"], "subject", {"kind", "direct_worker", "sex", "members", "armed_forces"}, {"kind"})
    kind = _choice(subj["kind"], "subject.kind", SUBJECT_KINDS)
    direct = subj.get("direct_worker")
    if direct is not None and not isinstance(direct, bool):
        raise _fail("subject.direct_worker", "phải là true/false/null", "must be true, false or null")
    sex = subj.get("sex")
    if sex is not None:
        sex = _choice(sex, "subject.sex", ("F", "M"))
    armed = subj.get("armed_forces", False)
    if armed is None:
        armed = False
    if not isinstance(armed, bool):
        raise _fail("subject.armed_forces", "phải là true/false", "must be true or false")
    members = subj.get("members")
    if members is not None and kind == "individual":
        raise _fail("subject.members", "chỉ dùng cho tập thể, hộ gia đình", "only for collectives and households")
    subject = Subject(
        kind=kind,
        direct_worker=direct,
        sex=sex,
        members=None if members is None else _members(members, "subject.members", award_codes),
        armed_forces=armed,
    )

    def rating(item: dict[str, Any], where: str) -> Rating:
        r = _obj(item, where, {"year", "rating", "justified_absence", "absence"}, {"year"})
        justified = r.get("justified_absence", False)
        if not isinstance(justified, bool):
            raise _fail(f"{where}.justified_absence", "phải là true/false", "must be true or false")
        absence = r.get("absence")
        if absence is not None:
            absence = _choice(absence, f"{where}.absence", ABSENCE_KINDS)
            if not justified:
                raise _fail(f"{where}.absence", "chỉ dùng khi justified_absence là true",
                            "only with justified_absence: true")
        elif justified:
            absence = "other"
        value = r.get("rating")
        if value is None and not justified:
            raise _fail(f"{where}.rating", "thiếu xếp loại", "rating missing (allowed only with justified_absence)")
        return Rating(_year(r["year"], f"{where}.year"), None if value is None else _choice(value, f"{where}.rating", RATINGS),
                      justified, absence)

    def award_rec(item: dict[str, Any], where: str) -> AwardRecord:
        r = _obj(item, where, {"code", "year", "decided_on", "kind"}, {"code", "year"})
        code = r["code"]
        if not isinstance(code, str) or code not in award_codes:
            raise _fail(f"{where}.code", f"mã không có trong danh mục: {code!r}", f"unknown award code {code!r}")
        kind = "annual" if r.get("kind") is None else _choice(r["kind"], f"{where}.kind", AWARD_RECORD_KINDS)
        return AwardRecord(code, _year(r["year"], f"{where}.year"), _opt_date(r.get("decided_on"), f"{where}.decided_on"), kind)

    def initiative(item: dict[str, Any], where: str) -> Initiative:
        r = _obj(item, where, {"year", "scope"}, {"year", "scope"})
        return Initiative(_year(r["year"], f"{where}.year"), _choice(r["scope"], f"{where}.scope", SCOPES))

    def discipline(item: dict[str, Any], where: str) -> Discipline:
        r = _obj(item, where, {"form", "from", "to"}, {"form", "from"})
        d = Discipline(_choice(r["form"], f"{where}.form", DISCIPLINE_FORMS), _date(r["from"], f"{where}.from"), _opt_date(r.get("to"), f"{where}.to"))
        if d.end is not None and d.end < d.start:
            raise _fail(f"{where}.to", "ngày kết thúc trước ngày bắt đầu", "ends before it starts")
        return d

    def position(item: dict[str, Any], where: str) -> Position:
        r = _obj(item, where, {"title", "from", "to"}, {"title", "from"})
        if not isinstance(r["title"], str) or not r["title"].strip():
            raise _fail(f"{where}.title", "thiếu tên chức vụ", "title must be a non-empty string")
        p = Position(r["title"], _date(r["from"], f"{where}.from"), _opt_date(r.get("to"), f"{where}.to"))
        if p.end is not None and p.end < p.start:
            raise _fail(f"{where}.to", "ngày kết thúc trước ngày bắt đầu", "ends before it starts")
        return p

    ratings = _each(raw.get("ratings"), "ratings", rating)
    years = [r.year for r in ratings]
    if len(years) != len(set(years)):
        raise _fail("ratings", "mỗi năm chỉ có một xếp loại", "one rating per year")
    return Case(
        award=award,
        year=_year(raw["year"], "year"),
        as_of=_date(raw["as_of"], "as_of"),
        subject=subject,
        ratings=ratings,
        awards=_each(raw.get("awards"), "awards", award_rec),
        initiatives=_each(raw.get("initiatives"), "initiatives", initiative),
        discipline=_each(raw.get("discipline"), "discipline", discipline),
        positions=_each(raw.get("positions"), "positions", position),
    )
