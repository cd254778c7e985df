"""One achievement, one form (Luật Thi đua, khen thưởng 2022, Điều 5 khoản 2 [V]; issue 12 item 3).

"Một hình thức khen thưởng có thể tặng nhiều lần cho một đối tượng; không tặng thưởng nhiều hình thức
cho một thành tích đạt được." A form (hình thức khen thưởng) proposed for an achievement — a subject,
a year (or the last year of the period) and a kind (công trạng / thường xuyên, chuyên đề, đột xuất,
cống hiến, niên hạn, đối ngoại, kháng chiến) — conflicts with any OTHER form the subject already holds
for the same year and kind. Titles (danh hiệu thi đua) are yearly recognitions that may stand beside
a form (a title and a form decided together are both paid, NĐ 98/2023 Điều 53 [R] / NĐ 152/2025
Điều 49 [V]); the same title twice for one year is a duplicate. The flag is for people to judge: the
system never drops a proposal on its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from thidua.rules.catalog import CatalogView
from thidua.rules.model import AWARD_RECORD_KIND_NAMES, AwardRecord

CITATION = "Điều 5 khoản 2 Luật Thi đua, khen thưởng 2022"


@dataclass(frozen=True)
class SameAchievement:
    held: AwardRecord
    message: str
    citation: str = CITATION


def same_achievement(view: CatalogView, held: Iterable[AwardRecord], code: str, year: int,
                     kind: str = "annual") -> list[SameAchievement]:
    """Held awards that reward the same achievement as proposing `code` for (`year`, `kind`)."""
    proposed = view.version.awards.get(code)
    if proposed is None:
        return []
    out = []
    for rec in held:
        if rec.year != year or rec.kind != kind:
            continue
        other = view.version.awards.get(rec.code)
        other_kind = other.kind if other else "form"
        name = other.name if other else rec.code
        if rec.code == code:
            out.append(SameAchievement(rec, f"Đã có {name} năm {year} ({AWARD_RECORD_KIND_NAMES[kind]}): trùng đề nghị."))
        elif proposed.kind == "form" and other_kind == "form":
            out.append(SameAchievement(
                rec, f"Đã được tặng {name} cho thành tích năm {year} ({AWARD_RECORD_KIND_NAMES[kind]}); "
                     f"một thành tích chỉ được khen một hình thức."))
    return out
