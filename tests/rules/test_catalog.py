from datetime import date
from pathlib import Path

import pytest

from thidua.rules.catalog import CATALOG_DIR, CatalogError, load_catalog
from thidua.rules.context import CHECKS
from thidua.rules.engine import evaluate  # noqa: F401  (registers the checks)

CODES = ["LAO_DONG_TIEN_TIEN", "CHIEN_SI_TIEN_TIEN", "CSTD_CO_SO", "CSTD_TINH", "CSTD_TOAN_QUOC", "TT_LD_TIEN_TIEN", "DON_VI_TIEN_TIEN", "TT_LD_XUAT_SAC", "DON_VI_QUYET_THANG", "CO_THI_DUA_TINH", "CO_THI_DUA_CP", "XA_PHUONG_TIEU_BIEU", "THON_TDP_VAN_HOA", "GIA_DINH_VAN_HOA", "HC_SAO_VANG", "HC_HO_CHI_MINH", "HC_DOC_LAP_1", "HC_DOC_LAP_2", "HC_DOC_LAP_3", "HC_QUAN_CONG_1", "HC_QUAN_CONG_2", "HC_QUAN_CONG_3", "HC_LAO_DONG_1", "HC_LAO_DONG_2", "HC_LAO_DONG_3", "HC_BVTQ_1", "HC_BVTQ_2", "HC_BVTQ_3", "HC_CHIEN_CONG_1", "HC_CHIEN_CONG_2", "HC_CHIEN_CONG_3", "HC_DAI_DOAN_KET", "HC_DUNG_CAM", "HC_HUU_NGHI", "BK_TTG", "BK_TINH", "GIAY_KHEN", "KNC"]


def test_every_code_of_law_rules_is_in_every_version() -> None:
    for version in load_catalog().versions:
        assert set(CODES) <= set(version.awards), version.id


def test_every_check_named_in_the_catalog_exists() -> None:
    for version in load_catalog().versions:
        for award in version.awards.values():
            names = set(award.checks) | {c for p in award.paths for c in p.checks}
            assert names <= set(CHECKS), (version.id, award.code, names - set(CHECKS))


def test_version_selection_by_decision_date() -> None:
    cat = load_catalog()
    assert cat.for_date(date(2024, 1, 1)).version.id == "law_2022_nd98"
    assert cat.for_date(date(2025, 6, 30)).version.id == "law_2022_nd98"
    assert cat.for_date(date(2025, 7, 1)).version.id == "law_2022_nd152"
    with pytest.raises(CatalogError):
        cat.for_date(date(2023, 12, 31))


def test_params_carry_their_reference_and_origin() -> None:
    cat = load_catalog()
    p = cat.param("CSTD_TINH.streak_years", date(2025, 8, 1))
    assert p.value == 3 and p.reference == "Luật Thi đua, khen thưởng 2022, Điều 22"
    assert p.source == "law_2022_nd98"  # inherited by NĐ152, reported as such
    bk = cat.param("BK_TINH.prize_individual", date(2025, 8, 1))
    assert str(bk.value) == "1.5" and bk.source == "law_2022_nd152"
    with pytest.raises(CatalogError):
        cat.param("CSTD_TINH.no_such_param", date(2025, 8, 1))


def test_every_prize_and_threshold_has_a_reference() -> None:
    for version in load_catalog().versions:
        for award in version.awards.values():
            for param in award.params.values():
                assert param.reference.strip()
                assert param.rows


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "c"
    (root / "provinces").mkdir(parents=True)
    for f in CATALOG_DIR.glob("*.toml"):
        (root / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    return root


def test_malformed_catalog_is_rejected(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    text = (root / "law_2022_nd98.toml").read_text(encoding="utf-8")
    (root / "law_2022_nd98.toml").write_text(text.replace('kind = "title"', 'kind = "medal"', 1), encoding="utf-8")
    with pytest.raises(CatalogError, match="kind"):
        load_catalog(root, None)


def test_param_without_reference_is_rejected(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    (root / "params.toml").write_text('[params.x]\nvalues = [{ from = 2024-01-01, value = 1 }]\n', encoding="utf-8")
    with pytest.raises(CatalogError, match="reference"):
        load_catalog(root, None)
