"""Legal citations: parse the catalog's references and render them as a person reads them.

Catalog references are written "Luật Thi đua, khen thưởng 2022, Điều 27, khoản 1, điểm c (note)";
a clerk reads "Điều 27 khoản 1 điểm c Luật Thi đua, khen thưởng 2022 (note)" (the issue's form). Several references
are separated by "; ". `parse_citations` gives (text, article, clause, point) for the citation test
(tests/rules/test_citations.py checks every one against catalog/articles.toml).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

_PART = re.compile(
    r"^(?P<text>[^()]+?), Điều (?P<art>\d+)(?:, khoản (?P<clause>\d+))?(?:, điểm (?P<point>[a-zđ]))?(?P<rest>.*)$",
    re.S,
)


@dataclass(frozen=True)
class Citation:
    text: str  # "Luật Thi đua, khen thưởng 2022", "Nghị định 152/2025/NĐ-CP", ...
    article: int | None
    clause: int | None
    point: str | None
    rest: str  # the note after the article, e.g. " (02 lần liên tục …)"

    def human(self) -> str:
        if self.article is None:
            return self.text + self.rest
        parts = [f"Điều {self.article}"]
        if self.clause is not None:
            parts.append(f"khoản {self.clause}")
        if self.point:
            parts.append(f"điểm {self.point}")
        return " ".join(parts) + f" {self.text}{self.rest}"


def _split(reference: str) -> list[str]:
    """Split on "; " outside parentheses."""
    out: list[str] = []
    cur: list[str] = []
    depth = 0
    i = 0
    while i < len(reference):
        ch = reference[i]
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0 and reference.startswith("; ", i):
            out.append("".join(cur))
            cur = []
            i += 2
            continue
        cur.append(ch)
        i += 1
    out.append("".join(cur))
    return [p for p in (s.strip() for s in out) if p]


@lru_cache(maxsize=4096)
def parse_citations(reference: str) -> tuple[Citation, ...]:
    found = []
    for part in _split(reference):
        m = _PART.match(part)
        if m:
            found.append(Citation(m["text"].strip(), int(m["art"]), int(m["clause"]) if m["clause"] else None,
                                  m["point"], m["rest"]))
        else:
            text, paren, rest = part.partition(" (")
            found.append(Citation(text.strip(), None, None, None, (paren + rest) if paren else ""))
    return tuple(found)


@lru_cache(maxsize=4096)
def human_citation(reference: str) -> str:
    """"Luật …, Điều 27, khoản 1" → "Điều 27 khoản 1 Luật …"; anything else unchanged."""
    return "; ".join(c.human() for c in parse_citations(reference))


ARTICLES_FILE = Path(__file__).with_name("catalog") / "articles.toml"
# "Nghị định 98/2023/NĐ-CP", "Thông tư 28/2025/TT-BTC", "Luật Thi đua, khen thưởng 2022", "NĐ91/2017"
INSTRUMENT = re.compile(
    r"Luật Thi đua, khen thưởng 2022|(?:Nghị định|Thông tư) \d+/\d{4}/[A-ZĐ]+-[A-ZĐ]+|NĐ ?\d+/\d{4}"
)


@dataclass(frozen=True)
class Text:
    name: str
    valid_from: date
    valid_to: date | None
    articles: dict[str, dict[str, Any]]  # "27" -> {"title", "tag", "clauses": {"1": ["a", ...]}}
    mapped: bool  # articles listed one by one (Law 06/2022, NĐ 98/2023, NĐ 152/2025)

    def in_force_over(self, start: date, end: date | None) -> bool:
        ends_ok = self.valid_to is None or (end is not None and end <= self.valid_to)
        return self.valid_from <= start and ends_ok

    def article_error(self, c: Citation) -> str | None:
        """Why citation `c` of this text names something the map does not have (None: it exists)."""
        if c.article is None:
            return None
        art = self.articles.get(str(c.article))
        if art is None:
            return f"{self.name}: không có Điều {c.article} trong bảng điều khoản"
        clauses = art.get("clauses", {})
        if not self.mapped:
            return None  # other texts: only the article numbers the catalog uses are listed
        if c.clause is not None and str(c.clause) not in clauses:
            return f"{self.name}: Điều {c.article} không có khoản {c.clause} trong bảng"
        if c.point is not None and c.point not in clauses.get(str(c.clause), []):
            return f"{self.name}: Điều {c.article} khoản {c.clause} không có điểm {c.point} trong bảng"
        return None


@lru_cache(maxsize=1)
def article_map(path: Path = ARTICLES_FILE) -> dict[str, Text]:
    """Every text the catalog may cite, by its name as written in references."""
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    out: dict[str, Text] = {}
    for t in raw.get("texts", {}).values():
        out[t["name"]] = Text(t["name"], t["valid_from"], t.get("valid_to"), dict(t.get("articles", {})), True)
    for name, t in raw.get("others", {}).items():
        arts = {a: {"title": "", "tag": "V"} for a in t.get("articles", [])}
        out[name] = Text(name, t["valid_from"], t.get("valid_to"), arts, False)
    return out
