"""`thidua eligibility CASE.json` / `python -m thidua.rules CASE.json`: one case in, one verdict out.

Exit 0 with the verdict JSON on stdout; exit 2 with a Vietnamese + English message on stderr
when the input is bad (unreadable file, invalid JSON, unknown field or code, malformed date).
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from thidua.rules.catalog import CatalogError, default_catalog
from thidua.rules.engine import evaluate
from thidua.rules.model import CaseError, parse_case

USAGE = "Cách dùng / usage: thidua eligibility CASE.json  (hoặc - để đọc từ đầu vào chuẩn / or - for stdin)"


def _read(argv: list[str], stdin: TextIO) -> str:
    if len(argv) != 1:
        raise CaseError(USAGE)
    if argv[0] == "-":
        return stdin.read()
    try:
        with open(argv[0], encoding="utf-8") as fh:
            return fh.read()
    except OSError as exc:
        raise CaseError(f"Không đọc được tệp {argv[0]} / cannot read {argv[0]}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise CaseError(f"Tệp {argv[0]} không phải UTF-8 / {argv[0]} is not UTF-8") from None


def main(argv: list[str], stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    try:
        text = _read(argv, stdin)
        try:
            data: Any = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CaseError(f"JSON không hợp lệ (dòng {exc.lineno}, cột {exc.colno}) / invalid JSON: {exc.msg}") from None
        catalog = default_catalog()
        case = parse_case(data, catalog.award_codes)
        verdict = evaluate(case, catalog)
    except (CaseError, CatalogError) as exc:
        stderr.write(f"Lỗi / error: {exc}\n")
        return 2
    json.dump(verdict.to_dict(), stdout, ensure_ascii=False, indent=2)
    stdout.write("\n")
    return 0
