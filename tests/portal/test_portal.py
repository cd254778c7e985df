from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from thidua.audit.models import AuditEvent
from thidua.portal import selectors, services
from thidua.portal.errors import PortalError
from thidua.portal.models import CommentStatus, ConsultationComment, NewsItem, StoryState
from thidua.rules import calendar

pytestmark = pytest.mark.django_db


def _story(make_user: Any) -> Any:
    office = make_user(role="specialist")
    story = services.create_story(by=office, title="Người thợ cả bản Pắc Cáy", body="Ông đã giúp cả bản làm đường.")
    return office, story


def test_public_pages_open_to_anonymous_and_never_show_citizen_id_or_birth_date(
        make_unit: Any, make_person: Any, make_award: Any, make_user: Any, consultation_nominee: Any) -> None:
    unit = make_unit("Sở Tài chính")
    person = make_person("Hoàng Thị Lụa", unit=unit, birth_date=dt.date(1979, 3, 14))
    assert person.citizen_id
    make_award(person=person)
    from thidua.registry.models import Initiative
    Initiative.objects.create(person=person, title="Số hóa hồ sơ", year=2022, scope="province", is_public=True)
    nominee = consultation_nominee(dt.date.today())
    office, story = _story(make_user)
    services.transition_story(story=story, by=office, action="submit")
    services.transition_story(story=story, by=office, action="publish")
    news = services.seed_news()
    client = Client()
    urls = ["/cong-khai/", "/cong-khai/vinh-danh/", "/cong-khai/vinh-danh/?q=lua", f"/cong-khai/vinh-danh/ca-nhan/{person.pk}/",
            "/cong-khai/guong-dien-hinh/", f"/cong-khai/guong-dien-hinh/{story.pk}/", "/cong-khai/tin-tuc/",
            f"/cong-khai/tin-tuc/{news.pk}/", "/cong-khai/lay-y-kien/", f"/cong-khai/lay-y-kien/{nominee.pk}/gop-y/"]
    secrets = [person.citizen_id, nominee.person.citizen_id, "14/03/1979", "1979-03-14", "01/05/1980", "1980-05-01"]
    for url in urls:
        resp = client.get(url)
        assert resp.status_code == 200, url
        html = resp.content.decode()
        for secret in secrets:
            assert secret not in html, (url, secret)
    board = client.get("/cong-khai/vinh-danh/?q=LUA").content.decode()
    assert "Hoàng Thị Lụa" in board and "Sở Tài chính" in board and "Số 2122/QĐ-UBND ngày 28/12/2022" in board
    assert "Nông Lương Chấn" in client.get("/cong-khai/lay-y-kien/").content.decode()


def test_honours_board_filters_search_and_hides_retracted(make_unit: Any, make_person: Any, make_award: Any) -> None:
    from thidua.org.models import Collective
    province = make_unit("Tỉnh")
    dept = make_unit("Sở Y tế", parent=province)
    other = make_unit("Sở Xây dựng", parent=province)
    a = make_person("Nguyễn Văn Ấn", unit=dept)
    b = make_person("Trần Thị Bình", unit=other)
    make_award(person=a, year=2022)
    make_award(person=b, year=2021, code="CSTD_TINH")
    make_award(person=b, year=2022, status="retracted")
    team = Collective.objects.create(name="Phòng Kế hoạch Tài chính", unit=dept)
    make_award(collective=team, year=2022, code="TTLDXS")
    names = lambda f: [r["subject_name"] for r in selectors.board_awards(f)]  # noqa: E731
    assert set(names(selectors.BoardFilter(year=2022))) == {"Nguyễn Văn Ấn", "Phòng Kế hoạch Tài chính"}
    assert set(names(selectors.BoardFilter(unit_id=dept.pk))) == {"Nguyễn Văn Ấn", "Phòng Kế hoạch Tài chính"}
    assert names(selectors.BoardFilter(code="CSTD_TINH")) == ["Trần Thị Bình"]
    assert names(selectors.BoardFilter(q="an")) == ["Nguyễn Văn Ấn"]
    assert names(selectors.BoardFilter(q="ke hoach")) == ["Phòng Kế hoạch Tài chính"]
    assert Client().get(f"/cong-khai/vinh-danh/tap-the/{team.pk}/").status_code == 200
    # A person with no valid award has no public page.
    c = make_person("Lý Văn Cường", unit=dept)
    assert Client().get(f"/cong-khai/vinh-danh/ca-nhan/{c.pk}/").status_code == 404


def test_story_workflow_is_audited_and_office_only(make_user: Any) -> None:
    office, story = _story(make_user)
    clerk = make_user(role="clerk")
    with pytest.raises(PortalError):
        services.transition_story(story=story, by=clerk, action="submit")
    with pytest.raises(PortalError, match="không thể chuyển"):
        services.transition_story(story=story, by=office, action="publish")
    assert Client().get(f"/cong-khai/guong-dien-hinh/{story.pk}/").status_code == 404
    story = services.transition_story(story=story, by=office, action="submit")
    story = services.transition_story(story=story, by=office, action="publish")
    assert story.state == StoryState.PUBLISHED and story.published_at is not None
    assert "Pắc Cáy" in Client().get("/cong-khai/guong-dien-hinh/").content.decode()
    actions = set(AuditEvent.objects.filter(object_id=str(story.pk), action__startswith="portal.story.")
                  .values_list("action", flat=True))
    assert actions == {"portal.story.create", "portal.story.submit", "portal.story.publish"}
    services.transition_story(story=story, by=office, action="return")
    assert Client().get(f"/cong-khai/guong-dien-hinh/{story.pk}/").status_code == 404


def test_story_photo_must_be_small_jpg_or_png(make_user: Any) -> None:
    office = make_user(role="admin")
    with pytest.raises(PortalError, match=r"Chỉ nhận ảnh JPEG, ảnh PNG"):
        services.create_story(by=office, title="T", body="B", photo=SimpleUploadedFile("a.gif", b"GIF89a"),
                              photo_alt="ảnh")
    # Checked by content: an SVG (script) renamed .png is refused too (H3).
    with pytest.raises(PortalError, match=r"Chỉ nhận ảnh JPEG, ảnh PNG"):
        services.create_story(by=office, title="T", body="B", photo_alt="ảnh", photo=SimpleUploadedFile(
            "a.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))
    big = SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"0" * (2 * 1024 * 1024 + 1))
    with pytest.raises(PortalError, match="2 MB"):
        services.create_story(by=office, title="T", body="B", photo=big, photo_alt="ảnh")


def _post(client: Client, nominee: Any, *, honeypot: str = "", stamp: str | None = None, **over: str) -> Any:
    data = {"name": "Lăng Văn Dũng", "contact": "0912 345 678", "body": "Tôi đồng ý.", "website": honeypot,
            "stamp": stamp if stamp is not None else services.form_stamp(time.time() - 10), **over}
    return client.post(f"/cong-khai/lay-y-kien/{nominee.pk}/gop-y/", data, REMOTE_ADDR="203.0.113.7")


def test_comment_is_stored_for_moderation_then_rate_limited(consultation_nominee: Any, make_user: Any) -> None:
    nominee = consultation_nominee(dt.date.today())
    client = Client()
    for _ in range(services.COMMENTS_PER_HOUR):
        assert _post(client, nominee).status_code == 302
    resp = _post(client, nominee)
    assert resp.status_code == 400 and "quá 5 ý kiến" in resp.content.decode()
    assert ConsultationComment.objects.filter(status=CommentStatus.PENDING).count() == services.COMMENTS_PER_HOUR
    office = make_user(role="specialist")
    c = ConsultationComment.objects.first()
    assert c is not None
    services.moderate_comment(comment=c, by=office, status=CommentStatus.APPROVED)
    staff = Client()
    staff.force_login(office)
    page = staff.get("/cong-khai/quan-ly/y-kien/?trang_thai=approved").content.decode()
    assert "Lăng Văn Dũng" in page and "0912 345 678" in page
    assert AuditEvent.objects.filter(action="portal.comment.moderate").count() == 1
    clerk = Client()
    clerk.force_login(make_user(role="clerk"))
    assert clerk.get("/cong-khai/quan-ly/y-kien/").status_code == 404


def test_honeypot_and_too_fast_forms_are_refused(consultation_nominee: Any) -> None:
    nominee = consultation_nominee(dt.date.today())
    client = Client()
    assert _post(client, nominee, honeypot="http://spam.example").status_code == 400
    assert "quá nhanh" in _post(client, nominee, stamp=services.form_stamp()).content.decode()
    assert _post(client, nominee, stamp="giả mạo").status_code == 400
    assert _post(client, nominee, name="  ").status_code == 400
    assert not ConsultationComment.objects.exists()


def test_consultation_closes_itself_after_its_working_days(consultation_nominee: Any) -> None:
    published = dt.date(2024, 3, 4)
    nominee = consultation_nominee(published)
    closes = calendar.add_working_days(published, 10)
    assert selectors.consultation_closes_on(nominee.dossier) == closes
    assert selectors.consultation_is_open(nominee.dossier, today=closes)
    assert not selectors.consultation_is_open(nominee.dossier, today=closes + dt.timedelta(days=1))
    assert [e.nominee_id for e in selectors.nominees_under_consultation(today=published)] == [nominee.pk]
    assert selectors.nominees_under_consultation(today=closes + dt.timedelta(days=1)) == []
    with pytest.raises(PortalError, match="kết thúc"):
        services.submit_comment(nominee_id=nominee.pk, name="A", contact="B", body="C", honeypot="",
                                stamp=services.form_stamp(time.time() - 10), ip="198.51.100.1",
                                today=closes + dt.timedelta(days=1))
    # Today (2024 publication long past) the public page no longer lists it.
    assert Client().get(f"/cong-khai/lay-y-kien/{nominee.pk}/gop-y/").status_code == 404


def test_seed_news_is_idempotent() -> None:
    first = services.seed_news()
    again = services.seed_news()
    assert first.pk == again.pk and NewsItem.objects.count() == 1
    assert first.published_on == dt.date(2023, 2, 10)
    assert "Nông Lương Chấn" in first.body
