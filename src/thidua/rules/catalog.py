"""The catalog of titles and forms: TOML data, one file per legal text version.

`load_catalog()` reads and validates the files once (cached). `Catalog.for_date(day)` picks
the legal version in force on a decision date; `CatalogView.param(name)` returns the value of
a dated parameter on that date with its legal reference. A missing parameter, a date outside
every row or a malformed file is a `CatalogError`, never a silent default.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from thidua.rules.model import SUBJECT_KINDS

CATALOG_DIR = Path(__file__).with_name("catalog")
DEFAULT_PROVINCE = "lang_son"
AWARD_KINDS = frozenset({"annual", "thematic", "ad_hoc", "tenure", "service_length", "foreign", "resistance"})
LEVELS = frozenset({"state", "province", "grassroots"})
# Whom a title serves: the armed forces only (Chiến sĩ tiên tiến, Đơn vị tiên tiến, Đơn vị quyết
# thắng, ... — Luật Điều 24 khoản 2, 27 khoản 2, 28 khoản 2), civilians only (their civilian
# counterparts), or everyone (default).
SERVES = frozenset({"all", "armed_forces", "civilian"})
SERVES_NAMES = {"all": "mọi đối tượng", "armed_forces": "lực lượng vũ trang", "civilian": "ngoài lực lượng vũ trang"}
_AWARD_FIELDS = {
    "name", "kind", "subjects", "level", "awarded_by", "proposed_by", "award_kinds", "posthumous",
    "citation", "checks", "judgments", "paths", "doubt", "params", "serves", "record_only",
}


class CatalogError(ValueError):
    """The catalog data is wrong or has no answer for the question asked."""


@dataclass(frozen=True)
class ValueRow:
    start: date
    end: date | None
    value: Any
    doubt: str | None = None
    reference: str | None = None  # this row's own text (e.g. each base salary decree); else the param's

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class ParamValue:
    name: str
    value: Any
    reference: str
    doubt: str | None
    source: str  # file the value came from (version id, "params" or "province:<code>")


@dataclass(frozen=True)
class DatedParam:
    name: str
    rows: tuple[ValueRow, ...]
    reference: str
    doubt: str | None
    source: str
    province_may_override: bool = False
    # A province's rule covers only its own dates; before (or after) them the national value applies.
    fallback: DatedParam | None = None

    def at(self, day: date) -> ParamValue:
        for row in self.rows:
            if row.covers(day):
                doubts = [d for d in (self.doubt, row.doubt) if d]
                return ParamValue(self.name, row.value, row.reference or self.reference, " ".join(doubts) or None,
                                  self.source)
        if self.fallback is not None:
            return self.fallback.at(day)
        raise CatalogError(
            f"Tham số {self.name} không có giá trị vào ngày {day.isoformat()} / "
            f"parameter {self.name} has no value on {day.isoformat()}"
        )


@dataclass(frozen=True)
class Judgment:
    id: str
    text: str
    confirm_by: str


@dataclass(frozen=True)
class PathDef:
    id: str
    subjects: tuple[str, ...] | None
    checks: tuple[str, ...]
    citation: str | None
    judgments: tuple[Judgment, ...]


@dataclass(frozen=True)
class AwardDef:
    code: str
    name: str
    kind: str
    subjects: tuple[str, ...]
    level: str
    awarded_by: str
    proposed_by: str
    award_kinds: tuple[str, ...]
    posthumous: bool
    citation: str
    checks: tuple[str, ...]
    judgments: tuple[Judgment, ...]
    paths: tuple[PathDef, ...]
    doubt: str | None
    params: Mapping[str, DatedParam]
    serves: str = "all"
    record_only: bool = False  # recorded in the registry and counted; not judged by the engine

    def serves_subject(self, armed_forces: bool) -> bool:
        return self.serves == "all" or (self.serves == "armed_forces") == armed_forces


@dataclass(frozen=True)
class LegalVersion:
    id: str
    title: str
    valid_from: date
    valid_to: date | None
    awards: Mapping[str, AwardDef]
    params: Mapping[str, DatedParam]

    def in_force(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class CatalogView:
    """The catalog as it stands on one date: one legal version, params resolved at `on`."""

    version: LegalVersion
    on: date

    def award(self, code: str) -> AwardDef:
        try:
            return self.version.awards[code]
        except KeyError:
            raise CatalogError(f"{code} không có trong {self.version.id} / {code} is not in {self.version.id}") from None

    def find(self, name: str) -> ParamValue | None:
        if "." in name:
            code, _, local = name.partition(".")
            award = self.version.awards.get(code)
            param = award.params.get(local) if award else None
        else:
            param = self.version.params.get(name)
        return param.at(self.on) if param else None

    def awards_for(self, subject_kind: str, armed_forces: bool = False) -> list[AwardDef]:
        """Titles and forms a subject may receive on this date (kind of subject, armed forces or not)."""
        return [a for a in self.version.awards.values()
                if subject_kind in a.subjects and a.serves_subject(armed_forces)]

    def param(self, name: str) -> ParamValue:
        found = self.find(name)
        if found is None:
            raise CatalogError(f"Thiếu tham số {name} trong {self.version.id} / missing parameter {name}")
        return found


@dataclass(frozen=True)
class Catalog:
    versions: tuple[LegalVersion, ...]
    province: str | None

    @property
    def award_codes(self) -> frozenset[str]:
        return frozenset(code for v in self.versions for code in v.awards)

    @cached_property
    def latest_awards(self) -> Mapping[str, AwardDef]:
        """Every code any version knows, with its newest definition (for history spanning texts:
        names, levels, subjects of codes in the registry)."""
        found: dict[str, AwardDef] = {}
        for version in self.versions:  # sorted by date of effect
            found.update(version.awards)
        return found

    def for_date(self, day: date) -> CatalogView:
        for version in self.versions:
            if version.in_force(day):
                return CatalogView(version, day)
        raise CatalogError(
            f"Không có văn bản nào trong danh mục có hiệu lực vào ngày {day.isoformat()} / "
            f"no legal version in force on {day.isoformat()}"
        )

    def param(self, name: str, on_date: date) -> ParamValue:
        return self.for_date(on_date).param(name)


# ---------------------------------------------------------------- loading


def _plain(value: Any) -> Any:
    """TOML floats become Decimal (money and ratios are never floats)."""
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _str(raw: Mapping[str, Any], key: str, where: str, optional: bool = False) -> Any:
    value = raw.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        raise CatalogError(f"{where}.{key}: cần chuỗi không rỗng / must be a non-empty string")
    return value


def _date_field(raw: Mapping[str, Any], key: str, where: str, optional: bool = False) -> date | None:
    value = raw.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, date):
        raise CatalogError(f"{where}.{key}: cần ngày TOML / must be a TOML date")
    return value


def _param(name: str, raw: Any, source: str) -> DatedParam:
    where = f"{source}:{name}"
    if not isinstance(raw, dict) or set(raw) - {"values", "reference", "doubt", "province_may_override"}:
        raise CatalogError(f"{where}: tham số cần values/reference[/doubt] / parameter needs values, reference")
    rows_raw = raw.get("values")
    if not isinstance(rows_raw, list) or not rows_raw:
        raise CatalogError(f"{where}.values: cần ít nhất một dòng / needs at least one row")
    rows = []
    for i, row in enumerate(rows_raw):
        rw = f"{where}.values[{i}]"
        if not isinstance(row, dict) or set(row) - {"from", "to", "value", "doubt", "reference"} or "value" not in row:
            raise CatalogError(f"{rw}: dòng cần from, value[, to, doubt] / row needs from, value")
        start = _date_field(row, "from", rw)
        end = _date_field(row, "to", rw, optional=True)
        assert start is not None
        if end is not None and end < start:
            raise CatalogError(f"{rw}: to < from")
        rows.append(ValueRow(start, end, _plain(row["value"]), _str(row, "doubt", rw, optional=True),
                             _str(row, "reference", rw, optional=True)))
    rows.sort(key=lambda r: r.start)
    for prev, nxt in zip(rows, rows[1:], strict=False):
        if prev.end is None or prev.end >= nxt.start:
            raise CatalogError(f"{where}: các dòng chồng lấn / rows overlap")
    return DatedParam(
        name, tuple(rows), _str(raw, "reference", where), _str(raw, "doubt", where, optional=True), source,
        bool(raw.get("province_may_override", False)),
    )


def _judgments(raw: Any, where: str) -> tuple[Judgment, ...]:
    out = []
    for i, j in enumerate(raw or []):
        jw = f"{where}.judgments[{i}]"
        if not isinstance(j, dict) or set(j) != {"id", "text", "confirm_by"}:
            raise CatalogError(f"{jw}: cần id, text, confirm_by")
        out.append(Judgment(_str(j, "id", jw), _str(j, "text", jw), _str(j, "confirm_by", jw)))
    return tuple(out)


def _subjects(raw: Any, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw or not set(raw) <= set(SUBJECT_KINDS):
        raise CatalogError(f"{where}: đối tượng phải thuộc {SUBJECT_KINDS}")
    return tuple(raw)


def _names(raw: Any, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise CatalogError(f"{where}: cần danh sách chuỗi / must be a list of strings")
    return tuple(raw)


def _award(code: str, raw: Mapping[str, Any], params: Mapping[str, DatedParam], source: str) -> AwardDef:
    where = f"{source}:awards.{code}"
    unknown = set(raw) - _AWARD_FIELDS
    if unknown:
        raise CatalogError(f"{where}: trường lạ {sorted(unknown)} / unknown fields")
    if raw.get("kind") not in ("title", "form"):
        raise CatalogError(f"{where}.kind: title|form")
    if raw.get("level") not in LEVELS:
        raise CatalogError(f"{where}.level: {sorted(LEVELS)}")
    kinds = _names(raw.get("award_kinds"), f"{where}.award_kinds")
    if not kinds or not set(kinds) <= AWARD_KINDS:
        raise CatalogError(f"{where}.award_kinds: {sorted(AWARD_KINDS)}")
    if not isinstance(raw.get("posthumous"), bool):
        raise CatalogError(f"{where}.posthumous: true|false")
    paths = []
    for i, p in enumerate(raw.get("paths") or []):
        pw = f"{where}.paths[{i}]"
        if not isinstance(p, dict) or set(p) - {"id", "subjects", "checks", "citation", "judgments"}:
            raise CatalogError(f"{pw}: trường lạ / unknown fields")
        subjects = _subjects(p["subjects"], f"{pw}.subjects") if "subjects" in p else None
        paths.append(PathDef(_str(p, "id", pw), subjects, _names(p.get("checks"), f"{pw}.checks"),
                             _str(p, "citation", pw, optional=True), _judgments(p.get("judgments"), pw)))
    if not paths or len({p.id for p in paths}) != len(paths):
        raise CatalogError(f"{where}.paths: cần ít nhất một đường, id không trùng / needs unique paths")
    serves = raw.get("serves", "all")
    if serves not in SERVES:
        raise CatalogError(f"{where}.serves: {sorted(SERVES)}")
    if not isinstance(raw.get("record_only", False), bool):
        raise CatalogError(f"{where}.record_only: true|false")
    return AwardDef(
        code=code, name=_str(raw, "name", where), kind=raw["kind"], subjects=_subjects(raw.get("subjects"), f"{where}.subjects"),
        level=raw["level"], awarded_by=_str(raw, "awarded_by", where), proposed_by=_str(raw, "proposed_by", where),
        award_kinds=kinds, posthumous=raw["posthumous"], citation=_str(raw, "citation", where),
        checks=_names(raw.get("checks"), f"{where}.checks"), judgments=_judgments(raw.get("judgments"), where),
        paths=tuple(paths), doubt=_str(raw, "doubt", where, optional=True), params=params,
        serves=serves, record_only=bool(raw.get("record_only", False)),
    )


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CatalogError(f"{path.name}: {exc}") from exc


def _merge_awards(base: Mapping[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    """Child keys replace base keys; `params` merge name by name."""
    merged = {code: dict(raw) for code, raw in base.items()}
    for code, raw in child.items():
        target = merged.setdefault(code, {})
        for key, value in raw.items():
            if key == "params":
                target["params"] = {**target.get("params", {}), **value}
            else:
                target[key] = value
    return merged


def _load_versions(root: Path) -> list[tuple[dict[str, Any], dict[str, Any], dict[str, str]]]:
    """Raw (version header, {awards, params}, source per param) per version file, with `extends` resolved."""
    raws = {}
    for path in sorted(root.glob("law_*.toml")):
        data = _read(path)
        if set(data) - {"version", "awards", "params"}:
            raise CatalogError(f"{path.name}: khóa lạ / unknown top-level keys")
        vid = _str(data.get("version") or {}, "id", path.name)
        if vid != path.stem:
            raise CatalogError(f"{path.name}: version.id phải là {path.stem}")
        raws[vid] = data
    if not raws:
        raise CatalogError(f"{root}: không có tệp law_*.toml / no version files")

    def resolve(vid: str, seen: tuple[str, ...]) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
        if vid in seen or vid not in raws:
            raise CatalogError(f"{vid}: kế thừa vòng hoặc không tồn tại / bad extends")
        data = raws[vid]
        awards = data.get("awards", {})
        params = data.get("params", {})
        sources = {f"{c}.{n}": vid for c, a in awards.items() for n in a.get("params", {})}
        sources.update({n: vid for n in params})
        parent = data["version"].get("extends")
        if parent:
            _, p_body, p_sources = resolve(parent, (*seen, vid))
            awards = _merge_awards(p_body["awards"], awards)
            params = {**p_body["params"], **params}
            sources = {**p_sources, **sources}
        return data["version"], {"awards": awards, "params": params}, sources

    return [resolve(vid, ()) for vid in raws]


@lru_cache(maxsize=8)
def load_catalog(root: Path | None = None, province: str | None = DEFAULT_PROVINCE) -> Catalog:
    """Read every legal version under `root`, shared params and the province overrides."""
    root = root or CATALOG_DIR
    shared_raw = _read(root / "params.toml") if (root / "params.toml").exists() else {}
    shared = {n: _param(n, raw, "params") for n, raw in shared_raw.get("params", {}).items()}
    overrides: dict[str, DatedParam] = {}
    if province:
        prov_path = root / "provinces" / f"{province}.toml"
        if not prov_path.exists():
            raise CatalogError(f"Không có tệp tỉnh {prov_path.name} / no province file")
        prov = _read(prov_path)
        overrides = {n: _param(n, raw, f"province:{province}") for n, raw in prov.get("params", {}).items()}
    versions = []
    for header, body, sources in _load_versions(root):
        where = header["id"]
        params: dict[str, DatedParam] = dict(shared)
        for name, raw in body["params"].items():
            if name in shared:
                raise CatalogError(f"{where}: {name} trùng với params.toml / duplicates a shared parameter")
            params[name] = _param(name, raw, sources.get(name, where))
        awards = {}
        for code, raw in body["awards"].items():
            aparams = {n: _param(f"{code}.{n}", p, sources.get(f"{code}.{n}", where)) for n, p in raw.get("params", {}).items()}
            awards[code] = _award(code, {k: v for k, v in raw.items() if k != "params"}, aparams, where)
        for name, param in overrides.items():
            code, dot, local = name.partition(".")
            current = (awards[code].params.get(local) if code in awards else None) if dot else params.get(name)
            if current is None or not current.province_may_override:
                raise CatalogError(f"province:{province}: {name} không được phép ghi đè / may not be overridden")
            param = replace(param, fallback=current)
            if dot:
                awards[code] = _replace_param(awards[code], local, param)
            else:
                params[name] = param
        versions.append(LegalVersion(
            id=where, title=_str(header, "title", where), valid_from=_date_field(header, "valid_from", where) or date.min,
            valid_to=_date_field(header, "valid_to", where, optional=True), awards=awards, params=params,
        ))
    versions.sort(key=lambda v: v.valid_from)
    for prev, nxt in zip(versions, versions[1:], strict=False):
        if prev.valid_to is None or prev.valid_to >= nxt.valid_from:
            raise CatalogError(f"{prev.id} và {nxt.id} chồng lấn thời gian hiệu lực / versions overlap")
    return Catalog(tuple(versions), province)


def _replace_param(award: AwardDef, local: str, param: DatedParam) -> AwardDef:
    return replace(award, params={**award.params, local: param})


def default_catalog() -> Catalog:
    return load_catalog()


def choose(view: CatalogView, award: str, path: str | None, name: str) -> ParamValue | None:
    """Path-specific parameter `AWARD.path.name`, else award-level `AWARD.name`."""
    names: Sequence[str] = (f"{award}.{path}.{name}", f"{award}.{name}") if path else (f"{award}.{name}",)
    for candidate in names:
        found = view.find(candidate)
        if found is not None:
            return found
    return None
