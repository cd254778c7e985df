"""Decisions write and retract awards through the registry's one writer: an award from a decision and
an award from the Excel import are logged under the same action names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import Workbook

from thidua.audit.models import AuditEvent
from thidua.decisions import services as dsvc
from thidua.registry import importer, services
from thidua.registry.importing.columns import COLUMNS
from thidua.registry.models import Award


def _actions(**filters: Any) -> list[str]:
    pks = [str(pk) for pk in Award.objects.filter(**filters).values_list("pk", flat=True)]
    return sorted(set(AuditEvent.objects.filter(object_type="registry.award", object_id__in=pks)
                      .values_list("action", flat=True)))


@pytest.mark.django_db
def test_decided_and_imported_awards_share_their_audit_actions(flow: Any, tmp_path: Path) -> None:
    d = flow.to_state(flow.dossier("BK_TINH"), "awaiting_signature")
    decision = dsvc.prepare_decision(dossiers=[d], by=flow.specialist, decided_on=timezone.localdate(),
                                     subject="Tặng Bằng khen")
    dsvc.issue_decision(decision=decision, by=flow.chair)

    flow.unit.code = "SGD"
    flow.unit.save()
    values = {"stt": 1, "subject_kind": "Tập thể", "name": "Phòng Tổ chức", "unit_code": "SGD",
              "award_code": "TT_LD_TIEN_TIEN", "year": 2023, "decision_number": "15/QĐ-SGD",
              "decision_date": "20/01/2024", "issuer": "Sở Giáo dục", "direct_worker": "Không"}
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append([c.header for c in COLUMNS])
    ws.append([values.get(c.key) for c in COLUMNS])
    wb.save(tmp_path / "lich-su.xlsx")
    result = importer.import_awards_path(tmp_path / "lich-su.xlsx", by=None)
    assert result.ok and result.created == 1, [str(e) for e in result.errors]

    decided, imported = _actions(source="decision"), _actions(source="import")
    assert decided == imported == [services.AWARD_CREATE]
    award = Award.objects.get(source="decision")
    dsvc.retract_award(award=award, by=flow.chair, reason="Khai man thành tích")
    services.retract_award(by=flow.chair, award=Award.objects.get(source="import"), reason="Trùng")
    assert _actions(source="decision") == _actions(source="import") == [services.AWARD_CREATE,
                                                                         services.AWARD_RETRACT]
