"""The Excel bomb corpus (issue 13, H6), generated on demand — no binaries in the repository.

Each builder returns the bytes of a .xlsx that a naive reader would choke on. Shared by
tests/registry/test_excel_bombs.py and bench/bench_excel_bombs.py.
"""

from __future__ import annotations

import io
import os
import random
import zipfile
from collections.abc import Callable, Iterator

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
        'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '</Types>'),
    "xl/workbook.xml": (
        f'<workbook xmlns="{NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
        'Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>'),
}


def _workbook(sheet: Iterator[bytes], *, stored: bool = False) -> bytes:
    buf = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, text in _PARTS.items():
            zf.writestr(name, text)
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
        info.compress_type = method
        with zf.open(info, "w", force_zip64=True) as fh:
            for chunk in sheet:
                fh.write(chunk)
    return buf.getvalue()


def _sheet(rows: Iterator[bytes], dimension: str = "") -> Iterator[bytes]:
    yield f'<worksheet xmlns="{NS}">'.encode()
    if dimension:
        yield f'<dimension ref="{dimension}"/>'.encode()
    yield b"<sheetData>"
    yield from rows
    yield b"</sheetData></worksheet>"


def compression_bomb(megabytes: int = 150) -> bytes:
    """A sheet of ``megabytes`` MB of blanks that deflates to a few hundred KB."""
    def rows() -> Iterator[bytes]:
        yield b'<row r="1"><c r="A1" t="inlineStr"><is><t>'
        blank = b" " * (1024 * 1024)
        for _ in range(megabytes):
            yield blank
        yield b"</t></is></c></row>"
    return _workbook(_sheet(rows()))


def huge_dimensions() -> bytes:
    """Declares every cell of the largest sheet Excel allows; one cell at the far corner."""
    return _workbook(_sheet(iter([b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>']),
                            dimension="A1:XFD1048576"))


def deeply_nested(depth: int = 1_000_000) -> bytes:
    """One cell whose inline string nests ``depth`` runs: a tree a million levels deep."""
    cell = b'<row r="1"><c r="A1" t="inlineStr"><is>' + b"<r>" * depth + b"</r>" * depth + b"</is></c></row>"
    return _workbook(_sheet(iter([cell])))


def million_formulas(count: int = 1_000_000, columns: int = 200) -> bytes:
    """``count`` formulas (random operands, so the file does not compress like a bomb)."""
    rnd = random.Random(13)
    letters = []
    for i in range(columns):
        n, name = i + 1, ""
        while n:
            n, r = divmod(n - 1, 26)
            name = chr(65 + r) + name
        letters.append(name)

    def rows() -> Iterator[bytes]:
        for r in range(1, count // columns + 1):
            cells = "".join(f'<c r="{col}{r}"><f>{rnd.randrange(10**6)}*{rnd.randrange(10**6)}</f></c>'
                            for col in letters)
            yield f'<row r="{r}">{cells}</row>'.encode()
    return _workbook(_sheet(rows()))


def fifty_megabytes() -> bytes:
    """A 50 MB workbook (incompressible payload stored as is)."""
    def rows() -> Iterator[bytes]:
        yield b'<row r="1"><c r="A1" t="inlineStr"><is><t>'
        for _ in range(50):
            yield os.urandom(512 * 1024).hex().encode()
        yield b"</t></is></c></row>"
    return _workbook(_sheet(rows()), stored=True)


CORPUS: dict[str, Callable[[], bytes]] = {
    "compression_bomb": compression_bomb,
    "huge_dimensions": huge_dimensions,
    "deeply_nested": deeply_nested,
    "million_formulas": million_formulas,
    "fifty_megabytes": fifty_megabytes,
}
