"""A small streaming reader for the first sheet of an .xlsx: values, merges, formulas.

openpyxl builds an object per cell and took most of the import time (about 6 s for
10,000 rows × 15 columns); this reader walks the XML once with ElementTree's C parser.
It returns what openpyxl would return with ``data_only=True`` (strings, numbers,
booleans, datetimes for date-formatted cells) plus what the import must refuse:
merged ranges and formulas without a cached value.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any
from xml.etree import ElementTree as ET

import defusedxml.ElementTree as DET
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

from . import limits
from .limits import XlsxError, XlsxLimit

__all__ = ["SheetData", "XlsxError", "XlsxLimit", "read_first_sheet", "read_workbook_bytes"]

# Uncompressed XML above this is refused (a zip bomb, or far more rows than any import); the archive
# was already inspected against the tighter limits of ``limits`` before any XML is parsed.
MAX_XML_BYTES = 400 * 1024 * 1024
_REF = re.compile(r"([A-Z]+)(\d+)")
_EPOCH_1900 = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@dataclass
class FormulaCell:
    ref: str
    row: int
    col: int


@dataclass
class SheetData:
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)  # (Excel row number, values by column)
    merged: list[str] = field(default_factory=list)
    uncached_formulas: list[FormulaCell] = field(default_factory=list)
    cells: int = 0


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def _read_xml(zf: zipfile.ZipFile, name: str) -> IO[bytes]:
    info = zf.getinfo(name)
    if info.file_size > MAX_XML_BYTES:
        raise XlsxError(f"Phần «{name}» trong tệp quá lớn khi giải nén ({info.file_size // 1_000_000} MB).")
    return zf.open(info)


def _events(xml: IO[bytes]) -> Iterator[tuple[str, ET.Element]]:
    """Start and end events of a defused parse (no entities, no external references), refusing
    nesting deeper than any workbook has before the tree grows (a deeply nested bomb)."""
    depth = 0
    for event, el in DET.iterparse(xml, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth > limits.MAX_DEPTH:
                raise limits.XlsxLimit(limits.over("độ lồng nhau của thẻ XML", depth, limits.MAX_DEPTH, "cấp"))
        else:
            depth -= 1
        yield event, el


def _tree(xml: IO[bytes]) -> ET.Element:
    root: ET.Element | None = None
    for event, el in _events(xml):
        if root is None and event == "start":
            root = el
    if root is None:
        raise XlsxError("phần XML rỗng")
    return root


def _first_sheet_path(zf: zipfile.ZipFile) -> tuple[str, bool]:
    try:
        workbook = _tree(_read_xml(zf, "xl/workbook.xml"))
        rels = _tree(_read_xml(zf, "xl/_rels/workbook.xml.rels"))
    except KeyError as exc:
        raise XlsxError("tệp nén không có sổ tính Excel (thiếu xl/workbook.xml)") from exc
    date1904 = any(_local(el.tag) == "workbookPr" and el.get("date1904") in ("1", "true") for el in workbook)
    sheets = [el for el in workbook.iter() if _local(el.tag) == "sheet"]
    if not sheets:
        raise XlsxError("sổ tính không có trang tính nào")
    rid = next((v for k, v in sheets[0].attrib.items() if _local(k) == "id"), None)
    targets = {el.get("Id"): el.get("Target", "") for el in rels}
    target = targets.get(rid)
    if not target:
        raise XlsxError("không tìm thấy trang tính đầu tiên trong sổ tính")
    path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    return path, date1904


def _shared_strings(zf: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in zf.namelist():
        return []
    strings: list[str] = []
    for event, el in _events(_read_xml(zf, "xl/sharedStrings.xml")):
        if event == "end" and _local(el.tag) == "si":
            strings.append(_text_of(el))
            el.clear()
    return strings


def _text_of(el: ET.Element) -> str:
    """Text of a string item: its <t> runs, without phonetic guides (<rPh>)."""
    parts: list[str] = []
    for child in el:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(parts)


def _date_styles(zf: zipfile.ZipFile) -> set[int]:
    """Indexes of cell formats (the cell's s="…") that display a date."""
    if "xl/styles.xml" not in zf.namelist():
        return set()
    root = _tree(_read_xml(zf, "xl/styles.xml"))
    custom: dict[int, str] = {}
    result: set[int] = set()
    for el in root:
        if _local(el.tag) == "numFmts":
            for fmt in el:
                custom[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "")
    for el in root:
        if _local(el.tag) == "cellXfs":
            for idx, xf in enumerate(el):
                num_id = int(xf.get("numFmtId", "0"))
                code = custom.get(num_id) or BUILTIN_FORMATS.get(num_id, "")
                if code and is_date_format(code):
                    result.add(idx)
    return result


def _from_serial(value: float, date1904: bool) -> dt.datetime:
    epoch = _EPOCH_1904 if date1904 else _EPOCH_1900
    result = epoch + dt.timedelta(days=value)
    return result.replace(microsecond=0)


def read_first_sheet(file: IO[bytes]) -> SheetData:
    try:
        zf = zipfile.ZipFile(file)
    except zipfile.BadZipFile as exc:
        raise XlsxError("tệp nén bị hỏng") from exc
    with zf:
        try:
            limits.inspect(zf)
            sheet_path, date1904 = _first_sheet_path(zf)
            strings = _shared_strings(zf)
            dates = _date_styles(zf)
            size = zf.getinfo(sheet_path).file_size
            return _parse_sheet(_read_xml(zf, sheet_path), size, strings, dates, date1904)
        except KeyError as exc:
            raise XlsxError(f"thiếu phần {exc} trong tệp") from exc
        except (ET.ParseError, ValueError, IndexError, zipfile.BadZipFile) as exc:
            if isinstance(exc, XlsxError):
                raise
            raise XlsxError(f"nội dung XML không hợp lệ ({type(exc).__name__})") from exc


# Every sheet is streamed now (start and end events: the nesting depth is checked as the parser goes,
# and measured as fast as the former one-call parse of sheets below this size, which is kept at 0).
WHOLE_PARSE_BYTES = 0


def _parse_sheet(xml: IO[bytes], size: int, strings: list[str], dates: set[int], date1904: bool) -> SheetData:
    data = SheetData()
    ns = ""
    for event, el in _events(xml):
        if event == "start":
            continue
        tag = el.tag
        if not ns and tag.startswith("{"):
            ns = tag[:tag.index("}") + 1]
        if tag == f"{ns}row":
            _read_row(el, ns, data, strings, dates, date1904)
            el.clear()
        elif tag == f"{ns}mergeCell":
            data.merged.append(el.get("ref", ""))
    return data


def _read_row(el: ET.Element, ns: str, data: SheetData, strings: list[str], dates: set[int],
              date1904: bool) -> None:
    number = int(el.get("r") or (data.rows[-1][0] + 1 if data.rows else 1))
    if number > limits.MAX_ROWS:  # the <dimension> may lie: counted again while reading
        raise limits.XlsxLimit(limits.over("số dòng", number, limits.MAX_ROWS, "dòng"))
    data.cells += len(el)
    if data.cells > limits.MAX_CELLS:
        raise limits.XlsxLimit(limits.over("số ô", data.cells, limits.MAX_CELLS, "ô"))
    values: list[Any] = []
    col = 0
    c_tag = f"{ns}c"
    for c in el:
        if c.tag != c_tag:
            continue
        ref = c.get("r")
        if ref:
            match = _REF.match(ref)
            if match:
                col = _col_index(match.group(1))
        if col >= limits.MAX_COLUMNS:
            raise limits.XlsxLimit(limits.over("số cột", col + 1, limits.MAX_COLUMNS, "cột"))
        value, has_formula, has_value = _cell_value(c, ns, strings, dates, date1904)
        if has_formula and not has_value:
            data.uncached_formulas.append(FormulaCell(ref or "", number, col))
        if value is not None:
            if len(values) <= col:
                values.extend([None] * (col + 1 - len(values)))
            values[col] = value
        col += 1
    data.rows.append((number, values))


def _cell_value(c: ET.Element, ns: str, strings: list[str], dates: set[int],
                date1904: bool) -> tuple[Any, bool, bool]:
    kind = c.get("t", "n")
    raw: str | None = None
    has_formula = False
    inline: str | None = None
    for child in c:
        tag = child.tag
        if tag == ns + "v":
            raw = child.text
        elif tag == ns + "f":
            has_formula = True
        elif tag == ns + "is":
            inline = _text_of(child)
    if kind == "inlineStr":
        return inline, has_formula, inline is not None
    if raw is None:
        return None, has_formula, False
    if kind == "s":
        return strings[int(raw)], has_formula, True
    if kind in ("str", "e"):
        return raw, has_formula, True  # an error value (#N/A …) reads as its text, like openpyxl
    if kind == "b":
        return raw in ("1", "true"), has_formula, True
    if kind == "d":
        return dt.datetime.fromisoformat(raw), has_formula, True
    number = float(raw)
    style = int(c.get("s", "0"))
    if style in dates:
        return _from_serial(number, date1904), has_formula, True
    return (int(number) if number.is_integer() and "." not in raw and "E" not in raw.upper() else number,
            has_formula, True)


def read_workbook_bytes(data: bytes) -> SheetData:
    """The first sheet of an uploaded workbook: limits checked before parsing, then parsed in a child
    process under a memory ceiling (``limits.read_bounded``)."""
    result: SheetData = limits.read_bounded(data)
    return result
