"""Clusters and blocks by year on the office's screens (issue 7 item 3): create a cluster, add and remove
members, leader and deputy (the rotation as proposal), copy last year, the closed sheet, the audit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from tests.factories import Setup
from thidua.audit.models import AuditEvent
from thidua.movements import clusters, membership
from thidua.movements.errors import MovementError
from thidua.org.models import Cluster, ClusterMembership


def _roles(cluster: Cluster, year: int) -> dict[str, str]:
    return {m.unit.code: m.role for m in ClusterMembership.objects.filter(cluster=cluster, year=year)
            .select_related("unit")}


# ---------------------------------------------------------------- services

def test_create_cluster_names_the_field_and_is_idempotent(setup: Setup) -> None:
    with pytest.raises(MovementError) as err:
        membership.create_cluster(by=setup.specialist, code=" ", name="  ", kind="zone")
    text = " ".join(err.value.messages)
    assert "Mã cụm, khối: không được để trống." in text and "Tên cụm, khối: không được để trống." in text
    assert "Loại «zone» không hợp lệ" in text
    with pytest.raises(MovementError, match="Mã cụm, khối «cum-kt» đã dùng cho «Cụm thi đua các sở kinh tế»"):
        membership.create_cluster(by=setup.specialist, code="cum-kt", name="Cụm khác", kind="cluster")
    block = membership.create_cluster(by=setup.specialist, code="KHOI-NC", name=" Khối  nội chính ", kind="block")
    again = membership.create_cluster(by=setup.specialist, code="KHOI-NC", name="Khối nội chính", kind="block")
    assert again == block and block.name == "Khối nội chính"
    assert AuditEvent.objects.filter(action="movements.cluster_create").count() == 1
    with pytest.raises(PermissionDenied):
        membership.create_cluster(by=setup.clerks[0], code="X", name="X", kind="block")


def test_add_members_one_cluster_and_one_block_per_year(setup: Setup, make_unit: Callable[..., Any]) -> None:
    other = Cluster.objects.create(code="CUM-2", name="Cụm thi đua số 2", kind="cluster")
    block = Cluster.objects.create(code="KHOI-1", name="Khối các sở", kind="block")
    u1, u2 = setup.units[0], setup.units[1]
    with pytest.raises(MovementError, match=r"«Sở 1»: đã thuộc «Cụm thi đua các sở kinh tế» năm 2025; mỗi đơn vị "
                                            r"chỉ thuộc một cụm thi đua"):
        membership.add_members(cluster=other, year=2025, units=[u1], by=setup.specialist)
    assert not ClusterMembership.objects.filter(cluster=other).exists()
    # The same unit may be in a block that year, and in the other cluster another year.
    rows = membership.add_members(cluster=block, year=2025, units=[u1, u2], by=setup.specialist)
    assert len(rows) == 2 and _roles(block, 2025) == {"CUM1": "member", "CUM2": "member"}
    membership.add_members(cluster=other, year=2030, units=[u1], by=setup.specialist)
    # Sent again: nothing new, no second audit event.
    assert membership.add_members(cluster=block, year=2025, units=[u1, u2], by=setup.specialist) == []
    assert AuditEvent.objects.filter(action="movements.cluster_member_add", object_id=str(block.pk)).count() == 1
    event = AuditEvent.objects.filter(action="movements.cluster_member_add", object_id=str(block.pk)).get()
    assert event.after == {"year": 2025, "added": ["CUM1", "CUM2"]}
    gone = make_unit("Huyện cũ", kind="district", valid_to=dt.date(2024, 6, 30))
    with pytest.raises(MovementError, match=r"«Huyện cũ»: đã ngừng hoạt động từ 30/06/2024"):
        membership.add_members(cluster=block, year=2025, units=[gone, setup.units[2]], by=setup.specialist)
    assert len(_roles(block, 2025)) == 2  # all or nothing
    with pytest.raises(MovementError, match="chưa chọn đơn vị nào"):
        membership.add_members(cluster=block, year=2025, units=[], by=setup.specialist)


def test_roles_rotation_is_the_proposal_and_checks_members(setup: Setup) -> None:
    cluster, units = setup.cluster, setup.units
    # 2024: CUM1 leader, CUM2 deputy → 2025 rotated: CUM2 leader, CUM3 deputy (rotate_roles).
    assert _roles(cluster, 2025) == {"CUM1": "member", "CUM2": "leader", "CUM3": "deputy", "CUM4": "member"}
    membership.add_members(cluster=cluster, year=2026, units=units, by=setup.specialist)
    view = membership.year_view(cluster, 2026)
    assert (view.leader, view.proposed_leader, view.proposed_deputy) == (None, units[2], units[3])
    with pytest.raises(MovementError) as err:
        membership.set_roles(cluster=cluster, year=2026, leader=None, deputy=units[0], by=setup.specialist)
    assert "Cụm trưởng, khối trưởng: chưa chọn." in err.value.messages
    with pytest.raises(MovementError, match="hai đơn vị khác nhau"):
        membership.set_roles(cluster=cluster, year=2026, leader=units[1], deputy=units[1], by=setup.specialist)
    membership.remove_member(cluster=cluster, year=2026, unit=units[3], by=setup.specialist)
    with pytest.raises(MovementError, match=r"Cụm phó «Sở 4» không là thành viên"):
        membership.set_roles(cluster=cluster, year=2026, leader=units[2], deputy=units[3], by=setup.specialist)
    assert membership.set_roles(cluster=cluster, year=2026, leader=units[2], deputy=units[0], by=setup.specialist)
    assert not membership.set_roles(cluster=cluster, year=2026, leader=units[2], deputy=units[0],
                                    by=setup.specialist)  # the same again: nothing to do
    assert membership.set_roles(cluster=cluster, year=2026, leader=units[0], deputy=None, by=setup.specialist)
    assert _roles(cluster, 2026) == {"CUM1": "leader", "CUM2": "member", "CUM3": "member"}
    events = list(AuditEvent.objects.filter(action="movements.cluster_roles").order_by("pk"))
    assert len(events) == 2
    assert events[1].before == {"year": 2026, "leader": "CUM3", "deputy": "CUM1"}
    assert events[1].after == {"year": 2026, "leader": "CUM1", "deputy": None}
    removed = AuditEvent.objects.get(action="movements.cluster_member_remove")
    assert removed.before == {"year": 2026, "unit": "CUM4", "role": "member"}
    assert not membership.remove_member(cluster=cluster, year=2026, unit=units[3], by=setup.specialist)


def test_copy_from_last_year_rotates_all_or_nothing_and_twice_is_once(
        setup: Setup, make_unit: Callable[..., Any]) -> None:
    cluster, units = setup.cluster, setup.units
    rows = membership.copy_previous_year(cluster=cluster, year=2026, by=setup.specialist)
    assert len(rows) == 4
    assert _roles(cluster, 2026) == {"CUM1": "member", "CUM2": "member", "CUM3": "leader", "CUM4": "deputy"}
    again = membership.copy_previous_year(cluster=cluster, year=2026, by=setup.specialist)
    assert len(again) == 4 and ClusterMembership.objects.filter(cluster=cluster, year=2026).count() == 4
    assert AuditEvent.objects.filter(action="movements.cluster_open_year", after__year=2026).count() == 1
    membership.remove_member(cluster=cluster, year=2026, unit=units[0], by=setup.specialist)
    with pytest.raises(MovementError, match="năm 2026 đã có 3 thành viên"):
        membership.copy_previous_year(cluster=cluster, year=2026, by=setup.specialist)
    with pytest.raises(MovementError, match="năm 2039 chưa có thành viên nào"):
        membership.copy_previous_year(cluster=cluster, year=2040, by=setup.specialist)
    # One of last year's units already sits in another cluster of that kind: nothing is copied.
    other = Cluster.objects.create(code="CUM-2", name="Cụm thi đua số 2", kind="cluster")
    membership.add_members(cluster=other, year=2027, units=[units[1]], by=setup.specialist)
    with pytest.raises(MovementError) as err:
        membership.copy_previous_year(cluster=cluster, year=2027, by=setup.specialist)
    assert err.value.messages[0] == "Không chép được từ năm 2026:"
    assert "«Sở 2»: đã thuộc «Cụm thi đua số 2» năm 2027" in err.value.messages[1]
    assert not ClusterMembership.objects.filter(cluster=cluster, year=2027).exists()


def test_closed_sheet_freezes_the_year_and_scored_units_stay(setup: Setup) -> None:
    cluster, units, sheet = setup.cluster, setup.units, setup.sheet
    crit = sheet.criteria.order_by("position").first()
    assert crit is not None
    clusters.submit_self_scores(sheet=sheet, unit=units[0], by=setup.specialist, points={crit.pk: 8})
    with pytest.raises(MovementError, match=r"«Sở 1»: đã có 1 điểm chấm"):
        membership.remove_member(cluster=cluster, year=2025, unit=units[0], by=setup.specialist)
    assert membership.remove_member(cluster=cluster, year=2025, unit=units[3], by=setup.specialist)
    assert units[0].pk in membership.year_view(cluster, 2025).scored_units
    clusters.consolidate(sheet=sheet, by=setup.specialist)
    for change in (
        lambda: membership.add_members(cluster=cluster, year=2025, units=[units[3]], by=setup.specialist),
        lambda: membership.remove_member(cluster=cluster, year=2025, unit=units[2], by=setup.specialist),
        lambda: membership.set_roles(cluster=cluster, year=2025, leader=units[0], deputy=None, by=setup.specialist),
        lambda: membership.copy_previous_year(cluster=cluster, year=2025, by=setup.specialist),
    ):
        with pytest.raises(MovementError, match="bảng chấm điểm đã khóa ngày .* không thay đổi phân công"):
            change()
    assert len(_roles(cluster, 2025)) == 3
    # Another year of the same cluster is not frozen.
    membership.add_members(cluster=cluster, year=2026, units=[units[3]], by=setup.specialist)


def test_rows_and_candidates(setup: Setup, make_unit: Callable[..., Any]) -> None:
    province = setup.units[0].parent
    extra = make_unit("Sở Nông nghiệp và Môi trường", parent=province, code="SNNMT")
    block = Cluster.objects.create(code="KHOI-1", name="Khối các sở", kind="block")
    membership.add_members(cluster=block, year=2025, units=[setup.units[0]], by=setup.specialist)
    found = {c.unit.code: c for c in membership.candidates(setup.specialist, block, 2025)}
    assert "CUM1" not in found and {"CUM2", "SNNMT"} <= set(found) and found["CUM2"].taken_by is None
    taken = {c.unit.code: c for c in membership.candidates(setup.specialist, setup.cluster, 2025)}
    assert taken["SNNMT"].taken_by is None and "CUM2" not in taken  # already a member here
    other = Cluster.objects.create(code="CUM-2", name="Cụm 2", kind="cluster")
    marked = {c.unit.code: c for c in membership.candidates(setup.specialist, other, 2025, query="so 2")}
    assert list(marked) == ["CUM2"] and marked["CUM2"].taken_by == setup.cluster
    assert [c.unit for c in membership.candidates(setup.specialist, other, 2025, query="nong nghiep")] == [extra]
    # In this block in 2025 and in the cluster in 2026: still a candidate for the block in 2026.
    membership.add_members(cluster=setup.cluster, year=2026, units=[setup.units[0]], by=setup.specialist)
    assert "CUM1" in {c.unit.code for c in membership.candidates(setup.specialist, block, 2026)}
    rows = {r.cluster.code: r for r in membership.cluster_rows(setup.specialist, 2025)}
    assert (rows["CUM-KT"].members, rows["CUM-KT"].leader, rows["CUM-KT"].deputy) == (
        4, setup.units[1], setup.units[2])
    assert rows["CUM-KT"].sheet == setup.sheet and rows["KHOI-1"].members == 1 and rows["CUM-2"].members == 0
    assert [r.cluster for r in membership.cluster_rows(setup.clerks[0], 2025)] == [block, setup.cluster]
    assert membership.cluster_rows(setup.clerks[0], 2040) == []


# ---------------------------------------------------------------- pages by role

def test_office_creates_a_cluster_and_manages_a_year_on_the_page(setup: Setup, client: Client) -> None:
    client.force_login(setup.specialist)
    page = client.get("/phong-trao/cum/danh-sach/?nam=2025").content.decode()
    assert "Cụm thi đua các sở kinh tế" in page and "Sở 2" in page and "Lập cụm, khối" in page
    bad = client.post("/phong-trao/cum/danh-sach/?nam=2025", {"code": "CUM-KT", "name": "", "kind": "block"})
    body = bad.content.decode()
    assert bad.status_code == 200 and "Tên cụm, khối: không được để trống." in body
    assert "Mã cụm, khối «CUM-KT» đã dùng" in body and Cluster.objects.count() == 1
    resp = client.post("/phong-trao/cum/danh-sach/?nam=2026", {"code": "KHOI-VX", "name": "Khối văn xã",
                                                                 "kind": "block"})
    block = Cluster.objects.get(code="KHOI-VX")
    url = f"/phong-trao/cum/{block.pk}/thanh-vien/2026/"
    assert resp.status_code == 302 and resp["Location"] == url
    page = client.get(url + "?q=so").content.decode()
    assert f'name="don_vi" value="{setup.units[0].pk}"' in page
    ids = [setup.units[0].pk, setup.units[1].pk]
    assert client.post(url, {"action": "add", "don_vi": ids}).status_code == 302
    assert client.post(url, {"action": "add", "don_vi": ids}).status_code == 302  # double submit
    assert ClusterMembership.objects.filter(cluster=block, year=2026).count() == 2
    client.post(url, {"action": "roles", "cum_truong": setup.units[1].pk, "cum_pho": setup.units[0].pk})
    assert _roles(block, 2026) == {"CUM1": "deputy", "CUM2": "leader"}
    refused = client.post(url, {"action": "roles", "cum_truong": setup.units[1].pk, "cum_pho": setup.units[1].pk},
                          follow=True)
    assert "Cụm trưởng và cụm phó phải là hai đơn vị khác nhau." in refused.content.decode()
    client.post(url, {"action": "remove", "don_vi": setup.units[0].pk})
    assert _roles(block, 2026) == {"CUM2": "leader"}
    # 2027: copy from 2026 on the page, then the sheet form finds the year opened.
    url27 = f"/phong-trao/cum/{block.pk}/thanh-vien/2027/"
    assert "Chép từ năm 2026" in client.get(url27).content.decode()
    assert client.post(url27, {"action": "copy"}).status_code == 302
    assert _roles(block, 2027) == {"CUM2": "leader"}
    form = client.get(f"/phong-trao/cum/lap-bang/?cum={block.pk}&nam=2027").content.decode()
    assert "Năm này đã phân công cụm trưởng, cụm phó." in form and url27 in form
    listing = client.get("/phong-trao/cum/danh-sach/?nam=2027").content.decode()
    assert "Khối văn xã" in listing and "Lập bảng" in listing


def test_sheet_form_links_to_membership_when_the_year_has_no_members(setup: Setup, client: Client) -> None:
    lone = Cluster.objects.create(code="CUM-MOI", name="Cụm mới", kind="cluster")
    client.force_login(setup.specialist)
    form = client.get(f"/phong-trao/cum/lap-bang/?cum={lone.pk}&nam=2026").content.decode()
    assert f"/phong-trao/cum/{lone.pk}/thanh-vien/2026/" in form and "trang quản trị" not in form
    assert "/phong-trao/cum/danh-sach/" in client.get("/phong-trao/cum/").content.decode()


def test_unit_reads_its_own_cluster_and_others_are_refused(setup: Setup, client: Client,
                                                           make_user: Callable[..., Any],
                                                           make_unit: Callable[..., Any]) -> None:
    url = f"/phong-trao/cum/{setup.cluster.pk}/thanh-vien/2025/"
    client.force_login(setup.clerks[0])
    page = client.get(url).content.decode()
    assert "Sở 4" in page and 'name="action"' not in page and "Lập cụm, khối" not in page
    assert client.post(url, {"action": "remove", "don_vi": setup.units[3].pk}).status_code == 403
    assert client.post("/phong-trao/cum/danh-sach/", {"code": "X", "name": "X", "kind": "block"}).status_code == 403
    assert ClusterMembership.objects.filter(cluster=setup.cluster, year=2025).count() == 4
    assert "Cụm thi đua các sở kinh tế" in client.get("/phong-trao/cum/danh-sach/?nam=2025").content.decode()
    assert client.get(f"/phong-trao/cum/{setup.cluster.pk}/thanh-vien/2030/").status_code == 404
    outsider = make_user(role="clerk", unit=make_unit("Sở ngoài cụm"))
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert "Cụm thi đua các sở kinh tế" not in client.get("/phong-trao/cum/danh-sach/?nam=2025").content.decode()
    for role in ("council_member", "chair"):  # province leaders read every cluster, change nothing
        client.force_login(make_user(role=role))
        page = client.get(url).content.decode()
        assert "Sở 4" in page and 'name="action"' not in page
        assert client.post(url, {"action": "remove", "don_vi": setup.units[3].pk}).status_code == 403
        listing = client.get("/phong-trao/cum/danh-sach/?nam=2025").content.decode()
        assert "Cụm thi đua các sở kinh tế" in listing and "Lập cụm, khối" not in listing
    assert ClusterMembership.objects.filter(cluster=setup.cluster, year=2025).count() == 4
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_page_refuses_changes_of_a_closed_year_and_says_why(setup: Setup, client: Client) -> None:
    clusters.consolidate(sheet=setup.sheet, by=setup.specialist)
    url = f"/phong-trao/cum/{setup.cluster.pk}/thanh-vien/2025/"
    client.force_login(setup.specialist)
    page = client.get(url).content.decode()
    assert "Bảng chấm điểm năm này đã khóa" in page and 'value="remove"' not in page
    resp = client.post(url, {"action": "remove", "don_vi": setup.units[3].pk}, follow=True)
    assert "bảng chấm điểm đã khóa" in resp.content.decode()
    assert ClusterMembership.objects.filter(cluster=setup.cluster, year=2025).count() == 4
    assert setup.sheet.closes_on >= timezone.localdate()
