"""Movements, reviews, the demo seed, registration vs proposed vs awarded, thematic rounds and awards."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.utils import timezone

from tests.factories import add_documents
from thidua.audit.models import AuditEvent
from thidua.decisions import services as dsvc
from thidua.movements import selectors, services
from thidua.movements.errors import MovementError
from thidua.movements.models import Movement, MovementRound
from thidua.nominations import dossiers
from thidua.nominations.errors import WorkflowError
from thidua.nominations.workflow import State
from thidua.registry.models import Award


def _movement(flow: Any, **extra: Any) -> Movement:
    today = timezone.localdate()
    options: dict[str, Any] = {
        "by": flow.specialist, "name": "Thi đua chào mừng Đại hội Đảng bộ tỉnh", "kind": "thematic",
        "level": "province", "launched_on": today - dt.timedelta(days=20),
        "starts_on": today - dt.timedelta(days=10), "ends_on": today + dt.timedelta(days=60),
        "launched_by": flow.province, "units": [flow.unit],
    }
    options.update(extra)
    return services.launch_movement(**options)


def test_seed_examples_idempotent_with_core_movements_and_2023_theme(db: None) -> None:
    first = services.seed_examples()
    again = services.seed_examples()
    assert [m.pk for m in first] == [m.pk for m in again]
    names = {m.name for m in first}
    assert "Cả nước chung sức xây dựng nông thôn mới" in names
    assert "Doanh nghiệp Lạng Sơn hội nhập và phát triển" in names
    theme = next(m for m in first if m.theme)
    assert theme.theme.startswith("Siết chặt kỷ cương") and theme.ends_on == dt.date(2023, 12, 31)
    assert all(m.is_core and m.ends_on is None for m in first if m is not theme)


def test_launch_refuses_bad_input_and_other_units(flow: Any) -> None:
    with pytest.raises(MovementError) as err:
        _movement(flow, name=" ", ends_on=None, kind="xyz")
    text = " ".join(err.value.messages)
    assert "Tên phong trào: không được để trống." in text and "Loại phong trào «xyz»" in text
    assert "Ngày kết thúc: bắt buộc" in text
    with pytest.raises(PermissionDenied):
        _movement(flow, by=flow.clerk, launched_by=flow.other_unit)
    own = _movement(flow, by=flow.clerk, launched_by=flow.unit, level="department",
                    launch_document=ContentFile(b"%PDF-1.4", name="ke-hoach.pdf"))
    assert own.launch_document.name.endswith(".pdf")


def test_reviews_and_public_page_list(flow: Any, client: Any) -> None:
    movement = _movement(flow)
    services.add_review(movement=movement, by=flow.specialist, kind="midterm", held_on=timezone.localdate(),
                        report_text="Sơ kết 6 tháng: 40 đơn vị hưởng ứng.")
    with pytest.raises(MovementError, match="Báo cáo: cần nội dung hoặc tệp"):
        services.add_review(movement=movement, by=flow.specialist, kind="final", held_on=timezone.localdate())
    hidden = _movement(flow, name="Phong trào chưa công bố", is_public=False)
    page = client.get("/phong-trao/")
    body = page.content.decode()
    assert page.status_code == 200 and movement.name in body and hidden.name not in body
    detail = client.get(f"/phong-trao/{movement.pk}/").content.decode()
    assert "Sơ kết 6 tháng: 40 đơn vị hưởng ứng." in detail
    assert client.get(f"/phong-trao/{hidden.pk}/").status_code == 404


def test_thematic_round_window_dossiers_and_award_movement(flow: Any) -> None:
    movement = _movement(flow)
    today = timezone.localdate()
    with pytest.raises(MovementError, match="sau ngày phong trào kết thúc"):
        services.open_thematic_round(movement=movement, by=flow.specialist, name="Đợt chuyên đề", year=today.year,
                                     accepted_codes=["BK_TINH"], opens_on=today,
                                     closes_on=today + dt.timedelta(days=90))
    rnd = services.open_thematic_round(movement=movement, by=flow.specialist, name="Đợt chuyên đề",
                                       year=today.year, accepted_codes=["BK_TINH"], opens_on=today,
                                       closes_on=today + dt.timedelta(days=30))
    assert rnd.movement == movement.name and rnd.kind == "thematic"
    # a retried request (double click) gets the same round and link back, nothing twice
    again = services.open_thematic_round(movement=movement, by=flow.specialist, name="Đợt chuyên đề",
                                         year=today.year, accepted_codes=["BK_TINH"], opens_on=today,
                                         closes_on=today + dt.timedelta(days=30))
    assert again.pk == rnd.pk and MovementRound.objects.filter(round=rnd).count() == 1
    with pytest.raises(WorkflowError, match="không thuộc phạm vi tham gia"):
        dossiers.create_dossier(round=rnd, unit=flow.other_unit, by=flow.other_clerk, title="Đề nghị")
    Movement.objects.filter(pk=movement.pk).update(ends_on=today - dt.timedelta(days=1),
                                                   starts_on=today - dt.timedelta(days=30))
    movement.refresh_from_db()
    with pytest.raises(WorkflowError, match="chỉ nhận hồ sơ từ"):
        dossiers.create_dossier(round=rnd, unit=flow.unit, by=flow.clerk, title="Đề nghị")
    Movement.objects.filter(pk=movement.pk).update(ends_on=today + dt.timedelta(days=30))

    dossier = dossiers.create_dossier(round=rnd, unit=flow.unit, by=flow.clerk, title="Đề nghị")
    person = flow.make_person("Hoàng Thị Mai", unit=flow.unit)
    dossiers.add_nominee(dossier=dossier, by=flow.clerk, expected_version=dossier.version, person=person,
                     award_code="BK_TINH", achievement_summary="Tiêu biểu trong phong trào")
    add_documents(dossier, flow.clerk)
    services.register(unit=flow.unit, year=today.year, by=flow.clerk, covenant_signed_on=today,
                      aims=[services.Aim("BK_TINH", person=person), services.Aim("CSTD_CO_SO", person=person)])
    flow.to_state(dossier, State.AWAITING_SIGNATURE)
    decision = dsvc.prepare_decision(dossiers=[dossier], by=flow.specialist, decided_on=today,
                                     subject="Về việc tặng Bằng khen", signer="Chủ tịch UBND tỉnh")
    dsvc.issue_decision(decision=decision, by=flow.chair)
    assert list(Award.objects.values_list("movement", flat=True)) == [movement.name]
    assert selectors.awards_by_movement(year=today.year) == [(movement.name, 1)]
    assert selectors.movement_results(movement).awards_by_code == [("BK_TINH", 1)]
    rows = selectors.registration_comparison(user=flow.clerk, unit=flow.unit, year=today.year)
    assert [(r.award_code, r.registered, r.proposed, r.awarded) for r in rows] == [
        ("BK_TINH", 1, 1, 1), ("CSTD_CO_SO", 1, 0, 0)]


def test_registration_refuses_unknown_titles_and_outsiders_and_is_audited(flow: Any, make_person: Any) -> None:
    stranger = make_person("Lý Văn Khánh", unit=flow.other_unit)
    with pytest.raises(MovementError) as err:
        services.register(unit=flow.unit, year=2025, by=flow.clerk,
                          aims=[services.Aim("KHONG_CO"), services.Aim("CSTD_CO_SO", person=stranger)])
    text = " ".join(err.value.messages)
    assert "Dòng 1: danh hiệu «KHONG_CO» không có" in text and "Dòng 2: «Lý Văn Khánh» không thuộc đơn vị" in text
    with pytest.raises(PermissionDenied):
        services.register(unit=flow.other_unit, year=2025, by=flow.clerk, aims=[])
    reg = services.register(unit=flow.unit, year=2025, by=flow.clerk, aims=[services.Aim("TT_LD_XUAT_SAC")],
                            covenant_text="Giao ước thi đua năm 2025")
    assert AuditEvent.objects.filter(action="movements.register", object_id=str(reg.pk)).count() == 1
