"""Reads for documents: the public verification record, jobs a user may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from thidua.registry.catalog import award_name
from thidua.registry.models import AwardStatus

from .context import vn_date
from .models import DocumentJob, Verification


@dataclass(frozen=True)
class PublicAwardView:
    """What the public page may show: never the citizen ID nor the birth date."""

    subject_name: str
    subject_title: str
    unit_name: str
    award: str
    year: int
    decision_number: str
    decision_date: str
    issuer: str
    retracted: bool
    retraction_reason: str
    under_review: bool


def verification(token: str) -> PublicAwardView | None:
    v = Verification.objects.select_related("award__unit").filter(token=token).first()
    if v is None:
        return None
    a = v.award
    return PublicAwardView(subject_name=a.subject_name, subject_title=a.subject_title, unit_name=a.unit.name,
                       award=award_name(a.code), year=a.year, decision_number=a.decision_number,
                       decision_date=vn_date(a.decision_date).removeprefix("ngày "), issuer=a.issuer,
                       retracted=a.status == AwardStatus.RETRACTED, retraction_reason=a.retraction_reason,
                       under_review=a.status == AwardStatus.UNDER_REVIEW)


def jobs_for(user: Any) -> QuerySet[DocumentJob]:
    qs = DocumentJob.objects.order_by("-created_at")
    if getattr(user, "is_province_wide", False) or getattr(user, "is_superuser", False):
        return qs
    return qs.filter(created_by=user)
