"""htmx in the browser, and the same pages without JavaScript.

The final review's person picker lists the people found as you type (no page load) and the chosen
one is added as a row; with JavaScript off, «Tìm» reloads the page with the same list. On the round
form, changing a step's working days refreshes the steps' dates in place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.test_e2e_portal_axe import AXE_URL, RUN_AXE
from tests.factories import Flow, flow  # noqa: F401
from thidua.movements import services as movements
from thidua.movements.models import Review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MARK = "window.__noReload = 'still here'"



def _final_review(flow: Flow) -> Review:  # noqa: F811
    today = timezone.localdate()
    movement = movements.launch_movement(
        by=flow.specialist, name="Thi đua dạy tốt, học tốt", kind="thematic", level="province",
        launched_by=flow.province, launched_on=today, starts_on=today - dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=30), units=[flow.unit, flow.other_unit])
    return movements.add_review(movement=movement, by=flow.specialist, kind="final", held_on=today,
                                report_text="Tổng kết phong trào")


def test_picker_finds_as_you_type_and_adds_the_row(
        flow: Flow, open_as: Callable[..., Any], live_server: Any, tmp_path: Path) -> None:  # noqa: F811
    review = _final_review(flow)
    teacher = flow.make_person("Hoàng Thị Mai", unit=flow.unit, birth_date=dt.date(1986, 9, 2))
    flow.make_person("Hoàng Thị Mây", unit=flow.other_unit)  # another department: not offered
    spec = open_as(flow.specialist)
    spec.goto(f"{live_server.url}/phong-trao/quan-ly/tong-ket/{review.pk}/?don-vi={flow.unit.pk}")
    spec.evaluate(MARK)

    spec.locator("#id_doi_tuong_q").press_sequentially("hoang thi ma", delay=30)
    choice = spec.locator(f"#doi_tuong-results input[value=p{teacher.pk}]")
    expect(choice).to_be_visible()
    expect(spec.locator("#doi_tuong-results")).to_contain_text("Hoàng Thị Mai (1986)")
    expect(spec.locator("#doi_tuong-results")).not_to_contain_text("Hoàng Thị Mây")
    expect(spec.locator("#doi_tuong-results li")).to_have_count(1)
    assert spec.evaluate("window.__noReload") == "still here"  # the list came without a page load
    spec.add_script_tag(url=live_server.url + AXE_URL)  # a file of ours: the CSP forbids inline script
    assert spec.evaluate(RUN_AXE) == []  # the form with its list: no serious WCAG 2.1 A/AA violation

    choice.check()
    spec.screenshot(path=str(tmp_path / "picker.png"), full_page=True)
    spec.select_option("#id_code", "BK_TINH")
    spec.fill("#id_reason", "Giáo viên dạy giỏi cấp tỉnh")
    spec.click("button[data-action=add]")
    expect(spec.locator("#proposals tbody tr")).to_have_count(1)
    expect(spec.locator("#proposals")).to_contain_text("Hoàng Thị Mai")
    row = review.proposals.get()
    assert row.person == teacher and row.unit == flow.unit and row.award_code == "BK_TINH"


def test_picker_without_javascript_reloads_with_the_list(
        flow: Flow, open_as: Callable[..., Any], live_server: Any) -> None:  # noqa: F811
    review = _final_review(flow)
    teacher = flow.make_person("Hoàng Thị Mai", unit=flow.unit)
    spec = open_as(flow.specialist, javascript=False)
    spec.goto(f"{live_server.url}/phong-trao/quan-ly/tong-ket/{review.pk}/?don-vi={flow.unit.pk}")
    spec.fill("#id_reason", "Giáo viên dạy giỏi cấp tỉnh")
    spec.fill("#id_doi_tuong_q", "mai")
    spec.press("#id_doi_tuong_q", "Enter")  # Enter in the box is «Tìm», the form's first button
    spec.check(f"input[name=doi_tuong][value=p{teacher.pk}]")
    assert review.proposals.count() == 0
    expect(spec.locator("#id_reason")).to_have_value("Giáo viên dạy giỏi cấp tỉnh")  # kept across the search
    spec.select_option("#id_code", "BK_TINH")
    spec.click("button[data-action=add]")
    expect(spec.locator("#proposals tbody tr")).to_have_count(1)
    assert review.proposals.get().person == teacher


def test_round_form_dates_follow_a_steps_days_without_reload(
        flow: Flow, open_as: Callable[..., Any], live_server: Any) -> None:  # noqa: F811
    spec = open_as(flow.specialist)
    spec.goto(live_server.url + "/ho-so/dot/moi/")
    spec.fill("#id_closes_on", "2027-01-29")
    spec.fill("#id_deadline_appraisal", "20")
    spec.locator("#id_deadline_appraisal").blur()
    spec.evaluate(MARK)
    expect(spec.locator("#schedule tr[data-step=appraisal]")).to_contain_text("→ 08/03/2027")

    spec.fill("#id_deadline_appraisal", "21")
    spec.locator("#id_deadline_appraisal").blur()
    expect(spec.locator("#schedule tr[data-step=appraisal]")).to_contain_text("→ 09/03/2027")
    spec.fill("#id_closes_on", "2027-01-28")  # a day earlier: receiving ends the Friday before
    expect(spec.locator("#schedule tr[data-step=receive]")).to_contain_text("→ 29/01/2027")
    assert spec.evaluate("window.__noReload") == "still here"
    assert spec.url == live_server.url + "/ho-so/dot/moi/"
