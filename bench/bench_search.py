"""Person search on 1,000,000 people: median of 200 realistic queries, SQLite and PostgreSQL.

    .venv/bin/python bench/bench_search.py [sqlite|pg|both] [--people N]

Fills a fresh database with fast paths (executemany on SQLite, COPY on PostgreSQL), builds the
word-start name index the same way ``rebuild_search_index`` does, then times
``thidua.org.selectors.search_people`` as a province-wide user. Prints
``BENCH person_search_1m_<db>_ms`` (median) plus p95 and the load time; never asserts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator

from _common import bench_line, setup_django

FAMILY = (["Nguyễn"] * 12 + ["Hoàng"] * 8 + ["Nông"] * 5 + ["Lương"] * 3 + ["Vi"] * 3 + ["Lộc"] * 3
          + ["Hà", "Lăng", "Chu", "Triệu", "Mã", "Đinh", "Lý", "Trần", "Lê", "Phạm", "Vũ", "Đoàn", "Hồ", "Tô",
             "Dương", "Ngô", "Bế", "Hứa", "Đàm", "Lành", "Nịnh", "Sầm", "Dương", "Bùi", "Đặng", "Phùng"])
MIDDLE = ["Văn"] * 10 + ["Thị"] * 10 + ["Đức", "Thu", "Minh", "Ngọc", "Thanh", "Hữu", "Quang", "Lương",
                                        "Tiến", "Kim", "Hồng", "Xuân", "Thế", "Bích", "Mạnh", "Phương"]
GIVEN = ["An", "Bình", "Chấn", "Hà", "Hậu", "Nghiệm", "Thiệu", "Lan", "Mai", "Hùng", "Dũng", "Tuấn", "Hương",
         "Hoa", "Linh", "Nam", "Sơn", "Hải", "Long", "Phong", "Quân", "Trang", "Thảo", "Nga", "Yến", "Huệ",
         "Cường", "Đạt", "Thắng", "Lợi", "Tâm", "Toàn", "Hiếu", "Trung", "Kiên", "Vinh", "Khánh", "Duy",
         "Giang", "Hạnh", "Liên", "Loan", "Nhung", "Oanh", "Phượng", "Quyên", "Thúy", "Vân", "Xuyến", "Ánh",
         "Bắc", "Chiến", "Điệp", "Hoàn", "Khải", "Lâm", "Mừng", "Nhất", "Pao", "Sáng", "Tình", "Ước", "Vượng"]


def names(n: int, seed: int = 20250701) -> Iterator[str]:
    rnd = random.Random(seed)
    for _ in range(n):
        parts = [rnd.choice(FAMILY), rnd.choice(MIDDLE)]
        if rnd.random() < 0.25:
            parts.append(rnd.choice(MIDDLE))
        parts.append(rnd.choice(GIVEN))
        yield " ".join(parts)


def queries(seed: int = 7) -> list[str]:
    """200 queries as clerks type them: full names, family+middle, a given name alone, any case/diacritics."""
    rnd = random.Random(seed)
    out: list[str] = []
    sample = list(names(2000, seed=99))
    for i in range(200):
        name = rnd.choice(sample)
        words = name.split()
        kind = i % 4
        if kind == 0:
            q = name
        elif kind == 1:
            q = " ".join(words[:2])
        elif kind == 2:
            q = words[-1]
        else:
            q = " ".join(words[-2:])
        style = rnd.random()
        if style < 0.3:
            from thidua.core.text import search_key

            q = search_key(q)
        elif style < 0.45:
            q = q.upper()
        out.append(q)
    return out


TABLES = ("org_person", "org_personnamesuffix")


def load(n: int) -> float:
    from django.db import connection, transaction

    from thidua.core.text import search_key
    from thidua.org.models import name_suffixes

    started = time.perf_counter()
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    rnd = random.Random(1)
    people = []
    suffixes = []
    for pk, full in enumerate(names(n), start=1):
        key = search_key(full)
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=rnd.randrange(365 * 50))
        people.append((pk, full, key, birth, "M" if rnd.random() < 0.5 else "F", now, now))
        suffixes += [(s, pk) for s in name_suffixes(key)]
    cols = "(id, full_name, search_key, birth_date, sex, ethnicity, is_direct_worker, is_deceased, created_at, updated_at)"
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("PRAGMA journal_mode=MEMORY")
            cur.execute("PRAGMA synchronous=OFF")
            cur.execute("PRAGMA cache_size=-400000")
    with transaction.atomic(), connection.cursor() as cur:
        if connection.vendor == "postgresql":
            # Fast path: no FK triggers, indexes and unique constraints rebuilt once after COPY.
            cur.execute("SET LOCAL session_replication_role = replica")
            cur.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
                        "AND indexname NOT IN (SELECT conname FROM pg_constraint)", [list(TABLES)])
            plain = cur.fetchall()
            cur.execute("SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                        "WHERE conrelid::regclass::text = ANY(%s) AND contype = 'u'", [list(TABLES)])
            uniques = cur.fetchall()
            for name, _ in plain:
                cur.execute(f'DROP INDEX "{name}"')
            for table, name, _ in uniques:
                cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            with cur.cursor.copy(f"COPY org_person {cols} FROM STDIN") as copy:  # type: ignore[attr-defined]
                for pk, full, key, birth, sex, c, u in people:
                    copy.write_row((pk, full, key, birth, sex, "Tày", False, False, c, u))
            with cur.cursor.copy("COPY org_personnamesuffix (suffix, person_id) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in suffixes:
                    copy.write_row(row)
            for _, sql in plain:
                cur.execute(sql)
            for table, name, definition in uniques:
                cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            cur.execute("SELECT setval(pg_get_serial_sequence('org_person', 'id'), %s)", [n])
            cur.execute("ANALYZE org_person")
            cur.execute("ANALYZE org_personnamesuffix")
        else:
            # Fast path: no journal, no index maintenance row by row; indexes rebuilt once at the end.
            cur.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                        "AND tbl_name IN ('org_person', 'org_personnamesuffix')")
            index_sql = [row[0] for row in cur.fetchall()]
            cur.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                        "AND tbl_name IN ('org_person', 'org_personnamesuffix')")
            for (name,) in cur.fetchall():
                cur.execute(f'DROP INDEX "{name}"')
            cur.executemany(
                f"INSERT INTO org_person {cols} VALUES (%s, %s, %s, %s, %s, 'Tày', 0, 0, %s, %s)", people
            )
            cur.executemany("INSERT INTO org_personnamesuffix (suffix, person_id) VALUES (%s, %s)", suffixes)
            for sql in index_sql:
                cur.execute(sql)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    return time.perf_counter() - started


def run(db: str, n: int) -> None:
    setup_django(db, name="search")
    from thidua.accounts.models import User
    from thidua.org.selectors import search_people

    load_s = load(n)
    tag = f"{n // 1_000_000}m" if n >= 1_000_000 else f"{n // 1000}k"
    bench_line(f"person_search_load_{tag}_{db}_s", load_s, "s")
    user = User.objects.create_user(username="bench", password="x", role="admin")
    qs = queries()
    for q in qs[:5]:  # warm the cache as a running server would be
        search_people(user=user, query=q)
    times = []
    empty = 0
    for q in qs:
        t0 = time.perf_counter()
        found = search_people(user=user, query=q)
        times.append((time.perf_counter() - t0) * 1000)
        empty += not found
    times.sort()
    bench_line(f"person_search_{tag}_{db}_ms", statistics.median(times), "ms")
    bench_line(f"person_search_{tag}_{db}_p95_ms", times[int(len(times) * 0.95) - 1], "ms")
    bench_line(f"person_search_{tag}_{db}_empty_results", empty, "queries")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", nargs="?", default="both", choices=["sqlite", "pg", "both"])
    parser.add_argument("--people", type=int, default=1_000_000)
    args = parser.parse_args()
    if args.db == "both":
        # Django is configured once per process: one child per database.
        rc = 0
        for db in ("sqlite", "pg"):
            rc |= subprocess.call([sys.executable, __file__, db, "--people", str(args.people)])
        return rc
    run(args.db, args.people)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
