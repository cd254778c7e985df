"""The ranking rule as plain data: averages, ties, missing scores, proposals."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

from thidua.movements.ranking import CriterionSpec, aggregate, propose, rank_cluster


def C(points: Any) -> int:
    """Points as the ranking takes them: integer hundredths."""
    return int(D(points) * 100)


CRIT = [CriterionSpec(1, D(10)), CriterionSpec(2, D(20))]


def _all_give(scores: dict[int, tuple[int, int]], members: list[int]) -> list[tuple[int, int, int, int]]:
    """Every member scores every member with the points set for the scored one."""
    return [(c, s, m, C(pts[i])) for m, pts in scores.items() for s in members for i, c in enumerate((1, 2))]


def test_average_of_scorers_per_criterion_and_total() -> None:
    rows = rank_cluster(CRIT, [1, 2], aggregate([
        (1, 1, 1, C(10)), (1, 2, 1, C(8)), (2, 1, 1, C(20)), (2, 2, 1, C(10)),
        (1, 1, 2, C(5)), (1, 2, 2, C(5)), (2, 1, 2, C(5)), (2, 2, 2, C(5)),
    ]))
    assert [r.unit_id for r in rows] == [1, 2]
    assert rows[0].per_criterion == {1: D("9.00"), 2: D("15.00")}
    assert rows[0].total == D("24.00") and rows[0].cross_total == D("18.00")  # unit 2 gave it 8 + 10
    assert rows[1].total == D("10.00") and rows[0].rank == 1 and rows[1].rank == 2
    assert not rows[0].tied


def test_tie_broken_by_cross_scores_then_full_marks_else_shared_rank() -> None:
    members = [1, 2, 3]
    # Units 1 and 2 have the same total, but 2 rates itself high and is rated lower by others.
    scores = [(1, s, 1, C(8)) for s in members] + [(1, 2, 2, C(10)), (1, 1, 2, C(7)), (1, 3, 2, C(7))]
    scores += [(1, s, 3, C(8)) for s in members]
    rows = rank_cluster([CriterionSpec(1, D(10))], members, aggregate(scores))
    assert rows[0].unit_id in (1, 3) and rows[0].total == D("8.00")
    assert [r.rank for r in rows] == [1, 1, 3]
    assert rows[0].tied and rows[1].tied and not rows[2].tied
    assert rows[2].unit_id == 2 and rows[2].cross_total == D("7.00")


def test_missing_scores_are_counted_shown_and_unscored_criterion_counts_zero() -> None:
    rows = rank_cluster(CRIT, [1, 2], aggregate([(1, 1, 1, C(10)), (1, 2, 2, C(4)), (2, 1, 2, C(4))]))
    by_unit = {r.unit_id: r for r in rows}
    assert by_unit[1].missing_scores == 3 and by_unit[1].unscored_criteria == 1 and by_unit[1].total == D("10.00")
    assert by_unit[2].missing_scores == 2
    propose(rows, certificates=1)
    assert "Thiếu 3 điểm chấm, 1 tiêu chí chưa ai chấm (tính 0 điểm)." in by_unit[1].notes


def test_proposals_flag_to_first_certificates_to_next_and_tie_at_top_noted() -> None:
    members = [1, 2, 3, 4]
    totals = {1: (10, 20), 2: (9, 20), 3: (8, 20), 4: (1, 1)}
    rows = propose(rank_cluster(CRIT, members, aggregate(_all_give(totals, members))), certificates=2)
    assert [(r.unit_id, r.proposal) for r in rows] == [(1, "CO_THI_DUA_TINH"), (2, "BK_TINH"), (3, "BK_TINH"),
                                                       (4, "")]
    tied = propose(rank_cluster(CRIT, members, aggregate(_all_give({**totals, 2: (10, 20)}, members))), certificates=1)
    top = [r for r in tied if r.proposal == "CO_THI_DUA_TINH"]
    assert len(top) == 2 and all("Đồng hạng nhất" in r.notes[0] for r in top)
