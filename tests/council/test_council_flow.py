"""The whole path through the services: Excel import of 30 nominees → submit → return one for
supplement → fix → appraise → council secret ballot where one misses the threshold → issue →
registry → person page. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from openpyxl import Workbook

from tests.factories import Flow, add_documents
from thidua.council import services as council
from thidua.council.models import AgendaItem, BallotBox, BallotCast
from thidua.decisions import services as decisions
from thidua.nominations import dossiers, importing
from thidua.nominations.errors import WorkflowError
from thidua.nominations.models import Notification
from thidua.nominations.workflow import State
from thidua.registry.models import Award

pytestmark = pytest.mark.django_db


def nominee_xlsx(rows: list[list[Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(list(importing.HEADERS.values()))
    for r in rows:
        ws.append(r)
    for row in ws.iter_rows(min_row=2, min_col=2, max_col=2):
        for c in row:
            c.number_format = "@"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_import_errors_name_row_and_column(flow: Flow) -> None:
    d = dossiers.create_dossier(round=flow.round, unit=flow.unit, by=flow.clerk, title="Đề nghị")
    p = flow.make_person("Trần Thị Bình", unit=flow.unit)
    data = nominee_xlsx([[1, p.citizen_id, "Trần Thị Bình", None, "Chiến sĩ thi đua toàn quốc"],
                         [2, "", "Không Có Ai", dt.date(1990, 1, 1), "LAO_DONG_TIEN_TIEN"]])
    plan = importing.plan_import(dossier=d, by=flow.clerk, data=data)
    text = [str(e) for e in plan.errors]
    assert any(t.startswith("Dòng 2, cột «Danh hiệu, hình thức đề nghị»") for t in text), text
    assert any(t.startswith("Dòng 3, cột «Họ và tên»") and "không tìm thấy" in t for t in text), text


def test_uncertain_match_needs_confirmation(flow: Flow) -> None:
    d = dossiers.create_dossier(round=flow.round, unit=flow.unit, by=flow.clerk, title="Đề nghị")
    flow.make_person("Lò Văn Cường", unit=flow.unit, birth_date=dt.date(1985, 3, 2))
    plan = importing.plan_import(dossier=d, by=flow.clerk,
                                 data=nominee_xlsx([[1, "", "Lò Văn Cường", "02/03/1985", "LAO_DONG_TIEN_TIEN"]]))
    assert not plan.errors and not plan.rows[0].certain
    rows = [r.to_dict() for r in plan.rows]
    with pytest.raises(WorkflowError, match="chưa xác nhận"):
        importing.apply_import(dossier=d, by=flow.clerk, expected_version=d.version, rows=rows, confirmed=set())
    assert d.nominees.count() == 0
    importing.apply_import(dossier=d, by=flow.clerk, expected_version=d.version, rows=rows, confirmed={2})
    assert d.nominees.count() == 1


def test_whole_path_through_services(flow: Flow, make_user: Any, settings: Any,
                                     django_capture_on_commit_callbacks: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    flow.specialist.email = "cv@example.vn"
    flow.specialist.save()
    people = [flow.make_person(f"Cán bộ {i:02d}", unit=flow.unit) for i in range(30)]
    d = dossiers.create_dossier(round=flow.round, unit=flow.unit, by=flow.clerk, title="Đề nghị tổng kết")
    plan = importing.plan_import(dossier=d, by=flow.clerk, data=nominee_xlsx(
        [[i + 1, p.citizen_id, p.full_name, None, "Lao động tiên tiến", "Hoàn thành tốt"]
         for i, p in enumerate(people)]))
    assert not plan.errors and len(plan.rows) == 30
    importing.apply_import(dossier=d, by=flow.clerk, expected_version=d.version,
                           rows=[r.to_dict() for r in plan.rows], confirmed=set())
    add_documents(d, flow.clerk)
    with django_capture_on_commit_callbacks(execute=True):
        dossiers.submit_dossier(dossier=d, by=flow.head)
    assert Notification.objects.filter(user=flow.specialist, dossier=d).exists()
    dossiers.receive(dossier=d, by=flow.specialist)
    dossiers.start_appraisal(dossier=d, by=flow.specialist)
    first = d.nominees.order_by("position").first()
    assert first is not None
    dossiers.return_for_supplement(dossier=d, by=flow.specialist, reasons={first.pk: "Bổ sung tóm tắt thành tích"})
    assert Notification.objects.filter(user=flow.clerk, dossier=d).exists()
    dossiers.update_nominee(nominee=first, by=flow.clerk, expected_version=d.version,
                       achievement_summary="Đã bổ sung")
    dossiers.resubmit(dossier=d, by=flow.clerk)
    ids = list(d.nominees.values_list("pk", flat=True))
    dossiers.conclude_appraisal(dossier=d, by=flow.specialist, conclusions={i: dossiers.Conclusion(True) for i in ids})
    dossiers.send_to_council(dossier=d, by=flow.specialist)
    members = [flow.chair] + [make_user(role="council_member", unit=flow.province) for _ in range(3)]
    meeting = council.create_meeting(by=flow.specialist, round=flow.round, title="Phiên họp thứ nhất",
                                     held_on=timezone.localdate(), members=members, dossiers=[d])
    items = list(meeting.items.order_by("position"))
    assert len(items) == 30
    council.set_attendance(meeting=meeting, by=flow.specialist, present=members)
    loser = items[-1]
    for i, m in enumerate(members):
        choices: dict[int, bool | None] = {it.pk: True for it in items}
        if i < 2:
            choices[loser.pk] = False  # 2 yes of 4 members: not more than half
        council.cast_ballot(meeting=meeting, by=m, choices=choices)
    with pytest.raises(WorkflowError, match="đã bỏ phiếu"):
        council.cast_ballot(meeting=meeting, by=members[0], choices={})
    council.close_meeting(meeting=meeting, by=flow.specialist)
    # Secrecy: who voted is stored, the choices only as counts (the ballot box is emptied at closing).
    assert BallotCast.objects.filter(meeting=meeting).count() == 4
    assert {f.name for f in BallotCast._meta.get_fields()} == {"id", "meeting", "member"}
    assert not BallotBox.objects.filter(meeting=meeting).exists()
    assert AgendaItem.objects.get(pk=loser.pk).yes == 2 and AgendaItem.objects.get(pk=loser.pk).passed is False
    d.refresh_from_db()
    assert d.state == State.VOTED
    dossiers.send_for_signature(dossier=d, by=flow.specialist)
    decision = decisions.prepare_decision(dossiers=[d], by=flow.specialist, decided_on=timezone.localdate(),
                                          subject="Tặng danh hiệu Lao động tiên tiến")
    decisions.issue_decision(decision=decision, by=flow.chair)
    assert Award.objects.filter(decision_number=decision.label).count() == 29
    assert not Award.objects.filter(person=loser.nominee.person).exists()
    d.refresh_from_db()
    assert d.state == State.DECIDED
    assert any("cv@example.vn" in m.to for m in mail.outbox)
    client = Client()
    client.force_login(flow.clerk)
    page = client.get(f"/ca-nhan/{people[0].pk}/").content.decode()
    assert decision.label in page


def test_member_of_nominee_unit_abstains(flow: Flow, make_user: Any) -> None:
    d = flow.dossier("LAO_DONG_TIEN_TIEN")
    flow.to_state(d, State.AT_COUNCIL)
    insider = make_user(role="council_member", unit=flow.unit)
    others = [make_user(role="council_member", unit=flow.province) for _ in range(2)]
    meeting = council.create_meeting(by=flow.specialist, round=flow.round, title="Họp", held_on=timezone.localdate(),
                                     members=[insider, *others], dossiers=[d])
    council.set_attendance(meeting=meeting, by=flow.specialist, present=[insider, *others])
    item = meeting.items.get()
    with pytest.raises(WorkflowError, match="thuộc đơn vị"):
        council.cast_ballot(meeting=meeting, by=insider, choices={item.pk: True})
    assert not BallotCast.objects.filter(meeting=meeting).exists()
    council.cast_ballot(meeting=meeting, by=insider, choices={item.pk: None})
    for m in others:
        council.cast_ballot(meeting=meeting, by=m, choices={item.pk: True})
    council.close_meeting(meeting=meeting, by=flow.specialist)  # counts exist only once the box is opened
    assert AgendaItem.objects.get(pk=item.pk).abstained == 1


def test_quorum_required(flow: Flow, make_user: Any) -> None:
    d = flow.dossier("LAO_DONG_TIEN_TIEN")
    flow.to_state(d, State.AT_COUNCIL)
    members = [make_user(role="council_member", unit=flow.province) for _ in range(3)]
    meeting = council.create_meeting(by=flow.specialist, round=flow.round, title="Họp", held_on=timezone.localdate(),
                                     members=members, dossiers=[d])
    council.set_attendance(meeting=meeting, by=flow.specialist, present=members[:1])
    with pytest.raises(WorkflowError, match="chưa đủ số thành viên"):
        council.cast_ballot(meeting=meeting, by=members[0], choices={meeting.items.get().pk: True})


# ---- Vote thresholds per award (law-review E1; NĐ 98/2023 Điều 30 khoản 7 [V]): CSTĐ cơ sở needs
# "từ 80% trở lên" of ALL members; an absent member votes in writing and is counted.
def test_cstd_co_so_needs_80_percent_of_all_members_with_written_ballots(flow: Flow, make_user: Any) -> None:
    d = flow.dossier("CSTD_CO_SO", "LAO_DONG_TIEN_TIEN")
    flow.to_state(d, State.AT_COUNCIL)
    members = [flow.chair] + [make_user(role="council_member", unit=flow.province) for _ in range(4)]
    meeting = council.create_meeting(by=flow.specialist, round=flow.round, title="Họp", held_on=timezone.localdate(),
                                     members=members, dossiers=[d])
    items = {i.nominee.award_code: i for i in meeting.items.select_related("nominee")}
    assert items["CSTD_CO_SO"].threshold == "≥4/5"
    assert "Điều 30 khoản 7" in items["CSTD_CO_SO"].threshold_reference or "152/2025" in items["CSTD_CO_SO"].threshold_reference
    assert items["LAO_DONG_TIEN_TIEN"].threshold == ">1/2"
    present, absent = members[:4], members[4]
    council.set_attendance(meeting=meeting, by=flow.specialist, present=present)
    cstd, ldtt = items["CSTD_CO_SO"].pk, items["LAO_DONG_TIEN_TIEN"].pk
    for i, m in enumerate(present):
        council.cast_ballot(meeting=meeting, by=m, choices={cstd: i < 3, ldtt: i < 3})  # 3 yes in the room
    with pytest.raises(WorkflowError, match="chưa được điểm danh"):
        council.cast_ballot(meeting=meeting, by=absent, choices={cstd: True})
    with pytest.raises(WorkflowError, match="có mặt bỏ phiếu tại phiên họp"):
        council.record_written_ballot(meeting=meeting, by=flow.specialist, member=present[0], choices={cstd: True})
    council.record_written_ballot(meeting=meeting, by=flow.specialist, member=absent, choices={cstd: True, ldtt: True})
    council.close_meeting(meeting=meeting, by=flow.specialist)
    got = {i.nominee.award_code: i for i in AgendaItem.objects.filter(meeting=meeting).select_related("nominee")}
    # 4 yes of 5 members = 80%: "từ 80% trở lên" is met (≥), and the written ballot counted
    assert got["CSTD_CO_SO"].yes == 4 and got["CSTD_CO_SO"].passed is True
    assert got["LAO_DONG_TIEN_TIEN"].passed is True
    assert meeting.members.get(user=absent).voted_in_writing is True


def test_cstd_co_so_below_80_percent_fails_even_with_a_majority(flow: Flow, make_user: Any) -> None:
    d = flow.dossier("CSTD_CO_SO")
    flow.to_state(d, State.AT_COUNCIL)
    members = [flow.chair] + [make_user(role="council_member", unit=flow.province) for _ in range(4)]
    meeting = council.create_meeting(by=flow.specialist, round=flow.round, title="Họp", held_on=timezone.localdate(),
                                     members=members, dossiers=[d])
    council.set_attendance(meeting=meeting, by=flow.specialist, present=members)
    item = meeting.items.get()
    for i, m in enumerate(members):
        council.cast_ballot(meeting=meeting, by=m, choices={item.pk: i < 3})  # 3/5 = 60%
    council.close_meeting(meeting=meeting, by=flow.specialist)
    assert AgendaItem.objects.get(pk=item.pk).passed is False
