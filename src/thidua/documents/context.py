"""Plain data for documents, built from the models once (no queries inside templates).

Every context is a JSON-able dict: the same dict feeds the Typst template (PDF) and the docxtpl
template (DOCX), so the two files of one document always say the same thing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from thidua.decisions.models import Decision, DecisionItem
from thidua.registry.catalog import award_name, prize_amount
from thidua.rules.money import amount_in_words

PROVINCE_NAME = "Lạng Sơn"
PLACE = "Lạng Sơn"

# Legal grounds of a provincial award decision (law-procedures.md §2.6).
DECISION_GROUNDS = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết một số điều của "
    "Luật Thi đua, khen thưởng;",
    "Căn cứ Quy chế công tác thi đua, khen thưởng trên địa bàn tỉnh Lạng Sơn;",
]


def vn_date(d: dt.date) -> str:
    """``ngày 05 tháng 02 năm 2026``: days under 10 and months 1–2 take a leading 0 (NĐ 30/2020)."""
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def vnd(n: int | None) -> str:
    return "" if n is None else f"{n:,}".replace(",", ".")


def number_symbol(number: int | None, type_abbr: str, issuer: str) -> str:
    """``01/QĐ-UBND``; a draft keeps the blank the clerk fills in by hand: ``     /QĐ-UBND``."""
    num = f"{number:02d}" if number else "\u00a0" * 6
    return f"{num}/{type_abbr}-{issuer}"


@dataclass(frozen=True)
class Signature:
    """Cells 7a–c of NĐ 30: the form (TM. on behalf of a collective body, KT. deputy signing for the head,
    TUQ. authorised), the signer's title and name."""

    form: str = ""
    authority: str = "Ủy ban nhân dân"
    head_title: str = "Chủ tịch"
    signer_title: str = ""
    name: str = ""

    @property
    def lines(self) -> list[str]:
        if self.form == "TM.":
            return [f"TM. {self.authority.upper()}", (self.signer_title or self.head_title).upper()]
        if self.form == "KT.":
            return [f"KT. {self.head_title.upper()}", (self.signer_title or f"Phó {self.head_title}").upper()]
        if self.form == "TUQ.":
            return [f"TUQ. {self.head_title.upper()}", (self.signer_title or "Chánh Văn phòng").upper()]
        return [(self.signer_title or self.head_title).upper()]

    def as_dict(self) -> dict[str, Any]:
        lines = self.lines
        return {"lines": lines, "line1": lines[0], "line2": lines[1] if len(lines) > 1 else "",
                "name": self.name, "form": self.form}


def _subject_kind(item: DecisionItem) -> str:
    return "individual" if item.person_id else "collective" if item.collective_id else "household"


def _title_unit(item: DecisionItem, titles: dict[int, str]) -> str:
    if item.award_id and item.award is not None:
        a = item.award
        return ", ".join(x for x in (a.subject_title, a.unit.name) if x)
    subject = item.person or item.collective or item.household
    unit = getattr(subject, "unit", None)
    title = titles.get(item.person_id or 0, "")
    return ", ".join(x for x in (title, unit.name if unit else "") if x)


def _subject_name(item: DecisionItem) -> str:
    if item.award_id and item.award is not None:
        return item.award.subject_name
    if item.person is not None:
        return item.person.full_name
    if item.collective is not None:
        return item.collective.name
    return f"Hộ {item.household.head_name}" if item.household else ""


def annex_rows(decision: Decision) -> list[dict[str, Any]]:
    from thidua.org.models import Position

    items = list(decision.items.select_related("person__unit", "collective__unit", "household__unit",
                                               "award__unit").order_by("position", "pk"))
    person_ids = [i.person_id for i in items if i.person_id]
    titles = dict(Position.objects.filter(person_id__in=person_ids, valid_to__isnull=True)
                  .order_by("valid_from").values_list("person_id", "title"))
    rows = []
    for no, item in enumerate(items, start=1):
        amount = (item.award.amount_vnd if item.award is not None
                  else prize_amount(item.award_code, _subject_kind(item), decision.decided_on))
        rows.append({"no": no, "name": _subject_name(item), "title_unit": _title_unit(item, titles),
                     "award": award_name(item.award_code), "code": item.award_code, "amount": amount,
                     "amount_text": vnd(amount)})
    return rows


def decision_context(decision: Decision, *, signature: Signature | None = None,
                     recipients: list[str] | None = None) -> dict[str, Any]:
    rows = annex_rows(decision)
    total = sum(r["amount"] or 0 for r in rows)
    label = number_symbol(decision.number, "QĐ", decision.issuer)
    authority = decision.issuer_name or f"Chủ tịch Ủy ban nhân dân tỉnh {PROVINCE_NAME}"
    awards = sorted({r["award"] for r in rows})
    sig = signature or Signature(name=decision.signer)
    return {
        "managing_body": "",
        "issuing_body": f"Ủy ban nhân dân tỉnh {PROVINCE_NAME}",
        "number_symbol": label,
        "place_date": f"{PLACE}, {vn_date(decision.decided_on)}",
        "date_phrase": vn_date(decision.decided_on),
        "subject": decision.subject,
        "authority": authority.upper(),
        "authority_short": authority,
        "grounds": [*DECISION_GROUNDS,
                    "Theo đề nghị của Giám đốc Sở Nội vụ."],
        "articles": [
            {"title": "Điều 1.", "text": f"Tặng {', '.join(awards)} cho {len(rows)} tập thể, cá nhân "
                                         "có tên trong danh sách kèm theo Quyết định này."},
            {"title": "Điều 2.", "text": "Tiền thưởng kèm theo được chi từ Quỹ Thi đua, khen thưởng của tỉnh "
                                         f"theo quy định; tổng số tiền {vnd(total)} đồng "
                                         f"({amount_in_words(total)})."},
            {"title": "Điều 3.", "text": "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Ủy ban "
                                         "nhân dân tỉnh, Giám đốc Sở Nội vụ, Thủ trưởng các cơ quan, đơn vị "
                                         "có liên quan và các tập thể, cá nhân có tên tại Điều 1 chịu trách "
                                         "nhiệm thi hành Quyết định này."},
        ],
        "recipients": recipients or ["Như Điều 3", "Chủ tịch, các PCT UBND tỉnh", "Sở Nội vụ (Ban TĐKT)",
                                     "Lưu: VT"],
        "signature": sig.as_dict(),
        "annex_title": f"{', '.join(awards)}".upper() if awards else "",
        "rows": rows,
        "total": total,
        "total_text": vnd(total),
        "total_words": amount_in_words(total),
        "is_draft": decision.number is None,
    }


def site_url() -> str:
    return str(settings.THIDUA_PUBLIC_URL).rstrip("/")
