"""The year's statistics over 10,000,000 registry rows on PostgreSQL.

    .venv/bin/python bench/bench_stats.py [--rows N] [--chunk N] [--load triggers|rebuild] [--keep]

Loads a fresh PostgreSQL database (``thidua_bench_stats``) with COPY: 2,001 units, 500,000 people,
20,000 collectives and N awards (default 10,000,000) over 2016–2025, decided in every month of the
following year with a peak in December–March, in chunks of one COPY statement each.

``--load rebuild`` (default, the faster way to bulk-load): the tally triggers are disabled for the load
and ``reports.services.rebuild_summaries()`` counts everything afterwards. ``--load triggers``: the
tallies' statement-level triggers stay ON during the load, the way production maintains them; the
rebuild is then timed too and its result compared with what the triggers built. Either way the
trigger cost per award is measured on a 100,000-row COPY and DELETE with the triggers on and off
(median of 3 rounds: ``stats_trigger_us_per_award``, ``stats_trigger_delete_us_per_award``).

To keep the load short the award table's secondary indexes and foreign keys are dropped first (the
statistics read only the tallies) and the eligibility fact-change trigger on awards is disabled (it
belongs to another feature). Then ``year_statistics`` for 2022 is timed as a province-wide user
(median of 5 after one warm-up call: ``stats_10m_pg_s``), as a clerk of one district in the statistics
year, and the statistics page's 8-year trend. Prints ``BENCH`` lines; never asserts. The database is
dropped at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from _common import bench_line, setup_django

ETHNICITIES = ["Nùng"] * 43 + ["Tày"] * 35 + ["Kinh"] * 16 + ["Dao"] * 4 + ["Sán Chay", "Mông"]
GRASSROOTS_CODES = ["LAO_DONG_TIEN_TIEN"] * 7 + ["CSTD_CO_SO", "GIAY_KHEN", "GIAY_KHEN"]
PROVINCE_CODES = ["BK_TINH"] * 6 + ["CSTD_TINH", "CSTD_TINH", "TT_LD_XUAT_SAC", "CO_THI_DUA_TINH"]
STATE_CODES = ["BK_TTG", "BK_TTG", "HC_LAO_DONG_3", "CSTD_TOAN_QUOC"]
MOVEMENTS = ["", "", "", "", "Cả nước chung sức xây dựng nông thôn mới", "Vì người nghèo"]
# Decision month, as (year offset from the achievement year, month): most decisions in December–March
# (annual titles), the rest spread over the following year (thematic and ad-hoc awards).
MONTHS = ([(0, 12)] * 20 + [(1, 1)] * 25 + [(1, 2)] * 10 + [(1, 3)] * 10
          + [(1, m) for m in range(4, 12) for _ in range(4)] + [(0, 11)] * 3)
PEOPLE = 500_000
COLLECTIVES = 20_000
AWARD_COLS = ("person_id, collective_id, code, year, kind, level, decision_number, decision_date, issuer, "
              "amount_vnd, status, retraction_reason, source, unit_id, subject_name, subject_title, "
              "is_direct_worker, is_grassroots_unit, is_small_collective, is_posthumous, movement, created_at")
TALLY_TRIGGERS = ("reports_tally_ins", "reports_tally_del", "reports_tally_upd")


def _commit() -> None:
    from django.db import connection

    if not connection.get_autocommit():
        connection.commit()


def load_reference() -> tuple[float, dict[int, int]]:
    """Units, people and collectives; returns the time and each unit's flag (1 grassroots, 2 small)."""
    from django.db import connection

    rnd = random.Random(2021)
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        raw = cur.connection
        # units: province, 10 districts, 200 communes (grassroots), 1,790 agencies/schools/sub-units
        lines = ["1\tP\tTỉnh Lạng Sơn\t\tprovince\t/1/\t0\tf\tf\t2000-01-01\t\\N\ttinh lang son\t\\N\n"]
        kinds: dict[int, int] = {}
        for i in range(2, 12):
            lines.append(f"{i}\tD{i}\tHuyện {i}\t\tdistrict\t/1/{i}/\t1\tf\tf\t2000-01-01\t\\N\thuyen {i}\t1\n")
        for i in range(12, 212):
            d = 2 + i % 10
            lines.append(f"{i}\tC{i}\tXã {i}\t\tcommune\t/1/{d}/{i}/\t2\tt\tf\t2000-01-01\t\\N\txa {i}\t{d}\n")
            kinds[i] = 1
        for i in range(212, 2002):
            c = 12 + i % 200
            d = 2 + c % 10
            small = i % 3 == 0
            kind = "sub_unit" if small else "school"
            lines.append(f"{i}\tA{i}\tĐơn vị {i}\t\t{kind}\t/1/{d}/{c}/{i}/\t3\t{'f' if small else 't'}\t"
                         f"{'t' if small else 'f'}\t2000-01-01\t\\N\tdon vi {i}\t{c}\n")
            kinds[i] = 2 if small else 1
        with raw.cursor().copy("COPY org_unit (id, code, name, short_name, kind, path, depth, is_grassroots, "
                               "is_small_collective, valid_from, valid_to, search_key, parent_id) FROM STDIN") as cp:
            cp.write("".join(lines))
        with raw.cursor().copy("COPY org_person (id, full_name, search_key, sex, ethnicity, is_direct_worker, "
                               "is_deceased, created_at, updated_at, unit_id) FROM STDIN") as cp:
            buf = []
            for i in range(1, PEOPLE + 1):
                buf.append(f"{i}\tNgười {i}\tnguoi {i}\t{'F' if i % 2 else 'M'}\t{rnd.choice(ETHNICITIES)}\t"
                           f"{'t' if i % 5 < 3 else 'f'}\tf\t2024-01-01 00:00+07\t2024-01-01 00:00+07\t"
                           f"{12 + i % 1990}\n")
                if len(buf) == 100_000:
                    cp.write("".join(buf))
                    buf = []
            cp.write("".join(buf))
        with raw.cursor().copy("COPY org_collective (id, name, is_small, search_key, unit_id) FROM STDIN") as cp:
            cp.write("".join(f"{i}\tTập thể {i}\t{'t' if i % 3 == 0 else 'f'}\ttap the {i}\t{12 + i % 1990}\n"
                             for i in range(1, COLLECTIVES + 1)))
        for seq, table in (("org_unit_id_seq", "org_unit"), ("org_person_id_seq", "org_person"),
                           ("org_collective_id_seq", "org_collective")):
            cur.execute(f"SELECT setval('{seq}', (SELECT max(id) FROM {table}))")
        # Drop what the load does not need (see the docstring).
        cur.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'registry_award' "
                    "AND indexname NOT IN ('registry_award_pkey', 'registry_award_person_id_7945db88')")
        for (name,) in cur.fetchall():
            cur.execute(f'DROP INDEX "{name}"')
        cur.execute("SELECT conname FROM pg_constraint WHERE conrelid = 'registry_award'::regclass AND contype = 'f'")
        for (name,) in cur.fetchall():
            cur.execute(f'ALTER TABLE registry_award DROP CONSTRAINT "{name}"')
        cur.execute("ALTER TABLE registry_award DISABLE TRIGGER factchange_registry_award_ins")
    _commit()
    return time.perf_counter() - t0, kinds


def award_lines(start: int, n: int, rnd: random.Random, unit_flags: dict[int, int]) -> str:
    buf = []
    for i in range(start, start + n):
        year = 2016 + i % 10
        r = rnd.random()
        level, code = (("state", STATE_CODES[i % 4]) if r < 0.01 else
                       ("province", PROVINCE_CODES[i % 10]) if r < 0.2 else
                       ("grassroots", GRASSROOTS_CODES[i % 10]))
        offset, month = MONTHS[i % len(MONTHS)]
        if rnd.random() < 0.7:
            pid = rnd.randrange(PEOPLE) + 1
            unit = 12 + pid % 1990
            subject = f"{pid}\t\\N"
            direct = "t" if pid % 5 < 3 else "f"
            gr = sm = "f"
        else:
            cid = rnd.randrange(COLLECTIVES) + 1
            unit = 12 + cid % 1990
            subject = f"\\N\t{cid}"
            direct = "f"
            gr, sm = ("t", "f") if unit_flags.get(unit, 1) == 1 else ("f", "t")
        status = "retracted" if i % 997 == 0 else "valid"
        amount = "\\N" if level == "grassroots" else str(500_000 + 100_000 * (i % 7))
        buf.append(f"{subject}\t{code}\t{year}\tannual\t{level}\t{i}/QĐ\t{year + offset}-{month:02d}-15\tUBND\t"
                   f"{amount}\t{status}\t\tdemo\t{unit}\tX\t\t{direct}\t{gr}\t{sm}\tf\t{MOVEMENTS[i % 6]}\t"
                   "2024-01-01 00:00+07\n")
    return "".join(buf)


def copy_awards(start: int, rows: int, chunk: int, rnd: random.Random, unit_flags: dict[int, int], *,
                progress: bool = True) -> float:
    """COPY ``rows`` awards numbered from ``start``, one statement (and commit) per chunk; returns the
    time spent in COPY (not in generating the lines)."""
    from django.db import connection

    spent = 0.0
    done = 0
    t1 = time.perf_counter()
    with connection.cursor() as cur:
        raw = cur.connection
        while done < rows:
            n = min(chunk, rows - done)
            text = award_lines(start + done, n, rnd, unit_flags)
            t = time.perf_counter()
            with raw.cursor().copy(f"COPY registry_award ({AWARD_COLS}) FROM STDIN") as cp:
                cp.write(text)
            _commit()
            spent += time.perf_counter() - t
            done += n
            if progress:
                print(f"# {done:,} awards, {time.perf_counter() - t1:.1f} s (COPY {spent:.1f} s)", flush=True)
    return spent


def set_tally_triggers(enabled: bool) -> None:
    from django.db import connection

    with connection.cursor() as cur:
        for name in TALLY_TRIGGERS:
            cur.execute(f"ALTER TABLE registry_award {'ENABLE' if enabled else 'DISABLE'} TRIGGER {name}")
    _commit()


def tally_sizes() -> dict[str, tuple[int, int]]:
    """Per tally: (rows, bytes incl. indexes)."""
    from django.db import connection

    from thidua.reports.summary_sql import TABLES

    out = {}
    with connection.cursor() as cur:
        for table in TABLES:
            cur.execute(f"SELECT count(*), pg_total_relation_size('{table}') FROM {table}")
            rows, size = cur.fetchone()
            out[table] = (int(rows), int(size))
    return out


def tally_checksum() -> list[tuple[Any, ...]]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT year, level, sum(n), sum(amount), sum(n_male), sum(n_female) FROM reports_awardtally "
                    "GROUP BY 1, 2 ORDER BY 1, 2")
        award = cur.fetchall()
        cur.execute("SELECT year, ethnicity, sum(n) FROM reports_ethnicitytally GROUP BY 1, 2 ORDER BY 1, 2")
        eth = cur.fetchall()
        cur.execute("SELECT year, movement, sum(n), sum(amount) FROM reports_movementtally GROUP BY 1, 2 ORDER BY 1, 2")
        return award + eth + cur.fetchall()


def trigger_cost(start: int, sample: int, rnd: random.Random, unit_flags: dict[int, int], rounds: int = 3) -> None:
    """COPY ``sample`` awards with the tally triggers on and delete them; again with the triggers off.
    The median of ``rounds`` rounds (the machine is shared: one round is noisy)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT max(id) FROM registry_award")
        last_id = cur.fetchone()[0]

    def timed_delete() -> float:
        t = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute("DELETE FROM registry_award WHERE id > %s", [last_id])
        _commit()
        return time.perf_counter() - t

    ins, dels = [], []
    for _ in range(rounds):
        on = copy_awards(start, sample, sample, rnd, unit_flags, progress=False)
        on_del = timed_delete()
        set_tally_triggers(False)
        try:
            off = copy_awards(start, sample, sample, rnd, unit_flags, progress=False)
            off_del = timed_delete()
        finally:
            set_tally_triggers(True)
        print(f"# {sample:,}-row COPY: {on:.2f} s with the tally triggers, {off:.2f} s without; "
              f"DELETE: {on_del:.2f} s with, {off_del:.2f} s without", flush=True)
        ins.append((on - off) / sample * 1e6)
        dels.append((on_del - off_del) / sample * 1e6)
    bench_line("stats_trigger_us_per_award", statistics.median(ins), "us")
    bench_line("stats_trigger_delete_us_per_award", statistics.median(dels), "us")


def median_time(fn: Callable[[], Any], runs: int = 5) -> float:
    fn()  # warm-up: catalog names, plans, caches
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=int(os.environ.get("BENCH_STATS_ROWS", "10000000")))
    ap.add_argument("--chunk", type=int, default=1_000_000)
    ap.add_argument("--load", choices=("triggers", "rebuild"), default="rebuild")
    ap.add_argument("--trigger-sample", type=int, default=100_000)
    ap.add_argument("--keep", action="store_true", help="keep the database thidua_bench_stats")
    args = ap.parse_args()
    url = setup_django("pg", name="bench_stats")
    try:
        run(args)
    finally:
        if not args.keep:
            drop_database(url)


def drop_database(url: str) -> None:
    from urllib.parse import urlparse

    import psycopg
    from django.db import connections

    connections.close_all()
    parsed = urlparse(url)
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parsed.path.lstrip("/")}" WITH (FORCE)')
    print(f"# dropped {parsed.path.lstrip('/')} (--keep keeps it)", flush=True)


def run(args: argparse.Namespace) -> None:
    from django.db import connection

    from thidua.accounts.models import User
    from thidua.reports.selectors import Period, trend, year_statistics
    from thidua.reports.services import rebuild_summaries

    t_ref, unit_flags = load_reference()
    print(f"# reference data (units, people, collectives): {t_ref:.1f} s", flush=True)
    rnd = random.Random(2022)
    if args.load == "rebuild":
        set_tally_triggers(False)
    t0 = time.perf_counter()
    copy_s = copy_awards(0, args.rows, args.chunk, rnd, unit_flags)
    if args.load == "rebuild":
        set_tally_triggers(True)
        result = rebuild_summaries(by="bench")
        print(f"# {result.summary()}", flush=True)
        bench_line("stats_rebuild_pg_s", result.seconds, "s")
        bench_line("stats_load_pg_s", copy_s + result.seconds, "s")
    else:
        from thidua.reports.summary_sql import TABLES

        with connection.cursor() as cur:
            cur.execute(f"ANALYZE registry_award, {', '.join(TABLES)}")
        bench_line("stats_load_pg_s", copy_s, "s")
    print(f"# load mode {args.load}: {args.rows:,} awards, COPY {copy_s:.1f} s "
          f"(wall {time.perf_counter() - t0:.1f} s incl. generating the rows in Python)", flush=True)
    for table, (rows, size) in tally_sizes().items():
        print(f"# {table}: {rows:,} rows, {size / 2**20:.1f} MiB", flush=True)
        bench_line(f"stats_{table.removeprefix('reports_')}_rows", rows, "rows")

    chair = User.objects.create_user(username="chu-tich", password="x", role="chair")
    clerk = User.objects.create_user(username="can-bo", password="x", role="clerk", unit_id=2)
    bench_line("stats_10m_pg_s", median_time(lambda: year_statistics(chair, Period(2022))), "s")
    stats = year_statistics(chair, Period(2022))
    print(f"# 2022: {stats.total:,} awards, provincial {stats.level_counts['province']:,}, share {stats.share.text}, "
          f"{len(stats.by_unit)} units, {len(stats.by_commune)} communes", flush=True)
    bench_line("stats_10m_pg_district_s",
               median_time(lambda: year_statistics(clerk, Period(2022, "statistics"))), "s")
    bench_line("stats_10m_pg_trend_s",
               median_time(lambda: trend(chair, years=list(range(2015, 2023)), mode="statistics")), "s")

    if args.load == "triggers":
        before = tally_checksum()
        result = rebuild_summaries(by="bench")
        print(f"# {result.summary()} Same totals as the triggers built: {tally_checksum() == before}", flush=True)
        bench_line("stats_rebuild_pg_s", result.seconds, "s")
    trigger_cost(args.rows, args.trigger_sample, rnd, unit_flags)


if __name__ == "__main__":
    main()
