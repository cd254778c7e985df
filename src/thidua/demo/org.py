"""The organisation tree of the demo province: bodies, districts (before 2025), communes and
wards (from 01/07/2025), schools, hospitals, enterprises, villages, small collectives,
successions of the 2025 reform, and emulation clusters and blocks by year."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from thidua.core.text import search_key
from thidua.org.models import (
    Cluster,
    ClusterKind,
    ClusterMembership,
    ClusterRole,
    Collective,
    Unit,
    UnitChangeKind,
    UnitKind,
    UnitSuccession,
)

from . import places
from .writer import Row, create_rows, next_id

REFORM_END = dt.date(2025, 6, 30)
REFORM_START = dt.date(2025, 7, 1)
REFORM_BASIS = "Nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính cấp xã tỉnh Lạng Sơn năm 2025"
YEARS = range(2018, 2026)
SMALL_KINDS = {UnitKind.SUB_UNIT, UnitKind.VILLAGE}
GRASSROOTS_KINDS = {UnitKind.COMMUNE, UnitKind.WARD, UnitKind.TOWNSHIP, UnitKind.ENTERPRISE, UnitKind.SCHOOL,
                    UnitKind.HOSPITAL}
COMMUNE_KINDS = {UnitKind.COMMUNE, UnitKind.WARD, UnitKind.TOWNSHIP, UnitKind.DISTRICT}


@dataclass
class Workplace:
    """Where synthetic people work: the unit today and, for commune staff, the old commune."""

    unit: Unit
    category: str
    before_reform: Unit | None = None


@dataclass
class OrgMap:
    root: Unit
    bodies: dict[str, Unit]
    units: list[Unit] = field(default_factory=list)
    new_communes: list[Unit] = field(default_factory=list)
    old_communes: list[Unit] = field(default_factory=list)
    districts: list[Unit] = field(default_factory=list)
    predecessors: dict[int, list[Unit]] = field(default_factory=dict)  # new commune id → old units
    workplaces: dict[str, list[Workplace]] = field(default_factory=dict)
    collectives: dict[int, Collective] = field(default_factory=dict)  # unit id → its collective
    by_id: dict[int, Unit] = field(default_factory=dict)
    clusters: list[Cluster] = field(default_factory=list)
    members_by_year: dict[int, list[int]] = field(default_factory=dict)  # year → unit ids in clusters
    successions: int = 0
    memberships: int = 0

    def ancestors(self, unit_id: int) -> list[int]:
        """The unit and everything above it, nearest first."""
        out: list[int] = []
        current: int | None = unit_id
        while current is not None:
            out.append(current)
            current = self.by_id[current].parent_id
        return out

    def is_active_in(self, unit: Unit, year: int) -> bool:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        return unit.valid_from <= end and (unit.valid_to is None or unit.valid_to >= start)


class _Tree:
    """Collects units level by level so each level is one bulk insert with its paths set."""

    def __init__(self) -> None:
        self.levels: list[list[Unit]] = []
        self.seq = 0

    def add(self, level: int, *, name: str, kind: str, parent: Unit | None, code: str | None = None,
            valid_from: dt.date = dt.date(2000, 1, 1), valid_to: dt.date | None = None) -> Unit:
        while len(self.levels) <= level:
            self.levels.append([])
        self.seq += 1
        unit = Unit(
            code=code or f"LS-{self.seq:05d}", name=name, kind=kind, parent=parent,
            is_grassroots=kind in GRASSROOTS_KINDS, is_small_collective=kind in SMALL_KINDS,
            valid_from=valid_from, valid_to=valid_to, search_key=search_key(name),
        )
        self.levels[level].append(unit)
        return unit

    def save(self) -> list[Unit]:
        """Ids and materialised paths are set here, parents first, then one insert."""
        ordered = [unit for level in self.levels for unit in level]
        pk = next_id(Unit)
        for unit in ordered:
            unit.pk, pk = pk, pk + 1
            parent = unit.parent
            unit.parent = parent  # now that the parent has its id
            unit.path = (parent.path if parent is not None else "/") + f"{unit.pk}/"
            unit.depth = unit.path.count("/") - 2
        return create_rows(Unit, ordered)


def build_org(rng: random.Random) -> OrgMap:
    tree = _Tree()
    root = tree.add(0, name="Tỉnh Lạng Sơn", kind=UnitKind.PROVINCE, parent=None, code="LS")
    bodies: dict[str, Unit] = {}
    org = OrgMap(root=root, bodies=bodies)
    wp: dict[str, list[Workplace]] = {k: [] for k in
                                      ("office", "commune", "school", "health", "enterprise", "village", "armed")}
    for code, name, kind in places.PROVINCIAL_BODIES:
        body = tree.add(1, name=name, kind=kind, parent=root, code=f"LS-{code}")
        bodies[code] = body
        subs = list(places.SUB_UNITS.get(kind, []))
        if code == "SNV":
            subs.append(places.SNV_EXTRA_SUB_UNIT)
        for sub in subs:
            unit = tree.add(2, name=f"{sub} – {name}", kind=UnitKind.SUB_UNIT, parent=body)
            wp["armed" if kind == UnitKind.ARMED else "office"].append(Workplace(unit, "office"))
    for name in places.HOSPITALS:
        hospital = tree.add(2, name=name, kind=UnitKind.HOSPITAL, parent=bodies["SYT"])
        for ward in ("Khoa Nội", "Khoa Ngoại", "Khoa Nhi"):
            wp["health"].append(Workplace(tree.add(3, name=f"{ward} – {name}", kind=UnitKind.SUB_UNIT,
                                                   parent=hospital), "health"))
    for name in places.HIGH_SCHOOLS:
        school = tree.add(2, name=name, kind=UnitKind.SCHOOL, parent=bodies["SGDDT"])
        for team in ("Tổ Tự nhiên", "Tổ Xã hội"):
            wp["school"].append(Workplace(tree.add(3, name=f"{team} – {name}", kind=UnitKind.SUB_UNIT,
                                                   parent=school), "school"))
    for name in places.ENTERPRISES:
        wp["enterprise"].append(Workplace(tree.add(1, name=name, kind=UnitKind.ENTERPRISE, parent=root), "enterprise"))

    commune_no = 0
    for dcode, dname, new_names, old_names in places.DISTRICTS:
        district = tree.add(1, name=dname, kind=UnitKind.DISTRICT, parent=root, code=f"LS-H-{dcode}",
                            valid_to=REFORM_END)
        org.districts.append(district)
        new_units: list[Unit] = []
        for raw in new_names:
            commune_no += 1
            is_ward = raw.startswith("P:")
            label = raw[2:] if is_ward else raw
            unit = tree.add(1, name=("Phường " if is_ward else "Xã ") + label,
                            kind=UnitKind.WARD if is_ward else UnitKind.COMMUNE, parent=root,
                            code=f"LS-X{commune_no:02d}", valid_from=REFORM_START)
            new_units.append(unit)
            org.new_communes.append(unit)
            org.predecessors[id(unit)] = []
        for i, raw in enumerate(old_names):
            kind, prefix = places.OLD_KIND_PREFIX[raw[0]]
            old = tree.add(2, name=f"{prefix} {raw[2:]}", kind=kind, parent=district, valid_to=REFORM_END)
            org.old_communes.append(old)
            successor = next((u for u in new_units if u.name.endswith(" " + raw[2:])), new_units[i % len(new_units)])
            org.predecessors[id(successor)].append(old)
        for unit in new_units:
            if not org.predecessors[id(unit)]:  # every new commune inherits at least one old one
                org.predecessors[id(unit)].append(org.predecessors[id(new_units[0])][0])
            wp["commune"].append(Workplace(unit, "commune", before_reform=org.predecessors[id(unit)][0]))
            short = unit.name.split(" ", 1)[1]
            for prefix in ("Trường Mầm non", "Trường Tiểu học", "Trường THCS"):
                wp["school"].append(Workplace(tree.add(2, name=f"{prefix} {short}", kind=UnitKind.SCHOOL,
                                                       parent=unit), "school"))
            wp["health"].append(Workplace(tree.add(2, name=f"Trạm Y tế {unit.name.split(' ', 1)[0].lower()} {short}", kind=UnitKind.HOSPITAL,
                                                   parent=unit), "health"))
            wp["enterprise"].append(Workplace(tree.add(2, name=f"Hợp tác xã nông nghiệp {short}",
                                                       kind=UnitKind.ENTERPRISE, parent=unit), "enterprise"))
            for n in range(1, 4):
                village = "Khối phố" if unit.kind == UnitKind.WARD else "Thôn"
                wp["village"].append(Workplace(tree.add(2, name=f"{village} {n} – {unit.name}", kind=UnitKind.VILLAGE,
                                                        parent=unit), "village"))
    org.units = tree.save()
    org.by_id = {u.pk: u for u in org.units}
    org.predecessors = {u.pk: org.predecessors[id(u)] for u in org.new_communes}
    org.workplaces = wp
    _save_successions(org)
    _save_collectives(org)
    _save_clusters(org, rng)
    return org


def _save_successions(org: OrgMap) -> None:
    rows: list[UnitSuccession] = []
    for new in org.new_communes:
        for old in org.predecessors[new.pk]:
            if not any(r.predecessor_id == old.pk and r.successor_id == new.pk for r in rows):
                rows.append(UnitSuccession(predecessor=old, successor=new, kind=UnitChangeKind.MERGE,
                                           effective_on=REFORM_START, legal_basis=REFORM_BASIS))
    # A district ends; the communes on its territory take over its local tasks.
    for district in org.districts:
        heirs = {new.pk: new for new in org.new_communes
                 for old in org.predecessors[new.pk] if old.parent_id == district.pk}
        rows.extend(UnitSuccession(predecessor=district, successor=heir, kind=UnitChangeKind.DISSOLVE,
                                   effective_on=REFORM_START, legal_basis=REFORM_BASIS) for heir in heirs.values())
    create_rows(UnitSuccession, rows)
    org.successions = len(rows)


def _save_collectives(org: OrgMap) -> None:
    rows = [Collective(name=u.name, unit=u, represents_unit=u, is_small=u.is_small_collective,
                       search_key=u.search_key) for u in org.units if u.kind != UnitKind.PROVINCE]
    created = create_rows(Collective, rows)
    org.collectives = {c.unit_id: c for c in created}


def _save_clusters(org: OrgMap, rng: random.Random) -> None:
    groups: list[tuple[str, str, str, list[Unit], range]] = []
    for code, name, body_codes in places.BLOCKS:
        groups.append((code, name, ClusterKind.BLOCK, [org.bodies[m] for m in body_codes], YEARS))
    enterprises = [u for u in org.units if u.kind == UnitKind.ENTERPRISE and u.parent_id == org.root.pk]
    groups.append(("KHOI-DN", "Khối Doanh nghiệp", ClusterKind.BLOCK, enterprises, YEARS))
    provincial_services = [u for u in org.units if u.kind in (UnitKind.HOSPITAL, UnitKind.SCHOOL)
                           and u.parent_id in (org.bodies["SYT"].pk, org.bodies["SGDDT"].pk)]
    groups.append(("KHOI-SN", "Khối các đơn vị sự nghiệp y tế, giáo dục", ClusterKind.BLOCK,
                   provincial_services, YEARS))
    half = len(org.districts) // 2
    for i, part in enumerate((org.districts[:half], org.districts[half:]), start=1):
        groups.append((f"CUM-HUYEN-{i}", f"Cụm thi đua các huyện, thành phố số {i}", ClusterKind.CLUSTER,
                       part, range(2018, 2025)))
    for district in org.districts:
        olds = [u for u in org.old_communes if u.parent_id == district.pk]
        groups.append((f"CUM-{district.code[5:]}", f"Cụm thi đua các xã, phường, thị trấn – {district.name}",
                       ClusterKind.CLUSTER, olds, range(2018, 2025)))
    for i in range(5):
        part = org.new_communes[i::5]
        groups.append((f"CUM-XA-{i + 1}", f"Cụm thi đua xã, phường số {i + 1}", ClusterKind.CLUSTER,
                       part, range(2025, 2026)))
    clusters = create_rows(Cluster, [Cluster(code=f"LS-{code}", name=name, kind=kind)
                                     for code, name, kind, _m, _y in groups])
    rows: list[Row] = []
    for cluster, (_c, _n, _k, members, years) in zip(clusters, groups, strict=True):
        for year in years:
            leader = rng.randrange(len(members))
            for i, unit in enumerate(members):
                role = ClusterRole.LEADER if i == leader else ClusterRole.MEMBER
                rows.append(Row(id=None, cluster_id=cluster.pk, unit_id=unit.pk, year=year, role=role))
                org.members_by_year.setdefault(year, []).append(unit.pk)
    create_rows(ClusterMembership, rows)
    org.clusters = clusters
    org.memberships = len(rows)
