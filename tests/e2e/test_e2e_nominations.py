"""Issue 4 "Done when", in the browser: a clerk imports 30 nominees from Excel → the unit head
submits → the specialist returns one for supplement → the clerk fixes it → the specialist
appraises → the council votes by secret ballot and one nominee misses the threshold → the chair
signs (issues the decision) → the registry holds the awards → the person page shows them.

Every step is a click or a form on the real pages; only the fixtures (units, people, users,
the round) are made through the services. The same path through the services alone runs on
SQLite and PostgreSQL in tests/council/test_council_flow.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.factories import Flow, flow  # noqa: F401
from thidua.decisions.models import Decision
from thidua.nominations.models import Dossier
from thidua.nominations.workflow import State
from thidua.registry.models import Award

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]




def click_action(pg: Any, action: str) -> None:
    pg.click(f"button[data-action={action}]")
    pg.wait_for_load_state()


def expect_state(pg: Any, state: State) -> None:
    expect(pg.locator("#state")).to_have_text(str(state.label))


def test_nomination_to_registry_in_the_browser(  # noqa: F811 (the flow fixture is imported above)
        flow: Flow, open_as: Callable[[Any], Any], live_server: Any,  # noqa: F811
        make_user: Callable[..., Any], tmp_path: Path) -> None:
    base = live_server.url
    people = [flow.make_person(f"Cán bộ {i:02d}", unit=flow.unit) for i in range(30)]
    members = [flow.chair] + [make_user(role="council_member", unit=flow.province) for _ in range(3)]

    # 1. The clerk opens the round, creates the dossier, downloads the template and imports 30 rows.
    clerk = open_as(flow.clerk)
    clerk.goto(f"{base}/ho-so/dot/{flow.round.pk}/")
    clerk.fill("#id_title", "Đề nghị tặng danh hiệu Lao động tiên tiến")
    clerk.click("button[name=create]")
    clerk.wait_for_url(f"{base}/ho-so/*/")
    dossier_url = clerk.url
    dossier = Dossier.objects.get()
    clerk.click("text=Nhập danh sách từ Excel")
    with clerk.expect_download() as dl:
        clerk.click("text=Tải mẫu nhập liệu (.xlsx)")
    template = tmp_path / "mau.xlsx"
    dl.value.save_as(template)
    wb = load_workbook(template)
    ws = wb["Danh sách đề nghị"]
    for i, p in enumerate(people):  # row 2 is the sample row: overwritten by the first nominee
        row = 2 + i
        ws.cell(row=row, column=1, value=i + 1)
        ws.cell(row=row, column=2, value=p.citizen_id)
        ws.cell(row=row, column=3, value=p.full_name)
        ws.cell(row=row, column=4, value=None)
        ws.cell(row=row, column=5, value="Lao động tiên tiến")
        ws.cell(row=row, column=6, value="Hoàn thành tốt nhiệm vụ")
    filled = tmp_path / "danh-sach-30.xlsx"
    wb.save(filled)
    clerk.set_input_files("input[name=file]", str(filled))
    clerk.click("button:has-text('Kiểm tra tệp')")
    expect(clerk.locator("form tbody tr")).to_have_count(30)
    clerk.click("button:has-text('Thêm vào hồ sơ')")
    clerk.wait_for_url(dossier_url)
    expect(clerk.locator("table.nominees tbody tr[data-nominee]")).to_have_count(30)

    # The proposal letter and the unit council's minutes (LĐTT needs no achievement report).
    for kind in ("proposal_letter", "unit_council_minutes"):
        clerk.select_option("select[name=kind]", kind)
        clerk.set_input_files("input[type=file][name=file]", files=[
            {"name": f"{kind}.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 test"}])
        clerk.click("button:has-text('Tải lên')")
        clerk.wait_for_url(dossier_url)
    expect(clerk.locator("p.complete")).to_be_visible()

    # 2. The unit head submits.
    head = open_as(flow.head)
    head.goto(dossier_url)
    click_action(head, "submit")
    expect_state(head, State.SUBMITTED)

    # 3. The specialist receives, starts appraisal and returns the first nominee for supplement.
    spec = open_as(flow.specialist)
    spec.goto(dossier_url)
    click_action(spec, "receive")
    click_action(spec, "start_appraisal")
    expect_state(spec, State.UNDER_APPRAISAL)
    first = dossier.nominees.order_by("position", "pk").first()
    assert first is not None
    spec.goto(f"{dossier_url}tham-dinh/")
    spec.fill(f"input[name=reason_{first.pk}]", "Bổ sung tóm tắt thành tích")
    spec.click("button[name=action][value=return]")
    spec.wait_for_url(dossier_url)
    expect_state(spec, State.RETURNED)

    # 4. The clerk sees the reason, fixes the summary and sends the dossier back.
    clerk.goto(dossier_url)
    row = clerk.locator(f"tr[data-nominee='{first.pk}']")
    expect(row.locator(".return-reason")).to_have_text("Bổ sung tóm tắt thành tích")
    row.locator("textarea[name=achievement_summary]").fill("Đã bổ sung: hoàn thành xuất sắc nhiệm vụ")
    row.locator("button[type=submit]").click()
    clerk.wait_for_url(dossier_url)
    click_action(clerk, "resubmit")
    expect_state(clerk, State.UNDER_APPRAISAL)
    first.refresh_from_db()
    assert first.achievement_summary.startswith("Đã bổ sung")

    # 5. The specialist concludes: every nominee passes the appraisal; then sends to the council.
    spec.goto(f"{dossier_url}tham-dinh/")
    for radio in spec.locator("table.appraisal input[type=radio][value='1']").all():
        radio.check()
    spec.click("button[name=action][value=conclude]")
    spec.wait_for_url(dossier_url)
    expect_state(spec, State.APPRAISED)
    click_action(spec, "send_to_council")
    expect_state(spec, State.AT_COUNCIL)

    # 6. The council: meeting with every member, attendance, secret ballot; the last nominee gets
    # only 2 yes of 4 members (not more than half) and misses the threshold.
    spec.goto(f"{base}/hoi-dong/")
    spec.fill("input[name=title]", "Phiên họp Hội đồng thứ nhất")
    spec.click("button:has-text('Lập phiên họp')")
    spec.wait_for_url(f"{base}/hoi-dong/*/")
    meeting_url = spec.url
    for box in spec.locator("input[name=present]").all():
        box.check()
    spec.click("button:has-text('Lưu điểm danh')")
    spec.wait_for_url(meeting_url)
    last = dossier.nominees.order_by("-position", "-pk").first()
    assert last is not None
    item_id = last.agenda_items.get().pk
    for i, member in enumerate(members):
        voter = open_as(member)
        voter.goto(meeting_url)
        if i < 2:
            voter.check(f"input[name=item_{item_id}][value='0']")
        voter.click("form.ballot button[type=submit]")
        voter.wait_for_url(meeting_url)
        expect(voter.locator("p.voted")).to_be_visible()
    spec.goto(meeting_url)
    spec.click("button:has-text('Kết thúc bỏ phiếu và kiểm phiếu')")
    spec.wait_for_url(meeting_url)
    spec.goto(dossier_url)
    expect_state(spec, State.VOTED)
    expect(spec.locator(f"tr[data-nominee='{last.pk}']")).to_contain_text("Không thông qua")

    # 7. The specialist drafts the decision; the chair signs it (the number is taken).
    click_action(spec, "send_for_signature")
    spec.goto(f"{base}/quyet-dinh/")
    spec.fill("input[name=subject]", "Về việc tặng danh hiệu Lao động tiên tiến")
    spec.click("button:has-text('Lập dự thảo')")
    spec.wait_for_url(f"{base}/quyet-dinh/*/")
    decision_url = spec.url
    chair = open_as(flow.chair)
    chair.goto(decision_url)
    chair.click("button:has-text('Ký ban hành (lấy số)')")
    chair.wait_for_url(decision_url)
    decision = Decision.objects.get()
    assert decision.label
    expect(chair.locator("h1")).to_contain_text(decision.label)

    # 8. The registry holds 29 awards; the person page shows the award and its decision.
    assert Award.objects.filter(decision_number=decision.label).count() == 29
    assert not Award.objects.filter(person=last.person).exists()
    dossier.refresh_from_db()
    assert dossier.state == State.DECIDED
    clerk.goto(f"{base}/ca-nhan/{people[0].pk}/")
    expect(clerk.locator("main")).to_contain_text(decision.label)
    expect(clerk.locator("main")).to_contain_text("Lao động tiên tiến")
