from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client

from thidua.org.models import Person, PersonMerge
from thidua.registry.models import YearRecord


def _login(make_user: Any, role: str, **kw: Any) -> Client:
    client = Client()
    client.force_login(make_user(role=role, **kw))
    return client


def test_duplicates_page_merge_confirm_and_undo(make_user: Any, make_person: Any, make_unit: Any) -> None:
    unit = make_unit("Xã Hữu Lũng")
    a = make_person("Đoàn Thu Hà", sex="F", unit=unit, birth_date=dt.date(1976, 6, 6))
    b = make_person("DOAN THU HA", sex="F", unit=unit, birth_date=dt.date(1976, 6, 6), with_id=False)
    YearRecord.objects.create(person=b, year=2024, rating="HTXSNV")
    client = _login(make_user, "specialist")

    html = client.get("/trung-lap/").content.decode()
    assert "Đoàn Thu Hà" in html and "DOAN THU HA" in html and "Gộp hồ sơ…" in html

    html = client.get(f"/trung-lap/gop/?keep={a.pk}&remove={b.pk}").content.decode()
    assert "Xác nhận gộp hồ sơ" in html and a.citizen_id in html
    assert not PersonMerge.objects.exists()  # GET never merges

    resp = client.post("/trung-lap/gop/", {"keep": a.pk, "remove": b.pk})
    assert resp.status_code == 302 and resp["Location"].endswith(f"/ca-nhan/{a.pk}/")
    b.refresh_from_db()
    assert b.merged_into == a and YearRecord.objects.get().person == a
    merge = PersonMerge.objects.get()

    html = client.get("/trung-lap/").content.decode()
    assert "Hoàn tác" in html and "Không có hồ sơ nào có thể trùng" in html
    resp = client.post(f"/trung-lap/hoan-tac/{merge.pk}/", follow=True)
    assert "Đã hoàn tác" in resp.content.decode()
    b.refresh_from_db()
    assert b.merged_into is None and YearRecord.objects.get().person == b


def test_clerk_sees_scoped_groups_but_cannot_merge(make_user: Any, make_person: Any, make_unit: Any) -> None:
    unit = make_unit()
    a = make_person("Vi Văn Sáng", unit=unit)
    b = make_person("Vi Văn Sáng", unit=unit, with_id=False)
    client = _login(make_user, "clerk", unit=unit)
    html = client.get("/trung-lap/").content.decode()
    assert "Vi Văn Sáng" in html and "Gộp hồ sơ…" not in html
    assert client.post("/trung-lap/gop/", {"keep": a.pk, "remove": b.pk}).status_code == 403
    assert Person.objects.filter(merged_into__isnull=False).count() == 0


def test_merge_refusal_is_shown_in_vietnamese(make_user: Any, make_person: Any) -> None:
    a, b = make_person("Lý Thị Nga", sex="F"), make_person("Lý Thị Nga", sex="F")
    client = _login(make_user, "admin")
    resp = client.post("/trung-lap/gop/", {"keep": a.pk, "remove": b.pk})
    assert resp.status_code == 200 and "số định danh khác nhau" in resp.content.decode()
