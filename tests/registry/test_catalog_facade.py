"""One Django-side facade over the law's catalog (``thidua.registry.catalog``), and the legal values
that moved from code into the catalog give the answers the code gave."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from thidua.nominations.models import DocumentKind
from thidua.registry import catalog
from thidua.registry.models import AwardKind
from thidua.web.templatetags.thidua_ui import award_name as award_name_filter

SRC = Path(__file__).resolve().parents[2] / "src" / "thidua"
ON = dt.date(2026, 12, 7)


def _documents_as_the_code_listed_them(award_code: str, round_kind: str, is_enterprise: bool) -> list[str]:
    """nominations.completeness.required_documents before the lists moved into the catalog."""
    kinds = ["proposal_letter"]
    if award_code not in {"LAO_DONG_TIEN_TIEN", "CHIEN_SI_TIEN_TIEN"}:
        kinds.append("achievement_report")
    if round_kind != "ad_hoc":
        kinds.append("unit_council_minutes")
    if award_code in {"CSTD_TINH", "CSTD_TOAN_QUOC"}:
        kinds.append("initiative_confirmation")
    if is_enterprise:
        kinds += ["tax_confirmation", "social_insurance_confirmation"]
    return kinds


@pytest.mark.parametrize("round_kind", AwardKind.values)
def test_required_documents_from_the_catalog_are_the_former_lists(round_kind: str) -> None:
    for code in sorted(catalog.award_codes()):
        for enterprise in (False, True):
            assert catalog.required_documents(award_code=code, round_kind=round_kind, is_enterprise=enterprise,
                                              on=ON) == _documents_as_the_code_listed_them(code, round_kind,
                                                                                            enterprise)
    assert catalog.documents_reference(ON) == "Luật Thi đua, khen thưởng 2022, Điều 84"


def test_every_document_the_catalog_names_is_a_document_kind() -> None:
    named = {str(row["document"]) for row in catalog.view_on(ON).param("dossier_documents").value}
    assert named <= set(DocumentKind.values)


def test_state_level_awards_need_consultation_for_ten_working_days() -> None:
    for code in catalog.award_codes():
        assert catalog.requires_consultation(code, ON) == (catalog.award_info(code).level == "state"), code
    assert catalog.consultation_days(ON) == 10
    assert catalog.consultation_days(dt.date(2024, 3, 4)) == 10
    assert catalog.consultation_reference(ON) == "Nghị định 152/2025/NĐ-CP, Điều 60"
    assert catalog.consultation_reference(dt.date(2024, 3, 4)) == "Nghị định 98/2023/NĐ-CP, Điều 46"


def test_names_for_templates_documents_and_reports() -> None:
    assert catalog.award_name("CSTD_CO_SO") == award_name_filter("CSTD_CO_SO") == "Chiến sĩ thi đua cơ sở"
    assert catalog.award_name("KHONG_CO") == "KHONG_CO"
    assert catalog.award_name_on("CSTD_CO_SO", ON) == "Chiến sĩ thi đua cơ sở"
    assert catalog.award_name_on("KHONG_CO", ON) == "KHONG_CO"
    assert catalog.import_catalog()["BK_TINH"].level == "province"


_DIRECT = re.compile(r"thidua\.rules\.catalog|from thidua\.rules import catalog|\bdefault_catalog\(|\bload_catalog\(")


def test_the_django_side_reads_the_catalog_only_through_the_facade() -> None:
    offenders = [f"{path.relative_to(SRC)}:{n}" for path in sorted(SRC.rglob("*.py"))
                 if path.parts[len(SRC.parts)] != "rules" and path != SRC / "registry" / "catalog.py"
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                 if _DIRECT.search(line)]
    assert offenders == []
