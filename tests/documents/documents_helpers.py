"""Builders shared by the document tests (the file checks are in ``tests/filechecks.py``)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from thidua.decisions import services as dsvc
from thidua.decisions.models import Decision

NAMES = ["Nguyễn Thị Hường", "Đặng Văn Lực", "Hoàng Thị Ngọc Ánh"]


def issued_decision(flow: Any, codes: tuple[str, ...] = ("BK_TINH", "BK_TINH", "CSTD_CO_SO")) -> Decision:
    people = [flow.make_person(NAMES[i % len(NAMES)], unit=flow.unit) for i in range(len(codes))]
    dossier = flow.to_state(flow.dossier(*codes, people=people), "awaiting_signature")
    decision = dsvc.prepare_decision(dossiers=[dossier], by=flow.specialist, decided_on=timezone.localdate(),
                                     subject="Về việc tặng Bằng khen của Chủ tịch UBND tỉnh",
                                     signer="Hồ Tiến Thiệu")
    dsvc.issue_decision(decision=decision, by=flow.chair)
    return decision
