"""Registry writes outside the import: record and retract one award, audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from thidua.audit.models import AuditEvent
from thidua.registry import services
from thidua.registry.models import Award, AwardStatus

pytestmark = pytest.mark.django_db


def test_record_then_retract_award_is_audited(tree: dict[str, Any], make_person: Any, make_user: Any) -> None:
    person = make_person("Chu Thị Mai", unit=tree["snv"])
    chair = make_user(role="chair")
    award = services.record_award(by=chair, unit=tree["snv"], person=person, code="BK_TINH", year=2024,
                                  level="province", decision_number="88/QĐ-UBND", decision_date=dt.date(2025, 3, 1),
                                  issuer="UBND tỉnh Lạng Sơn", amount_vnd=2_340_000)
    assert award.subject_name == "Chu Thị Mai" and award.source == "decision"
    with pytest.raises(ValidationError, match="một thành tích chỉ khen một lần"):
        services.record_award(by=chair, unit=tree["snv"], person=person, code="BK_TINH", year=2024,
                              level="province", decision_number="89/QĐ-UBND", decision_date=dt.date(2025, 3, 2),
                              issuer="UBND tỉnh Lạng Sơn")
    with pytest.raises(ValidationError, match="lý do"):
        services.retract_award(by=chair, award=award, reason="  ")
    retracted = services.retract_award(by=chair, award=award, reason="Khai man thành tích")
    assert retracted.status == AwardStatus.RETRACTED and Award.objects.count() == 1
    with pytest.raises(ValidationError, match="đã bị thu hồi"):
        services.retract_award(by=chair, award=award, reason="lần nữa")
    actions = list(AuditEvent.objects.filter(object_id=str(award.pk), object_type="registry.award")
                   .values_list("action", flat=True))
    assert actions == ["registry.award_create", "registry.award_retract"]


def test_record_award_needs_exactly_one_subject(tree: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match="đúng một đối tượng"):
        services.record_award(by=None, unit=tree["snv"], code="BK_TINH", year=2024, level="province",
                              decision_number="1", decision_date=dt.date(2025, 1, 1), issuer="UBND tỉnh")
