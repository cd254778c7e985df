"""Dossier documents pre-filled from the data: proposal letter (tờ trình), achievement reports
(Mẫu 02 collective, Mẫu 03 individual, Phụ lục I NĐ 98/2023), unit council minutes and ballot-count
minutes (law-procedures.md §2.2–2.5). Same context for DOCX and PDF."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django.utils import timezone

from thidua.council import selectors as council_selectors
from thidua.council.models import BallotCast, Meeting, MeetingStatus
from thidua.nominations.models import Dossier, Nominee
from thidua.org.models import Position
from thidua.registry.catalog import award_name
from thidua.registry.models import Award

from .context import PLACE, Signature, number_symbol, vn_date

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


def _percent(part: int | Fraction, whole: int = 1) -> str:
    value = Fraction(part) / whole * 100
    return f"{round(float(value), 1):g}".replace(".", ",") + "%"


def _threshold_label(code: str) -> str:
    """"≥9/10" → "≥ 90%", ">1/2" → "> 50%" (the share of ALL members the award needs)."""
    if not code:
        return ""
    sign, share = code[0], code[1:]
    return f"{sign} {_percent(Fraction(share))}"


def minutes(dossier: Dossier, *, ballot: bool, meeting: Meeting | None = None) -> dict[str, Any]:
    """Council minutes (or the ballot-count minutes of a secret ballot) of the dossier's nominees,
    from the latest CLOSED council meeting that voted on them (issue 14 item 1); before any meeting
    has closed, a blank form with no numbers."""
    meeting = meeting or council_selectors.closed_meeting_for(dossier)
    return meeting_minutes(meeting, ballot=ballot, dossier=dossier)


def meeting_minutes(meeting: Meeting | None, *, ballot: bool, dossier: Dossier | None = None) -> dict[str, Any]:
    """Minutes from the record of a meeting: members in total, present, absent, written ballots; for each
    nominee the votes for, against and abstaining, the share of ALL members, the threshold of the
    award (catalog, ``rules.council``) and the result. Only a closed meeting gives numbers; an open
    one (or none) gives the blank form. With ``dossier``, only that dossier's nominees are listed."""
    if meeting is not None:  # the record as it is now, not a caller's stale copy
        meeting = Meeting.objects.select_related("round").get(pk=meeting.pk)
    what = "Kiểm phiếu bầu" if ballot else "Họp Hội đồng Thi đua – Khen thưởng"
    round_name = (meeting.round.name if meeting else dossier.round.name if dossier else "")
    if dossier is not None:
        ctx = _base(dossier, "BB")
    else:
        assert meeting is not None
        ctx = {"managing_body": meeting.round.authority, "issuing_body": "Hội đồng Thi đua – Khen thưởng",
               "number_symbol": number_symbol(None, "BB", "HĐTĐKT"),
               "place_date": f"{PLACE}, {vn_date(meeting.held_on)}", "recipients": ["Lưu: VT"],
               "signature": Signature(head_title="Chủ tịch Hội đồng").as_dict()}
    closed = meeting is not None and meeting.status == MeetingStatus.CLOSED
    ctx.update({
        "subject": f"{what} xét đề nghị khen thưởng — {round_name}",
        "closing": ["Biên bản lập xong hồi … giờ cùng ngày, đã thông qua trước Hội đồng./."],
        "left_signer_title": "Thư ký" if not ballot else "Thành viên Ban kiểm phiếu", "left_signer": "",
        "right_signer_title": "Chủ trì" if not ballot else "Trưởng ban kiểm phiếu", "right_signer": "",
        "blank": not closed,
    })
    body = "Ban kiểm phiếu" if ballot else "Hội đồng Thi đua – Khen thưởng"
    act = "kiểm phiếu bầu kín" if ballot else "họp xét đề nghị khen thưởng"
    if not closed:
        nominees = list(dossier.nominees.all()) if dossier is not None else [
            i.nominee for i in meeting.items.select_related("nominee")] if meeting is not None else []
        ctx["opening"] = [f"Hôm nay, ngày … tháng … năm …, tại …, {body} tiến hành {act}.",
                          "Tổng số thành viên Hội đồng: …. Có mặt: …. Vắng mặt: …, trong đó gửi phiếu bằng văn "
                          "bản: ….",
                          "Số phiếu thu về: …, trong đó tại phiên họp: …, bằng văn bản: ….",
                          "Kết quả (tỷ lệ tính trên tổng số thành viên Hội đồng, kể cả thành viên vắng mặt):"]
        ctx["rows"] = [{"no": no, "name": n.subject_name, "award": award_name(n.award_code), "votes_for": "",
                        "votes_against": "", "abstained": "", "share": "", "threshold": "", "result": ""}
                       for no, n in enumerate(nominees, start=1)]
        return ctx
    assert meeting is not None
    members = list(meeting.members.all())
    total = len(members)
    present = sum(m.present for m in members)
    written = sum(m.voted_in_writing for m in members)
    voted = BallotCast.objects.filter(meeting=meeting).count()
    items = meeting.items.select_related("nominee__person", "nominee__collective", "nominee__household")
    if dossier is not None:
        items = items.filter(nominee__dossier=dossier)
    rows, references = [], []
    for no, item in enumerate(items, start=1):
        rows.append({"no": no, "name": item.nominee.subject_name, "award": award_name(item.nominee.award_code),
                     "votes_for": str(item.yes), "votes_against": str(item.no), "abstained": str(item.abstained),
                     "share": f"{item.yes}/{total} = {_percent(item.yes, total)}",
                     "threshold": _threshold_label(item.threshold),
                     "result": "Đạt" if item.passed else "Không đạt"})
        if item.threshold_reference and item.threshold_reference not in references:
            references.append(item.threshold_reference)
    ctx["opening"] = [
        f"Hôm nay, {vn_date(meeting.held_on)}, {body} tiến hành {act} ({meeting.title}).",
        f"Tổng số thành viên Hội đồng: {total}. Có mặt: {present}. Vắng mặt: {total - present}, trong đó gửi "
        f"phiếu bằng văn bản: {written}.",
        f"Số phiếu thu về: {voted}, trong đó tại phiên họp: {voted - written}, bằng văn bản: {written}.",
        f"Kết quả (tỷ lệ tính trên tổng số thành viên Hội đồng: {total}, kể cả thành viên vắng mặt):"]
    ctx["closing"] = [f"Ngưỡng biểu quyết theo: {'; '.join(references)}." if references else "",
                      *ctx["closing"]]
    ctx["closing"] = [line for line in ctx["closing"] if line]
    ctx["rows"] = rows
    return ctx
