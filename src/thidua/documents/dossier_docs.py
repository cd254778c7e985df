"""Dossier documents pre-filled from the data: proposal letter (tờ trình), achievement reports
(Mẫu 02 collective, Mẫu 03 individual, Phụ lục I NĐ 98/2023), unit council minutes and ballot-count
minutes (law-procedures.md §2.2–2.5). Same context for DOCX and PDF."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from thidua.nominations.models import Dossier, Nominee
from thidua.org.models import Position
from thidua.registry.catalog import award_name
from thidua.registry.models import Award

from .context import PLACE, Signature, number_symbol, vn_date
from .render import RenderError

KINDS = ("proposal_letter", "report_individual", "report_collective", "council_minutes", "ballot_minutes")


def _base(dossier: Dossier, type_abbr: str) -> dict[str, Any]:
    unit = dossier.unit
    parent = unit.parent
    today = timezone.localdate()
    short = unit.short_name or "".join(w[0] for w in unit.name.split() if w[:1].isalpha()).upper()
    return {
        "managing_body": parent.name if parent else "",
        "issuing_body": unit.name,
        "number_symbol": number_symbol(None, type_abbr, short),
        "place_date": f"{PLACE}, {vn_date(today)}",
        "recipients": ["Như trên", "Lưu: VT"],
        "signature": Signature(head_title="Thủ trưởng đơn vị").as_dict(),
    }


def _nominee_rows(dossier: Dossier) -> list[dict[str, Any]]:
    nominees = list(dossier.nominees.select_related("person__unit", "collective__unit", "household__unit"))
    person_ids = [n.person_id for n in nominees if n.person_id]
    titles = dict(Position.objects.filter(person_id__in=person_ids, valid_to__isnull=True)
                  .order_by("valid_from").values_list("person_id", "title"))
    rows = []
    for no, n in enumerate(nominees, start=1):
        subject = n.person or n.collective or n.household
        unit = getattr(subject, "unit", None)
        title = titles.get(n.person_id or 0, "")
        rows.append({"no": no, "name": n.subject_name,
                     "title_unit": ", ".join(x for x in (title, unit.name if unit else "") if x),
                     "award": award_name(n.award_code), "summary": n.achievement_summary,
                     "council_passed": n.council_passed})
    return rows


def proposal_letter(dossier: Dossier) -> dict[str, Any]:
    rows = _nominee_rows(dossier)
    awards = sorted({r["award"] for r in rows})
    return {**_base(dossier, "TTr"),
            "subject": f"Về việc đề nghị tặng {', '.join(awards)}",
            "addressee": dossier.round.authority,
            "grounds": ["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
                        "Căn cứ Quy chế công tác thi đua, khen thưởng trên địa bàn tỉnh Lạng Sơn;",
                        f"Xét thành tích và biên bản họp Hội đồng Thi đua – Khen thưởng của {dossier.unit.name},"],
            "request": f"{dossier.unit.name} kính trình {dossier.round.authority} xem xét, tặng "
                       f"{', '.join(awards)} cho {len(rows)} tập thể, cá nhân có thành tích sau:",
            "rows": rows,
            "attachments": "biên bản họp Hội đồng và kết quả bỏ phiếu; báo cáo thành tích."}


def _history(nominee: Nominee) -> list[dict[str, Any]]:
    subject: dict[str, int | None] = (
        {"person_id": nominee.person_id} if nominee.person_id
        else {"collective_id": nominee.collective_id} if nominee.collective_id
        else {"household_id": nominee.household_id})
    return [{"year": a.year, "award": award_name(a.code),
             "decision": f"{a.decision_number} {vn_date(a.decision_date)}", "issuer": a.issuer}
            for a in Award.objects.filter(**subject, status="valid").order_by("year", "pk")]


def achievement_report(nominee: Nominee) -> tuple[str, dict[str, Any]]:
    """(template, context): Mẫu 03 for a person, Mẫu 02 for a collective or household.
    Never prints the citizen ID; birth date only as the year the template asks for."""
    dossier = nominee.dossier
    ctx = {**_base(dossier, "BC"), "award": award_name(nominee.award_code),
           "achievements": nominee.achievement_summary or "…", "history": _history(nominee)}
    ctx["signature"] = Signature(head_title="Người báo cáo thành tích", name=nominee.subject_name).as_dict()
    ctx["recipients"] = []
    if nominee.person is not None:
        p = nominee.person
        pos = p.positions.filter(valid_to__isnull=True).order_by("-valid_from").first()
        ctx["facts"] = [
            {"label": "Họ và tên", "value": p.full_name},
            {"label": "Giới tính", "value": p.get_sex_display()},
            {"label": "Năm sinh", "value": str(p.birth_date.year) if p.birth_date else ""},
            {"label": "Dân tộc", "value": p.ethnicity},
            {"label": "Đơn vị công tác", "value": p.unit.name if p.unit else ""},
            {"label": "Chức vụ", "value": pos.title if pos else ""},
        ]
        ctx["section_one"] = "SƠ LƯỢC LÝ LỊCH"
        return "report_individual", ctx
    name = nominee.subject_name
    unit = getattr(nominee.collective or nominee.household, "unit", None)
    ctx["section_one"] = "SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH"
    ctx["facts"] = [{"label": "Tên tập thể", "value": name},
                    {"label": "Thuộc đơn vị", "value": unit.name if unit else ""}]
    return "report_collective", ctx


def minutes(dossier: Dossier, *, ballot: bool, members: int, votes: dict[int, int] | None = None,
            chair: str = "", secretary: str = "") -> dict[str, Any]:
    """Council minutes (or the ballot-count minutes of a secret ballot). ``votes`` maps a nominee's
    position in the list (1-based) to the votes for; the share is over all members (§3.2)."""
    if members <= 0:
        raise RenderError("Số thành viên Hội đồng phải lớn hơn 0.")
    rows = []
    for r in _nominee_rows(dossier):
        v = (votes or {}).get(r["no"], members if r["council_passed"] else 0)
        pct = round(100 * v / members, 1)
        rows.append({**r, "votes_for": v, "members": members, "percent": f"{pct:g}".replace(".", ","),
                     "result": "Đạt" if pct >= 50 else "Không đạt"})
    today = timezone.localdate()
    what = "Kiểm phiếu bầu" if ballot else "Họp Hội đồng Thi đua – Khen thưởng"
    return {**_base(dossier, "BB"), "subject": f"{what} xét đề nghị khen thưởng — {dossier.round.name}",
            "opening": [f"Hôm nay, {vn_date(today)}, tại {dossier.unit.name}, "
                        f"{'Ban kiểm phiếu' if ballot else 'Hội đồng Thi đua – Khen thưởng'} tiến hành "
                        f"{'kiểm phiếu bầu kín' if ballot else 'họp xét đề nghị khen thưởng'}.",
                        f"Tổng số thành viên Hội đồng: {members}. Chủ trì: {chair or '…'}. Thư ký: {secretary or '…'}.",
                        "Kết quả (tỷ lệ tính trên tổng số thành viên Hội đồng):"],
            "rows": rows,
            "closing": ["Biên bản lập xong hồi … giờ cùng ngày, đã thông qua trước Hội đồng./."],
            "left_signer_title": "Thư ký" if not ballot else "Thành viên Ban kiểm phiếu", "left_signer": secretary,
            "right_signer_title": "Chủ trì" if not ballot else "Trưởng ban kiểm phiếu", "right_signer": chair}
