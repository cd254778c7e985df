"""One achievement, one form (Luật Điều 5 khoản 2 [V]): a subject holding a form for a year and kind
is flagged when another form is proposed for the same year and kind; titles may stand beside a form."""

from datetime import date

from thidua.rules.achievement import same_achievement
from thidua.rules.catalog import load_catalog
from thidua.rules.model import AwardRecord

VIEW = load_catalog().for_date(date(2025, 12, 20))


def test_another_form_for_the_same_year_and_kind_is_flagged() -> None:
    held = [AwardRecord("GIAY_KHEN", 2025)]
    (flag,) = same_achievement(VIEW, held, "BK_TINH", 2025)
    assert flag.held.code == "GIAY_KHEN"
    assert flag.message == ("Đã được tặng Giấy khen cho thành tích năm 2025 (công trạng, thường xuyên); "
                            "một thành tích chỉ được khen một hình thức.")
    assert flag.citation == "Điều 5 khoản 2 Luật Thi đua, khen thưởng 2022"


def test_other_year_or_other_kind_is_another_achievement() -> None:
    assert same_achievement(VIEW, [AwardRecord("GIAY_KHEN", 2024)], "BK_TINH", 2025) == []
    assert same_achievement(VIEW, [AwardRecord("GIAY_KHEN", 2025, kind="ad_hoc")], "BK_TINH", 2025) == []
    assert len(same_achievement(VIEW, [AwardRecord("GIAY_KHEN", 2025, kind="ad_hoc")], "BK_TINH", 2025, "ad_hoc")) == 1


def test_a_title_may_stand_beside_a_form_but_not_twice() -> None:
    assert same_achievement(VIEW, [AwardRecord("CSTD_CO_SO", 2025)], "BK_TINH", 2025) == []
    assert same_achievement(VIEW, [AwardRecord("BK_TINH", 2025)], "CSTD_CO_SO", 2025) == []
    (dup,) = same_achievement(VIEW, [AwardRecord("LAO_DONG_TIEN_TIEN", 2025)], "LAO_DONG_TIEN_TIEN", 2025)
    assert "trùng đề nghị" in dup.message
