"""A 100,000-row award import from the web page (issue 13 item 5): the request only stores the file
and queues a background job; the job (a worker in production) reads, checks and saves it.

    .venv/bin/python bench/bench_import_background.py [rows]

Prints the request's time (what the proxy's and gunicorn's timeouts see) and the job's time, on SQLite.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from _common import bench_line, setup_django

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000


def main() -> int:
    setup_django("sqlite", name="bench_import_background")
    from django.test import Client, override_settings
    from openpyxl import Workbook

    from thidua.accounts.models import User
    from thidua.core import citizen_id as cid
    from thidua.documents import import_jobs
    from thidua.documents.models import DocumentJob, JobStatus
    from thidua.org.models import Unit, UnitKind
    from thidua.registry import importer
    from thidua.registry.importing.columns import COLUMNS

    province = Unit.objects.create(code="LS", name="UBND tỉnh Lạng Sơn", kind=UnitKind.PROVINCE)
    codes = [Unit.objects.create(code=f"DV{i:03d}", name=f"Đơn vị {i}", kind=UnitKind.AGENCY,
                                 parent=province).code for i in range(60)]
    path = Path(tempfile.mkdtemp(prefix="thidua-import-bg-")) / "lich-su-100k.xlsx"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Khen thưởng")
    ws.append([c.header for c in COLUMNS])
    for j in range(ROWS):
        sex = "M" if j % 2 else "F"
        born = dt.date(1975 + j % 25, 1 + j % 12, 1 + j % 28)
        ws.append([j + 1, "Cá nhân", f"Hoàng Thị Mới {j}", cid.make("020", sex, born.year, 100_000 + j),
                   born.strftime("%d/%m/%Y"), "Nam" if sex == "M" else "Nữ", codes[j % 60], "LAO_DONG_TIEN_TIEN",
                   2023, f"{200 + j % 60}/QĐ-DV", "20/01/2024", "Thủ trưởng đơn vị", 702_000, "Không", None])
    wb.save(path)
    bench_line("import_bg_file_mb", path.stat().st_size / 1e6, "MB")

    user = User.objects.create_user("chuyenvien", password="x" * 16, role="specialist", unit=province)
    client = Client()
    client.force_login(user)
    assert client.get("/nhap-du-lieu/khen-thuong/").status_code == 200  # warm up: URL conf, templates
    # A worker backend: the request must not run the job (the demo's ImmediateBackend would).
    # Small trial runs (rows given) go the background way too; 100,000 rows do by their size alone.
    threshold = 0 if ROWS < 20_000 else importer.background_bytes()
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
                           THIDUA_IMPORT_BACKGROUND_BYTES=threshold):
        start = time.perf_counter()
        with path.open("rb") as fh:
            response = client.post("/nhap-du-lieu/khen-thuong/", {"file": fh})
        request_s = time.perf_counter() - start
    assert response.status_code == 302, response.status_code
    job = DocumentJob.objects.get(kind="import_awards")
    bench_line("import_100k_request_s" if ROWS == 100_000 else f"import_{ROWS}_request_s", request_s, "s")
    start = time.perf_counter()
    job = import_jobs.run(job)
    job_s = time.perf_counter() - start
    assert job.status == JobStatus.DONE and job.result["created"] == ROWS, job.result.get("errors", [])[:3]
    bench_line("import_100k_job_s" if ROWS == 100_000 else f"import_{ROWS}_job_s", job_s, "s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
