"""Import of 10,000 award rows from a real .xlsx, with full validation, on SQLite and PostgreSQL.

    .venv/bin/python bench/bench_import.py          # both databases (each in a subprocess)
    .venv/bin/python bench/bench_import.py sqlite   # one database

Data: 60 units; 4,000 people already in the registry (each with one older award), 5,000
new people, 1,000 collective rows. The timed part is the import call (parsing included),
not the file generation. A second import of the same file (all "đã có, bỏ qua") is timed too.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import bench_line, setup_django

ROWS = 10_000
EXISTING_PEOPLE = 4_000
NEW_PEOPLE = 5_000
COLLECTIVE_ROWS = ROWS - EXISTING_PEOPLE - NEW_PEOPLE


def _seed() -> list[str]:
    from thidua.core import citizen_id as cid
    from thidua.org.models import Person, Unit, UnitKind
    from thidua.registry.models import Award

    province = Unit.objects.create(code="LS", name="UBND tỉnh Lạng Sơn", kind=UnitKind.PROVINCE)
    codes = []
    for i in range(60):
        unit = Unit.objects.create(code=f"DV{i:03d}", name=f"Đơn vị {i}", kind=UnitKind.AGENCY, parent=province)
        codes.append(unit.code)
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    people = [Person(citizen_id=cid.make("020", "M" if i % 2 else "F", 1970 + i % 30, i),
                     full_name=f"Nguyễn Văn Cũ {i}", search_key=f"nguyen van cu {i}",
                     birth_date=dt.date(1970 + i % 30, 1 + i % 12, 1 + i % 28), sex="M" if i % 2 else "F",
                     unit=units[codes[i % 60]]) for i in range(EXISTING_PEOPLE)]
    Person.objects.bulk_create(people, batch_size=1000)
    Award.objects.bulk_create([
        Award(person=p, code="LAO_DONG_TIEN_TIEN", year=2020, level="grassroots", decision_number="1/QĐ",
              decision_date=dt.date(2021, 1, 15), issuer="Thủ trưởng đơn vị", source="import",
              unit=p.unit, subject_name=p.full_name) for p in people], batch_size=1000)
    return codes


def _write_file(path: Path, codes: list[str]) -> None:
    from openpyxl import Workbook

    from thidua.core import citizen_id as cid
    from thidua.registry.importing.columns import COLUMNS

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Khen thưởng")
    ws.append([c.header for c in COLUMNS])
    n = 0
    for i in range(EXISTING_PEOPLE):
        sex = "M" if i % 2 else "F"
        n += 1
        ws.append([n, "Cá nhân", f"Nguyễn Văn Cũ {i}", cid.make("020", sex, 1970 + i % 30, i), None, None,
                   codes[i % 60], "CSTD_CO_SO", 2023, f"{100 + i % 60}/QĐ-DV", "20/01/2024", "Thủ trưởng đơn vị",
                   1_170_000, "Không", None])
    for j in range(NEW_PEOPLE):
        i = 100_000 + j
        sex = "M" if j % 2 else "F"
        born = dt.date(1975 + j % 25, 1 + j % 12, 1 + j % 28)
        n += 1
        ws.append([n, "Cá nhân", f"Hoàng Thị Mới {j}", cid.make("020", sex, born.year, i),
                   born.strftime("%d/%m/%Y") if j % 2 else dt.datetime(born.year, born.month, born.day),
                   "Nam" if sex == "M" else "Nữ", codes[j % 60], "LAO_DONG_TIEN_TIEN", 2023,
                   f"{200 + j % 60}/QĐ-DV", dt.datetime(2024, 1, 20), "Thủ trưởng đơn vị", 702_000,
                   "Có" if j % 3 == 0 else "Không", "nhập lịch sử"])
    for k in range(COLLECTIVE_ROWS):
        n += 1
        ws.append([n, "Tập thể", f"Phòng {k % 200}", None, None, None, codes[k % 60], "TT_LD_TIEN_TIEN",
                   2019 + k // 200, f"{300 + k % 60}/QĐ-DV", "25/01/2024", "Thủ trưởng đơn vị", None, None, None])
    wb.save(path)


def run_one(db: str) -> None:
    setup_django(db, name="import")
    from thidua.registry import importer
    from thidua.registry.models import Award

    codes = _seed()
    path = Path(tempfile.mkdtemp(prefix="thidua-import-")) / "lich-su-khen-thuong.xlsx"
    _write_file(path, codes)
    load_before = os.getloadavg()[0]
    start, cpu_start = time.perf_counter(), time.process_time()
    result = importer.import_awards_path(path, by=None)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    if not result.ok or result.created != ROWS:
        print(result.report()[:2000], file=sys.stderr)
        raise SystemExit(f"import failed on {db}: created {result.created}")
    bench_line(f"import_10k_rows_{db}_s", elapsed, "s")
    # CPU of this process (parsing, checks, SQLite itself; not the PostgreSQL server) and the
    # machine's load: on a shared machine the wall time above can be several times the CPU time.
    bench_line(f"import_10k_rows_{db}_cpu_s", cpu, "s")
    bench_line(f"import_loadavg_{db}", load_before, "load")
    start = time.perf_counter()
    again = importer.import_awards_path(path, by=None)
    elapsed = time.perf_counter() - start
    assert again.ok and again.created == 0 and again.skipped_existing == ROWS, again.report()[:500]
    bench_line(f"import_10k_rows_reimport_{db}_s", elapsed, "s")
    bench_line(f"import_file_{db}_mb", path.stat().st_size / 1e6, "MB")
    assert Award.objects.count() == ROWS + EXISTING_PEOPLE


def main(argv: list[str]) -> int:
    if argv:
        run_one(argv[0])
        return 0
    status = 0
    for db in ("sqlite", "pg"):
        status |= subprocess.call([sys.executable, __file__, db])
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
