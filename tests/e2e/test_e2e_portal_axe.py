"""Public portal (thidua.portal): axe-core (vendored, src/thidua/portal/static/portal/vendor/axe.min.js) over every public page
template, in day and night mode: no serious or critical WCAG 2.1 A/AA violation."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from thidua.nominations.models import Dossier, Nominee, Round
from thidua.nominations.workflow import State
from thidua.portal import services
from thidua.registry.models import Award, AwardLevel, AwardSource

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(services.__file__).parent / "static" / "portal" / "vendor" / "axe.min.js"
AXE_URL = "/static/portal/vendor/axe.min.js"
RUN_AXE = """async () => {
  const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
  return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


def test_public_pages_have_no_serious_accessibility_violations(
        live_server: Any, page: Any, make_unit: Any, make_person: Any, make_user: Any) -> None:
    unit = make_unit("Sở Tài chính")
    person = make_person("Hoàng Thị Lụa", unit=unit)
    Award.objects.create(person=person, code="BK_TINH", year=2022, level=AwardLevel.PROVINCE,
                         decision_number="2122/QĐ-UBND", decision_date=dt.date(2022, 12, 28), issuer="UBND tỉnh",
                         source=AwardSource.IMPORT, unit=unit, subject_name=person.full_name, subject_title="Kế toán")
    office = make_user(role="specialist")
    rnd = Round.objects.create(name="Khen thưởng cấp Nhà nước 2022", kind="annual", year=2022,
                               opens_on=dt.date(2022, 1, 1), closes_on=dt.date(2023, 12, 31))
    dossier = Dossier.objects.create(round=rnd, unit=unit, title="Đề nghị Huân chương", state=State.CONSULTATION,
                                     created_by=office, consultation_published_on=dt.date.today())
    nominee = Nominee.objects.create(dossier=dossier, person=make_person("Nông Lương Chấn", unit=unit),
                                     award_code="HCLD3", achievement_summary="Nhiều giải pháp đổi mới.")
    story = services.create_story(by=office, title="Người thợ cả bản Pắc Cáy", body="Ông giúp cả bản làm đường.",
                                  summary="Gương người tốt, việc tốt")
    services.transition_story(story=story, by=office, action="submit")
    services.transition_story(story=story, by=office, action="publish")
    news = services.seed_news()
    paths = ["/cong-khai/", "/cong-khai/vinh-danh/", f"/cong-khai/vinh-danh/ca-nhan/{person.pk}/",
             "/cong-khai/guong-dien-hinh/", f"/cong-khai/guong-dien-hinh/{story.pk}/", "/cong-khai/tin-tuc/",
             f"/cong-khai/tin-tuc/{news.pk}/", "/cong-khai/lay-y-kien/", f"/cong-khai/lay-y-kien/{nominee.pk}/gop-y/"]
    problems: dict[str, Any] = {}
    for night in (False, True):
        page.goto(live_server.url + "/cong-khai/")
        page.evaluate(f"window.localStorage.setItem('thidua.night', '{'1' if night else '0'}')")
        for path in paths:
            page.goto(live_server.url + path)
            page.add_script_tag(url=live_server.url + AXE_URL)  # a file of ours: the CSP forbids inline script
            found = page.evaluate(RUN_AXE)
            if found:
                problems[("đêm " if night else "ngày ") + path] = found
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)
