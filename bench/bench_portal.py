"""The public honours board under load: 32 anonymous visitors in a closed loop against gunicorn
with 2 worker processes on PostgreSQL, every page served from the shared cache after its first
hit; then the bare framework's ceiling in the same server run. Prints BENCH lines; never asserts.

    .venv/bin/python bench/bench_portal.py                 # BENCH_PG_URL / DATABASE_URL, else local PG
    PORTAL_SECONDS=15 PORTAL_CONNECTIONS=32 PORTAL_PEOPLE=20000 PORTAL_CACHE_URL=db:// \\
        .venv/bin/python bench/bench_portal.py

The registry is the demo province (``thidua.demo``, ``PORTAL_PEOPLE`` people: 8,000 by default,
several thousand awards a year). The query mix is what visitors type into the board: no filter,
each year, a unit, a form, a year with a form, names with and without diacritics (real names of
the registry, whole and family name only), later pages of the long lists. Each URL is requested
once before the measured run (the "first hit"), so the run measures the cached path. One in eight
visitors reads in English (language cookie); half carry a CSRF cookie as a returning browser does.
The cache is what production uses by default (``db://``, the database cache shared by the
workers); ``PORTAL_CACHE_URL=locmem://`` or ``redis://…`` to compare.
"""

from __future__ import annotations

import http.client
import os
import random
import time
from typing import Any
from urllib.parse import urlencode, urlparse

from _common import PG_URL, bench_line, setup_django
from _load import (
    Stats,
    ceiling_loop,
    free_port,
    p95,
    percentile,
    request,
    run,
    server_cpu_seconds,
    start_server,
)


def reuse_pg(name: str) -> str:
    url = urlparse(PG_URL)._replace(path=f"/thidua_{name}").geturl()
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    import django

    django.setup()
    return url


DB_NAME = os.environ.get("PORTAL_DB_NAME", "portal")
# PORTAL_REUSE_DB=1: keep the database a previous run built (the demo build takes a minute).
URL = setup_django("pg", name=DB_NAME) if not os.environ.get("PORTAL_REUSE_DB") else reuse_pg(DB_NAME)

from django.utils.crypto import get_random_string  # noqa: E402

from thidua.core.text import search_key  # noqa: E402
from thidua.registry.models import Award, AwardStatus  # noqa: E402

CONNECTIONS = int(os.environ.get("PORTAL_CONNECTIONS", "32"))
SECONDS = float(os.environ.get("PORTAL_SECONDS", "15"))
CEILING_SECONDS = float(os.environ.get("PORTAL_CEILING_SECONDS", "5"))
PEOPLE = int(os.environ.get("PORTAL_PEOPLE", "8000"))
CACHE_URL = os.environ.get("PORTAL_CACHE_URL", "db://")
BOARD = "/cong-khai/vinh-danh/"


def build_registry() -> dict[str, float]:
    from thidua.demo.build import build_demo
    from thidua.portal.services import seed_news

    started = time.perf_counter()
    build_demo(people=PEOPLE)
    seed_news()
    valid = Award.objects.filter(status=AwardStatus.VALID)
    years = list(valid.values_list("year", flat=True).distinct())
    return {"seconds": time.perf_counter() - started, "awards": valid.count(), "years": len(years)}


def board_urls(rng: random.Random) -> list[str]:
    """The mix of query strings visitors send to the board (each a distinct cache entry)."""
    from thidua.org.models import Unit

    valid = Award.objects.filter(status=AwardStatus.VALID)
    years = sorted(valid.values_list("year", flat=True).distinct(), reverse=True)
    codes = sorted(valid.values_list("code", flat=True).distinct())
    units = list(Unit.objects.filter(parent__isnull=False, parent__parent__isnull=True)
                 .order_by("path").values_list("id", flat=True)[:20])
    names = sorted({n for n in valid.exclude(person_id=None).values_list("subject_name", flat=True)[:5000] if n})
    picked = rng.sample(names, min(30, len(names)))
    queries: list[dict[str, Any]] = [{}]
    queries += [{"nam": y} for y in years]
    queries += [{"don_vi": u} for u in units]
    queries += [{"hinh_thuc": c} for c in codes]
    queries += [{"nam": y, "hinh_thuc": c} for y in years[:3] for c in codes[:6]]
    queries += [{"nam": years[0], "don_vi": u} for u in units[:8]]
    for name in picked[:15]:
        queries.append({"q": name})  # with diacritics, as typed by most
    for name in picked[15:]:
        queries.append({"q": search_key(name)})  # without diacritics
    for family in sorted({n.split()[0] for n in picked})[:6]:
        queries += [{"q": family}, {"q": search_key(family)}]
    queries += [{"trang": p} for p in range(2, 12)]
    queries += [{"nam": years[1], "trang": p} for p in range(2, 6)]
    return [BOARD + ("?" + urlencode(q) if q else "") for q in queries]


def visitor_loop(port: int, urls: list[str], cookies: str, stats: Stats, stop_at: float) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    i = 0
    while time.perf_counter() < stop_at:
        request(conn, stats, "GET", urls[i % len(urls)], cookies)
        i += 1
    conn.close()


def visitors(port: int, urls: list[str], rng: random.Random) -> list[tuple[Any, ...]]:
    out = []
    for v in range(CONNECTIONS):
        cookies = []
        if v % 2:
            cookies.append(f"csrftoken={get_random_string(32)}")
        if v % 8 == 7:
            cookies.append("django_language=en")
        own = urls[:]
        rng.shuffle(own)
        out.append((port, own, "; ".join(cookies)))
    return out


def main() -> None:
    rng = random.Random(6)
    registry = build_registry()
    urls = board_urls(rng)
    bench_line("honours_board_registry_awards", registry["awards"], "rows")
    bench_line("honours_board_registry_years", registry["years"], "count")
    bench_line("honours_board_distinct_urls", len(urls), "count")
    port = free_port()
    proc, _tmp = start_server(port, URL, prefix="thidua-portal-", env={"THIDUA_CACHE_URL": CACHE_URL})
    try:
        first = Stats()  # the first hit of every URL, in both languages: builds the cache
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for url in urls:
            for cookies in ("", "django_language=en"):
                request(conn, first, "GET", url, cookies)
        conn.close()
        bench_line("honours_board_first_hit_p50_ms", percentile(first.latencies, 0.5), "ms")
        bench_line("honours_board_first_hit_errors", first.errors, "count")
        cpu_before = server_cpu_seconds(proc)
        stats, elapsed = run(visitor_loop, visitors(port, urls, rng), SECONDS)
        cpu_per_request = (server_cpu_seconds(proc) - cpu_before) * 1000 / max(1, len(stats.latencies))
        bench_line("honours_board_p95_ms", p95(stats.latencies), "ms")
        bench_line("honours_board_p50_ms", percentile(stats.latencies, 0.5), "ms")
        bench_line("honours_board_errors", stats.errors, "count")
        bench_line("honours_board_rps", len(stats.latencies) / elapsed, "req/s")
        bench_line("honours_board_requests", len(stats.latencies), "count")
        bench_line("honours_board_server_cpu_per_request_ms", cpu_per_request, "ms")
        if stats.first_error or first.first_error:
            print(f"first error: {stats.first_error or first.first_error}", flush=True)
        cpu_before = server_cpu_seconds(proc)
        ceiling, c_elapsed = run(ceiling_loop, [(port,)] * CONNECTIONS, CEILING_SECONDS)
        ceiling_cpu = (server_cpu_seconds(proc) - cpu_before) * 1000 / max(1, len(ceiling.latencies))
        bench_line("portal_framework_ceiling_rps", len(ceiling.latencies) / c_elapsed, "req/s")
        bench_line("portal_framework_ceiling_p95_ms", p95(ceiling.latencies), "ms")
        bench_line("portal_framework_ceiling_errors", ceiling.errors, "count")
        bench_line("portal_framework_ceiling_server_cpu_per_request_ms", ceiling_cpu, "ms")
    finally:
        proc.terminate()
        proc.wait(timeout=20)


if __name__ == "__main__":
    main()
