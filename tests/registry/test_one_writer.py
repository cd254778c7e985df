"""``registry.services`` is the one writer of ``Award`` rows: nobody else creates, changes or deletes them,
and every path logs the same audit action names."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from thidua.audit.admin import ActionFilter, AuditEventAdmin
from thidua.audit.models import AuditEvent
from thidua.audit.services import Change, action_names, current_action, record_many, verify
from thidua.registry import services
from thidua.registry.actions import AWARD_CREATE, AWARD_RETRACT, AWARD_UNDER_REVIEW
from thidua.registry.models import Award, AwardStatus

SRC = Path(__file__).resolve().parents[2] / "src" / "thidua"
# The issue's own check: `grep -rn "Award.objects.create\|Award(" src/thidua --include=*.py` finds only registry.
_CREATES = re.compile(r"Award\.objects\.create|Award\(")
# Changes and deletions through a queryset of awards, and bulk writes of awards.
_CHANGES = re.compile(r"Award\.objects\b.*\.(update|delete|bulk_create|bulk_update|get_or_create|update_or_create)\(")


def _lines_outside_registry(pattern: re.Pattern[str]) -> list[str]:
    return [f"{path.relative_to(SRC)}:{n}: {line.strip()}" for path in sorted(SRC.rglob("*.py"))
            if path.parts[len(SRC.parts)] != "registry"
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
            if pattern.search(line)]


def test_no_award_is_created_outside_the_registry() -> None:
    assert _lines_outside_registry(_CREATES) == []


def test_no_award_queryset_is_changed_outside_the_registry() -> None:
    assert _lines_outside_registry(_CHANGES) == []


def _new(person: Any, unit: Any, code: str, year: int, number: str) -> services.AwardEntry:
    return services.AwardEntry(unit=unit, person=person, code=code, year=year, level="province",
                               decision_number=number, decision_date=dt.date(year + 1, 3, 1), issuer="UBND tỉnh")


@pytest.mark.django_db
def test_many_awards_in_one_insert_each_audited(tree: dict[str, Any], make_person: Any,
                                                django_assert_max_num_queries: Any) -> None:
    people = [make_person(f"Người {i}", unit=tree["commune"]) for i in range(30)]
    lines = [_new(p, tree["commune"], "BK_TINH", 2024, "5/QĐ-UBND") for p in people]
    awards = services.record_awards(by=None, awards=lines[:1])  # (the audit chain's head is made once)
    with django_assert_max_num_queries(10):  # no query per row: one INSERT, one audit append
        awards += services.record_awards(by=None, awards=lines[1:])
    assert [a.subject_name for a in awards] == [p.full_name for p in people]
    assert all(a.is_grassroots_unit and a.source == "decision" for a in awards)
    assert AuditEvent.objects.filter(action=AWARD_CREATE).count() == 30 and verify().ok
    with pytest.raises(ValidationError, match="Dòng 2: khen thưởng phải có đúng một đối tượng"):
        services.record_awards(by=None, awards=[lines[0], services.AwardEntry(
            unit=tree["snv"], code="BK_TINH", year=2024, level="province", decision_number="6",
            decision_date=dt.date(2025, 1, 1), issuer="UBND tỉnh")])
    assert Award.objects.count() == 30


@pytest.mark.django_db
def test_one_retractor_flags_the_ladder_once(tree: dict[str, Any], make_person: Any) -> None:
    person, other = make_person("Lương Thị Mai", unit=tree["snv"]), make_person("Người khác", unit=tree["snv"])
    unit = tree["snv"]
    bk, cstd_co_so, bk_ttg, giay_khen, others_bk_ttg = services.record_awards(by=None, awards=[
        _new(person, unit, "BK_TINH", 2020, "1"), _new(person, unit, "CSTD_CO_SO", 2020, "2"),
        _new(person, unit, "BK_TTG", 2023, "3"), _new(person, unit, "GIAY_KHEN", 2023, "4"),
        _new(other, unit, "BK_TTG", 2023, "5")])
    done = services.retract_awards(by=None, awards=[bk, cstd_co_so], reason="  Khai man thành tích ")
    assert [a.pk for a in done.retracted] == [bk.pk, cstd_co_so.pk]
    assert [a.pk for a in done.flagged] == [bk_ttg.pk]
    status = dict(Award.objects.values_list("pk", "status"))
    assert status[bk.pk] == status[cstd_co_so.pk] == AwardStatus.RETRACTED
    assert status[bk_ttg.pk] == AwardStatus.UNDER_REVIEW
    assert status[giay_khen.pk] == status[others_bk_ttg.pk] == AwardStatus.VALID
    review = AuditEvent.objects.get(action=AWARD_UNDER_REVIEW)
    assert review.object_id == str(bk_ttg.pk) and review.after == {
        "status": "under_review", "because_of": bk.pk, "reason": "Khai man thành tích"}
    assert list(AuditEvent.objects.filter(action__in=[AWARD_RETRACT, AWARD_UNDER_REVIEW]).order_by("seq")
                .values_list("action", "object_id")) == [
        (AWARD_RETRACT, str(bk.pk)), (AWARD_UNDER_REVIEW, str(bk_ttg.pk)), (AWARD_RETRACT, str(cstd_co_so.pk))]
    # A repeat with the same reason changes nothing; another reason is refused for one award.
    assert services.retract_awards(by=None, awards=[bk], reason="Khai man thành tích").retracted == []
    with pytest.raises(ValidationError, match="đã bị thu hồi trước đó với lý do khác"):
        services.retract_award(by=None, award=bk, reason="Lý do khác")
    assert verify().ok


@pytest.mark.django_db
def test_former_action_names_stay_readable_in_the_audit_log(rf: Any) -> None:
    assert current_action("award.import") == current_action("award.create") == AWARD_CREATE
    assert current_action("award.retract") == AWARD_RETRACT and current_action("decisions.issue") == "decisions.issue"
    assert set(action_names(AWARD_CREATE)) == {AWARD_CREATE, "award.create", "award.import"}
    record_many(actor=None, changes=[Change(a, "registry.award", str(i), None, {"id": i})
                                     for i, a in enumerate(["award.import", AWARD_CREATE, "award.retract"], 1)])
    from django.contrib import admin

    model_admin = AuditEventAdmin(AuditEvent, admin.site)
    shown = ActionFilter(rf.get("/"), {"action": [AWARD_CREATE]}, AuditEvent, model_admin)
    assert (AWARD_CREATE, AWARD_CREATE) in shown.lookups(rf.get("/"), model_admin)
    assert ("award.import", "award.import") not in shown.lookups(rf.get("/"), model_admin)
    found = shown.queryset(rf.get("/"), AuditEvent.objects.all())
    assert sorted(found.values_list("action", flat=True)) == ["award.import", AWARD_CREATE]
    event = AuditEvent.objects.get(action="award.import")
    assert model_admin.action_now(event) == AWARD_CREATE
