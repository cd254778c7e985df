from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from thidua.audit.models import AuditEvent
from thidua.audit.services import verify
from thidua.nominations import dossiers
from thidua.nominations import selectors as sel
from thidua.nominations.dossiers import Conclusion
from thidua.nominations.errors import StaleVersionError, WorkflowError
from thidua.nominations.models import DocumentKind, Dossier, Transition
from thidua.nominations.workdays import province_calendar
from thidua.org.models import Collective, Position, UnitKind

pytestmark = pytest.mark.django_db


def test_completeness_names_every_missing_document(flow: Any) -> None:
    d = flow.dossier("BK_TINH", "CSTD_TINH", docs=False)
    messages = [m.message for m in sel.completeness(d)]
    assert "Người 1 — Bằng khen của Chủ tịch UBND tỉnh: thiếu «Tờ trình, văn bản đề nghị» " \
           "(Luật Thi đua, khen thưởng 2022, Điều 84)." in messages
    assert any("Người 2 — Chiến sĩ thi đua cấp tỉnh: thiếu «Xác nhận sáng kiến" in m for m in messages)
    assert len(messages) == 3 + 4
    with pytest.raises(WorkflowError) as err:
        dossiers.submit_dossier(dossier=d, by=flow.head)
    assert len(err.value.messages) == 7
    assert Dossier.objects.get(pk=d.pk).state == "draft"


def test_enterprise_needs_tax_and_social_insurance(flow: Any, make_unit: Any) -> None:
    company = make_unit("Công ty CP Xi măng Lạng Sơn", parent=flow.unit, kind=UnitKind.ENTERPRISE)
    collective = Collective.objects.create(name=company.name, unit=company, represents_unit=company)
    director = flow.make_person("Hoàng Văn Giám", unit=company)
    Position.objects.create(person=director, unit=company, title="Giám đốc", is_leader=True,
                            valid_from=dt.date(2020, 1, 1))
    d = flow.dossier(docs=False)
    dossiers.add_nominee(dossier=d, by=flow.clerk, expected_version=d.version, collective=collective, award_code="BK_TINH")
    dossiers.add_nominee(dossier=d, by=flow.clerk, expected_version=d.version, person=director, award_code="BK_TINH")
    from tests.factories import add_documents

    add_documents(d, flow.clerk)
    kinds = sorted(m.kind for m in sel.completeness(d))
    assert kinds == sorted([DocumentKind.TAX_CONFIRMATION, DocumentKind.SOCIAL_INSURANCE_CONFIRMATION] * 2)


def test_full_path_through_services_records_timeline_and_audit(flow: Any) -> None:
    d = flow.dossier("BK_TINH", "BK_TTG")
    first, second = d.nominees.order_by("position")
    dossiers.submit_dossier(dossier=d, by=flow.head)
    dossiers.receive(dossier=d, by=flow.specialist)
    dossiers.start_appraisal(dossier=d, by=flow.specialist)
    dossiers.return_for_supplement(dossier=d, by=flow.specialist, reasons={second.pk: "Bổ sung xác nhận sáng kiến"})
    second.refresh_from_db()
    assert second.return_reason == "Bổ sung xác nhận sáng kiến"
    dossiers.update_nominee(nominee=second, by=flow.clerk, expected_version=d.version, achievement_summary="Đã bổ sung")
    dossiers.resubmit(dossier=d, by=flow.clerk)
    dossiers.conclude_appraisal(dossier=d, by=flow.specialist,
                           conclusions={first.pk: Conclusion(True), second.pk: Conclusion(True, "Đủ điều kiện")})
    # BK TTg is a state-level award: the council needs the public consultation first.
    with pytest.raises(WorkflowError, match="phải công khai lấy ý kiến"):
        dossiers.send_to_council(dossier=d, by=flow.specialist)
    today = timezone.localdate()
    with pytest.raises(WorkflowError, match="ít nhất 10 ngày làm việc"):
        dossiers.open_consultation(dossier=d, by=flow.specialist, published_on=today,
                              council_on=today + dt.timedelta(days=7))
    dossiers.open_consultation(dossier=d, by=flow.specialist, published_on=today, council_on=today + dt.timedelta(days=30))
    # 10 working days after publication (Nghị định 98/2023/NĐ-CP, Điều 46), counted on the province's calendar:
    # weekends and holidays do not count, whatever day of the week the run falls on.
    assert d.consultation_closes_on == province_calendar().add_working_days(today, 10)
    dossiers.send_to_council(dossier=d, by=flow.specialist)
    dossiers.record_vote(dossier=d, by=flow.chair, results={first.pk: True, second.pk: False})
    dossiers.send_for_signature(dossier=d, by=flow.specialist)
    states = list(Transition.objects.filter(dossier=d).values_list("to_state", flat=True))
    assert states == ["submitted", "received", "under_appraisal", "returned", "under_appraisal", "appraised",
                      "consultation", "at_council", "voted", "awaiting_signature"]
    timeline = list(sel.timeline(d))
    assert timeline[0].by == flow.head and timeline[3].details["reasons"] == {str(second.pk): "Bổ sung xác nhận sáng kiến"}
    assert AuditEvent.objects.filter(object_type="nominations.dossier", object_id=str(d.pk)).count() >= 11
    assert verify().ok


def test_clerk_cannot_submit_and_other_unit_cannot_see_or_change(flow: Any) -> None:
    d = flow.dossier("BK_TINH")
    with pytest.raises(PermissionDenied, match="không được trình hồ sơ"):
        dossiers.submit_dossier(dossier=d, by=flow.clerk)
    with pytest.raises(PermissionDenied):
        dossiers.submit_dossier(dossier=d, by=flow.specialist)
    assert not sel.dossiers_visible_to(flow.other_clerk).filter(pk=d.pk).exists()
    assert sel.dossiers_visible_to(flow.clerk).filter(pk=d.pk).exists()
    with pytest.raises(PermissionDenied):
        sel.dossier_for(flow.other_clerk, d.pk)
    with pytest.raises(PermissionDenied):
        dossiers.update_dossier(dossier=d, by=flow.other_clerk, expected_version=d.version, title="Sửa trộm")
    with pytest.raises(PermissionDenied):
        dossiers.withdraw(dossier=d, by=flow.other_clerk, reason="Rút")
    assert Dossier.objects.get(pk=d.pk).title == "Đề nghị khen thưởng"


def test_nominee_outside_unit_scope_is_refused(flow: Any) -> None:
    stranger = flow.make_person("Người ngoài", unit=flow.other_unit)
    d = flow.dossier()
    with pytest.raises(WorkflowError, match="không thuộc phạm vi đơn vị của bạn"):
        dossiers.add_nominee(dossier=d, by=flow.clerk, expected_version=d.version, person=stranger, award_code="BK_TINH")
    with pytest.raises(WorkflowError, match="không xét «CO_THI_DUA_TINH»"):
        dossiers.add_nominee(dossier=d, by=flow.clerk, expected_version=d.version,
                        person=flow.make_person(unit=flow.unit), award_code="CO_THI_DUA_TINH")


def test_repeated_transition_is_a_no_op(flow: Any) -> None:
    d = flow.dossier("BK_TINH")
    stale_copy = Dossier.objects.get(pk=d.pk)
    dossiers.submit_dossier(dossier=d, by=flow.head, expected_version=d.version)
    version = d.version
    # A double click arrives with the old version: same result, no second step, no error.
    dossiers.submit_dossier(dossier=stale_copy, by=flow.head, expected_version=stale_copy.version)
    assert stale_copy.version == version and stale_copy.state == "submitted"
    assert Transition.objects.filter(dossier=d, action="submit").count() == 1
    flow.to_state(d, "under_appraisal")
    nominee = d.nominees.get()
    for _ in range(2):
        dossiers.return_for_supplement(dossier=d, by=flow.specialist, reasons={nominee.pk: "Thiếu số liệu"})
    assert Transition.objects.filter(dossier=d, action="return_for_supplement").count() == 1
    # A different request on a returned dossier is not a repeat: it is refused.
    with pytest.raises(WorkflowError, match="đang ở trạng thái «Trả lại để bổ sung»"):
        dossiers.return_for_supplement(dossier=d, by=flow.specialist, reasons={nominee.pk: "Lý do khác"})


def test_second_save_with_stale_version_is_refused_and_nothing_lost(flow: Any) -> None:
    d = flow.dossier("BK_TINH")
    alice = Dossier.objects.get(pk=d.pk)
    bob = Dossier.objects.get(pk=d.pk)
    dossiers.update_dossier(dossier=alice, by=flow.clerk, expected_version=alice.version, title="Bản của chị An")
    with pytest.raises(StaleVersionError) as err:
        dossiers.update_dossier(dossier=bob, by=flow.head, expected_version=bob.version, title="Bản của anh Bình")
    assert "Hồ sơ đã được người khác cập nhật" in err.value.messages[0]
    assert flow.clerk.username in err.value.messages[0]
    assert Dossier.objects.get(pk=d.pk).title == "Bản của chị An"
    with pytest.raises(StaleVersionError):
        dossiers.submit_dossier(dossier=bob, by=flow.head, expected_version=bob.version)
    assert Dossier.objects.get(pk=d.pk).state == "draft"


def test_withdraw_rules(flow: Any) -> None:
    d = flow.to_state(flow.dossier("BK_TINH"), "submitted")
    with pytest.raises(PermissionDenied, match="chỉ thủ trưởng"):
        dossiers.withdraw(dossier=d, by=flow.clerk, reason="Nhầm")
    with pytest.raises(WorkflowError, match="Phải ghi lý do"):
        dossiers.withdraw(dossier=d, by=flow.head, reason=" ")
    dossiers.withdraw(dossier=d, by=flow.head, reason="Đơn vị xin rút để hoàn thiện")
    assert d.state == "withdrawn"
    with pytest.raises(WorkflowError):
        dossiers.receive(dossier=d, by=flow.specialist)


def test_appraisal_must_cover_every_nominee_and_give_reasons(flow: Any) -> None:
    d = flow.to_state(flow.dossier("BK_TINH", "CSTD_CO_SO"), "under_appraisal")
    a, b = d.nominees.order_by("position")
    with pytest.raises(WorkflowError) as err:
        dossiers.conclude_appraisal(dossier=d, by=flow.specialist, conclusions={a.pk: Conclusion(False)})
    assert set(err.value.messages) == {"Chưa có kết luận thẩm định cho Người 2.",
                                       "Người 1: không đạt thì phải ghi lý do."}
    assert Dossier.objects.get(pk=d.pk).state == "under_appraisal"


def test_deadlines_due_lists_dossiers_for_reminders(flow: Any) -> None:
    d = flow.to_state(flow.dossier("BK_TINH"), "submitted")
    assert d.step_due_on is not None
    assert list(sel.deadlines_due(flow.specialist, by_date=d.step_due_on)) == [d]
    assert list(sel.deadlines_due(flow.other_clerk, by_date=d.step_due_on)) == []
