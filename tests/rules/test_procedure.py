"""Procedure values in the catalog (public consultation, the dossier's documents), read on a date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from thidua.rules import procedure
from thidua.rules.catalog import CATALOG_DIR, CatalogError, load_catalog

ON = date(2026, 12, 7)


def test_consultation_days_and_levels_carry_their_reference() -> None:
    for day, reference in ((date(2024, 1, 1), "Nghị định 98/2023/NĐ-CP, Điều 46"),
                           (date(2025, 6, 30), "Nghị định 98/2023/NĐ-CP, Điều 46"),
                           (date(2025, 7, 1), "Nghị định 152/2025/NĐ-CP, Điều 60"),
                           (ON, "Nghị định 152/2025/NĐ-CP, Điều 60")):
        view = load_catalog().for_date(day)
        days = procedure.consultation_days(view)
        assert days.value == 10 and days.reference == reference
        assert procedure.needs_consultation(view, view.award("HC_LAO_DONG_3"))
        assert procedure.needs_consultation(view, view.award("BK_TTG"))
        assert not procedure.needs_consultation(view, view.award("BK_TINH"))
        assert not procedure.needs_consultation(view, view.award("CSTD_CO_SO"))


def test_required_documents_follow_dieu_84() -> None:
    view = load_catalog().for_date(ON)
    assert procedure.documents_reference(view) == "Luật Thi đua, khen thưởng 2022, Điều 84"
    assert procedure.required_documents(view, award_code="LAO_DONG_TIEN_TIEN", round_kind="annual",
                                        is_enterprise=False) == ["proposal_letter", "unit_council_minutes"]
    assert procedure.required_documents(view, award_code="CSTD_TINH", round_kind="annual", is_enterprise=True) == [
        "proposal_letter", "achievement_report", "unit_council_minutes", "initiative_confirmation",
        "tax_confirmation", "social_insurance_confirmation"]
    assert procedure.required_documents(view, award_code="BK_TINH", round_kind="ad_hoc",
                                        is_enterprise=False) == ["proposal_letter", "achievement_report"]


def test_a_malformed_document_row_is_a_catalog_error(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    root.mkdir()
    for path in CATALOG_DIR.glob("law_*.toml"):
        (root / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    text = (CATALOG_DIR / "params.toml").read_text(encoding="utf-8")
    (root / "params.toml").write_text(text.replace('only_enterprise = true, note = "Doanh nghiệp hoặc giám đốc '
                                                   'doanh nghiệp: xác nhận của cơ quan thuế"',
                                                   'only_enterprise = "có"'), encoding="utf-8")
    view = load_catalog(root, None).for_date(ON)
    with pytest.raises(CatalogError, match="only_enterprise"):
        procedure.required_documents(view, award_code="BK_TINH", round_kind="annual", is_enterprise=True)
