"""Issue 7: the final review proposes its nominees (clusters, registrations, the office's edits) and
turns them into dossiers of the movement's round; every dossier of such a round, whatever path makes
or submits it, stays inside the movement's window and scope; awards carry the movement to the reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tests.factories import Flow, add_documents
from thidua.audit.models import AuditEvent
from thidua.decisions import services as dsvc
from thidua.movements import clusters, proposals, services
from thidua.movements.errors import MovementError
from thidua.movements.models import Movement, Proposal, Review
from thidua.nominations import dossiers
from thidua.nominations.errors import WorkflowError
from thidua.nominations.models import Dossier, Round
from thidua.nominations.workflow import State
from thidua.org.models import Cluster, ClusterMembership, ClusterRole
from thidua.registry.models import Award
from thidua.reports.selectors import Period, year_statistics

CODES = ["CO_THI_DUA_TINH", "BK_TINH"]


@dataclass
class World:
    flow: Flow
    movement: Movement
    round: Round
    review: Review
    outsider: Any  # a cluster member outside the movement's participating units
    person: Any


def _world(flow: Flow, make_unit: Any) -> World:
    today = timezone.localdate()
    movement = services.launch_movement(
        by=flow.specialist, name="Thi đua chào mừng Đại hội Đảng bộ tỉnh", kind="thematic", level="province",
        launched_by=flow.province, launched_on=today - dt.timedelta(days=40),
        starts_on=today - dt.timedelta(days=30), ends_on=today + dt.timedelta(days=20),
        units=[flow.unit, flow.other_unit])
    year = proposals.review_year(Review(movement=movement, held_on=today))
    rnd = services.open_thematic_round(movement=movement, by=flow.specialist, name="Khen thưởng chuyên đề Đại hội",
                                       year=year, accepted_codes=CODES, opens_on=today - dt.timedelta(days=1),
                                       closes_on=today + dt.timedelta(days=15))
    outsider = make_unit("Sở Tài chính", parent=flow.province, code="STC")
    cluster = Cluster.objects.create(code="CUM-VX", name="Khối các sở văn hóa – xã hội", kind="block")
    members = [flow.unit, flow.other_unit, outsider]
    ClusterMembership.objects.bulk_create([
        ClusterMembership(cluster=cluster, unit=u, year=year, role=ClusterRole.LEADER if i == 0 else ClusterRole.MEMBER)
        for i, u in enumerate(members)])
    sheet = clusters.create_sheet(cluster=cluster, year=year, by=flow.specialist, closes_on=today, certificates=1,
                                  criteria=[("Hoàn thành nhiệm vụ", 10, "")])
    crit = sheet.criteria.get()
    for unit, points in ((flow.unit, 10), (flow.other_unit, 8), (outsider, 9)):
        clusters.submit_self_scores(sheet=sheet, unit=unit, by=flow.specialist, points={crit.pk: points})
    clusters.consolidate(sheet=sheet, by=flow.specialist)  # unit 1st (flag), outsider 2nd (BK), other_unit 3rd
    person = flow.make_person("Hoàng Thị Mai", unit=flow.unit)
    services.register(unit=flow.unit, year=year, by=flow.clerk, movement=movement, covenant_signed_on=today,
                      aims=[services.Aim("BK_TINH", person=person), services.Aim("CSTD_CO_SO", person=person)])
    review = services.add_review(movement=movement, by=flow.specialist, kind="final", held_on=today,
                                 report_text="Tổng kết phong trào: 120 tập thể, 800 cá nhân hưởng ứng.")
    return World(flow, movement, rnd, review, outsider, person)


@pytest.fixture
def world(flow: Flow, make_unit: Any) -> World:
    return _world(flow, make_unit)


def test_prefill_from_cluster_ranking_and_registration(world: World) -> None:
    flow = world.flow
    result = proposals.prefill(review=world.review, by=flow.specialist)
    rows = [(p.unit.name, str(p.subject), p.award_code, p.source) for p in result.added]
    assert rows == [
        ("Sở Giáo dục và Đào tạo", "Sở Giáo dục và Đào tạo", "CO_THI_DUA_TINH", "cluster"),
        ("Sở Giáo dục và Đào tạo", "Hoàng Thị Mai", "BK_TINH", "registration"),
    ]  # the outsider ranked 2nd is outside the movement; CSTD_CO_SO is a yearly title only
    assert "hạng 1" in result.added[0].reason and "Khối các sở văn hóa – xã hội" in result.added[0].reason
    assert result.added[1].verdict.keys() == {"eligible", "reasons"}  # the rules engine judged the person
    assert any("Chiến sĩ thi đua cơ sở" in s for s in result.skipped)
    again = proposals.prefill(review=world.review, by=flow.specialist)
    assert again.added == [] and world.review.proposals.count() == 2
    assert AuditEvent.objects.filter(action="movements.proposal_add").count() == 2
    with pytest.raises(PermissionDenied):
        proposals.prefill(review=world.review, by=flow.clerk)  # a province movement: the office only


def test_office_edits_the_list_with_row_messages_and_audit(world: World) -> None:
    flow = world.flow
    proposals.prefill(review=world.review, by=flow.specialist)
    nurse = flow.make_person("Lý Văn Khánh", unit=flow.other_unit)
    with pytest.raises(MovementError) as err:
        proposals.add(review=world.review, by=flow.specialist, unit=flow.unit, award_code="CSTD_CO_SO",
                      person=nurse, reason=" ")
    text = " ".join(err.value.messages)
    assert "chỉ xét khen thưởng thường xuyên" in text and "Thành tích, lý do đề nghị: không được để trống." in text
    assert "«Lý Văn Khánh» không thuộc đơn vị trình «Sở Giáo dục và Đào tạo»" in text
    row = proposals.add(review=world.review, by=flow.specialist, unit=flow.other_unit, award_code="BK_TINH",
                        person=nurse, reason="Chỉ đạo điểm phong trào tại bệnh viện tuyến huyện.")
    with pytest.raises(MovementError, match="đã có trong danh sách"):
        proposals.add(review=world.review, by=flow.specialist, unit=flow.other_unit, award_code="BK_TINH",
                      person=nurse, reason="Lần nữa")
    proposals.remove(proposal=row, by=flow.specialist)
    proposals.remove(proposal=row, by=flow.specialist)  # a double click removes nothing more
    events = AuditEvent.objects.filter(object_type="movements.proposal", object_id=str(row.pk))
    assert sorted(events.values_list("action", flat=True)) == ["movements.proposal_add", "movements.proposal_remove"]


def test_dossiers_all_or_nothing_then_idempotent(world: World) -> None:
    flow = world.flow
    proposals.prefill(review=world.review, by=flow.specialist)
    nurse = flow.make_person("Lý Văn Khánh", unit=flow.other_unit)
    proposals.add(review=world.review, by=flow.specialist, unit=flow.other_unit, award_code="GIAY_KHEN",
                  person=nurse, reason="Tích cực hưởng ứng.")
    with pytest.raises(MovementError) as err:
        proposals.create_dossiers(review=world.review, by=flow.specialist, round=world.round)
    assert "Dòng 3 (Lý Văn Khánh, GIAY_KHEN): Đợt «Khen thưởng chuyên đề Đại hội» không xét «GIAY_KHEN»" in \
        " ".join(err.value.messages)
    assert Dossier.objects.filter(round=world.round).count() == 0 and not world.review.proposals.exclude(
        dossier=None).exists()
    proposals.remove(proposal=world.review.proposals.get(award_code="GIAY_KHEN"), by=flow.specialist)
    proposals.add(review=world.review, by=flow.specialist, unit=flow.other_unit, award_code="BK_TINH",
                  person=nurse, reason="Tích cực hưởng ứng.")
    made = proposals.create_dossiers(review=world.review, by=flow.specialist, round=world.round)
    assert [(d.unit.name, d.nominees.count(), d.state) for d in made] == [
        ("Sở Giáo dục và Đào tạo", 2, "draft"), ("Sở Y tế", 1, "draft")]
    again = proposals.create_dossiers(review=world.review, by=flow.specialist, round=world.round)
    assert [d.pk for d in again] == [d.pk for d in made] and Dossier.objects.count() == 2
    assert AuditEvent.objects.filter(action="nominations.dossier_create").count() == 2
    assert AuditEvent.objects.filter(action="movements.review_dossiers").count() == 1
    with pytest.raises(MovementError, match="không sửa được nữa"):
        proposals.prefill(review=world.review, by=flow.specialist)


def test_every_dossier_path_checks_the_movement_window_and_scope(world: World, make_user: Any) -> None:
    flow = world.flow
    outsider_clerk = make_user(role="clerk", unit=world.outsider)
    with pytest.raises(WorkflowError, match="không thuộc phạm vi tham gia phong trào"):
        dossiers.create_dossier(round=world.round, unit=world.outsider, by=outsider_clerk, title="Đề nghị")
    dossier = dossiers.create_dossier(round=world.round, unit=flow.unit, by=flow.clerk, title="Đề nghị")
    dossiers.add_nominee(dossier=dossier, by=flow.clerk, expected_version=dossier.version, person=world.person,
                     award_code="BK_TINH", achievement_summary="Tiêu biểu")
    add_documents(dossier, flow.clerk)
    today = timezone.localdate()
    Movement.objects.filter(pk=world.movement.pk).update(ends_on=today - dt.timedelta(days=1))
    with pytest.raises(WorkflowError, match="chỉ nhận hồ sơ từ"):
        dossiers.submit_dossier(dossier=dossier, by=flow.head)
    dossier.refresh_from_db()
    assert dossier.state == State.DRAFT
    with pytest.raises(WorkflowError, match="chỉ nhận hồ sơ từ"):
        dossiers.create_dossier(round=world.round, unit=flow.unit, by=flow.clerk, title="Đề nghị muộn")
    with pytest.raises(MovementError, match="chỉ nhận hồ sơ từ"):
        proposals.prefill(review=world.review, by=flow.specialist)
        proposals.create_dossiers(review=world.review, by=flow.specialist, round=world.round)
    Movement.objects.filter(pk=world.movement.pk).update(ends_on=today + dt.timedelta(days=20))
    dossiers.submit_dossier(dossier=dossier, by=flow.head)
    assert dossier.state == State.SUBMITTED
    # A round without a movement is not gated by any movement.
    assert dossiers.create_dossier(round=flow.round, unit=world.outsider, by=outsider_clerk, title="Thường xuyên")


def test_award_from_the_final_review_carries_the_movement_to_registry_and_reports(world: World) -> None:
    flow = world.flow
    proposals.prefill(review=world.review, by=flow.specialist)
    [dossier, *_] = proposals.create_dossiers(review=world.review, by=flow.specialist, round=world.round)
    add_documents(dossier, flow.clerk)
    flow.to_state(dossier, State.AWAITING_SIGNATURE)
    today = timezone.localdate()
    decision = dsvc.prepare_decision(dossiers=[dossier], by=flow.specialist, decided_on=today,
                                     subject="Về việc khen thưởng tổng kết phong trào", signer="Chủ tịch UBND tỉnh")
    dsvc.issue_decision(decision=decision, by=flow.chair)
    awards = Award.objects.order_by("code")
    assert [(a.code, a.movement) for a in awards] == [("BK_TINH", world.movement.name),
                                                     ("CO_THI_DUA_TINH", world.movement.name)]
    # The awards count in the year the review sums up (the movement ends next year when run near New Year).
    stats = year_statistics(flow.specialist, Period(world.round.year))
    assert [(r.label, r.count) for r in stats.by_movement] == [(world.movement.name, 2)]
    # The name is what the registry and the reports key on: it can no longer change.
    with pytest.raises(MovementError, match="không đổi tên được"):
        services.update_movement(movement=world.movement, by=flow.specialist, name="Tên mới")
    assert Proposal.objects.filter(dossier=dossier).count() == 2


def test_the_round_page_refuses_a_dossier_outside_the_movement(world: World, make_user: Any, client: Any) -> None:
    client.force_login(make_user(role="clerk", unit=world.outsider))
    page = client.post(f"/ho-so/dot/{world.round.pk}/", {"title": "Đề nghị"}, follow=True).content.decode()
    assert "Đơn vị «Sở Tài chính» không thuộc phạm vi tham gia phong trào" in page
    assert not Dossier.objects.filter(round=world.round).exists()
