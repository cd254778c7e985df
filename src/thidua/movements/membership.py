"""Clusters and blocks and their members by year, on the office's screens (not the Django admin).

Rules (law-procedures.md §3.3: a *cụm* groups units by area, a *khối* by function):

- a unit belongs to **at most one cluster and at most one block** in a year — both kinds may hold the
  same unit, two clusters (or two blocks) of the same year may not;
- at most one leader and one deputy per cluster and year, two different member units; the proposal is the
  rotation ``clusters.rotate_roles`` computes from last year;
- once the year's scoring sheet is **closed** (the leader consolidated it), nothing of that year changes:
  the recorded ranking was made with those members and that leader. While the sheet is open a member
  that already has scores (given or received) cannot be removed, because its scores would silently drop
  out of the ranking;
- every change is audited and a repeated request (double submit) changes nothing the second time.

Each write locks the cluster's row, so two requests for the same cluster run one after the other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet

from thidua.accounts.permissions import BOARD_ROLES, require_role
from thidua.audit import services as audit
from thidua.core.text import search_key
from thidua.org.models import Cluster, ClusterKind, ClusterMembership, ClusterRole, Unit
from thidua.org.scope import can_see_unit, units_visible_to

from . import clusters
from .errors import MovementError
from .models import Score, ScoringSheet, SheetStatus

WHAT = "phân công cụm, khối thi đua"
CODE_MAX = Cluster._meta.get_field("code").max_length or 30
NAME_MAX = Cluster._meta.get_field("name").max_length or 255
FIRST_YEAR, LAST_YEAR = 1990, 2100
CANDIDATE_LIMIT = 200  # units listed at once on the year page; a search narrows the list


# ---------------------------------------------------------------- clusters

def create_cluster(*, by: Any, code: str, name: str, kind: str) -> Cluster:
    """A new cluster or block. Sent twice with the same code, name and kind it returns the first one."""
    require_role(by, BOARD_ROLES, WHAT)
    code, name = code.strip(), " ".join(name.split())
    errors: list[str] = []
    if not code:
        errors.append("Mã cụm, khối: không được để trống.")
    elif len(code) > CODE_MAX:
        errors.append(f"Mã cụm, khối: tối đa {CODE_MAX} ký tự (đang có {len(code)}).")
    if not name:
        errors.append("Tên cụm, khối: không được để trống.")
    elif len(name) > NAME_MAX:
        errors.append(f"Tên cụm, khối: tối đa {NAME_MAX} ký tự (đang có {len(name)}).")
    if kind not in ClusterKind.values:
        errors.append(f"Loại «{kind}» không hợp lệ: chọn «{ClusterKind.CLUSTER.label}» hoặc "
                      f"«{ClusterKind.BLOCK.label}».")
    with transaction.atomic():
        same = Cluster.objects.select_for_update().filter(code__iexact=code).first() if code else None
        if same is not None:
            if not errors and same.code == code and same.name == name and same.kind == kind:
                return same  # the same form sent twice
            errors.append(f"Mã cụm, khối «{code}» đã dùng cho «{same.name}»: chọn mã khác.")
        if errors:
            raise MovementError(errors)
        try:
            with transaction.atomic():
                cluster = Cluster.objects.create(code=code, name=name, kind=kind)
        except IntegrityError:  # the same form, sent twice at the same moment, won the race
            same = Cluster.objects.get(code=code)
            if same.name == name and same.kind == kind:
                return same
            raise MovementError(f"Mã cụm, khối «{code}» đã dùng cho «{same.name}»: chọn mã khác.") from None
        audit.record(actor=by, action="movements.cluster_create", obj=cluster, after=audit.snapshot(cluster))
    return cluster


@dataclass(frozen=True)
class ClusterRow:
    cluster: Cluster
    members: int
    leader: Unit | None
    deputy: Unit | None
    sheet: ScoringSheet | None


def clusters_visible_to(user: Any, year: int) -> QuerySet[Cluster]:
    """The office sees every cluster; a unit's staff see the clusters their unit is in that year."""
    qs = Cluster.objects.order_by("kind", "name")
    if getattr(user, "is_province_wide", False):
        return qs
    return qs.filter(memberships__year=year, memberships__unit__in=units_visible_to(user)).distinct()


def cluster_rows(user: Any, year: int) -> list[ClusterRow]:
    """Each visible cluster with the year's member count, leader, deputy and sheet: four queries."""
    found = list(clusters_visible_to(user, year))
    ids = [c.pk for c in found]
    counts = dict(ClusterMembership.objects.filter(cluster_id__in=ids, year=year).values("cluster_id")
                  .annotate(n=Count("pk")).values_list("cluster_id", "n"))
    heads: dict[tuple[int, str], Unit] = {
        (m.cluster_id, m.role): m.unit for m in ClusterMembership.objects.filter(
            cluster_id__in=ids, year=year, role__in=[ClusterRole.LEADER, ClusterRole.DEPUTY]).select_related("unit")}
    sheets = {s.cluster_id: s for s in ScoringSheet.objects.filter(cluster_id__in=ids, year=year)}
    return [ClusterRow(c, counts.get(c.pk, 0), heads.get((c.pk, ClusterRole.LEADER)),
                       heads.get((c.pk, ClusterRole.DEPUTY)), sheets.get(c.pk)) for c in found]


# ---------------------------------------------------------------- a cluster's year: reads

@dataclass(frozen=True)
class Candidate:
    unit: Unit
    indent: int
    taken_by: Cluster | None  # another cluster of the same kind holds the unit that year


def members(cluster: Cluster, year: int) -> list[ClusterMembership]:
    return list(ClusterMembership.objects.filter(cluster=cluster, year=year).select_related("unit")
                .order_by("unit__code"))


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def active_in(year: int) -> Q:
    first, last = year_bounds(year)
    return Q(valid_from__lte=last) & (Q(valid_to__isnull=True) | Q(valid_to__gte=first))


def candidates(user: Any, cluster: Cluster, year: int, *, query: str = "", tree_depth: int = 2,
               limit: int = CANDIDATE_LIMIT) -> list[Candidate]:
    """Units the user may add: in the user's unit tree, active that year, not yet members.

    Without a search, the top of the tree (``tree_depth`` levels below the user's top unit); with one,
    any unit of the tree whose name or code matches. Units held by another cluster of the same kind that
    year are returned too, marked, so the page can say why they cannot be chosen.
    """
    present = ClusterMembership.objects.filter(cluster=cluster, year=year).values("unit_id")
    units = units_visible_to(user).filter(active_in(year)).exclude(pk__in=present)
    top = units.order_by("depth").values_list("depth", flat=True).first() or 0
    text = query.strip()
    if text:
        units = units.filter(Q(search_key__contains=search_key(text)) | Q(code__iexact=text))
    else:
        units = units.filter(depth__lte=top + tree_depth)
    found = list(units.order_by("path")[:limit])
    taken = _taken(cluster, year, [u.pk for u in found])
    return [Candidate(u, max(u.depth - top, 0), taken.get(u.pk)) for u in found]


def _taken(cluster: Cluster, year: int, unit_ids: Sequence[int]) -> dict[int, Cluster]:
    rows = (ClusterMembership.objects.filter(year=year, cluster__kind=cluster.kind, unit_id__in=unit_ids)
            .exclude(cluster=cluster).select_related("cluster"))
    return {m.unit_id: m.cluster for m in rows}


def closed_sheet(cluster: Cluster, year: int) -> ScoringSheet | None:
    return ScoringSheet.objects.filter(cluster=cluster, year=year, status=SheetStatus.CLOSED).first()


# ---------------------------------------------------------------- a cluster's year: writes

def _lock(cluster: Cluster, year: int, by: Any) -> Cluster:
    """Check the role, the year and the sheet; lock the cluster's row for the rest of the transaction."""
    require_role(by, BOARD_ROLES, WHAT)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise MovementError(f"Năm {year}: ngoài khoảng {FIRST_YEAR}–{LAST_YEAR}.")
    locked = Cluster.objects.select_for_update().get(pk=cluster.pk)
    sheet = closed_sheet(locked, year)
    if sheet is not None:
        when = f" ngày {sheet.consolidated_at:%d/%m/%Y}" if sheet.consolidated_at else ""
        raise MovementError(
            f"«{locked.name}» năm {year}: bảng chấm điểm đã khóa{when} và kết quả xếp hạng đã ghi theo các "
            f"thành viên, cụm trưởng hiện có; không thay đổi phân công của năm này được nữa.")
    return locked


def _unit_errors(cluster: Cluster, year: int, units: Sequence[Unit], by: Any) -> list[str]:
    errors: list[str] = []
    first, last = year_bounds(year)
    taken = _taken(cluster, year, [u.pk for u in units])
    kind = ClusterKind(cluster.kind).label.lower()
    for unit in units:
        if not can_see_unit(by, unit):
            errors.append(f"«{unit.name}»: ngoài phạm vi đơn vị của bạn.")
        if unit.valid_to is not None and unit.valid_to < first:
            errors.append(f"«{unit.name}»: đã ngừng hoạt động từ {unit.valid_to:%d/%m/%Y}, không tham gia "
                          f"{kind} năm {year} (chọn đơn vị kế thừa).")
        elif unit.valid_from > last:
            errors.append(f"«{unit.name}»: bắt đầu hoạt động từ {unit.valid_from:%d/%m/%Y}, sau năm {year}.")
        if unit.pk in taken:
            errors.append(f"«{unit.name}»: đã thuộc «{taken[unit.pk].name}» năm {year}; mỗi đơn vị chỉ thuộc "
                          f"một {kind} trong một năm.")
    return errors


def add_members(*, cluster: Cluster, year: int, units: Sequence[Unit], by: Any) -> list[ClusterMembership]:
    """Add ``units`` as plain members; units already members are left as they are. All or nothing."""
    if not units:
        raise MovementError("Đơn vị: chưa chọn đơn vị nào để thêm.")
    with transaction.atomic():
        locked = _lock(cluster, year, by)
        present = set(ClusterMembership.objects.filter(cluster=locked, year=year).values_list("unit_id", flat=True))
        new = sorted({u.pk: u for u in units if u.pk not in present}.values(), key=lambda u: u.code)
        if not new:
            return []
        errors = _unit_errors(locked, year, new, by)
        if errors:
            raise MovementError(errors)
        rows = ClusterMembership.objects.bulk_create(
            [ClusterMembership(cluster=locked, unit=u, year=year, role=ClusterRole.MEMBER) for u in new])
        audit.record(actor=by, action="movements.cluster_member_add", obj=locked,
                     after={"year": year, "added": [u.code for u in new]})
    return rows


def remove_member(*, cluster: Cluster, year: int, unit: Unit, by: Any) -> bool:
    """Take ``unit`` out of the year; False when it was not a member (nothing to do)."""
    with transaction.atomic():
        locked = _lock(cluster, year, by)
        row = ClusterMembership.objects.filter(cluster=locked, year=year, unit=unit).first()
        if row is None:
            return False
        scored = Score.objects.filter(sheet__cluster=locked, sheet__year=year).filter(
            Q(scorer=unit) | Q(scored=unit)).count()
        if scored:
            raise MovementError(
                f"«{unit.name}»: đã có {scored} điểm chấm (tự chấm, chấm chéo) trong bảng điểm năm {year}; bỏ "
                f"đơn vị thì các điểm đó không còn được tính khi xếp hạng. Giữ đơn vị trong {locked.name}.")
        row.delete()
        audit.record(actor=by, action="movements.cluster_member_remove", obj=locked,
                     before={"year": year, "unit": unit.code, "role": row.role})
    return True


def set_roles(*, cluster: Cluster, year: int, leader: Unit | None, deputy: Unit | None, by: Any) -> bool:
    """The year's leader (required) and deputy (optional); False when they are already these."""
    with transaction.atomic():
        locked = _lock(cluster, year, by)
        rows = {m.unit_id: m for m in ClusterMembership.objects.filter(cluster=locked, year=year)
                .select_related("unit")}
        errors: list[str] = []
        if leader is None:
            errors.append("Cụm trưởng, khối trưởng: chưa chọn.")
        elif leader.pk not in rows:
            errors.append(f"Cụm trưởng «{leader.name}» không là thành viên của «{locked.name}» năm {year}.")
        if deputy is not None and deputy.pk not in rows:
            errors.append(f"Cụm phó «{deputy.name}» không là thành viên của «{locked.name}» năm {year}.")
        if leader is not None and deputy is not None and leader.pk == deputy.pk:
            errors.append("Cụm trưởng và cụm phó phải là hai đơn vị khác nhau.")
        if errors:
            raise MovementError(errors)
        assert leader is not None
        wanted = {u.pk: role for u, role in ((leader, ClusterRole.LEADER), (deputy, ClusterRole.DEPUTY)) if u}
        before = _heads(rows.values())
        changed = [m for m in rows.values() if m.role != wanted.get(m.unit_id, ClusterRole.MEMBER)]
        if not changed:
            return False
        for m in changed:
            m.role = wanted.get(m.unit_id, ClusterRole.MEMBER)
        ClusterMembership.objects.bulk_update(changed, ["role"])
        audit.record(actor=by, action="movements.cluster_roles", obj=locked,
                     before={"year": year, **before}, after={"year": year, **_heads(rows.values())})
    return True


def _heads(rows: Any) -> dict[str, str | None]:
    by_role = {m.role: m.unit.code for m in rows}
    return {"leader": by_role.get(ClusterRole.LEADER), "deputy": by_role.get(ClusterRole.DEPUTY)}


def copy_previous_year(*, cluster: Cluster, year: int, by: Any) -> list[ClusterMembership]:
    """Last year's members with the leader and deputy rotated (``clusters.open_cluster_year``), in one step.

    Refused, with nothing saved, when the year already has other members or one of last year's units
    cannot be a member this year. Sent twice, the second call finds the copy made and returns it.
    """
    with transaction.atomic():
        locked = _lock(cluster, year, by)
        previous = members(locked, year - 1)
        current = members(locked, year)
        if current:
            leader, deputy = clusters.rotation_default(locked, year)
            expected = {m.unit_id: str(ClusterRole.MEMBER) for m in previous}
            if leader is not None:
                expected[leader.pk] = ClusterRole.LEADER
            if deputy is not None:
                expected[deputy.pk] = ClusterRole.DEPUTY
            if {m.unit_id: m.role for m in current} == expected:
                return current  # the copy was already made
            raise MovementError(f"«{locked.name}» năm {year} đã có {len(current)} thành viên; chỉ chép từ năm "
                                f"{year - 1} vào một năm chưa phân công (bỏ các thành viên hiện có trước).")
        if not previous:
            raise MovementError(f"«{locked.name}» năm {year - 1} chưa có thành viên nào để chép sang năm {year}.")
        errors = _unit_errors(locked, year, [m.unit for m in previous], by)
        if errors:
            raise MovementError([f"Không chép được từ năm {year - 1}:", *errors])
        return clusters.open_cluster_year(cluster=locked, year=year, by=by)


# ---------------------------------------------------------------- what the year page shows

@dataclass(frozen=True)
class YearView:
    cluster: Cluster
    year: int
    rows: list[ClusterMembership]
    leader: Unit | None
    deputy: Unit | None
    proposed_leader: Unit | None  # the rotation from last year, when it applies to this year's members
    proposed_deputy: Unit | None
    previous_count: int
    sheet: ScoringSheet | None
    scored_units: set[int]  # members with scores in an open sheet: they cannot be removed


def year_view(cluster: Cluster, year: int) -> YearView:
    rows = members(cluster, year)
    ids = {m.unit_id for m in rows}
    leader = next((m.unit for m in rows if m.role == ClusterRole.LEADER), None)
    deputy = next((m.unit for m in rows if m.role == ClusterRole.DEPUTY), None)
    rot_leader, rot_deputy = clusters.rotation_default(cluster, year)
    sheet = ScoringSheet.objects.filter(cluster=cluster, year=year).first()
    scored: set[int] = set()
    if sheet is not None:
        pairs = Score.objects.filter(sheet=sheet).values_list("scorer_id", "scored_id").distinct()
        for a, b in pairs:
            scored.update((a, b))
    return YearView(
        cluster=cluster, year=year, rows=rows, leader=leader, deputy=deputy,
        proposed_leader=rot_leader if rot_leader is not None and rot_leader.pk in ids else None,
        proposed_deputy=rot_deputy if rot_deputy is not None and rot_deputy.pk in ids else None,
        previous_count=ClusterMembership.objects.filter(cluster=cluster, year=year - 1).count(),
        sheet=sheet, scored_units=scored & ids)


def years_of(cluster: Cluster) -> dict[int, int]:
    """Member count per year that has members, newest first."""
    return dict(ClusterMembership.objects.filter(cluster=cluster).values("year").annotate(n=Count("pk"))
                .values_list("year", "n").order_by("-year"))
