from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from thidua.audit.services import verify
from thidua.decisions import services as dsvc
from thidua.decisions.models import Decision, DecisionCounter, DecisionItem
from thidua.nominations.models import Dossier, Transition
from thidua.registry.catalog import prize_amount
from thidua.registry.models import Award, AwardSource, AwardStatus


def _ready(flow: Any, *codes: str) -> Dossier:
    return flow.to_state(flow.dossier(*codes), "awaiting_signature")


def _draft(flow: Any, *codes: str) -> Decision:
    d = _ready(flow, *codes)
    return dsvc.prepare_decision(dossiers=[d], by=flow.specialist, decided_on=timezone.localdate(),
                                 subject="Về việc tặng Bằng khen", signer="Chủ tịch UBND tỉnh")


def test_prize_is_coefficient_times_base_salary_rounded_up() -> None:
    assert prize_amount("BK_TINH", "individual", dt.date(2025, 3, 1)) == 2340000  # 1,0 × 2.340.000
    assert prize_amount("BK_TINH", "collective", dt.date(2025, 8, 1)) == 7020000  # 3,0 × 2.340.000
    assert prize_amount("LAO_DONG_TIEN_TIEN", "individual", dt.date(2024, 3, 1)) == 540000  # 0,3 × 1.800.000


@pytest.mark.django_db
def test_issue_writes_awards_numbers_and_closes_dossier(flow: Any) -> None:
    decision = _draft(flow, "BK_TINH", "CSTD_CO_SO")
    dossier = decision.dossiers.get()
    dsvc.issue_decision(decision=decision, by=flow.chair)
    assert decision.label == "1/QĐ-UBND" and decision.status == "issued"
    awards = list(Award.objects.order_by("code"))
    assert [a.code for a in awards] == ["BK_TINH", "CSTD_CO_SO"]
    today = timezone.localdate()
    for a in awards:
        assert a.source == AwardSource.DECISION and a.decision_number == "1/QĐ-UBND"
        assert a.decision_date == today and a.year == today.year - 1 and a.unit == flow.unit
        assert a.amount_vnd == prize_amount(a.code, "individual", today)
    assert {a.level for a in awards} == {"province", "grassroots"}
    dossier.refresh_from_db()
    assert dossier.state == "decided"
    assert Transition.objects.filter(dossier=dossier, action="decide").get().reason == "Quyết định số 1/QĐ-UBND"
    # A second click on «ban hành» changes nothing.
    dsvc.issue_decision(decision=Decision.objects.get(pk=decision.pk), by=flow.chair)
    assert Award.objects.count() == 2 and DecisionCounter.objects.get().last_number == 1
    second = _draft(flow, "BK_TINH")
    dsvc.issue_decision(decision=second, by=flow.chair)
    assert second.label == "2/QĐ-UBND"
    assert verify().ok


@pytest.mark.django_db
def test_only_the_signer_issues(flow: Any) -> None:
    decision = _draft(flow, "BK_TINH")
    for user in (flow.clerk, flow.head, flow.specialist):
        with pytest.raises(PermissionDenied):
            dsvc.issue_decision(decision=decision, by=user)
    assert Award.objects.count() == 0


@pytest.mark.django_db
def test_failure_in_the_middle_leaves_no_registry_row_and_no_gap(flow: Any) -> None:
    decision = _draft(flow, "BK_TINH", "CSTD_CO_SO", "LAO_DONG_TIEN_TIEN")
    last = decision.items.order_by("position").last()
    assert last is not None
    # The last line names two subjects at once: the registry's constraint fails after
    # the number is taken and the other lines are prepared.
    DecisionItem.objects.filter(pk=last.pk).update(collective=_collective(flow))
    with pytest.raises(dsvc.DecisionError, match="Không có dòng nào được ghi vào sổ khen thưởng"):
        dsvc.issue_decision(decision=decision, by=flow.chair)
    assert Award.objects.count() == 0
    fresh = Decision.objects.get(pk=decision.pk)
    assert fresh.status == "draft" and fresh.number is None
    assert not DecisionCounter.objects.filter(last_number__gt=0).exists()
    assert decision.dossiers.get().state == "awaiting_signature"
    # An unknown code is named with its line, and also leaves nothing.
    DecisionItem.objects.filter(pk=last.pk).update(collective=None, award_code="KHONG_CO")
    with pytest.raises(dsvc.DecisionError, match="Dòng 3: Mã danh hiệu, hình thức khen thưởng «KHONG_CO»"):
        dsvc.issue_decision(decision=decision, by=flow.chair)
    assert Award.objects.count() == 0
    DecisionItem.objects.filter(pk=last.pk).update(award_code="LAO_DONG_TIEN_TIEN")
    dsvc.issue_decision(decision=decision, by=flow.chair)
    assert decision.number == 1 and Award.objects.count() == 3


def _collective(flow: Any) -> Any:
    from thidua.org.models import Collective

    return Collective.objects.create(name="Phòng Tổ chức", unit=flow.unit)


def _issue(flow: Any, person: Any, code: str) -> Award:
    d = flow.to_state(flow.dossier(code, people=[person]), "awaiting_signature")
    decision = dsvc.prepare_decision(dossiers=[d], by=flow.specialist, decided_on=timezone.localdate(),
                                     subject=f"Tặng {code}")
    dsvc.issue_decision(decision=decision, by=flow.chair)
    return Award.objects.get(decision_item__decision=decision)


@pytest.mark.django_db
def test_retracting_an_award_flags_later_awards_on_its_ladder(flow: Any) -> None:
    person = flow.make_person("Lương Thị Mai", unit=flow.unit)
    bk_tinh = _issue(flow, person, "BK_TINH")
    bk_ttg = _issue(flow, person, "BK_TTG")
    hc_ld3 = _issue(flow, person, "HC_LAO_DONG_3")
    unrelated = _issue(flow, person, "GIAY_KHEN")
    other_person_bk_ttg = _issue(flow, flow.make_person("Người khác", unit=flow.unit), "BK_TTG")
    with pytest.raises(dsvc.DecisionError, match="Phải ghi lý do"):
        dsvc.retract_award(award=bk_tinh, by=flow.chair, reason="")
    with pytest.raises(PermissionDenied):
        dsvc.retract_award(award=bk_tinh, by=flow.clerk, reason="Khai man")
    flagged = dsvc.retract_award(award=bk_tinh, by=flow.chair, reason="Khai man thành tích (Điều 93, điểm a)")
    assert {a.pk for a in flagged} == {bk_ttg.pk, hc_ld3.pk}
    status = dict(Award.objects.values_list("pk", "status"))
    assert status[bk_tinh.pk] == AwardStatus.RETRACTED
    assert status[bk_ttg.pk] == status[hc_ld3.pk] == AwardStatus.UNDER_REVIEW
    assert status[unrelated.pk] == status[other_person_bk_ttg.pk] == AwardStatus.VALID
    assert dsvc.retract_award(award=bk_tinh, by=flow.chair, reason="Khai man thành tích (Điều 93, điểm a)") == []
    assert verify().ok


@pytest.mark.django_db
def test_retracting_a_decision_retracts_all_its_awards(flow: Any) -> None:
    person = flow.make_person("Chu Văn Bình", unit=flow.unit)
    cstd = _issue(flow, person, "CSTD_CO_SO")
    decision = Decision.objects.get(items__award=cstd)
    cstd_tinh = _issue(flow, person, "CSTD_TINH")
    flagged = dsvc.retract_decision(decision=decision, by=flow.chair, reason="Bình xét sai quy định")
    assert [a.pk for a in flagged] == [cstd_tinh.pk]
    decision.refresh_from_db()
    assert decision.status == "retracted"
    assert Award.objects.get(pk=cstd.pk).status == AwardStatus.RETRACTED
    assert Award.objects.get(pk=cstd_tinh.pk).status == AwardStatus.UNDER_REVIEW


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_issues_get_numbers_one_to_fifty(flow: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Cần PostgreSQL: SQLite tuần tự hóa mọi giao dịch ghi nên không kiểm được tranh chấp khóa.")
    person = flow.make_person("Vi Văn Đông", unit=flow.unit)
    today = timezone.localdate()
    drafts = []
    for i in range(50):
        dec = Decision.objects.create(year=today.year, decided_on=today, subject=f"QĐ {i}", round=flow.round,
                                      created_by=flow.specialist)
        DecisionItem.objects.create(decision=dec, person=person, award_code="GIAY_KHEN", year=today.year - 1,
                                    kind="annual", position=1)
        drafts.append(dec)
    barrier = threading.Barrier(len(drafts))
    errors: list[BaseException] = []

    def work(dec: Decision) -> None:
        try:
            barrier.wait(timeout=30)
            dsvc.issue_decision(decision=dec, by=flow.chair)
        except BaseException as exc:  # reported below with the test's failure
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(dec,)) for dec in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    numbers = sorted(Decision.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 51))
    assert Award.objects.filter(code="GIAY_KHEN").count() == 50
    assert DecisionCounter.objects.get(issuer="UBND", year=today.year).last_number == 50
    assert verify().ok


@pytest.mark.django_db
def test_issuing_lets_documents_prepare_verification_codes_after_commit(
        flow: Any, django_capture_on_commit_callbacks: Any) -> None:
    from thidua.documents.models import Verification

    decision = _draft(flow, "BK_TINH", "CSTD_CO_SO")
    with django_capture_on_commit_callbacks(execute=True):
        dsvc.issue_decision(decision=decision, by=flow.chair)
    # decisions only announces the decision (decisions.signals); documents makes the codes.
    assert Verification.objects.filter(award__decision_item__decision=decision).count() == 2
