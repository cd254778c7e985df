"""Issue 7 in the browser: the office launches a movement on its own screen (unit tree, launch
document), opens the movement's thematic round, records the final review, pre-fills the proposed
nominees from the cluster ranking, adds a person by hand and makes the dossiers in one click; the
unit's clerk then finds the draft dossier with both nominees.

Only the fixtures (units, people, users, the cluster's scores) are made through the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import Flow, flow  # noqa: F401
from thidua.movements import clusters
from thidua.movements.models import Movement
from thidua.nominations.models import Dossier
from thidua.org.models import Cluster, ClusterMembership, ClusterRole

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]




def _ranked_cluster(flow: Flow, year: int) -> None:  # noqa: F811
    """A block of the two departments, scored and consolidated: the Department of Education leads."""
    block = Cluster.objects.create(code="KHOI-VX", name="Khối văn hóa – xã hội", kind="block")
    ClusterMembership.objects.bulk_create([
        ClusterMembership(cluster=block, unit=flow.unit, year=year, role=ClusterRole.LEADER),
        ClusterMembership(cluster=block, unit=flow.other_unit, year=year, role=ClusterRole.DEPUTY)])
    sheet = clusters.create_sheet(cluster=block, year=year, by=flow.specialist, closes_on=timezone.localdate(),
                                  criteria=[("Hoàn thành nhiệm vụ", 10, "")], certificates=0)
    crit = sheet.criteria.get()
    clusters.submit_self_scores(sheet=sheet, unit=flow.unit, by=flow.specialist, points={crit.pk: 10})
    clusters.submit_self_scores(sheet=sheet, unit=flow.other_unit, by=flow.specialist, points={crit.pk: 7})
    clusters.consolidate(sheet=sheet, by=flow.specialist)


def test_launch_and_final_review_to_dossiers_in_the_browser(  # noqa: F811
        flow: Flow, open_as: Callable[[Any], Any], live_server: Any, tmp_path: Path) -> None:  # noqa: F811
    base = live_server.url
    today = timezone.localdate()
    ends = today + dt.timedelta(days=30)
    _ranked_cluster(flow, ends.year)
    teacher = flow.make_person("Hoàng Thị Mai", unit=flow.unit)

    # 1. Launch on the office's screen.
    spec = open_as(flow.specialist)
    spec.goto(f"{base}/phong-trao/quan-ly/")
    spec.click("text=Phát động phong trào mới")
    spec.fill("#id_name", "Thi đua chào mừng Đại hội Đảng bộ tỉnh")
    spec.fill("#id_theme", "Đoàn kết – Kỷ cương – Sáng tạo")
    spec.select_option("#id_kind", "thematic")
    spec.select_option("#id_level", "province")
    spec.select_option("#id_launched_by", str(flow.province.pk))
    spec.fill("#id_starts_on", f"{today - dt.timedelta(days=10):%Y-%m-%d}")
    spec.fill("#id_ends_on", f"{ends:%Y-%m-%d}")
    spec.check(f"input[name=units][value='{flow.unit.pk}']")
    spec.check(f"input[name=units][value='{flow.other_unit.pk}']")
    spec.fill("#id_launch_document_number", "15/KH-UBND")
    spec.set_input_files("#id_launch_document", files=[
        {"name": "ke-hoach.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 plan"}])
    spec.click("button:has-text('Phát động')")
    movement = Movement.objects.get()
    spec.wait_for_url(f"{base}/phong-trao/quan-ly/{movement.pk}/")
    expect(spec.locator("h1")).to_have_text("Thi đua chào mừng Đại hội Đảng bộ tỉnh")

    # 2. The movement's thematic round, then the final review.
    spec.fill("input[name=name][id=id_name]", "Khen thưởng tổng kết phong trào")
    spec.check("input[name=accepted_codes][value=CO_THI_DUA_TINH]")
    spec.fill("#id_closes_on", f"{ends:%Y-%m-%d}")
    spec.click("button:has-text('Mở đợt')")
    expect(spec.locator("text=Khen thưởng tổng kết phong trào — nhận hồ sơ")).to_be_visible()
    spec.select_option("#id_kind", "final")
    spec.fill("#id_report_text", "Tổng kết: 120 tập thể, 800 cá nhân hưởng ứng.")
    spec.click("button:has-text('Lưu sơ kết, tổng kết')")
    spec.wait_for_url(f"{base}/phong-trao/quan-ly/tong-ket/*/")

    # 3. Pre-fill from the block's ranking, add a person, make the dossiers.
    spec.click("button[data-action=prefill]")
    expect(spec.locator("#proposals tbody tr")).to_have_count(1)
    expect(spec.locator("#proposals")).to_contain_text("Cờ thi đua")
    spec.select_option("#id_unit", str(flow.unit.pk))
    spec.click("button:has-text('Chọn đơn vị')")
    spec.fill("#id_doi_tuong_q", "Hoàng Thị")  # the person picker: search, then choose
    spec.click("button[name=doi_tuong_tim]")
    spec.check(f"input[name=doi_tuong][value=p{teacher.pk}]")
    spec.select_option("#id_code", "BK_TINH")
    spec.fill("#id_reason", "Giáo viên tiêu biểu của phong trào")
    spec.click("button[data-action=add]")
    expect(spec.locator("#proposals tbody tr")).to_have_count(2)
    spec.click("button[data-action=dossiers]")
    expect(spec.locator("#dossiers li")).to_have_count(1)
    dossier = Dossier.objects.get()
    assert dossier.unit == flow.unit and dossier.round.movement == movement.name

    # 4. The unit's clerk finds the draft with both nominees.
    clerk = open_as(flow.clerk)
    clerk.goto(f"{base}/ho-so/{dossier.pk}/")
    expect(clerk.locator("main")).to_contain_text("Hoàng Thị Mai")
    expect(clerk.locator("main")).to_contain_text(flow.unit.name)
