"""Ranking a cluster from its scores: plain data in, plain data out (no Django import).

Rule (documented in docs/movements.md):

* A member's mark on a criterion is the average of the points given by every scorer who scored it
  (its own self-score and the other members' cross-scores). The total is the sum of these averages,
  rounded to 0.01 point.
* Missing scores: an expected score (every member scores every member on every criterion) that is
  absent is left out of the average and counted; a criterion nobody scored counts 0 for that member.
  Both counts are shown next to the member.
* Order: higher total first; equal totals (to 0.01) are broken by the higher cross-score total
  (the self-score left out), then by the number of criteria at full marks. Members still equal
  share the rank and are shown as a tie (``tied``): the cluster decides, the system does not guess.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    max_points: Decimal


@dataclass
class RankRow:
    unit_id: int
    total: Decimal
    cross_total: Decimal
    full_marks: int
    per_criterion: dict[int, Decimal]
    missing_scores: int
    unscored_criteria: int
    rank: int = 0
    tied: bool = False
    proposal: str = ""
    notes: list[str] = field(default_factory=list)

    def key(self) -> tuple[Decimal, Decimal, int]:
        return (self.total, self.cross_total, self.full_marks)


def _q(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# One aggregated cell: (criterion_id, scored_id, is_self, sum of points in hundredths, number of scores).
Cell = tuple[int, int, bool, int, int]


def aggregate(scores: Iterable[tuple[int, int, int, int]]) -> list[Cell]:
    """Cells from raw ``(criterion_id, scorer_id, scored_id, points in hundredths)`` rows.

    The database does the same with GROUP BY (``clusters.score_cells``); this is for plain data.
    """
    acc: dict[tuple[int, int, bool], list[int]] = {}
    for crit_id, scorer, scored, cents in scores:
        slot = acc.setdefault((crit_id, scored, scorer == scored), [0, 0])
        slot[0] += cents
        slot[1] += 1
    return [(c, d, is_self, total, n) for (c, d, is_self), (total, n) in acc.items()]


def rank_cluster(criteria: Sequence[CriterionSpec], members: Sequence[int], cells: Iterable[Cell]) -> list[RankRow]:
    """Rows in rank order from the aggregated cells of the members' scores (by members only)."""
    n_crit = len(criteria)
    crit_index = {c.id: i for i, c in enumerate(criteria)}
    member_index = {m: i for i, m in enumerate(members)}
    size = len(members) * n_crit
    sums = [0] * size
    counts = [0] * size
    cross_sums = [0] * size
    cross_counts = [0] * size
    for crit_id, scored, is_self, total_cents, n in cells:
        mi = member_index.get(scored)
        ci = crit_index.get(crit_id)
        if mi is None or ci is None:
            continue
        k = mi * n_crit + ci
        sums[k] += total_cents
        counts[k] += n
        if not is_self:
            cross_sums[k] += total_cents
            cross_counts[k] += n
    rows: list[RankRow] = []
    expected = len(members)
    for unit_id, mi in member_index.items():
        total = cross_total = Decimal(0)
        per: dict[int, Decimal] = {}
        missing = unscored = full = 0
        for ci, crit in enumerate(criteria):
            k = mi * n_crit + ci
            c = counts[k]
            missing += expected - c
            if c == 0:
                unscored += 1
                per[crit.id] = Decimal(0)
                continue
            avg = Decimal(sums[k]) / c / 100
            per[crit.id] = _q(avg)
            total += avg
            if sums[k] >= crit.max_points * 100 * c:
                full += 1
            if cross_counts[k]:
                cross_total += Decimal(cross_sums[k]) / cross_counts[k] / 100
        rows.append(RankRow(unit_id=unit_id, total=_q(total), cross_total=_q(cross_total), full_marks=full,
                            per_criterion=per, missing_scores=missing, unscored_criteria=unscored))
    rows.sort(key=lambda r: (r.key(), -r.unit_id), reverse=True)
    for i, row in enumerate(rows):
        if i and row.key() == rows[i - 1].key():
            row.rank = rows[i - 1].rank
            row.tied = rows[i - 1].tied = True
        else:
            row.rank = i + 1
    return rows


def propose(rows: list[RankRow], *, certificates: int) -> list[RankRow]:
    """Emulation flag to rank 1, provincial certificates to the next ranks; ties are flagged, not broken."""
    for row in rows:
        if row.rank == 1:
            row.proposal = "CO_THI_DUA_TINH"
            if row.tied:
                row.notes.append("Đồng hạng nhất: Cụm, khối họp bình xét chọn một đơn vị đề nghị Cờ thi đua.")
        elif row.rank <= 1 + certificates:
            row.proposal = "BK_TINH"
            if row.tied and any(r.rank == row.rank and r is not row for r in rows):
                last = [r for r in rows if r.rank == row.rank]
                if row.rank + len(last) - 1 > 1 + certificates:
                    row.notes.append("Đồng hạng ở ngưỡng Bằng khen: Cụm, khối bình xét chọn.")
        if row.missing_scores:
            row.notes.append(f"Thiếu {row.missing_scores} điểm chấm"
                             + (f", {row.unscored_criteria} tiêu chí chưa ai chấm (tính 0 điểm)"
                                if row.unscored_criteria else "") + ".")
    return rows
