from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from tests.filechecks import pdf_text
from thidua.org.models import UnitSuccession
from thidua.registry.models import Discipline

pytestmark = pytest.mark.django_db

STAFF_PAGES = ["/don-vi/", "/ca-nhan/", "/ca-nhan/?q=chan"]


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_home_is_a_vietnamese_landing_page_for_visitors(client: Client) -> None:
    html = client.get("/").content.decode()
    assert "Hệ thống quản lý thi đua, khen thưởng tỉnh Lạng Sơn" in html
    assert "Đăng nhập dành cho cán bộ" in html
    assert 'lang="vi"' in html
    # Visitors see no staff navigation.
    assert 'href="/don-vi/"' not in html


def test_home_dashboard_links_follow_the_role(world: Any) -> None:
    clerk = logged_in(world.clerk_a).get("/").content.decode()
    assert "Xin chào" in clerk and 'href="/don-vi/"' in clerk and 'href="/ca-nhan/"' in clerk
    assert 'href="/trung-lap/"' not in clerk  # duplicates are the province office's work
    specialist = logged_in(world.specialist).get("/").content.decode()
    assert 'href="/trung-lap/"' in specialist


@pytest.mark.parametrize("path", [*STAFF_PAGES, "/ca-nhan/1/", "/don-vi/X1/", "/xuat-pdf/?path=/ca-nhan/1/"])
def test_anonymous_is_sent_to_login(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/dang-nhap/?next=")


def test_units_page_shows_the_clerks_subtree_only(world: Any) -> None:
    html = logged_in(world.clerk_a).get("/don-vi/").content.decode()
    assert "Xã Hoàng Văn Thụ" in html
    assert "Xã Chi Lăng" not in html
    html = logged_in(world.specialist).get("/don-vi/").content.decode()
    assert "Tỉnh Lạng Sơn" in html and "Xã Chi Lăng" in html and "Xã Hoàng Văn Thụ" in html
    found = logged_in(world.specialist).get("/don-vi/", {"q": "chi lang"}).content.decode()
    assert "Xã Chi Lăng" in found and "Xã Hoàng Văn Thụ" not in found


def test_clerk_cannot_open_another_communes_person_unit_or_its_pdf(world: Any) -> None:
    clerk = logged_in(world.clerk_a)
    assert clerk.get(f"/ca-nhan/{world.person_a.pk}/").status_code == 200
    assert clerk.get(f"/ca-nhan/{world.person_b.pk}/").status_code == 404
    assert clerk.get(f"/don-vi/{world.commune_a.code}/").status_code == 200
    assert clerk.get(f"/don-vi/{world.commune_b.code}/").status_code == 403
    assert clerk.get(f"/don-vi/{world.province.code}/").status_code == 403
    assert clerk.get("/xuat-pdf/", {"path": f"/ca-nhan/{world.person_b.pk}/"}).status_code == 404
    assert clerk.get("/xuat-pdf/", {"path": f"/don-vi/{world.commune_b.code}/"}).status_code == 403


def test_search_is_diacritics_insensitive_and_never_leaves_scope(world: Any) -> None:
    clerk = logged_in(world.clerk_a)
    for query in ("chan", "Chấn", "NÔNG LƯƠNG CHẤN", "nong luong"):
        html = clerk.get("/ca-nhan/", {"q": query}).content.decode()
        assert "Nông Lương Chấn" in html, query
        assert "Nông Thị Chấn" not in html, query
    html = logged_in(world.specialist).get("/ca-nhan/", {"q": "nong"}).content.decode()
    assert "Nông Lương Chấn" in html and "Nông Thị Chấn" in html
    none = clerk.get("/ca-nhan/", {"q": "khong ai"}).content.decode()
    assert "Không tìm thấy ai có tên" in none


def test_person_page_shows_a_timeline_by_year(world: Any, history: Any) -> None:
    person = world.person_a
    history(person, years=range(2015, 2025))
    Discipline.objects.create(person=person, form="KHIEN_TRACH", valid_from=dt.date(2019, 3, 1),
                              decision_number="5/QĐ-UBND")
    html = logged_in(world.clerk_a).get(f"/ca-nhan/{person.pk}/").content.decode()
    assert "Quá trình khen thưởng theo năm" in html
    assert html.index("Năm 2024") < html.index("Năm 2015")  # newest first
    assert "Chiến sĩ thi đua cơ sở" in html and "Lao động tiên tiến" in html  # catalog names, not codes
    assert "Hoàn thành xuất sắc nhiệm vụ" in html
    assert "Sáng kiến cải cách hành chính 2016" in html
    assert "Kỷ luật:" in html and "Khiển trách" in html
    assert "Chủ tịch UBND xã" in html
    assert person.citizen_id in html  # in scope: the clerk sees the citizen ID


def test_merged_person_leads_to_the_surviving_record(world: Any, make_person: Any) -> None:
    dup = make_person("Nông Lương Chấn", unit=world.commune_a, with_id=False)
    dup.merged_into = world.person_a
    dup.save()
    response = logged_in(world.clerk_a).get(f"/ca-nhan/{dup.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/ca-nhan/{world.person_a.pk}/"


def test_unit_page_shows_succession_children_people_and_awards(world: Any, make_unit: Any, history: Any) -> None:
    old = make_unit("Xã Hợp Thành (cũ)", parent=world.province, kind="commune",
                    valid_to=dt.date(2025, 6, 30))
    UnitSuccession.objects.create(predecessor=old, successor=world.commune_a, kind="merge",
                                  effective_on=dt.date(2025, 7, 1), legal_basis="Nghị quyết 1673/NQ-UBTVQH15")
    make_unit("Thôn Nà Sla", parent=world.commune_a, kind="village")
    history(world.person_a, years=range(2023, 2025))
    html = logged_in(world.specialist).get(f"/don-vi/{world.commune_a.code}/").content.decode()
    assert "Lịch sử sáp nhập, đổi tên" in html
    assert "01/07/2025" in html and "Xã Hợp Thành (cũ)" in html and "Nghị quyết 1673/NQ-UBTVQH15" in html
    assert "Thôn Nà Sla" in html
    assert "Số cá nhân" in html
    assert "2 lượt khen thưởng" in html
    old_html = logged_in(world.specialist).get(f"/don-vi/{old.code}/").content.decode()
    assert "chuyển thành" in old_html and "Xã Hoàng Văn Thụ" in old_html


def test_pdf_export_is_a_real_pdf_with_vietnamese_text(world: Any, tmp_path: Any, history: Any) -> None:
    history(world.person_a, years=range(2022, 2025))
    response = logged_in(world.clerk_a).get("/xuat-pdf/", {"path": f"/ca-nhan/{world.person_a.pk}/"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content, tmp_path, "page.pdf")
    assert "Nông Lương Chấn" in text
    assert "Quá trình khen thưởng theo năm" in text
    assert "Chiến sĩ thi đua cơ sở" in text
    assert "Chế độ ban đêm" not in text  # the tool bar is not content


def test_pdf_export_refuses_foreign_and_account_paths(world: Any) -> None:
    clerk = logged_in(world.clerk_a)
    for path in ("https://example.org/", "//evil/", "/tai-khoan/dang-nhap/", "/admin/", "/khong-co/"):
        assert clerk.get("/xuat-pdf/", {"path": path}).status_code == 404, path


def test_english_only_when_chosen(world: Any) -> None:
    client = logged_in(world.clerk_a)
    # The browser's language alone does not switch the screens to English.
    assert "Đơn vị" in client.get("/don-vi/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/don-vi/"})
    assert response.status_code == 302
    html = client.get("/don-vi/").content.decode()
    assert 'lang="en"' in html and "Units" in html and "Night mode" in html


def test_reader_tools_on_every_page_pdf_link_only_where_exportable(world: Any) -> None:
    client = logged_in(world.clerk_a)
    for path in ("/", "/don-vi/", "/ca-nhan/", f"/ca-nhan/{world.person_a.pk}/", f"/don-vi/{world.commune_a.code}/"):
        html = client.get(path).content.decode()
        for label in ("Chế độ ban đêm", "In trang", "Đọc nội dung", "Tăng cỡ chữ", "Giảm cỡ chữ"):
            assert label in html, (path, label)
        assert "/xuat-pdf/?path=" in html, path
    login_page = Client().get("/tai-khoan/dang-nhap/").content.decode()
    assert "Chế độ ban đêm" in login_page and "/xuat-pdf/" not in login_page
