"""The person picker's fragment (GET /ca-nhan/chon/): scoped to the user's unit tree, never the
citizen ID, refused to anonymous visitors, limited to the proposing unit's subtree when asked."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

URL = "/ca-nhan/chon/"


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def radios(html: str, field: str = "nguoi") -> list[str]:
    return re.findall(rf'type="radio" name="{field}" value="([^"]+)"', html)


def test_a_clerk_sees_only_people_of_their_unit_tree(world: Any, make_unit: Callable[..., Any],
                                                     make_person: Callable[..., Any]) -> None:
    hamlet = make_unit("Thôn Nà Làng", parent=world.commune_a)
    below = make_person("Nông Văn Chấn", unit=hamlet, birth_date=dt.date(1975, 3, 2))
    resp = logged_in(world.clerk_a).get(URL, {"q": "chấn", "field": "nguoi"})
    html = resp.content.decode()
    assert resp.status_code == 200 and "<html" not in html  # a fragment, not a page
    assert sorted(radios(html)) == sorted([str(world.person_a.pk), str(below.pk)])
    assert "Nông Thị Chấn" not in html  # commune B's, outside the clerk's tree
    assert "Nông Văn Chấn (1975)" in html and "Thôn Nà Làng" in html  # name, birth year, unit
    # Diacritics-insensitive, and the citizen ID never appears, not even when searching by it.
    assert radios(logged_in(world.clerk_a).get(URL, {"q": "NONG LUONG", "field": "nguoi"}).content.decode()) == [
        str(world.person_a.pk)]
    other = world.person_b.citizen_id
    by_id = logged_in(world.clerk_a).get(URL, {"q": other, "field": "nguoi"}).content.decode()
    assert radios(by_id) == [] and "Nông Thị Chấn" not in by_id


def test_the_fragment_never_shows_a_citizen_id(world: Any) -> None:
    html = logged_in(world.specialist).get(URL, {"q": "nong", "field": "doi_tuong", "prefix": "p"}).content.decode()
    assert sorted(radios(html, "doi_tuong")) == sorted([f"p{world.person_a.pk}", f"p{world.person_b.pk}"])
    for person in (world.person_a, world.person_b):
        assert person.citizen_id and person.citizen_id not in html
        assert person.citizen_id[-6:] not in html
    mine = logged_in(world.specialist).get(URL, {"q": world.person_a.citizen_id, "field": "nguoi"}).content.decode()
    assert radios(mine) == [str(world.person_a.pk)] and world.person_a.citizen_id not in mine


def test_anonymous_visitors_are_refused(world: Any, client: Client) -> None:
    resp = client.get(URL, {"q": "chan", "field": "nguoi"})
    assert resp.status_code == 302 and resp["Location"].startswith("/tai-khoan/dang-nhap/")
    htmx = client.get(URL, {"q": "chan", "field": "nguoi"}, headers={
        "HX-Request": "true", "HX-Current-URL": "http://testserver/phong-trao/quan-ly/tong-ket/1/?don-vi=2"})
    assert htmx.status_code == 401 and htmx.content == b""
    assert htmx["HX-Redirect"] == "/tai-khoan/dang-nhap/?next=%2Fphong-trao%2Fquan-ly%2Ftong-ket%2F1%2F"


def test_limited_to_a_unit_subtree_within_scope(world: Any) -> None:
    specialist = logged_in(world.specialist)
    html = specialist.get(URL, {"q": "chấn", "field": "nguoi", "don-vi": world.commune_b.pk}).content.decode()
    assert radios(html) == [str(world.person_b.pk)]
    none = specialist.get(URL, {"q": "lương", "field": "nguoi", "don-vi": world.commune_b.pk}).content.decode()
    assert radios(none) == [] and "Không tìm thấy ai có tên “lương” trong Xã Chi Lăng" in none
    # A clerk cannot widen their scope by naming another unit.
    assert logged_in(world.clerk_a).get(URL, {"q": "chấn", "field": "nguoi",
                                              "don-vi": world.commune_b.pk}).status_code == 403


def test_bad_parameters_are_refused_by_name(world: Any) -> None:
    client = logged_in(world.specialist)
    bad = client.get(URL, {"q": "chan", "field": 'x" onclick="alert(1)'})
    assert bad.status_code == 400 and "field" in bad.content.decode()
    assert client.get(URL, {"q": "chan", "field": "nguoi", "prefix": "p1"}).status_code == 400


def test_at_most_twenty_people_and_a_hint_to_narrow(world: Any, make_person: Callable[..., Any]) -> None:
    for i in range(25):
        make_person(f"Hoàng Văn Hải {i:02d}", unit=world.commune_a)
    html = logged_in(world.clerk_a).get(URL, {"q": "hoang van hai", "field": "nguoi"}).content.decode()
    assert len(radios(html)) == 20 and "Chỉ hiện 20 người đầu tiên" in html
    empty = logged_in(world.clerk_a).get(URL, {"q": "", "field": "nguoi"}).content.decode()
    assert radios(empty) == [] and "Gõ họ tên" in empty
