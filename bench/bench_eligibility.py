"""Whole-population eligibility from the registry on PostgreSQL.

200,000 people × 10 years of ratings and titles (≈ 4 million registry rows) are written with
COPY into a fresh database. Figures:
- `eligibility_population_pg_s`: every individual title and form for everyone, with the
  province snapshot read from PostgreSQL (the process cache dropped first) — load + evaluation;
- `eligibility_eval_pg_s`: the evaluation alone on the loaded population;
- `eligibility_snapshot_rebuild_pg_s`: the snapshot rebuilt from the 4 million rows (once after
  a bulk load such as the demo or a large import);
- `eligibility_snapshot_patch_1k_pg_s`: bringing it up to date after 1,000 people changed;
- `eligibility_vs_orm_ratio`: the same answer person by person through the ORM (one
  `explain_person` per person: five queries and the scalar engine), timed on a sample and
  scaled to the population, divided by `eligibility_population_pg_s`.

    python bench/bench_eligibility.py            # BENCH_PEOPLE=200000 by default
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import time

from _common import bench_line, setup_django

PEOPLE = int(os.environ.get("BENCH_PEOPLE", "200000"))
YEARS = range(2016, 2026)
ORM_SAMPLE = int(os.environ.get("BENCH_ORM_SAMPLE", "300"))
AS_OF = dt.date(2025, 12, 20)


def populate() -> int:
    from django.db import connection
    from django.utils import timezone

    from thidua.org.models import Unit, UnitKind

    province = Unit.objects.create(code="LS", name="Tỉnh Lạng Sơn", kind=UnitKind.PROVINCE)
    communes = [Unit.objects.create(code=f"X{k:03d}", name=f"Xã {k}", kind=UnitKind.COMMUNE, parent=province,
                                    is_grassroots=True) for k in range(100)]
    now = timezone.now()
    rnd = random.Random(2025)
    raw = connection.connection
    with raw.cursor() as cur:
        with cur.copy("COPY org_person (full_name, search_key, birth_date, sex, ethnicity, is_direct_worker, "
                      "unit_id, is_deceased, created_at, updated_at) FROM STDIN") as copy:
            for i in range(PEOPLE):
                copy.write_row((f"Người {i}", f"nguoi {i}", dt.date(1970 + i % 30, 1 + i % 12, 1 + i % 28),
                                "MF"[i % 2], "Kinh", i % 3 == 0, communes[i % 100].pk, False, now, now))
        cur.execute("SELECT id, unit_id FROM org_person ORDER BY id")
        people = cur.fetchall()
        ratings, awards, initiatives = [], [], []
        for pid, unit_id in people:
            for year in YEARS:
                r = rnd.random()
                rating = "HTXSNV" if r < 0.25 else "HTTNV" if r < 0.85 else "HTNV" if r < 0.97 else "KHTNV"
                ratings.append((pid, year, rating, False, ""))
                if rating in ("HTXSNV", "HTTNV"):
                    awards.append((pid, "LAO_DONG_TIEN_TIEN", year, unit_id))
                    if rating == "HTXSNV" and rnd.random() < 0.6:
                        awards.append((pid, "CSTD_CO_SO", year, unit_id))
                if rnd.random() < 0.06:
                    initiatives.append((pid, "Sáng kiến", year, "tinh" if rnd.random() < 0.2 else "co_so", "",
                                        False, ""))
            if rnd.random() < 0.08:
                awards.append((pid, "BK_TINH", rnd.choice((2016, 2017, 2018)), unit_id))
        with cur.copy("COPY registry_yearrecord (person_id, year, rating, justified_absence, note) FROM STDIN") as copy:
            for row in ratings:
                copy.write_row(row)
        with cur.copy("COPY registry_award (person_id, code, year, kind, level, decision_number, decision_date, "
                      "issuer, status, retraction_reason, source, unit_id, subject_name, subject_title, "
                      "is_direct_worker, is_grassroots_unit, is_small_collective, is_posthumous, movement, "
                      "created_at) FROM STDIN") as copy:
            for pid, code, year, unit_id in awards:
                level = "province" if code == "BK_TINH" else "grassroots"
                copy.write_row((pid, code, year, "annual", level, f"{year}/{code}", dt.date(year, 12, 28),
                                "UBND", "valid", "", "import", unit_id, "", "", False, False, False, False, "",
                                now))
        with cur.copy("COPY registry_initiative (person_id, title, year, scope, recognized_by, is_public, summary) "
                      "FROM STDIN") as copy:
            for row in initiatives:
                copy.write_row(row)
        cur.execute("ANALYZE")
    raw.commit()
    return len(ratings) + len(awards) + len(initiatives)


def main() -> None:
    setup_django("pg", name="bench_eligibility")
    from django.db import connection

    from thidua.org.models import Person
    from thidua.registry import cases, eligibility
    from thidua.rules import batch

    t0 = time.perf_counter()
    rows = populate()
    print(f"# populated {PEOPLE} people, {rows} registry rows in {time.perf_counter() - t0:.1f} s", flush=True)

    from thidua.registry import snapshot

    t = time.perf_counter()
    snapshot.rebuild()
    rebuild_s = time.perf_counter() - t
    runs = []
    for _ in range(5):
        snapshot.forget_cache()
        t = time.perf_counter()
        result = eligibility.evaluate_population(None, year=2025, as_of=AS_OF)
        runs.append(time.perf_counter() - t)
    bulk = statistics.median(runs)
    counts = {code: len(ids) for code, ids in result.eligible.items() if ids}
    print(f"# eligible: {counts}", flush=True)

    pop = cases.population(year=2025, as_of=AS_OF)
    view = eligibility.catalog_view(AS_OF)
    codes = [a.code for a in eligibility.individual_awards(view)]
    t = time.perf_counter()
    for code in codes:
        batch.evaluate_population(pop, code, 2025)
    eval_only = time.perf_counter() - t

    with connection.cursor() as cur:
        cur.execute("UPDATE registry_yearrecord SET rating = 'HTNV' WHERE year = 2025 AND person_id IN "
                    "(SELECT id FROM org_person ORDER BY id LIMIT 1000)")
    t = time.perf_counter()
    snapshot.current()
    patch_s = time.perf_counter() - t

    sample = list(Person.objects.order_by("?")[:ORM_SAMPLE])
    connection.queries_log.clear()
    t = time.perf_counter()
    for person in sample:
        eligibility.explain_person(person, year=2025, as_of=AS_OF)
    per_person = (time.perf_counter() - t) / len(sample)
    orm_estimate = per_person * result.count()

    bench_line("eligibility_population_pg_s", bulk, "s")
    bench_line("eligibility_eval_pg_s", eval_only, "s")
    bench_line("eligibility_snapshot_rebuild_pg_s", rebuild_s, "s")
    bench_line("eligibility_snapshot_patch_1k_pg_s", patch_s, "s")
    bench_line("eligibility_orm_loop_estimate_s", orm_estimate, "s")
    bench_line("eligibility_vs_orm_ratio", orm_estimate / bulk, "x")


if __name__ == "__main__":
    main()
