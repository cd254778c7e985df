"""Load-test machinery shared by the HTTP benchmarks (deadline day, portal): gunicorn on 127.0.0.1
with a trivial ``/__ceiling__/`` view added through a temporary settings/URL module (the
application code is untouched), a thread-pool closed-loop generator, p95 and the server's CPU.

Never asserts time; the benchmarks print ``BENCH`` lines through ``_common.bench_line``.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from _common import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int, url: str, *, threads: int = 1, workers: int = 2, prefix: str = "thidua-load-",
                 env: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], Path]:
    """gunicorn with ``workers`` sync workers (``threads`` > 1: gthread) against the database ``url``."""
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    (tmp / "load_bench_settings.py").write_text(
        'from thidua.settings import *  # noqa: F403\nROOT_URLCONF = "load_bench_urls"\n')
    (tmp / "load_bench_urls.py").write_text(textwrap.dedent("""\
        from django.http import HttpResponse
        from django.urls import include, path

        urlpatterns = [path("__ceiling__/", lambda request: HttpResponse("ok")), path("", include("thidua.urls"))]
        """))
    full_env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "load_bench_settings",
                "PYTHONPATH": os.pathsep.join([str(tmp), str(ROOT / "src")]), "THIDUA_ENV": "development", "DEBUG": "0",
                "ALLOWED_HOSTS": "127.0.0.1", "THIDUA_VAR": str(tmp), **(env or {})}
    cmd = [sys.executable, "-m", "gunicorn", "thidua.wsgi:application", "--workers", str(workers),
           "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--backlog", "256"]
    if threads > 1:
        cmd += ["--threads", str(threads)]
    proc = subprocess.Popen(cmd, env=full_env, cwd=tmp)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/__ceiling__/")
            if conn.getresponse().status == 200:
                return proc, tmp
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("gunicorn did not start")


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.errors = 0
        self.first_error = ""
        self.counts: dict[str, int] = {}

    def add(self, ms: float, ok: bool, what: str = "") -> None:
        with self.lock:
            self.latencies.append(ms)
            if not ok:
                self.errors += 1
                self.first_error = self.first_error or what

    def count(self, name: str, n: int = 1) -> None:
        with self.lock:
            self.counts[name] = self.counts.get(name, 0) + n


def request(conn: http.client.HTTPConnection, stats: Stats, method: str, path: str, cookies: str,
            body: str | None = None, headers: dict[str, str] | None = None) -> bytes:
    all_headers = {"Cookie": cookies, "Host": "127.0.0.1", **(headers or {})}
    if body is not None:
        all_headers["Content-Type"] = "application/x-www-form-urlencoded"
    start = time.perf_counter()
    try:
        conn.request(method, path, body=body, headers=all_headers)
        resp = conn.getresponse()
        data = resp.read()
        ok = 200 <= resp.status < 400
        stats.add((time.perf_counter() - start) * 1000, ok, f"{method} {path} → {resp.status}")
        return data if ok else b""
    except (OSError, http.client.HTTPException) as exc:
        stats.add((time.perf_counter() - start) * 1000, False, f"{method} {path} → {exc!r}")
        conn.close()
        return b""


def ceiling_loop(port: int, stats: Stats, stop_at: float) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while time.perf_counter() < stop_at:
        request(conn, stats, "GET", "/__ceiling__/", "")
    conn.close()


def run(target: Callable[..., None], args: list[tuple[Any, ...]], seconds: float) -> tuple[Stats, float]:
    """Closed loop: one thread per tuple of ``args``, each calling ``target(*a, stats, stop_at)``."""
    stats = Stats()
    start = time.perf_counter()
    stop_at = start + seconds
    with ThreadPoolExecutor(max_workers=len(args)) as pool:
        for f in [pool.submit(target, *a, stats, stop_at) for a in args]:
            f.result()
    return stats, time.perf_counter() - start


def server_cpu_seconds(proc: subprocess.Popen[bytes]) -> float:
    """User + system CPU of gunicorn's workers so far (Linux /proc), to tell the server's cost per
    request apart from the load generator's, which shares the same cores."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in [proc.pid, *Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()]:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def p95(values: list[float]) -> float:
    return percentile(values, 0.95)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else 0.0
