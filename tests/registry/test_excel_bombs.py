"""H6: the Excel bomb corpus is refused before parsing, with a Vietnamese message naming the limit,
within 2 s each; the parse itself runs under a memory ceiling (measured here)."""

from __future__ import annotations

import io
import sys
import time
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from excel_bombs import CORPUS, deeply_nested  # noqa: E402

from thidua.registry import importer  # noqa: E402
from thidua.registry.importing import limits  # noqa: E402
from thidua.registry.importing.xlsx import XlsxError, XlsxLimit, read_first_sheet  # noqa: E402

EXPECTED = {
    "compression_bomb": "tỉ lệ nén",
    "huge_dimensions": "số dòng khai báo",
    "deeply_nested": "tỉ lệ nén",  # 7 MB of tags deflate 200-fold: refused before the parser sees it
    "million_formulas": "số công thức",
    "fifty_megabytes": "Tệp quá lớn",
}


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_bomb_is_refused_quickly_with_a_vietnamese_message(name: str) -> None:
    data = CORPUS[name]()
    start = time.perf_counter()
    result = importer.import_awards_bytes(data, by=None)
    elapsed = time.perf_counter() - start
    assert not result.ok and not result.saved
    message = str(result.errors[0])
    assert EXPECTED[name] in message, message
    assert "tối đa" in message or "giới hạn" in message
    assert elapsed < 2.0, f"{name}: {elapsed:.2f} s"


def test_nesting_depth_is_refused_while_parsing() -> None:
    """Below the ratio check's 1 MB threshold, the defused parser stops at MAX_DEPTH levels."""
    data = deeply_nested(depth=50_000)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        limits.inspect(zf)  # small enough to pass the archive checks
    with pytest.raises(XlsxLimit, match="độ lồng nhau của thẻ XML: 33 cấp, tối đa 32 cấp"):
        read_first_sheet(io.BytesIO(data))


def test_entities_are_refused() -> None:
    """defusedxml: an entity declaration (billion laughs) is refused, not expanded."""
    from excel_bombs import _sheet, _workbook

    laughs = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>')
    rows = iter([b'<row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row>'])
    data = _workbook(iter([laughs, *_sheet(rows)]))
    with pytest.raises(XlsxError, match="XML không hợp lệ"):
        read_first_sheet(io.BytesIO(data))


_CEILING_SCRIPT = """
import sys
sys.path[:0] = [{tests!r}, {src!r}]
from excel_bombs import _sheet, _workbook
from thidua.registry.importing import limits

def rows():
    for r in range(1, 20_001):
        yield (f'<row r="{{r}}">' + "".join(f'<c r="{{c}}{{r}}" t="inlineStr"><is><t>{{r}}-{{c}}-{{"x" * 40}}</t></is></c>'
                                          for c in "ABCDEFGHIJ") + "</row>").encode()

data = _workbook(_sheet(rows()))
try:
    limits.read_bounded(data, memory_mb=10)
except limits.XlsxLimit as exc:
    print("REFUSED", exc)
print("ROWS", len(limits.read_bounded(data, memory_mb=1024).rows))
"""


def test_the_parse_runs_under_a_memory_ceiling() -> None:
    """A workbook within the archive limits but heavy to parse hits the child's ceiling (RLIMIT_AS), not
    the worker; the same file with room enough reads in full. Run in a fresh interpreter: a long-lived
    process has freed heap the child may reuse without growing its address space."""
    import subprocess

    here = Path(__file__).parent
    script = _CEILING_SCRIPT.format(tests=str(here), src=str(here.parent.parent / "src"))
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert "REFUSED tệp vượt giới hạn an toàn — bộ nhớ dùng để đọc tệp: vượt, tối đa 10 MB" in out.stdout, (
        out.stdout + out.stderr)
    assert "ROWS 20000" in out.stdout


def test_time_limit_of_the_parse() -> None:
    from excel_bombs import million_formulas

    data = million_formulas(count=60_000, columns=60)
    with pytest.raises(XlsxLimit, match="thời gian đọc tệp"):
        limits.read_bounded(data, time_limit_s=0.01)
