from datetime import date
from pathlib import Path

import pytest

from thidua.rules.catalog import CATALOG_DIR, CatalogError, load_catalog
from thidua.rules.model import CaseError
from thidua.rules.quotas import Proposal, check_quotas

DAY = date(2025, 12, 1)


def _round(unit: str, ldtt: int, cstd: int) -> list[dict[str, object]]:
    return ([{"subject_kind": "individual", "award": "LAO_DONG_TIEN_TIEN", "unit": unit}] * ldtt
            + [{"subject_kind": "individual", "award": "CSTD_CO_SO", "unit": unit}] * cstd)


def test_no_national_cap_on_cstd_co_so() -> None:
    # law-review E8: Luật 2022 Điều 23 and NĐ 98/152 set no cap (the 15% was NĐ 91/2017, repealed);
    # Lạng Sơn has published none, so its profile sets none either.
    assert check_quotas(_round("SO_NOI_VU", 20, 20), DAY) == []
    assert check_quotas(_round("SO_NOI_VU", 20, 20), date(2024, 6, 1)) == []
    assert "quota_ratio_caps" not in (CATALOG_DIR / "provinces" / "lang_son.toml").read_text().split("[province]")[1]


def test_a_province_cap_applies_only_from_its_own_rule(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    (root / "provinces").mkdir(parents=True)
    for f in CATALOG_DIR.glob("*.toml"):
        (root / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    (root / "provinces" / "test.toml").write_text(
        '[province]\ncode = "test"\nname = "Test"\n[params.quota_ratio_caps]\n'
        'values = [{ from = 2026-01-01, value = [{ award = "CSTD_CO_SO", base_award = "LAO_DONG_TIEN_TIEN", max_share = 0.15 }] }]\n'
        'reference = "Quyết định 1/2026/QĐ-UBND tỉnh Test, Điều 5"\n',
        encoding="utf-8",
    )
    catalog = load_catalog(root, "test")
    day = date(2026, 3, 1)
    assert check_quotas(_round("SO_NOI_VU", 20, 3), day, catalog) == []  # 3 = 15% of 20
    breaches = check_quotas(_round("SO_NOI_VU", 20, 4) + _round("SO_Y_TE", 10, 1), day, catalog)
    assert [(b.rule, b.unit, b.actual, b.limit) for b in breaches] == [("quota.ratio_cap", "SO_NOI_VU", 4, 3)]
    assert breaches[0].message == ("Đơn vị SO_NOI_VU: đề nghị 4 Chiến sĩ thi đua cơ sở, vượt tỷ lệ tối đa 15% "
                                   "của 20 Lao động tiên tiến (được đề nghị tối đa 3).")
    assert breaches[0].citation == "Điều 5 Quyết định 1/2026/QĐ-UBND tỉnh Test"
    none_yet = check_quotas(_round("SO_Y_TE", 6, 1), day, catalog)[0]  # floor(0.15 × 6) = 0
    assert "chưa được đề nghị" in none_yet.message and "tối đa 0" not in none_yet.message
    assert check_quotas(_round("SO_NOI_VU", 20, 4), date(2025, 12, 1), catalog) == []  # before the rule


def _catalog_with_share(tmp_path: Path, share: str) -> object:
    root = tmp_path / "catalog"
    (root / "provinces").mkdir(parents=True)
    for f in CATALOG_DIR.glob("*.toml"):
        (root / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    (root / "provinces" / "test.toml").write_text(
        '[province]\ncode = "test"\nname = "Test"\n'
        f'[params.quota_grassroots_min_share]\nvalues = [{{ from = 2024-01-01, value = {share} }}]\nreference = "test"\n',
        encoding="utf-8",
    )
    return load_catalog(root, "test")


def test_grassroots_share_with_a_province_minimum(tmp_path: Path) -> None:
    catalog = _catalog_with_share(tmp_path, "0.5")
    items = [Proposal("individual", "BK_TINH", "U1", direct_worker=True),
             Proposal("individual", "BK_TINH", "U1"), Proposal("individual", "BK_TINH", "U2")]
    breaches = check_quotas(items, DAY, catalog)  # type: ignore[arg-type]
    assert [(b.rule, b.award, b.actual, b.limit) for b in breaches] == [("quota.grassroots_share", "BK_TINH", 1, 2)]
    items[1] = Proposal("collective", "BK_TINH", "U1", small_collective=True)
    assert check_quotas(items, DAY, catalog) == []  # type: ignore[arg-type]


def test_province_may_only_override_marked_parameters(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    (root / "provinces").mkdir(parents=True)
    for f in CATALOG_DIR.glob("*.toml"):
        (root / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    (root / "provinces" / "bad.toml").write_text(
        '[params."CSTD_TINH.streak_years"]\nvalues = [{ from = 2024-01-01, value = 2 }]\nreference = "x"\n',
        encoding="utf-8",
    )
    with pytest.raises(CatalogError, match="không được phép ghi đè"):
        load_catalog(root, "bad")


def test_unknown_proposal_field_or_award() -> None:
    with pytest.raises(CaseError):
        check_quotas([{"subject_kind": "individual", "award": "BK_TINH", "unit": "U", "colour": "red"}], DAY)
    with pytest.raises(CatalogError):
        check_quotas([{"subject_kind": "individual", "award": "NOPE", "unit": "U"}], DAY)
