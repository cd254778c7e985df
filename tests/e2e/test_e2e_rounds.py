"""Issue 4 item 1 in the browser: the specialist opens a round on the page, sees each step's date
counted in working days across Tết 2027, fixes the error the page names, and opens the round."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.factories import Flow, flow  # noqa: F401
from thidua.nominations.models import Round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "matkhau-demo-1"


def test_specialist_opens_a_round_in_the_browser(
        flow: Flow, page: Any, live_server: Any, tmp_path: Path) -> None:  # noqa: F811 (fixture imported above)
    base = live_server.url
    page.goto(base + "/tai-khoan/dang-nhap/")
    page.fill("#id_username", flow.specialist.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(base + "/")

    page.click("nav >> text=Đợt khen thưởng")
    page.click("text=Mở đợt mới")
    page.wait_for_url(base + "/ho-so/dot/moi/")
    expect(page.locator("input[value=CSTD_TINH]")).to_be_checked()

    page.select_option("#id_kind", "thematic")
    page.click("button[value=defaults]")
    expect(page.locator("input[value=BK_TINH]")).to_be_checked()
    expect(page.locator("input[value=CSTD_TINH]")).not_to_be_checked()

    page.fill("#id_year", "2026")
    page.fill("#id_opens_on", "2027-01-04")
    page.fill("#id_closes_on", "2027-01-29")
    page.fill("#id_deadline_appraisal", "20")
    page.click("button[value=preview]")
    expect(page.locator("tr[data-step=appraisal]")).to_contain_text("→ 08/03/2027")
    expect(page.locator("tr[data-step=receive]")).to_contain_text("→ 01/02/2027")
    page.screenshot(path=str(tmp_path / "form.png"), full_page=True)

    page.click("[data-action=save-round]")  # no name yet: refused, shown at the field
    expect(page.locator("[data-field=name]")).to_have_text("Tên đợt: không được để trống.")
    assert Round.objects.count() == 1

    page.fill("#id_name", "Khen thưởng chuyên đề phòng, chống thiên tai 2026")
    page.click("[data-action=save-round]")
    page.wait_for_url(base + "/ho-so/dot/*/")
    expect(page.locator("h1")).to_have_text("Khen thưởng chuyên đề phòng, chống thiên tai 2026")
    expect(page.locator("tr[data-step=appraisal]")).to_contain_text("→ 08/03/2027")
    page.screenshot(path=str(tmp_path / "round.png"), full_page=True)
    rnd = Round.objects.get(name="Khen thưởng chuyên đề phòng, chống thiên tai 2026")
    assert rnd.kind == "thematic" and "BK_TINH" in rnd.accepted_codes

    # The province adds a day off after Tết: the appraisal deadline moves by one working day.
    page.click("text=Ngày nghỉ của tỉnh")
    page.fill("#id_nam", "2027")
    page.click("button:has-text('Xem')")
    expect(page.locator("tr[data-day='2027-02-06']")).to_contain_text("Tết Nguyên Đán")
    page.fill("#id_day", "2027-02-11")
    page.fill("#id_name", "Nghỉ thêm sau Tết theo Quyết định của UBND tỉnh")
    page.click("[data-action=add-day-off]")
    expect(page.locator("tr[data-day='2027-02-11']")).to_contain_text("Nghỉ riêng của tỉnh")
    page.screenshot(path=str(tmp_path / "days_off.png"), full_page=True)
    page.goto(f"{base}/ho-so/dot/{rnd.pk}/")
    expect(page.locator("tr[data-step=appraisal]")).to_contain_text("→ 09/03/2027")
