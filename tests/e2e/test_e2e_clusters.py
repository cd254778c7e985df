"""Issue 7 item 3 in the browser: the office creates a block, adds its members for the year from the unit
tree, chooses the leader and deputy, then prepares the year's scoring sheet from the membership page.
A unit's clerk then reads the block's members without any form to change them.

Only the fixtures (units, users) are made outside the browser."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thidua.audit.models import AuditEvent
from thidua.movements.models import ScoringSheet
from thidua.org.models import Cluster, ClusterMembership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]




def test_create_a_block_add_members_choose_the_leader_then_prepare_the_sheet(
        open_as: Callable[[Any], Any], live_server: Any, make_unit: Callable[..., Any],
        make_user: Callable[..., Any]) -> None:
    base = live_server.url
    year = timezone.localdate().year
    province = make_unit("Tỉnh Lạng Sơn", kind="province", code="LS")
    health = make_unit("Sở Y tế", parent=province, code="SYT")
    education = make_unit("Sở Giáo dục và Đào tạo", parent=province, code="SGDDT")
    make_unit("Sở Tài chính", parent=province, code="STC")
    specialist = make_user(role="specialist")
    clerk = make_user(role="clerk", unit=health)

    spec = open_as(specialist)
    spec.goto(f"{base}/phong-trao/cum/")
    spec.click("text=Cụm, khối thi đua và thành viên theo năm")
    spec.wait_for_url(f"{base}/phong-trao/cum/danh-sach/")
    # A block without a name is refused, naming the field; nothing is saved.
    spec.fill("#id_code", "KHOI-VX")
    spec.select_option("#id_kind", "block")
    spec.click("button:has-text('Lập cụm, khối')")
    expect(spec.locator("div.error")).to_contain_text("Tên cụm, khối: không được để trống.")
    assert not Cluster.objects.exists()
    spec.fill("#id_name", "Khối văn hóa – xã hội")
    spec.click("button:has-text('Lập cụm, khối')")
    block = Cluster.objects.get(code="KHOI-VX")
    spec.wait_for_url(f"{base}/phong-trao/cum/{block.pk}/thanh-vien/{year}/")
    expect(spec.locator("h1")).to_have_text(f"Khối văn hóa – xã hội — thành viên năm {year}")

    # Search the tree, tick two departments, add them.
    spec.fill("#id_q", "so")
    spec.click("button:has-text('Tìm')")
    spec.check(f"input[name=don_vi][value='{health.pk}']")
    spec.check(f"input[name=don_vi][value='{education.pk}']")
    spec.click("button[data-action=add]")
    expect(spec.locator("#members tbody tr")).to_have_count(2)

    # The leader and the deputy.
    spec.select_option("#id_leader", str(education.pk))
    spec.select_option("#id_deputy", str(health.pk))
    spec.click("button[data-action=roles]")
    expect(spec.locator("#members")).to_contain_text("Cụm trưởng, khối trưởng")
    roles = dict(ClusterMembership.objects.filter(cluster=block, year=year).values_list("unit__code", "role"))
    assert roles == {"SGDDT": "leader", "SYT": "deputy"}

    # The sheet of the year, from the membership page: the year is already opened with these roles.
    spec.click(f"text=Lập bảng chấm điểm năm {year}")
    expect(spec.locator("main")).to_contain_text("Năm này đã phân công cụm trưởng, cụm phó.")
    expect(spec.locator("main")).to_contain_text("Sở Giáo dục và Đào tạo")
    spec.fill("#id_closes_on", f"{dt.date(year, 12, 20):%Y-%m-%d}")
    spec.fill("input[name=ten_0]", "Hoàn thành nhiệm vụ chính trị")
    spec.fill("input[name=diem_0]", "60")
    spec.fill("input[name=ten_1]", "Phong trào thi đua")
    spec.fill("input[name=diem_1]", "40")
    spec.click("button:has-text('Lập bảng chấm điểm')")
    sheet = ScoringSheet.objects.get(cluster=block, year=year)
    spec.wait_for_url(f"{base}/phong-trao/cum/{sheet.pk}/xep-hang/")
    assert sheet.criteria.count() == 2
    assert dict(ClusterMembership.objects.filter(cluster=block, year=year)
                .values_list("unit__code", "role")) == roles
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"movements.cluster_create", "movements.cluster_member_add", "movements.cluster_roles",
            "movements.sheet_create"} <= actions

    # A member's clerk reads the block: no forms.
    reader = open_as(clerk)
    reader.goto(f"{base}/phong-trao/cum/danh-sach/?nam={year}")
    reader.click("text=Khối văn hóa – xã hội")
    expect(reader.locator("#members tbody tr")).to_have_count(2)
    expect(reader.locator("button[data-action]")).to_have_count(0)
