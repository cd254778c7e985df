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


def test_cstdcs_cap_is_15_percent_of_ldtt_per_unit() -> None:
    assert check_quotas(_round("SO_NOI_VU", 20, 3), DAY) == []
    breaches = check_quotas(_round("SO_NOI_VU", 20, 4) + _round("SO_Y_TE", 10, 1), DAY)
    assert len(breaches) == 1
    b = breaches[0]
    assert (b.rule, b.unit, b.actual, b.limit) == ("quota.ratio_cap", "SO_NOI_VU", 4, 3)
    assert "vượt tỷ lệ tối đa 15%" in b.message
    assert "Lạng Sơn" in b.citation  # the province override is the one applied


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
