"""Writes of the reports app: rebuilding the tallies from the registry (operators, bulk loads)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from thidua.audit.services import record

from .summary_sql import TABLES, rebuild_statements


@dataclass(frozen=True)
class RebuildResult:
    rows: dict[str, int]  # tally table -> rows after the rebuild
    seconds: float

    def summary(self) -> str:
        sizes = ", ".join(f"{t} {n:,}".replace(",", ".") for t, n in self.rows.items())
        return f"Đã tính lại bảng tổng hợp trong {self.seconds:.1f} giây: {sizes} dòng."


def rebuild_summaries(*, by: Any = None) -> RebuildResult:
    """Empty the tallies and count every valid award again, in one transaction.

    The triggers keep the tallies exact on their own; this is for after a bulk load made with the
    triggers disabled, or to repair a database restored without them. On PostgreSQL the registry and
    the people are locked against writes meanwhile (reads go on), so no change slips between the
    count and the commit."""
    started = time.perf_counter()
    vendor = connection.vendor
    with transaction.atomic():
        with connection.cursor() as cur:
            if vendor == "postgresql":
                cur.execute("LOCK TABLE registry_award, org_person IN SHARE MODE")
                # Fresh statistics (a bulk load leaves none) so that the planner hashes instead of looping,
                # and the grouping of millions of awards in memory, for this transaction only.
                cur.execute("ANALYZE registry_award, org_person")
                cur.execute("SET LOCAL work_mem = '256MB'")
            for sql in rebuild_statements(vendor):
                cur.execute(sql)
            rows = {}
            for table in TABLES:
                cur.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed table names
                rows[table] = int(cur.fetchone()[0])
        seconds = time.perf_counter() - started
        record(actor=by, action="reports.rebuild_summaries", object_type="reports.tally", object_id="*",
               after={"rows": rows, "seconds": round(seconds, 3)})
    if vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(f"ANALYZE {', '.join(TABLES)}")
    return RebuildResult(rows, seconds)
