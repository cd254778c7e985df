"""The year's statistics over 10,000,000 registry rows on PostgreSQL.

    .venv/bin/python bench/bench_stats.py [--rows N] [--chunk N]

Loads a fresh PostgreSQL database with COPY: 2,001 units, 500,000 people, 20,000 collectives and
N awards (default 10,000,000) over 2016–2025, in chunks (one COPY statement each), with the reports
summary trigger ON — so the summary is maintained the way production maintains it. To keep the load
short, the award table's secondary indexes and foreign keys are dropped before loading (the
statistics call reads only the summary table) and the eligibility fact-change trigger on awards
is disabled (it belongs to another feature). Then times ``year_statistics`` for 2022 as a
province-wide user (median of 5, after one warm-up call) and a clerk of one district.
Prints ``BENCH stats_10m_pg_s``, the load time and the summary size; never asserts.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time

from _common import bench_line, setup_django

ETHNICITIES = ["Nùng"] * 43 + ["Tày"] * 35 + ["Kinh"] * 16 + ["Dao"] * 4 + ["Sán Chay", "Mông"]
GRASSROOTS_CODES = ["LAO_DONG_TIEN_TIEN"] * 7 + ["CSTD_CO_SO", "GIAY_KHEN", "GIAY_KHEN"]
PROVINCE_CODES = ["BK_TINH"] * 6 + ["CSTD_TINH", "CSTD_TINH", "TT_LD_XUAT_SAC", "CO_THI_DUA_TINH"]
STATE_CODES = ["BK_TTG", "BK_TTG", "HC_LAO_DONG_3", "CSTD_TOAN_QUOC"]
MOVEMENTS = ["", "", "", "", "Cả nước chung sức xây dựng nông thôn mới", "Vì người nghèo"]


def load(rows: int, chunk: int) -> tuple[float, int]:
    from django.db import connection

    rnd = random.Random(2022)
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        raw = cur.connection
        # units: province, 10 districts, 200 communes (grassroots), 1,790 agencies/schools/sub-units
        lines = ["1\tP\tTỉnh Lạng Sơn\t\tprovince\t/1/\t0\tf\tf\t2000-01-01\t\\N\ttinh lang son\t\\N\n"]
        kinds: list[tuple[int, int]] = []
        for i in range(2, 12):
            lines.append(f"{i}\tD{i}\tHuyện {i}\t\tdistrict\t/1/{i}/\t1\tf\tf\t2000-01-01\t\\N\thuyen {i}\t1\n")
        for i in range(12, 212):
            d = 2 + i % 10
            lines.append(f"{i}\tC{i}\tXã {i}\t\tcommune\t/1/{d}/{i}/\t2\tt\tf\t2000-01-01\t\\N\txa {i}\t{d}\n")
            kinds.append((i, 1))
        for i in range(212, 2002):
            c = 12 + i % 200
            d = 2 + c % 10
            small = i % 3 == 0
            kind = "sub_unit" if small else "school"
            lines.append(f"{i}\tA{i}\tĐơn vị {i}\t\t{kind}\t/1/{d}/{c}/{i}/\t3\t{'f' if small else 't'}\t"
                         f"{'t' if small else 'f'}\t2000-01-01\t\\N\tdon vi {i}\t{c}\n")
            kinds.append((i, 2 if small else 1))
        with raw.cursor().copy("COPY org_unit (id, code, name, short_name, kind, path, depth, is_grassroots, "
                               "is_small_collective, valid_from, valid_to, search_key, parent_id) FROM STDIN") as cp:
            cp.write("".join(lines))
        people = 500_000
        with raw.cursor().copy("COPY org_person (id, full_name, search_key, sex, ethnicity, is_direct_worker, "
                               "is_deceased, created_at, updated_at, unit_id) FROM STDIN") as cp:
            buf = []
            for i in range(1, people + 1):
                buf.append(f"{i}\tNgười {i}\tnguoi {i}\t{'F' if i % 2 else 'M'}\t{rnd.choice(ETHNICITIES)}\t"
                           f"{'t' if i % 5 < 3 else 'f'}\tf\t2024-01-01 00:00+07\t2024-01-01 00:00+07\t"
                           f"{12 + i % 1990}\n")
                if len(buf) == 100_000:
                    cp.write("".join(buf))
                    buf = []
            cp.write("".join(buf))
        colls = 20_000
        with raw.cursor().copy("COPY org_collective (id, name, is_small, search_key, unit_id) FROM STDIN") as cp:
            cp.write("".join(f"{i}\tTập thể {i}\t{'t' if i % 3 == 0 else 'f'}\ttap the {i}\t{12 + i % 1990}\n"
                             for i in range(1, colls + 1)))
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
    connection.commit() if not connection.get_autocommit() else None
    t_ref = time.perf_counter() - t0
    print(f"# reference data (units, people, collectives): {t_ref:.1f} s", flush=True)
    cols = ("person_id, collective_id, code, year, kind, level, decision_number, decision_date, issuer, amount_vnd, "
            "status, retraction_reason, source, unit_id, subject_name, subject_title, is_direct_worker, "
            "is_grassroots_unit, is_small_collective, is_posthumous, movement, created_at")
    unit_flags = dict(kinds)
    unit_ids = [u for u, _ in kinds]
    t1 = time.perf_counter()
    done = 0
    with connection.cursor() as cur:
        raw = cur.connection
        while done < rows:
            n = min(chunk, rows - done)
            buf = []
            for i in range(done, done + n):
                year = 2016 + i % 10
                r = rnd.random()
                level, code = (("state", STATE_CODES[i % 4]) if r < 0.01 else
                               ("province", PROVINCE_CODES[i % 10]) if r < 0.2 else
                               ("grassroots", GRASSROOTS_CODES[i % 10]))
                month = "12" if i % 7 == 0 else "01"
                dyear = year if month == "12" else year + 1
                if rnd.random() < 0.7:
                    pid = rnd.randrange(people) + 1
                    unit = 12 + pid % 1990
                    subject = f"{pid}\t\\N"
                    direct = "t" if pid % 5 < 3 else "f"
                    gr = sm = "f"
                else:
                    cid = rnd.randrange(colls) + 1
                    unit = 12 + cid % 1990
                    subject = f"\\N\t{cid}"
                    direct = "f"
                    flag = unit_flags.get(unit, 1)
                    gr, sm = ("t", "f") if flag == 1 else ("f", "t")
                status = "retracted" if i % 997 == 0 else "valid"
                buf.append(f"{subject}\t{code}\t{year}\tannual\t{level}\t{i}/QĐ\t{dyear}-{month}-15\tUBND\t"
                           f"\\N\t{status}\t\tdemo\t{unit}\tX\t\t{direct}\t{gr}\t{sm}\tf\t{MOVEMENTS[i % 6]}\t"
                           "2024-01-01 00:00+07\n")
            with raw.cursor().copy(f"COPY registry_award ({cols}) FROM STDIN") as cp:
                cp.write("".join(buf))
            connection.commit() if not connection.get_autocommit() else None
            done += n
            print(f"# {done:,} awards loaded, {time.perf_counter() - t1:.1f} s", flush=True)
        del unit_ids
        cur.execute("ANALYZE reports_awardsummary")
        cur.execute("SELECT count(*) FROM reports_awardsummary")
        summary_rows = cur.fetchone()[0]
    return t_ref + (time.perf_counter() - t1), summary_rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=int(os.environ.get("BENCH_STATS_ROWS", "10000000")))
    ap.add_argument("--chunk", type=int, default=1_000_000)
    args = ap.parse_args()
    setup_django("pg", name="bench_stats")
    from thidua.accounts.models import User
    from thidua.reports.selectors import Period, year_statistics

    load_s, summary_rows = load(args.rows, args.chunk)
    bench_line("stats_load_pg_s", load_s, "s")
    bench_line("stats_summary_rows", summary_rows, "rows")
    chair = User.objects.create_user(username="chu-tich", password="x", role="chair")
    clerk = User.objects.create_user(username="can-bo", password="x", role="clerk", unit_id=2)
    year_statistics(chair, Period(2022))  # warm-up: catalog names, plans, caches
    times = []
    for _ in range(5):
        t = time.perf_counter()
        stats = year_statistics(chair, Period(2022))
        times.append(time.perf_counter() - t)
    bench_line("stats_10m_pg_s", statistics.median(times), "s")
    print(f"# 2022: {stats.total} awards, provincial {stats.level_counts['province']}, share {stats.share.text}")
    times = []
    for _ in range(5):
        t = time.perf_counter()
        year_statistics(clerk, Period(2022, "statistics"))
        times.append(time.perf_counter() - t)
    bench_line("stats_10m_pg_district_s", statistics.median(times), "s")


if __name__ == "__main__":
    main()
