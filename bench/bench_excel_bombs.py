"""The Excel bomb corpus (issue 13, H6) against the import: time to refuse and peak memory.

    .venv/bin/python bench/bench_excel_bombs.py

Each bomb (tests/registry/excel_bombs.py: compression bomb, huge dimensions, deeply nested XML,
1 million formulas, a 50 MB file) is generated into a temporary file first, then imported from the web's
entry point (``import_awards_bytes``, the bytes as an upload gives them) in a fresh process that
reports its wall time and its peak resident memory (its own and the parse child's, if one ran).
Targets: under 2 s and 300 MB each.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "registry"))


def _one(path: str) -> None:
    from _common import setup_django

    setup_django("sqlite", name="bench_excel_bombs", migrate=False)
    from thidua.registry import importer

    data = Path(path).read_bytes() if Path(path).stat().st_size <= importer.max_bytes() else b""
    start = time.perf_counter()
    if data:
        result = importer.import_awards_bytes(data, by=None)
    else:  # what the upload view does: refused by size before the upload is read
        result = importer.import_awards_path(path, by=None)
    elapsed = time.perf_counter() - start
    rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
              resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    print(json.dumps({"s": elapsed, "rss_mb": rss, "refused": not result.ok,
                      "message": str(result.errors[0]) if result.errors else ""}))


def main() -> int:
    from excel_bombs import CORPUS

    from _common import bench_line

    worst_s = worst_mb = 0.0
    with tempfile.TemporaryDirectory(prefix="thidua-bombs-") as tmp:
        for name, build in CORPUS.items():
            path = Path(tmp) / f"{name}.xlsx"
            path.write_bytes(build())
            out = subprocess.run([sys.executable, __file__, "--one", str(path)], capture_output=True, text=True,
                                 cwd=HERE.parent, timeout=600)
            if out.returncode != 0:
                print(out.stderr, file=sys.stderr)
                return 1
            res = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"# {name}: {path.stat().st_size / 1e6:.2f} MB, {res['s']:.3f} s, {res['rss_mb']:.0f} MB, "
                  f"{'refused' if res['refused'] else 'ACCEPTED'}: {res['message'][:160]}", flush=True)
            if not res["refused"]:
                return 1
            worst_s, worst_mb = max(worst_s, res["s"]), max(worst_mb, res["rss_mb"])
    bench_line("excel_bomb_max_s", worst_s, "s")
    bench_line("excel_bomb_max_rss_mb", worst_mb, "MB")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        _one(sys.argv[2])
    else:
        raise SystemExit(main())
