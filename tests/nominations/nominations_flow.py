"""Shared builders for nomination and decision tests (imported by both conftest files)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from thidua.nominations import dossiers, rounds
from thidua.nominations.dossiers import Conclusion
from thidua.nominations.models import DocumentKind, Dossier, Round
from thidua.nominations.workflow import State

ACCEPTED = ["LAO_DONG_TIEN_TIEN", "CSTD_CO_SO", "CSTD_TINH", "BK_TINH", "BK_TTG", "HC_LAO_DONG_3", "GIAY_KHEN"]


@dataclass
class Flow:
    province: Any
    unit: Any
    other_unit: Any
    clerk: Any
    head: Any
    other_clerk: Any
    specialist: Any
    chair: Any
    round: Round
    make_person: Callable[..., Any]

    def dossier(self, *codes: str, people: list[Any] | None = None, docs: bool = True) -> Dossier:
        """A draft with one nominee per code (new people unless given) and, by default, every document."""
        d = dossiers.create_dossier(round=self.round, unit=self.unit, by=self.clerk, title="Đề nghị khen thưởng")
        for i, code in enumerate(codes):
            person = people[i] if people else self.make_person(f"Người {i + 1}", unit=self.unit)
            dossiers.add_nominee(dossier=d, by=self.clerk, expected_version=d.version, person=person, award_code=code,
                            achievement_summary="Hoàn thành xuất sắc nhiệm vụ")
        if docs:
            add_documents(d, self.clerk)
        return d

    def to_state(self, d: Dossier, state: State, *, passed: bool = True) -> Dossier:
        """Walk the dossier through the services up to ``state`` (all nominees passing)."""
        order = [State.SUBMITTED, State.RECEIVED, State.UNDER_APPRAISAL, State.APPRAISED, State.CONSULTATION,
                 State.AT_COUNCIL, State.VOTED, State.AWAITING_SIGNATURE]
        for target in order[: order.index(state) + 1]:
            ids = list(d.nominees.values_list("pk", flat=True))
            if target == State.SUBMITTED:
                dossiers.submit_dossier(dossier=d, by=self.head)
            elif target == State.RECEIVED:
                dossiers.receive(dossier=d, by=self.specialist)
            elif target == State.UNDER_APPRAISAL:
                dossiers.start_appraisal(dossier=d, by=self.specialist)
            elif target == State.APPRAISED:
                dossiers.conclude_appraisal(dossier=d, by=self.specialist,
                                       conclusions={i: Conclusion(passed) if passed else Conclusion(False, "Thiếu")
                                                    for i in ids})
            elif target == State.CONSULTATION:
                if not dossiers.needs_consultation(d):
                    continue
                today = timezone.localdate()
                dossiers.open_consultation(dossier=d, by=self.specialist, published_on=today,
                                      council_on=today + dt.timedelta(days=40))
            elif target == State.AT_COUNCIL:
                dossiers.send_to_council(dossier=d, by=self.specialist)
            elif target == State.VOTED:
                dossiers.record_vote(dossier=d, by=self.specialist,
                                results={i: True for i in d.nominees.filter(appraisal_passed=True)
                                         .values_list("pk", flat=True)})
            elif target == State.AWAITING_SIGNATURE:
                dossiers.send_for_signature(dossier=d, by=self.specialist)
        return d


def add_documents(d: Dossier, by: Any, *, kinds: list[str] | None = None) -> None:
    for kind in kinds or [DocumentKind.PROPOSAL_LETTER, DocumentKind.UNIT_COUNCIL_MINUTES]:
        dossiers.attach_document(dossier=d, by=by, expected_version=d.version, kind=kind,
                            file=ContentFile(b"%PDF-1.4 test", name=f"{kind}.pdf"))
    for n in d.nominees.all():
        for kind in (DocumentKind.ACHIEVEMENT_REPORT, DocumentKind.INITIATIVE_CONFIRMATION):
            dossiers.attach_document(dossier=d, by=by, expected_version=d.version, kind=kind, nominee=n,
                                file=ContentFile(b"%PDF-1.4 test", name=f"{kind}-{n.pk}.pdf"))


@pytest.fixture
def flow(make_unit: Callable[..., Any], make_user: Callable[..., Any], make_person: Callable[..., Any],
         settings: Any, tmp_path: Path) -> Flow:
    settings.MEDIA_ROOT = tmp_path
    province = make_unit("UBND tỉnh Lạng Sơn", kind="province")
    unit = make_unit("Sở Giáo dục và Đào tạo", parent=province, is_grassroots=True)
    other = make_unit("Sở Y tế", parent=province)
    specialist = make_user(role="specialist", unit=province)
    today = timezone.localdate()
    rnd = rounds.create_round(by=specialist, name="Khen thưởng tổng kết năm", kind="annual", year=today.year - 1,
                           accepted_codes=ACCEPTED, opens_on=today - dt.timedelta(days=5),
                           closes_on=today + dt.timedelta(days=30),
                           step_deadlines={"receive": 1, "appraisal": 20, "supplement": 5, "council": 5,
                                           "signature": 5})
    return Flow(province=province, unit=unit, other_unit=other, clerk=make_user(role="clerk", unit=unit),
                head=make_user(role="unit_head", unit=unit), other_clerk=make_user(role="clerk", unit=other),
                specialist=specialist, chair=make_user(role="chair", unit=province), round=rnd,
                make_person=make_person)
