"""Shared set-up for benchmarks: a fresh database (SQLite file or PostgreSQL) and Django.

Every benchmark prints `BENCH <name> <value> <unit>` lines and never asserts on time.
Usage inside a bench script (before importing models):

    from _common import setup_django, bench_line
    setup_django("sqlite")            # fresh SQLite file under a temp dir
    setup_django("pg")                # fresh PostgreSQL database (BENCH_PG_URL)
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

PG_URL = os.environ.get("BENCH_PG_URL") or os.environ.get("DATABASE_URL") or ""
if not PG_URL.startswith("postgres"):
    PG_URL = "postgres://postgres@127.0.0.1:5432/thidua_bench"


def _recreate_pg(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    dbname = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{dbname}"')


def setup_django(db: str, *, name: str = "bench", migrate: bool = True) -> str:
    """Point Django at a fresh database of the given kind; return its URL."""
    if db == "pg":
        parsed = urlparse(PG_URL)
        url = parsed._replace(path=f"/thidua_{name}").geturl()
        _recreate_pg(url)
    else:
        tmp = Path(tempfile.mkdtemp(prefix=f"thidua-{name}-"))
        url = f"sqlite:///{tmp / 'bench.sqlite3'}"
        os.environ["THIDUA_VAR"] = str(tmp)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    os.environ.setdefault("THIDUA_ENV", "development")  # settings fail closed: unset means production
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
    return url


def bench_line(name: str, value: float, unit: str) -> None:
    print(f"BENCH {name} {value:.4g} {unit}", flush=True)
