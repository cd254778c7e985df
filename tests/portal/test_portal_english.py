"""The public portal in English: every label is translated. The data (names, units, the legal
names of awards, decision numbers, the seed article) stays as the decision wrote it, so the test
builds its records with plain ASCII names and looks for Vietnamese letters in what remains: the
visible text and the attributes a reader or a screen reader meets (aria-label, alt, title,
placeholder, value of buttons)."""

from __future__ import annotations

import datetime as dt
import re
import time
import unicodedata
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from thidua.portal import services

pytestmark = pytest.mark.django_db

VIETNAMESE = re.compile("[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE)
READ_ATTRIBUTES = ("aria-label", "alt", "title", "placeholder")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        values = dict(attrs)
        self.parts += [str(values[a]) for a in READ_ATTRIBUTES if values.get(a)]
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.parts.append(str(values["value"]))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def _untranslated(html: str, data: set[str]) -> list[str]:
    parser = _Text()
    parser.feed(html)
    found = []
    for part in parser.parts:
        part = unicodedata.normalize("NFC", part)
        for value in sorted((unicodedata.normalize("NFC", d) for d in data), key=len, reverse=True):
            part = part.replace(value, "")
        if VIETNAMESE.search(part):
            found.append(part)
    return found


def test_every_public_page_in_english_has_no_vietnamese_label(
        make_unit: Any, make_person: Any, make_award: Any, make_user: Any, consultation_nominee: Any) -> None:
    from thidua.registry.catalog import award_name
    from thidua.registry.models import Initiative

    unit = make_unit("Department of Finance")
    person = make_person("Hoang Thi Lua", unit=unit)
    award = make_award(person=person, subject_title="Director")
    Initiative.objects.create(person=person, title="Digital records", year=2022, scope="province", is_public=True,
                              recognized_by="Provincial council", summary="Scanned archives")
    nominee = consultation_nominee(dt.date.today(), name="Nong Luong Chan")
    office = make_user(role="specialist")
    story = services.create_story(by=office, title="A road for the village", body="He built it.")
    for action in ("submit", "publish"):
        services.transition_story(story=story, by=office, action=action)
    news = services.create_news(by=office, title="Annual conference", body="The province met.",
                                published_on=dt.date(2024, 2, 10))
    data = {"Tiếng Việt", "Lạng Sơn", award_name(award.code), award.decision_number, award.issuer,
            nominee.dossier.unit.name, award_name(nominee.award_code), nominee.achievement_summary}
    client = Client()
    client.cookies["django_language"] = "en"
    urls = ["/cong-khai/", "/cong-khai/vinh-danh/", "/cong-khai/vinh-danh/?q=lua&nam=2022",
            f"/cong-khai/vinh-danh/ca-nhan/{person.pk}/", "/cong-khai/guong-dien-hinh/",
            f"/cong-khai/guong-dien-hinh/{story.pk}/", "/cong-khai/tin-tuc/", f"/cong-khai/tin-tuc/{news.pk}/",
            "/cong-khai/lay-y-kien/", f"/cong-khai/lay-y-kien/{nominee.pk}/gop-y/"]
    found = {}
    for url in urls:
        resp = client.get(url)
        assert resp.status_code == 200, url
        html = resp.content.decode()
        assert '<html lang="en">' in html, url
        found[url] = _untranslated(html, data)
    assert found == {url: [] for url in urls}
    # The comment form's messages, refused and accepted.
    stamp = services.form_stamp(time.time() - 10)
    refused = client.post(f"/cong-khai/lay-y-kien/{nominee.pk}/gop-y/",
                          {"name": "", "contact": "", "body": "", "website": "", "stamp": stamp})
    assert refused.status_code == 400
    assert "“Full name”: required" in refused.content.decode()
    assert _untranslated(refused.content.decode(), data) == []
    too_fast = client.post(f"/cong-khai/lay-y-kien/{nominee.pk}/gop-y/",
                           {"name": "A", "contact": "B", "body": "C", "website": "", "stamp": services.form_stamp()})
    assert "too quickly" in too_fast.content.decode()
    accepted = client.post(f"/cong-khai/lay-y-kien/{nominee.pk}/gop-y/",
                           {"name": "A", "contact": "B", "body": "C", "website": "", "stamp": stamp}, follow=True)
    assert "Thank you for your comment" in accepted.content.decode()
    assert _untranslated(accepted.content.decode(), data) == []
    staff = Client()
    staff.cookies["django_language"] = "en"
    staff.force_login(office)
    for url in ("/cong-khai/quan-ly/y-kien/", "/cong-khai/quan-ly/bai-viet/"):
        html = staff.get(url).content.decode()
        assert _untranslated(html, data | {office.username}) == [], url
