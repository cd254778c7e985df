"""Deadline day: 50 concurrent clerks listing and submitting dossiers against PostgreSQL through
gunicorn with 2 worker processes, then the bare framework's ceiling in the same server run.
Prints BENCH lines; never asserts time.

    .venv/bin/python bench/bench_deadline_day.py            # BENCH_PG_URL / DATABASE_URL, else local PG
    DEADLINE_SECONDS=20 DEADLINE_CLERKS=50 DEADLINE_THINK=0.5-1.5 DEADLINE_THREADS=1 \
        .venv/bin/python bench/bench_deadline_day.py

Three phases against one server run:
1. **Deadline day** (the issue's figure, ``deadline_day_*``): 50 clerks at once, each a person at a
   screen: GET the dossier list, think, GET its own dossier page, think, and on its first round the
   unit head's session opens the page and POSTs its «Trình hồ sơ» form (the fields the page renders:
   csrf token, version, action=submit). Think time is uniform in ``DEADLINE_THINK`` seconds (default
   0.5–1.5 s, mean 1 s — a clerk who clicks without reading; the same load as ≈ 500 clerks at a
   realistic 10 s between pages).
2. **Saturation** (``deadline_day_saturation_*``): the same 50 sessions with no think time at all (a
   closed loop, every clerk firing the next request the moment the last one returns): the most
   requests per second the application serves here, to set beside the framework's ceiling. Its p95 is
   50 ÷ throughput by Little's law, a queue length, not a user's wait on a busy day.
3. **Ceiling** (``framework_ceiling_*``): the same zero-think generator against a trivial view
   (``/__ceiling__/``) added through a settings and URL module written to a temporary folder, so the
   application code is untouched.
Sessions are made directly in the database session store (no password hashing in the loop). The load
generator runs on the same 2 cores as gunicorn and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import http.client
import os
import random
import time
from typing import Any
from urllib.parse import urlencode

from _common import bench_line, setup_django
from _load import Stats, ceiling_loop, free_port, p95, request, run, server_cpu_seconds, start_server

URL = setup_django("pg", name="deadline_day")

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402

from thidua.accounts.models import User  # noqa: E402
from thidua.core.text import search_key  # noqa: E402
from thidua.nominations import rounds  # noqa: E402
from thidua.nominations.completeness import missing_documents  # noqa: E402
from thidua.nominations.models import Document, DocumentKind, Dossier, Nominee  # noqa: E402
from thidua.org.models import Person, Unit  # noqa: E402

CLERKS = int(os.environ.get("DEADLINE_CLERKS", "50"))
SECONDS = float(os.environ.get("DEADLINE_SECONDS", "20"))
CEILING_SECONDS = float(os.environ.get("DEADLINE_CEILING_SECONDS", "8"))
SATURATION_SECONDS = float(os.environ.get("DEADLINE_SATURATION_SECONDS", "10"))
THINK_MIN, THINK_MAX = (float(x) for x in os.environ.get("DEADLINE_THINK", "0.5-1.5").split("-"))
THREADS = int(os.environ.get("DEADLINE_THREADS", "1"))  # gunicorn --threads per worker (1 = sync worker)
EXTRA_DOSSIERS = 4  # already submitted dossiers per unit, so the list has something to show
DOC_KINDS = [DocumentKind.PROPOSAL_LETTER, DocumentKind.UNIT_COUNCIL_MINUTES]
NOMINEE_DOC_KINDS = [DocumentKind.ACHIEVEMENT_REPORT, DocumentKind.INITIATIVE_CONFIRMATION]


def prepare() -> list[dict[str, Any]]:
    today = timezone.localdate()
    province = Unit.objects.create(code="LS", name="UBND tỉnh Lạng Sơn", kind="province")
    mk = User.objects.create_user
    specialist = mk(username="cv", password=None, role="specialist", unit=province)
    rnd = rounds.create_round(by=specialist, name="Tổng kết năm", kind="annual", year=today.year - 1,
                           accepted_codes=["GIAY_KHEN", "LAO_DONG_TIEN_TIEN"],
                           opens_on=today - dt.timedelta(days=20), closes_on=today,
                           step_deadlines={"receive": 1, "appraisal": 20, "council": 5, "signature": 5})
    clerks = []
    for i in range(CLERKS):
        unit = Unit.objects.create(code=f"DV{i:02d}", name=f"Đơn vị {i:02d}", kind="agency", parent=province)
        clerk = mk(username=f"vt{i}", password=None, role="clerk", unit=unit)
        head = mk(username=f"td{i}", password=None, role="unit_head", unit=unit)
        people = Person.objects.bulk_create([
            Person(full_name=f"Hoàng Văn {i}-{k}", search_key=search_key(f"Hoàng Văn {i}-{k}"), sex="M", unit=unit,
                   birth_date=dt.date(1985, 1, 1)) for k in range(3 * (EXTRA_DOSSIERS + 1))])
        dossiers = [Dossier.objects.create(round=rnd, unit=unit, title=f"Đề nghị khen thưởng {k} — {unit.name}",
                                           created_by=clerk, state="draft" if k == 0 else "submitted",
                                           submitted_at=None if k == 0 else timezone.now(),
                                           step_due_on=None if k == 0 else today)
                    for k in range(EXTRA_DOSSIERS + 1)]
        nominees = Nominee.objects.bulk_create([
            Nominee(dossier=d, person=people[k * 3 + j], award_code="GIAY_KHEN", position=j,
                    achievement_summary="Hoàn thành xuất sắc nhiệm vụ")
            for k, d in enumerate(dossiers) for j in range(3)])
        Document.objects.bulk_create(
            [Document(dossier=d, kind=kind, file=f"bench/{kind}.pdf", uploaded_by=clerk)
             for d in dossiers for kind in DOC_KINDS]
            + [Document(dossier=n.dossier, nominee=n, kind=kind, file=f"bench/{kind}.pdf", uploaded_by=clerk)
               for n in nominees for kind in NOMINEE_DOC_KINDS])
        clerks.append({"clerk": clerk, "head": head, "dossier": dossiers[0]})
    missing = missing_documents(clerks[0]["dossier"])
    assert not missing, [m.message for m in missing]
    return clerks


def session_cookie(user: Any) -> str:
    s = SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]  # [0] is django-axes (no get_user)
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s["thidua_2fa_ok"] = True
    s.create()
    return str(s.session_key)


def think(think_range: tuple[float, float], rnd: random.Random, stop_at: float) -> None:
    low, high = think_range
    if high > 0:
        time.sleep(max(0.0, min(rnd.uniform(low, high), stop_at - time.perf_counter())))


def clerk_loop(port: int, c: dict[str, Any], think_range: tuple[float, float], stats: Stats,
               stop_at: float) -> None:
    rnd = random.Random(c["dossier_id"])
    csrf = get_random_string(32)
    clerk_cookies = f"sessionid={c['clerk_session']}; csrftoken={csrf}"
    head_cookies = f"sessionid={c['head_session']}; csrftoken={csrf}"
    page = f"/ho-so/{c['dossier_id']}/"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    # clerks do not arrive in lock step: each starts somewhere in its first think time
    think((0.0, think_range[1]), rnd, stop_at)
    while time.perf_counter() < stop_at:
        request(conn, stats, "GET", "/ho-so/", clerk_cookies)
        think(think_range, rnd, stop_at)
        request(conn, stats, "GET", page, clerk_cookies)
        think(think_range, rnd, stop_at)
        if not c.get("submitted"):
            html = request(conn, stats, "GET", page, head_cookies).decode()
            think(think_range, rnd, stop_at)
            marker = 'name="version" value="'
            version = html[html.index(marker) + len(marker):].split('"', 1)[0] if marker in html else "1"
            body = urlencode({"csrfmiddlewaretoken": csrf, "version": version, "action": "submit"})
            if 'data-action="submit"' in html and request(conn, stats, "POST", page, head_cookies, body):
                stats.count("submits_ok")
            c["submitted"] = True
            think(think_range, rnd, stop_at)
    conn.close()


def main() -> None:
    clerks = prepare()
    for c in clerks:
        c["clerk_session"] = session_cookie(c["clerk"])
        c["head_session"] = session_cookie(c["head"])
        c["dossier_id"] = c["dossier"].pk
    port = free_port()
    proc, _tmp = start_server(port, URL, threads=THREADS, prefix="thidua-deadline-")
    try:
        # warm both workers (imports, templates, catalog) before measuring: list pages only, nothing submitted
        warm = Stats()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for c in clerks[:8]:
            request(conn, warm, "GET", "/ho-so/", f"sessionid={c['clerk_session']}")
        conn.close()
        cpu_before = server_cpu_seconds(proc)
        stats, elapsed = run(clerk_loop, [(port, c, (THINK_MIN, THINK_MAX)) for c in clerks], SECONDS)
        cpu_per_request = (server_cpu_seconds(proc) - cpu_before) * 1000 / max(1, len(stats.latencies))
        submitted = Dossier.objects.filter(pk__in=[c["dossier_id"] for c in clerks], state="submitted").count()
        print(f"deadline day: {CLERKS} clerks, think time {THINK_MIN:g}–{THINK_MAX:g} s, {SECONDS:g} s", flush=True)
        bench_line("deadline_day_p95_ms", p95(stats.latencies), "ms")
        bench_line("deadline_day_p50_ms", sorted(stats.latencies)[len(stats.latencies) // 2], "ms")
        bench_line("deadline_day_errors", stats.errors, "count")
        bench_line("deadline_day_rps", len(stats.latencies) / elapsed, "req/s")
        bench_line("deadline_day_requests", len(stats.latencies), "count")
        bench_line("deadline_day_submitted", submitted, "count")
        bench_line("deadline_day_server_cpu_per_request_ms", cpu_per_request, "ms")
        if stats.first_error:
            print(f"first error: {stats.first_error}", flush=True)
        saturation, s_elapsed = run(clerk_loop, [(port, c, (0.0, 0.0)) for c in clerks], SATURATION_SECONDS)
        bench_line("deadline_day_saturation_rps", len(saturation.latencies) / s_elapsed, "req/s")
        bench_line("deadline_day_saturation_p95_ms", p95(saturation.latencies), "ms")
        bench_line("deadline_day_saturation_errors", saturation.errors, "count")
        if saturation.first_error:
            print(f"first error (saturation): {saturation.first_error}", flush=True)
        ceiling, c_elapsed = run(ceiling_loop, [(port,)] * CLERKS, CEILING_SECONDS)
        bench_line("framework_ceiling_rps", len(ceiling.latencies) / c_elapsed, "req/s")
        bench_line("framework_ceiling_p95_ms", p95(ceiling.latencies), "ms")
        bench_line("framework_ceiling_errors", ceiling.errors, "count")
    finally:
        proc.terminate()
        proc.wait(timeout=20)


if __name__ == "__main__":
    main()
