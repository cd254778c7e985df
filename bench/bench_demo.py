"""Benchmark: build the full demo province (20,000 people) on a fresh database.

    .venv/bin/python bench/bench_demo.py            # SQLite (the default demo database)
    .venv/bin/python bench/bench_demo.py pg         # PostgreSQL (BENCH_PG_URL or DATABASE_URL)
    .venv/bin/python bench/bench_demo.py sqlite 5000  # another population size

Prints `BENCH demo_migrate_s`, `BENCH demo_build_s` and `BENCH demo_total_s` (migrations
included: that is what `thidua demo` costs on a first run); never asserts on time.
"""

from __future__ import annotations

import sys
import time

from _common import bench_line, setup_django


def main() -> None:
    db = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
    people = int(sys.argv[2]) if len(sys.argv) > 2 else 20_000
    started = time.perf_counter()
    setup_django(db, name="bench_demo")
    migrated = time.perf_counter()
    from thidua.demo.build import build_demo
    from thidua.registry.models import Award, YearRecord

    result = build_demo(people=people)
    done = time.perf_counter()
    suffix = "" if db == "sqlite" else f"_{db}"
    bench_line(f"demo_migrate_s{suffix}", migrated - started, "s")
    bench_line(f"demo_build_s{suffix}", done - migrated, "s")
    bench_line(f"demo_total_s{suffix}", done - started, "s")
    bench_line(f"demo_awards{suffix}", Award.objects.count(), "rows")
    bench_line(f"demo_ratings{suffix}", YearRecord.objects.count(), "rows")
    bench_line(f"demo_rows_per_s{suffix}", (Award.objects.count() + YearRecord.objects.count()) / (done - migrated),
               "rows/s")
    print(result.summary())


if __name__ == "__main__":
    main()
