"""Issue 14 item 1: the council minutes and the ballot-count minutes come from the closed session —
members in total, present, absent, written ballots; per nominee the votes for, against, abstaining,
the share of ALL members, the award's threshold and the result — and are a blank form before."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from docx import Document

from tests.factories import Flow
from tests.filechecks import pdf_text
from thidua.council import services as council
from thidua.council.models import AgendaItem
from thidua.documents import services as documents
from thidua.nominations.workflow import State

pytestmark = pytest.mark.django_db

NAMES = {"CSTD_TINH": "Nguyễn Thị Hường", "CSTD_CO_SO": "Đặng Văn Lực", "BK_TINH": "Hoàng Thị Ngọc Ánh"}
# Six ballots (5 in the room, 1 in writing) of 7 members: (CSTĐ tỉnh, CSTĐ cơ sở, Bằng khen).
PAPERS: list[tuple[bool | None, bool | None, bool | None]] = [
    (True, True, True), (True, True, True), (True, True, False), (True, True, None), (True, True, True),
    (False, True, True)]
# Expected per award: for, against, not voting, share of 7, threshold, result.
EXPECTED = {
    "CSTD_TINH": ("5", "1", "0", "5/7 = 71,4%", "≥ 90%", "Không đạt"),  # ≥ 90 % of ALL members
    "CSTD_CO_SO": ("6", "0", "0", "6/7 = 85,7%", "≥ 80%", "Đạt"),  # ≥ 80 %: 6 of 7
    "BK_TINH": ("4", "1", "0", "4/7 = 57,1%", "> 50%", "Đạt"),  # more than half
}


def _docx(data: bytes) -> tuple[str, list[list[str]]]:
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    rows = [[c.text.strip() for c in row.cells] for t in doc.tables for row in t.rows]
    return text, rows


def _session(flow: Flow, make_user: Any) -> tuple[Any, Any, dict[str, AgendaItem], list[Any]]:
    people = [flow.make_person(name, unit=flow.unit) for name in NAMES.values()]
    d = flow.dossier(*NAMES, people=people)
    flow.to_state(d, State.AT_COUNCIL)
    members = [flow.chair] + [make_user(role="council_member", unit=flow.province) for _ in range(6)]
    meeting = council.create_meeting(by=flow.specialist, round=flow.round, title="Phiên họp thứ nhất",
                                     held_on=timezone.localdate(), members=members, dossiers=[d])
    items = {i.nominee.award_code: i for i in meeting.items.select_related("nominee")}
    assert {k: v.threshold for k, v in items.items()} == {"CSTD_TINH": "≥9/10", "CSTD_CO_SO": "≥4/5",
                                                          "BK_TINH": ">1/2"}
    return d, meeting, items, members


def test_minutes_carry_every_number_of_the_closed_session(flow: Flow, make_user: Any, tmp_path: Path) -> None:
    d, meeting, items, members = _session(flow, make_user)
    present, written, absent = members[:5], members[5], members[6]
    council.set_attendance(meeting=meeting, by=flow.specialist, present=present)
    order = list(NAMES)

    def choices(paper: tuple[bool | None, ...]) -> dict[int, bool | None]:
        return {items[code].pk: c for code, c in zip(order, paper, strict=True)}

    # Before the session closes: a blank form only, no numbers (not "0/5 Không đạt").
    for kind in ("council_minutes", "ballot_minutes"):
        text, rows = _docx(documents.meeting_minutes(meeting=meeting, kind=kind, fmt="docx").content)
        assert "Tổng số thành viên Hội đồng: …" in text and "%" not in text + str(rows)
        assert not {"Đạt", "Không đạt", "0/5", "0/7"} & {c for r in rows for c in r}
    for m, paper in zip(present, PAPERS[:5], strict=True):
        council.cast_ballot(meeting=meeting, by=m, choices=choices(paper))
    council.record_written_ballot(meeting=meeting, by=flow.specialist, member=written, choices=choices(PAPERS[5]))
    blank = documents.dossier_document(dossier=d, kind="council_minutes", fmt="docx")
    assert "%" not in _docx(blank.content)[0] + str(_docx(blank.content)[1])  # still open: still blank
    council.close_meeting(meeting=meeting, by=flow.specialist)
    assert absent.pk not in meeting.ballots_cast.values_list("member_id", flat=True)

    # The counts on record are those of the ballots.
    for n, code in enumerate(order):
        item = AgendaItem.objects.get(pk=items[code].pk)
        assert (str(item.yes), str(item.no), str(item.abstained)) == EXPECTED[code][:3]
        assert item.yes == sum(p[n] is True for p in PAPERS) and item.no == sum(p[n] is False for p in PAPERS)

    heads = ["Tổng số thành viên Hội đồng: 7. Có mặt: 5. Vắng mặt: 2, trong đó gửi phiếu bằng văn bản: 1.",
             "Số phiếu thu về: 6, trong đó tại phiên họp: 5, bằng văn bản: 1.",
             "tổng số thành viên Hội đồng: 7, kể cả thành viên vắng mặt"]
    for kind in ("council_minutes", "ballot_minutes"):
        # From the meeting, and from the dossier (the link on the dossier page): the same numbers.
        for out in (documents.meeting_minutes(meeting=meeting, kind=kind, fmt="docx"),
                    documents.dossier_document(dossier=d, kind=kind, fmt="docx")):
            text, rows = _docx(out.content)
            for head in heads:
                assert head in text, (kind, head)
            body = {r[1]: r for r in rows if r and r[0].isdigit()}
            assert set(body) == set(NAMES.values())
            for code, name in NAMES.items():
                assert tuple(body[name][3:]) == EXPECTED[code], (kind, code, body[name])
            assert "Điều 30 khoản 7" in text or "152/2025" in text  # the thresholds' legal basis
        pdf = pdf_text(documents.meeting_minutes(meeting=meeting, kind=kind, fmt="pdf").content, tmp_path)
        for head in heads:
            assert head in pdf, (kind, head)
        for code, name in NAMES.items():
            assert name in pdf
            for value in EXPECTED[code][3:]:
                assert value in pdf, (kind, code, value)
        assert pdf.count("Không đạt") == 1


def test_minutes_download_from_the_meeting(flow: Flow, make_user: Any) -> None:
    _, meeting, _, _ = _session(flow, make_user)
    client = Client()
    client.force_login(flow.specialist)
    r = client.get(f"/hoi-dong/{meeting.pk}/bien-ban/council_minutes/docx/")
    assert r.status_code == 200 and "mau-trong" in r["Content-Disposition"]
    assert r["X-Content-Type-Options"] == "nosniff"
    assert "mẫu trống" in client.get(f"/hoi-dong/{meeting.pk}/bien-ban/").content.decode()
    assert client.get(f"/hoi-dong/{meeting.pk}/bien-ban/other/docx/").status_code == 404
    client.force_login(flow.clerk)
    assert client.get(f"/hoi-dong/{meeting.pk}/bien-ban/council_minutes/docx/").status_code == 403
