"""Clusters and blocks: open the year (rotating leader and deputy), the scoring sheet, self- and
cross-scoring, the leader's consolidation. One transaction per use case; every score change audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from thidua.accounts.permissions import BOARD_ROLES, UNIT_ROLES, require_role, role_of
from thidua.audit import services as audit
from thidua.core.errors import NotAllowed
from thidua.org.models import Cluster, ClusterMembership, ClusterRole, Unit
from thidua.org.scope import can_see_unit

from .errors import MovementError
from .models import Criterion, Score, ScoringSheet, SheetStatus
from .ranking import Cell, CriterionSpec, RankRow, propose, rank_cluster

# ---------------------------------------------------------------- membership and rotation

def rotate_roles(previous: Sequence[tuple[Unit, str]]) -> tuple[Unit | None, Unit | None]:
    """Default leader and deputy from last year's rows ``(unit, role)``.

    Members stand in a ring by unit code. Last year's deputy becomes leader (the usual hand-over); the
    next member after the new leader in the ring becomes deputy. Without a deputy last year, the member
    after last year's leader leads.
    """
    ring = sorted((u for u, _r in previous), key=lambda u: u.code)
    if len(ring) < 2:
        return (ring[0] if ring else None), None
    roles = {u.pk: r for u, r in previous}
    deputy = next((u for u in ring if roles[u.pk] == ClusterRole.DEPUTY), None)
    leader = next((u for u in ring if roles[u.pk] == ClusterRole.LEADER), None)
    if deputy is not None:
        new_leader = deputy
    elif leader is not None:
        new_leader = ring[(ring.index(leader) + 1) % len(ring)]
    else:
        new_leader = ring[0]
    new_deputy = ring[(ring.index(new_leader) + 1) % len(ring)]
    return new_leader, new_deputy


def open_cluster_year(*, cluster: Cluster, year: int, by: Any, units: Sequence[Unit] | None = None,
                      leader: Unit | None = None, deputy: Unit | None = None) -> list[ClusterMembership]:
    """Members for ``year``: last year's by default, with leader and deputy rotated unless given."""
    require_role(by, BOARD_ROLES, "phân công cụm, khối thi đua")
    previous = [(m.unit, m.role) for m in
                ClusterMembership.objects.filter(cluster=cluster, year=year - 1).select_related("unit")]
    members = list(units) if units is not None else [u for u, _r in previous]
    default_leader, default_deputy = rotate_roles(previous)
    leader = leader or (default_leader if default_leader in members else None)
    deputy = deputy or (default_deputy if default_deputy in members and default_deputy != leader else None)
    errors: list[str] = []
    if not members:
        errors.append(f"«{cluster.name}» năm {year}: chưa có thành viên (năm {year - 1} cũng không có).")
    if leader is None:
        errors.append(f"«{cluster.name}» năm {year}: chưa chọn cụm trưởng, khối trưởng.")
    elif leader not in members:
        errors.append(f"Cụm trưởng «{leader.name}» không là thành viên của «{cluster.name}».")
    if deputy is not None and deputy not in members:
        errors.append(f"Cụm phó «{deputy.name}» không là thành viên của «{cluster.name}».")
    if deputy is not None and deputy == leader:
        errors.append("Cụm trưởng và cụm phó phải là hai đơn vị khác nhau.")
    if ClusterMembership.objects.filter(cluster=cluster, year=year).exists():
        errors.append(f"«{cluster.name}» đã được phân công cho năm {year}.")
    if errors:
        raise MovementError(errors)
    assert leader is not None

    def role(u: Unit) -> str:
        return ClusterRole.LEADER if u == leader else ClusterRole.DEPUTY if u == deputy else ClusterRole.MEMBER

    with transaction.atomic():
        rows = ClusterMembership.objects.bulk_create(
            [ClusterMembership(cluster=cluster, unit=u, year=year, role=role(u)) for u in members])
        audit.record(actor=by, action="movements.cluster_open_year", obj=cluster,
                     after={"year": year, "members": {u.code: role(u) for u in members}})
    return rows


def members_of(cluster_id: int, year: int) -> dict[int, str]:
    return dict(ClusterMembership.objects.filter(cluster_id=cluster_id, year=year).values_list("unit_id", "role"))


# ---------------------------------------------------------------- the sheet

def create_sheet(*, cluster: Cluster, year: int, by: Any, closes_on: dt.date,
                 criteria: Sequence[tuple[str, Decimal | int | str, str]], certificates: int = 2) -> ScoringSheet:
    """``criteria`` are ``(name, max_points, evidence required)`` in order."""
    require_role(by, BOARD_ROLES, "lập bảng chấm điểm cụm, khối")
    errors: list[str] = []
    if not members_of(cluster.pk, year):
        errors.append(f"«{cluster.name}» chưa có thành viên năm {year}: mở năm trước khi lập bảng điểm.")
    if not criteria:
        errors.append("Bảng điểm cần ít nhất một tiêu chí.")
    parsed: list[tuple[str, Decimal, str]] = []
    for i, (name, max_points, evidence) in enumerate(criteria, start=1):
        value = _decimal(max_points)
        if not str(name).strip():
            errors.append(f"Tiêu chí {i}: tên không được để trống.")
        if value is None or value <= 0:
            errors.append(f"Tiêu chí {i} «{name}»: điểm tối đa «{max_points}» phải là số dương.")
        parsed.append((str(name).strip(), value or Decimal(0), evidence))
    if ScoringSheet.objects.filter(cluster=cluster, year=year).exists():
        errors.append(f"«{cluster.name}» đã có bảng chấm điểm năm {year}.")
    if errors:
        raise MovementError(errors)
    with transaction.atomic():
        sheet = ScoringSheet.objects.create(cluster=cluster, year=year, closes_on=closes_on,
                                            certificates=certificates)
        Criterion.objects.bulk_create([Criterion(sheet=sheet, position=i, name=n, max_points=m, evidence=e)
                                       for i, (n, m, e) in enumerate(parsed, start=1)])
        audit.record(actor=by, action="movements.sheet_create", obj=sheet,
                     after={**audit.snapshot(sheet), "criteria": [[n, str(m)] for n, m, _e in parsed]})
    return sheet


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None


def _check_open(sheet: ScoringSheet, today: dt.date) -> None:
    if sheet.status == SheetStatus.CLOSED:
        raise MovementError(f"«{sheet}»: Cụm trưởng đã khóa bảng điểm để tổng hợp; không nhận điểm chấm muộn.")
    if today > sheet.closes_on:
        raise MovementError(f"«{sheet}»: hạn chấm điểm đã hết ngày {sheet.closes_on:%d/%m/%Y}; không nhận điểm "
                            f"chấm muộn.")


def _submit(*, sheet: ScoringSheet, scorer: Unit, scored: Unit, by: Any, points: Mapping[int, Any],
            evidence: Mapping[int, str] | None, action: str) -> list[Score]:
    require_role(by, BOARD_ROLES | UNIT_ROLES, "chấm điểm thi đua")
    if role_of(by) not in BOARD_ROLES and not can_see_unit(by, scorer):
        raise NotAllowed(f"Bạn không chấm điểm thay cho đơn vị «{scorer.name}».")
    evidence = evidence or {}
    with transaction.atomic():
        locked = ScoringSheet.objects.select_for_update().select_related("cluster").get(pk=sheet.pk)
        _check_open(locked, timezone.localdate())
        members = members_of(locked.cluster_id, locked.year)
        errors: list[str] = []
        for unit in (scorer, scored):
            if unit.pk not in members:
                errors.append(f"«{unit.name}» không là thành viên «{locked.cluster.name}» năm {locked.year}.")
        criteria = {c.pk: c for c in locked.criteria.all()}
        values: dict[int, Decimal] = {}
        for crit_id, raw in points.items():
            crit = criteria.get(int(crit_id))
            if crit is None:
                errors.append(f"Tiêu chí mã {crit_id} không thuộc bảng điểm này.")
                continue
            value = _decimal(raw)
            label = f"Tiêu chí {crit.position} «{crit.name}»"
            if value is None:
                errors.append(f"{label}: «{raw}» không phải là số điểm.")
            elif not (0 <= value <= crit.max_points):
                errors.append(f"{label}: điểm {raw} ngoài khoảng cho phép 0–{crit.max_points} điểm.")
            elif value != value.quantize(Decimal("0.01")):
                errors.append(f"{label}: điểm {raw} chỉ được lấy đến hai chữ số thập phân.")
            else:
                values[crit.pk] = value
        if errors:
            raise MovementError(errors)
        existing = {s.criterion_id: s for s in Score.objects.select_for_update()
                    .filter(sheet=locked, scorer=scorer, scored=scored, criterion_id__in=values)}
        changes: list[audit.Change] = []
        saved: list[Score] = []
        for crit_id, value in values.items():
            old = existing.get(crit_id)
            note = evidence.get(crit_id, old.evidence if old else "")
            if old is not None and old.points == value and old.evidence == note:
                saved.append(old)
                continue
            before = {"points": old.points, "evidence": old.evidence} if old else None
            if old is None:
                old = Score.objects.create(sheet=locked, criterion_id=crit_id, scorer=scorer, scored=scored,
                                           points=value, evidence=note)
            else:
                old.points, old.evidence = value, note
                old.save(update_fields=["points", "evidence", "updated_at"])
            saved.append(old)
            changes.append(audit.Change(action, "movements.score", str(old.pk), before,
                                        {"sheet": locked.pk, "criterion": crit_id, "scorer": scorer.pk,
                                         "scored": scored.pk, "points": value, "evidence": note}))
        audit.record_many(actor=by, changes=changes)
    return saved


def submit_self_scores(*, sheet: ScoringSheet, unit: Unit, by: Any, points: Mapping[int, Any],
                       evidence: Mapping[int, str] | None = None) -> list[Score]:
    """The unit scores itself (tự chấm), with its evidence."""
    return _submit(sheet=sheet, scorer=unit, scored=unit, by=by, points=points, evidence=evidence,
                   action="movements.score_self")


def submit_cross_scores(*, sheet: ScoringSheet, scorer: Unit, scored: Unit, by: Any, points: Mapping[int, Any],
                        evidence: Mapping[int, str] | None = None) -> list[Score]:
    """One member scores another (chấm chéo); scoring oneself here is refused."""
    if scorer.pk == scored.pk:
        raise MovementError(f"«{scorer.name}» không được tự chấm điểm mình trong phần chấm chéo "
                            f"(dùng phần tự chấm điểm).")
    return _submit(sheet=sheet, scorer=scorer, scored=scored, by=by, points=points, evidence=evidence,
                   action="movements.score_cross")


# ---------------------------------------------------------------- ranking and consolidation

def compute_ranking(sheet: ScoringSheet) -> list[RankRow]:
    """Rank from the database: one query for the criteria, one for members, one for the scores."""
    criteria = [CriterionSpec(pk, mx) for pk, mx in
                Criterion.objects.filter(sheet=sheet).order_by("position").values_list("pk", "max_points")]
    members = sorted(members_of(sheet.cluster_id, sheet.year))
    return propose(rank_cluster(criteria, members, score_cells(sheet)), certificates=sheet.certificates)


def score_cells(sheet: ScoringSheet) -> list[Cell]:
    """The sheet's scores summed by criterion, scored unit and self/cross, in one query.

    Only scores given by this year's members count. Summing in the database returns 20× fewer
    rows than the scores themselves (docs/performance-notes/movements.md).
    """
    score = Score._meta.db_table
    member = ClusterMembership._meta.db_table
    sql = (f"SELECT criterion_id, scored_id, CASE WHEN scorer_id = scored_id THEN 1 ELSE 0 END, "
           f"SUM(CAST(ROUND(points * 100) AS INTEGER)), COUNT(*) FROM {score} "
           f"WHERE sheet_id = %s AND scorer_id IN (SELECT unit_id FROM {member} WHERE cluster_id = %s AND year = %s) "
           f"GROUP BY criterion_id, scored_id, CASE WHEN scorer_id = scored_id THEN 1 ELSE 0 END")
    with connection.cursor() as cur:
        cur.execute(sql, [sheet.pk, sheet.cluster_id, sheet.year])
        return [(c, d, bool(s), int(t), n) for c, d, s, t, n in cur.fetchall()]


def _leader(sheet: ScoringSheet) -> Unit | None:
    m = (ClusterMembership.objects.filter(cluster_id=sheet.cluster_id, year=sheet.year, role=ClusterRole.LEADER)
         .select_related("unit").first())
    return m.unit if m else None


def consolidate(*, sheet: ScoringSheet, by: Any) -> ScoringSheet:
    """The leader closes the sheet and records the ranking and the proposals (flag, certificates)."""
    require_role(by, BOARD_ROLES | UNIT_ROLES, "tổng hợp kết quả chấm điểm")
    leader = _leader(sheet)
    if role_of(by) not in BOARD_ROLES and (leader is None or by.unit_id != leader.pk):
        raise NotAllowed("Chỉ cụm trưởng, khối trưởng (hoặc Ban Thi đua – Khen thưởng) được tổng hợp.")
    with transaction.atomic():
        locked = ScoringSheet.objects.select_for_update().get(pk=sheet.pk)
        if locked.status == SheetStatus.CLOSED:
            return locked
        rows = compute_ranking(locked)
        locked.status = SheetStatus.CLOSED
        locked.consolidated_at = timezone.now()
        locked.consolidated_by = by
        locked.result = {"rows": [
            {"unit": r.unit_id, "rank": r.rank, "tied": r.tied, "total": str(r.total),
             "cross_total": str(r.cross_total), "missing": r.missing_scores, "proposal": r.proposal,
             "notes": r.notes} for r in rows]}
        locked.save(update_fields=["status", "consolidated_at", "consolidated_by", "result"])
        audit.record(actor=by, action="movements.consolidate", obj=locked,
                     before={"status": SheetStatus.OPEN}, after={"status": locked.status, **locked.result})
    sheet.status, sheet.result = locked.status, locked.result
    return locked


# ---------------------------------------------------------------- preparing a year's sheet (office screen)

def sheet_defaults(cluster: Cluster, year: int) -> tuple[list[tuple[str, Decimal, str]], int]:
    """Last year's criteria and number of certificates, the starting point of this year's sheet."""
    previous = ScoringSheet.objects.filter(cluster=cluster, year__lt=year).order_by("-year").first()
    if previous is None:
        return [], 2
    return ([(c.name, c.max_points, c.evidence) for c in previous.criteria.order_by("position")],
            previous.certificates)


def role_defaults(cluster: Cluster, year: int) -> tuple[list[Unit], Unit | None, Unit | None, bool]:
    """``(members, leader, deputy, fixed)``: this year's if opened (fixed), else last year's rotated."""
    current = list(ClusterMembership.objects.filter(cluster=cluster, year=year).select_related("unit")
                   .order_by("unit__code"))
    if current:
        leader = next((m.unit for m in current if m.role == ClusterRole.LEADER), None)
        deputy = next((m.unit for m in current if m.role == ClusterRole.DEPUTY), None)
        return [m.unit for m in current], leader, deputy, True
    previous = [(m.unit, m.role) for m in ClusterMembership.objects.filter(cluster=cluster, year=year - 1)
                .select_related("unit").order_by("unit__code")]
    leader, deputy = rotate_roles(previous)
    return [u for u, _r in previous], leader, deputy, False


def prepare_sheet(*, cluster: Cluster, year: int, by: Any, closes_on: dt.date,
                  criteria: Sequence[tuple[str, Decimal | int | str, str]], certificates: int = 2,
                  leader: Unit | None = None, deputy: Unit | None = None) -> ScoringSheet:
    """Open the year (last year's members, the leader and deputy chosen) if needed, then the sheet; both or none."""
    with transaction.atomic():
        if not ClusterMembership.objects.filter(cluster=cluster, year=year).exists():
            open_cluster_year(cluster=cluster, year=year, by=by, leader=leader, deputy=deputy)
        return create_sheet(cluster=cluster, year=year, by=by, closes_on=closes_on, criteria=criteria,
                            certificates=certificates)


def rotation_default(cluster: Cluster, year: int) -> tuple[Unit | None, Unit | None]:
    """The leader and deputy that ``rotate_roles`` proposes for ``year`` from last year's members."""
    previous = [(m.unit, m.role) for m in ClusterMembership.objects.filter(cluster=cluster, year=year - 1)
                .select_related("unit")]
    return rotate_roles(previous)
