"""Cluster year, scoring sheet, self- and cross-scoring, refusals, audit, consolidation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tests.factories import Setup
from thidua.audit.models import AuditEvent
from thidua.movements import clusters
from thidua.movements.errors import MovementError
from thidua.movements.models import Score, ScoringSheet, SheetStatus
from thidua.org.models import Cluster, ClusterMembership


def _crit(sheet: ScoringSheet) -> list[int]:
    return list(sheet.criteria.order_by("position").values_list("pk", flat=True))


def test_open_year_rotates_deputy_to_leader_and_next_member_to_deputy(setup: Setup) -> None:
    roles = dict(ClusterMembership.objects.filter(cluster=setup.cluster, year=2025)
                 .values_list("unit__code", "role"))
    assert roles == {"CUM1": "member", "CUM2": "leader", "CUM3": "deputy", "CUM4": "member"}
    with pytest.raises(MovementError, match="đã được phân công cho năm 2025"):
        clusters.open_cluster_year(cluster=setup.cluster, year=2025, by=setup.specialist)
    with pytest.raises(MovementError, match="chưa có thành viên"):
        clusters.open_cluster_year(cluster=Cluster.objects.create(code="X", name="Khối mới", kind="block"),
                                   year=2025, by=setup.specialist)


def test_scores_saved_audited_and_changes_audited_once(setup: Setup) -> None:
    c1, c2 = _crit(setup.sheet)
    u1, u2 = setup.units[:2]
    clusters.submit_self_scores(sheet=setup.sheet, unit=u1, by=setup.clerks[0], points={c1: "9,5", c2: 5},
                                evidence={c1: "Báo cáo số 12/BC"})
    clusters.submit_cross_scores(sheet=setup.sheet, scorer=u2, scored=u1, by=setup.clerks[1], points={c1: 8})
    clusters.submit_cross_scores(sheet=setup.sheet, scorer=u2, scored=u1, by=setup.clerks[1], points={c1: 8})
    clusters.submit_cross_scores(sheet=setup.sheet, scorer=u2, scored=u1, by=setup.clerks[1], points={c1: 7})
    assert Score.objects.get(criterion_id=c1, scorer=u1, scored=u1).points == D("9.5")
    events = list(AuditEvent.objects.filter(action__startswith="movements.score").order_by("seq"))
    assert [e.action for e in events] == ["movements.score_self"] * 2 + ["movements.score_cross"] * 2
    assert events[-1].before == {"points": "8.00", "evidence": ""}
    assert (events[-1].after or {}).get("points") == "7"


def test_bad_scores_refused_with_messages_and_nothing_saved(setup: Setup) -> None:
    c1, c2 = _crit(setup.sheet)
    u1, u2 = setup.units[:2]
    with pytest.raises(MovementError) as err:
        clusters.submit_self_scores(sheet=setup.sheet, unit=u1, by=setup.clerks[0], points={c1: 11, c2: "abc"})
    text = " ".join(err.value.messages)
    assert "Tiêu chí 1 «Hoàn thành chỉ tiêu»: điểm 11 ngoài khoảng cho phép 0–10.00 điểm." in text
    assert "Tiêu chí 2 «Cải cách hành chính»: «abc» không phải là số điểm." in text
    with pytest.raises(MovementError, match="không được tự chấm điểm mình trong phần chấm chéo"):
        clusters.submit_cross_scores(sheet=setup.sheet, scorer=u1, scored=u1, by=setup.clerks[0], points={c1: 5})
    with pytest.raises(PermissionDenied):
        clusters.submit_cross_scores(sheet=setup.sheet, scorer=u2, scored=u1, by=setup.clerks[0], points={c1: 5})
    assert not Score.objects.exists()


def test_late_scores_refused_after_deadline_and_after_consolidation(setup: Setup) -> None:
    c1, _c2 = _crit(setup.sheet)
    u1, u2 = setup.units[:2]
    ScoringSheet.objects.filter(pk=setup.sheet.pk).update(closes_on=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(MovementError, match="hạn chấm điểm đã hết"):
        clusters.submit_self_scores(sheet=setup.sheet, unit=u1, by=setup.clerks[0], points={c1: 5})
    ScoringSheet.objects.filter(pk=setup.sheet.pk).update(closes_on=timezone.localdate())
    with pytest.raises(PermissionDenied):  # CUM1 is no longer the leader in 2025
        clusters.consolidate(sheet=setup.sheet, by=setup.clerks[0])
    clusters.consolidate(sheet=setup.sheet, by=setup.clerks[1])
    with pytest.raises(MovementError, match="không nhận điểm chấm muộn"):
        clusters.submit_cross_scores(sheet=setup.sheet, scorer=u2, scored=u1, by=setup.clerks[1], points={c1: 5})


def test_consolidation_ranks_proposes_and_records(setup: Setup) -> None:
    c1, c2 = _crit(setup.sheet)
    given = {0: (10, 5), 1: (9, 5), 2: (9, 4), 3: (5, 1)}
    for s, scorer in enumerate(setup.units):
        for i, scored in enumerate(setup.units[:3]):  # nobody scores the fourth unit
            points = {c1: given[i][0], c2: given[i][1]}
            if scorer == scored:
                clusters.submit_self_scores(sheet=setup.sheet, unit=scored, by=setup.clerks[s], points=points)
            else:
                clusters.submit_cross_scores(sheet=setup.sheet, scorer=scorer, scored=scored, by=setup.clerks[s],
                                             points=points)
    sheet = clusters.consolidate(sheet=setup.sheet, by=setup.specialist)
    assert sheet.status == SheetStatus.CLOSED
    rows = sheet.result["rows"]
    units = [u.pk for u in setup.units]
    assert [(r["unit"], r["rank"], r["proposal"]) for r in rows] == [
        (units[0], 1, "CO_THI_DUA_TINH"), (units[1], 2, "BK_TINH"), (units[2], 3, "BK_TINH"), (units[3], 4, "")]
    assert rows[3]["missing"] == 8 and "Thiếu 8 điểm chấm" in rows[3]["notes"][0]
    assert AuditEvent.objects.filter(action="movements.consolidate", object_id=str(sheet.pk)).exists()


def test_scores_of_a_unit_that_left_the_cluster_do_not_count(setup: Setup) -> None:
    c1, _c2 = _crit(setup.sheet)
    u1, u2, u3 = setup.units[:3]
    clusters.submit_cross_scores(sheet=setup.sheet, scorer=u2, scored=u1, by=setup.clerks[1], points={c1: 2})
    clusters.submit_cross_scores(sheet=setup.sheet, scorer=u3, scored=u1, by=setup.clerks[2], points={c1: 8})
    ClusterMembership.objects.filter(cluster=setup.cluster, year=2025, unit=u2).delete()
    row = next(r for r in clusters.compute_ranking(setup.sheet) if r.unit_id == u1.pk)
    assert row.per_criterion[c1] == D("8.00") and row.missing_scores == 3 * 2 - 1
