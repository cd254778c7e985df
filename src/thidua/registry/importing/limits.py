"""Limits on an uploaded workbook, checked before any XML is parsed (audit finding H6: a 9.7 KB file drove
a worker to 5 GB; others gave MemoryError, OverflowError or minutes of CPU).

``inspect(zf)`` reads only the zip's directory and counts tags in the sheets' raw bytes (``bytes.count``,
no parser): total uncompressed size, compression ratio, number of sheets, size of each part, the
``<dimension ref>`` a sheet declares, and the rows, cells and formulas it really holds. The parse that
follows (``xlsx.read_first_sheet``) is defused (no entities, no external references), refuses nesting
deeper than ``MAX_DEPTH`` and re-checks rows and columns as it goes; ``read_bounded`` runs it in a child
process under a memory ceiling (RLIMIT_AS) and a time limit. Every refusal names the limit in Vietnamese.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import re
import resource
import zipfile
from typing import Any

MB = 1024 * 1024
MAX_UNCOMPRESSED = 300 * MB        # all parts together
MAX_SHEET_XML = 200 * MB           # one sheet's XML (100,000 rows × 20 columns is about 80 MB)
MAX_OTHER_XML = 50 * MB            # shared strings, styles, workbook …
MAX_RATIO = 100                    # uncompressed / compressed, for parts above 1 MB (real sheets: 5–20)
MAX_SHEETS = 50
MAX_ROWS = 200_000
MAX_COLUMNS = 256
MAX_CELLS = 5_000_000
MAX_FORMULAS = 100_000
MAX_DEPTH = 32                     # a workbook nests about 8 levels deep
MEMORY_MB = 1024                   # address space the child parsing a workbook may add
TIME_LIMIT_S = 300.0

_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]{0,3})(\d{0,7}):?([A-Z]{0,3})(\d{0,7})\"")
_ROOT = re.compile(rb"<(\w+:)?worksheet[\s>]")


class XlsxError(ValueError):
    """The archive is a zip but not a workbook we can read (message in Vietnamese)."""


class XlsxLimit(XlsxError):
    """The workbook exceeds a safety limit; the message names the limit."""


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _mb(size: int) -> str:
    return f"{size / MB:.1f}".replace(".", ",") + " MB"


def over(what: str, value: int | str, limit: int | str, unit: str = "") -> str:
    v = _n(value) if isinstance(value, int) else value
    lim = _n(limit) if isinstance(limit, int) else limit
    unit = f" {unit}" if unit else ""
    return (f"tệp vượt giới hạn an toàn — {what}: {v}{unit}, tối đa {lim}{unit}. "
            "Hãy chia dữ liệu thành nhiều tệp nhỏ hơn hoặc dùng mẫu nhập liệu của hệ thống")


def _col(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def _check_dimension(ref: re.Match[bytes]) -> None:
    c1, r1, c2, r2 = ref.groups()
    rows = int(r2 or r1 or b"0")
    cols = _col(c2 or c1)
    if rows > MAX_ROWS:
        raise XlsxLimit(over("số dòng khai báo trong trang tính (<dimension>)", rows, MAX_ROWS, "dòng"))
    if cols > MAX_COLUMNS:
        raise XlsxLimit(over("số cột khai báo trong trang tính (<dimension>)", cols, MAX_COLUMNS, "cột"))
    first = int(r1 or b"1")
    if (rows - first + 1) * max(cols - _col(c1) + 1, 1) > MAX_CELLS:
        raise XlsxLimit(over("số ô khai báo trong trang tính (<dimension>)",
                             (rows - first + 1) * (cols - _col(c1) + 1), MAX_CELLS, "ô"))


def _count_tags(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Rows, cells and formulas of a sheet, counted in its raw bytes (streamed, no parser)."""
    with zf.open(info) as fh:
        head = fh.read(64 * 1024)
        root = _ROOT.search(head)
        prefix = (root.group(1) or b"") if root else b""
        dim = _DIMENSION.search(head)
        if dim:
            _check_dimension(dim)
        patterns = {"row": [b"<" + prefix + b"row ", b"<" + prefix + b"row>"],
                    "c": [b"<" + prefix + b"c ", b"<" + prefix + b"c>"],
                    "f": [b"<" + prefix + b"f ", b"<" + prefix + b"f>"]}
        counts = dict.fromkeys(patterns, 0)
        keep = max(len(p) for ps in patterns.values() for p in ps) - 1
        tail = b""
        chunk = head
        while chunk:
            buf = tail + chunk
            for key, ps in patterns.items():
                counts[key] += sum(buf.count(p) - tail.count(p) for p in ps)
            tail = buf[-keep:]
            if counts["f"] > MAX_FORMULAS:
                raise XlsxLimit(over("số công thức trong trang tính", counts["f"], MAX_FORMULAS))
            if counts["c"] > MAX_CELLS:
                raise XlsxLimit(over("số ô có dữ liệu trong trang tính", counts["c"], MAX_CELLS, "ô"))
            if counts["row"] > MAX_ROWS:
                raise XlsxLimit(over("số dòng trong trang tính", counts["row"], MAX_ROWS, "dòng"))
            chunk = fh.read(4 * MB)


def inspect(zf: zipfile.ZipFile) -> None:
    """Refuse a workbook over any limit, from the zip's directory and the sheets' raw bytes."""
    infos = zf.infolist()
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise XlsxLimit(over("tổng dung lượng khi giải nén", _mb(total), _mb(MAX_UNCOMPRESSED)))
    sheets = [i for i in infos if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")]
    if len(sheets) > MAX_SHEETS:
        raise XlsxLimit(over("số trang tính", len(sheets), MAX_SHEETS, "trang"))
    for info in infos:
        limit = MAX_SHEET_XML if info in sheets else MAX_OTHER_XML
        if info.file_size > limit:
            raise XlsxLimit(over(f"dung lượng phần «{info.filename[:60]}» khi giải nén", _mb(info.file_size),
                                 _mb(limit)))
        if info.file_size > MB and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise XlsxLimit(over(f"tỉ lệ nén của phần «{info.filename[:60]}» (dấu hiệu tệp «bom nén»)",
                                 f"{_n(ratio)} lần", f"{MAX_RATIO} lần"))
    for info in sheets:
        _count_tags(zf, info)


# --- the parse in a child process under a memory ceiling -------------------------------------------

def _address_space() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _child(data: bytes, conn: Any, memory_bytes: int) -> None:
    from .xlsx import read_first_sheet

    try:
        if memory_bytes:
            limit = _address_space() + memory_bytes
            hard = resource.getrlimit(resource.RLIMIT_AS)[1]
            if hard != resource.RLIM_INFINITY:
                limit = min(limit, hard)
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        conn.send(("ok", read_first_sheet(io.BytesIO(data))))
    except XlsxError as exc:
        conn.send(("error", str(exc)))
    except MemoryError:
        conn.send(("memory", ""))
    except Exception as exc:  # noqa: BLE001 — reported to the parent as a refusal, never a crash
        conn.send(("error", f"nội dung tệp không hợp lệ ({type(exc).__name__})"))
    finally:
        conn.close()


def read_bounded(data: bytes, *, memory_mb: int | None = None, time_limit_s: float | None = None) -> Any:
    """``read_first_sheet`` of ``data`` in a forked child whose address space may grow by ``memory_mb``
    only; the archive is inspected here first. Returns SheetData or raises XlsxError (Vietnamese)."""
    memory_mb = MEMORY_MB if memory_mb is None else memory_mb
    time_limit_s = TIME_LIMIT_S if time_limit_s is None else time_limit_s
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            inspect(zf)
    except zipfile.BadZipFile as exc:
        raise XlsxError("tệp nén bị hỏng") from exc
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(data, sender, memory_mb * MB), daemon=True)
    proc.start()
    sender.close()
    try:
        if not receiver.poll(time_limit_s):
            raise XlsxLimit(over("thời gian đọc tệp", f"hơn {time_limit_s:g} giây", f"{time_limit_s:g} giây"))
        status, payload = receiver.recv()
    except EOFError as exc:
        raise XlsxLimit(over("bộ nhớ dùng để đọc tệp", "vượt", f"{memory_mb} MB")) from exc
    finally:
        receiver.close()
        if proc.is_alive():
            proc.kill()
        proc.join()
    if status == "memory":
        raise XlsxLimit(over("bộ nhớ dùng để đọc tệp", "vượt", f"{memory_mb} MB"))
    if status == "error":
        raise XlsxError(payload)
    return payload
