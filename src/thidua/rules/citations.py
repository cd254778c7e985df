"""Legal citations: parse the catalog's references and render them as a person reads them.

Catalog references are written "Luật Thi đua, khen thưởng 2022, Điều 27, khoản 1, điểm c (note)";
a clerk reads "Điều 27 khoản 1 điểm c Luật Thi đua, khen thưởng 2022 (note)" (the issue's form). Several references
are separated by "; ". `parse_citations` gives (text, article, clause, point) for the citation test
(tests/rules/test_citations.py checks every one against catalog/articles.toml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

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
