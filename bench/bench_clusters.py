"""Ranking a province's clusters: 30 clusters × 20 units × 40 criteria × 20 scorers (480,000 scores).

Target (issue 7): < 1 s. The scores are loaded once (timed apart, reported as cluster_load_s); then
every sheet is ranked through ``thidua.movements.clusters.compute_ranking``: three queries per
cluster-year (criteria, members, the scores summed by criterion × scored unit × self/cross) and the
pure ranking function. Prints BENCH lines only.

    .venv/bin/python bench/bench_clusters.py            # SQLite (default)
    .venv/bin/python bench/bench_clusters.py pg         # PostgreSQL (BENCH_PG_URL / DATABASE_URL)
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from decimal import Decimal

from _common import bench_line, setup_django

DB = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
setup_django(DB, name="bench_clusters")

from django.db import connection, transaction  # noqa: E402

from thidua.movements.clusters import compute_ranking, score_cells  # noqa: E402
from thidua.movements.models import Criterion, Score, ScoringSheet  # noqa: E402
from thidua.movements.ranking import CriterionSpec, propose, rank_cluster  # noqa: E402
from thidua.org.models import Cluster, ClusterMembership, ClusterRole, Unit  # noqa: E402

CLUSTERS, UNITS, CRITERIA, YEAR = 30, 20, 40, 2025


def load() -> list[ScoringSheet]:
    province = Unit.objects.create(code="LS", name="Tỉnh Lạng Sơn", kind="agency")
    sheets: list[ScoringSheet] = []
    with transaction.atomic():
        for c in range(CLUSTERS):
            cluster = Cluster.objects.create(code=f"C{c:02d}", name=f"Cụm thi đua số {c + 1}", kind="cluster")
            units = [Unit.objects.create(code=f"C{c:02d}U{u:02d}", name=f"Đơn vị {c + 1}.{u + 1}", kind="agency",
                                         parent=province) for u in range(UNITS)]
            ClusterMembership.objects.bulk_create([
                ClusterMembership(cluster=cluster, unit=u, year=YEAR,
                                  role=ClusterRole.LEADER if i == 0 else ClusterRole.MEMBER)
                for i, u in enumerate(units)])
            sheet = ScoringSheet.objects.create(cluster=cluster, year=YEAR, closes_on=dt.date(YEAR, 12, 15))
            Criterion.objects.bulk_create([
                Criterion(sheet=sheet, position=k + 1, name=f"Tiêu chí {k + 1}", max_points=Decimal(10))
                for k in range(CRITERIA)])
            sheets.append(sheet)
        # Every member scores every member on every criterion; points 5.00–10.00 spread by a hash of the ids.
        score, crit, member, sheet_t = (Score._meta.db_table, Criterion._meta.db_table,
                                        ClusterMembership._meta.db_table, ScoringSheet._meta.db_table)
        with connection.cursor() as cur:
            cur.execute(
                f"INSERT INTO {score} (sheet_id, criterion_id, scorer_id, scored_id, points, evidence, updated_at) "
                f"SELECT sh.id, c.id, a.unit_id, b.unit_id, 5 + ((c.id * 7 + a.unit_id * 13 + b.unit_id * 31) % 501) "
                f"/ 100.0, '', CURRENT_TIMESTAMP FROM {sheet_t} sh JOIN {crit} c ON c.sheet_id = sh.id "
                f"JOIN {member} a ON a.cluster_id = sh.cluster_id AND a.year = sh.year "
                f"JOIN {member} b ON b.cluster_id = sh.cluster_id AND b.year = sh.year")
    return sheets


t0 = time.perf_counter()
sheets = load()
bench_line("cluster_load_s", time.perf_counter() - t0, "s")
bench_line("cluster_scores", Score.objects.count(), "rows")

t0 = time.perf_counter()
results = [compute_ranking(s) for s in sheets]
bench_line("cluster_ranking_s", time.perf_counter() - t0, "s")
assert all(len(r) == UNITS for r in results)

# The same work split: the aggregating query per sheet, then the pure ranking in memory.
t0 = time.perf_counter()
fetched = []
for s in sheets:
    crits = [CriterionSpec(pk, mx) for pk, mx in
             Criterion.objects.filter(sheet=s).order_by("position").values_list("pk", "max_points")]
    members = sorted(ClusterMembership.objects.filter(cluster_id=s.cluster_id, year=s.year)
                     .values_list("unit_id", flat=True))
    fetched.append((crits, members, score_cells(s)))
bench_line("cluster_cells_query_s", time.perf_counter() - t0, "s")
t0 = time.perf_counter()
for crits, members, scores in fetched:
    propose(rank_cluster(crits, members, scores), certificates=2)
bench_line("cluster_ranking_inmem_s", time.perf_counter() - t0, "s")
