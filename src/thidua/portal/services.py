"""Writes of the public portal: the story workflow, news, public comments and their moderation.

One transaction per use case; every staff action is audited. Anonymous comments are rate limited
per IP (a cache counter) and guarded by a honeypot field and a signed minimum fill time — no
third-party service.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from django.core import signing
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.permissions import BOARD_ROLES, has_role
from thidua.audit.services import record, snapshot
from thidua.core.files import IMAGE_TYPES, FileRefused, check_upload, store_upload
from thidua.core.text import length_errors
from thidua.nominations.models import Nominee

from . import selectors
from .errors import PortalError
from .models import (
    PHOTO_MAX_BYTES,
    CommentStatus,
    ConsultationComment,
    NewsItem,
    NewsKind,
    Story,
    StoryState,
)

COMMENTS_PER_HOUR = 5
MIN_FILL_SECONDS = 3
MAX_FILL_SECONDS = 2 * 60 * 60
_SIGNING_SALT = "thidua.portal.comment-form"

# Allowed story transitions: action -> (from states, to state).
STORY_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({StoryState.DRAFT}), StoryState.REVIEW),
    "publish": (frozenset({StoryState.REVIEW}), StoryState.PUBLISHED),
    "return": (frozenset({StoryState.REVIEW, StoryState.PUBLISHED}), StoryState.DRAFT),
}


def _require_office(user: Any) -> None:
    if not has_role(user, BOARD_ROLES):
        raise PortalError(_("Chỉ chuyên viên Ban Thi đua – Khen thưởng tỉnh hoặc quản trị mới được làm việc này."))


def _check_photo(photo: UploadedFile | None) -> None:
    if photo is None:
        return
    try:
        check_upload(photo, allowed=IMAGE_TYPES, what="Ảnh")  # by content: a renamed .svg or .html is refused
    except FileRefused as exc:
        raise PortalError(str(exc)) from exc
    if (photo.size or 0) > PHOTO_MAX_BYTES:
        raise PortalError(_("Ảnh “%(name)s”: dung lượng vượt quá 2 MB.") % {"name": photo.name})


def create_story(*, by: Any, title: str, body: str, summary: str = "", photo: UploadedFile | None = None,
                 photo_alt: str = "") -> Story:
    _require_office(by)
    title, body = title.strip(), body.strip()
    if not title:
        raise PortalError(_("Trường “Tiêu đề”: không được để trống."))
    if not body:
        raise PortalError(_("Trường “Nội dung”: không được để trống."))
    too_long = length_errors(Story, {"title": title, "summary": summary.strip(), "photo_alt": photo_alt.strip()})
    if too_long:
        raise PortalError(" ".join(too_long))
    _check_photo(photo)
    if photo is not None and not photo_alt.strip():
        raise PortalError(_("Trường “Mô tả ảnh”: cần mô tả ảnh cho người đọc bằng trình đọc màn hình."))
    with transaction.atomic():
        story = Story(title=title, body=body, summary=summary.strip(), photo_alt=photo_alt.strip(), created_by=by)
        story.save()
        if photo is not None:
            store_upload(story.photo, photo, allowed=IMAGE_TYPES, what="Ảnh", save=True)
        record(actor=by, action="portal.story.create", obj=story, after=snapshot(story))
    return story


def transition_story(*, story: Story, by: Any, action: str) -> Story:
    """draft → review (submit) → published (publish); review/published → draft (return)."""
    _require_office(by)
    if action not in STORY_TRANSITIONS:
        raise PortalError(_("Thao tác “%(action)s” không hợp lệ.") % {"action": action})
    sources, target = STORY_TRANSITIONS[action]
    with transaction.atomic():
        locked = Story.objects.select_for_update().get(pk=story.pk)
        if locked.state not in sources:
            raise PortalError(
                _("Bài “%(title)s” đang ở trạng thái “%(state)s”: không thể chuyển sang “%(target)s”.")
                % {"title": locked.title, "state": locked.get_state_display(), "target": StoryState(target).label}
            )
        before = snapshot(locked, ["state", "published_at"])
        locked.state = target
        locked.published_at = timezone.now() if target == StoryState.PUBLISHED else None
        locked.save(update_fields=["state", "published_at"])
        record(actor=by, action=f"portal.story.{action}", obj=locked, before=before,
               after=snapshot(locked, ["state", "published_at"]))
        selectors.bump_generation_on_commit()
    return locked


def create_news(*, by: Any, title: str, body: str, published_on: dt.date, kind: str = NewsKind.NEWS) -> NewsItem:
    if by is not None:
        _require_office(by)
    if kind not in NewsKind.values:
        raise PortalError(_("Trường “Loại tin”: “%(kind)s” không hợp lệ.") % {"kind": kind})
    with transaction.atomic():
        item, created = NewsItem.objects.get_or_create(
            title=title.strip(), published_on=published_on, defaults={"body": body.strip(), "kind": kind}
        )
        if created:
            record(actor=by, action="portal.news.create", obj=item, after=snapshot(item))
            selectors.bump_generation_on_commit()
    return item


# ---- public comments ------------------------------------------------------------------------

def form_stamp(now: float | None = None) -> str:
    """The signed timestamp the comment form carries in a hidden field."""
    return signing.dumps(int(now if now is not None else time.time()), salt=_SIGNING_SALT)


def _check_stamp(stamp: str, now: float) -> None:
    try:
        issued = int(signing.loads(stamp, salt=_SIGNING_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        raise PortalError(_("Biểu mẫu không hợp lệ hoặc đã hết hạn, xin tải lại trang và gửi lại.")) from None
    elapsed = now - issued
    if elapsed < MIN_FILL_SECONDS:
        raise PortalError(_("Biểu mẫu được gửi quá nhanh, xin kiểm tra lại nội dung rồi gửi lại."))
    if elapsed > MAX_FILL_SECONDS:
        raise PortalError(_("Biểu mẫu đã mở quá lâu (quá 2 giờ), xin tải lại trang và gửi lại."))


def _take_rate_slot(ip: str) -> None:
    key = f"portal:comment-rate:{ip}"
    cache.add(key, 0, timeout=3600)
    try:
        n = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        n = 1
    if n > COMMENTS_PER_HOUR:
        raise PortalError(
            _("Bạn đã gửi quá %(n)s ý kiến trong một giờ từ cùng một địa chỉ; xin gửi lại sau.")
            % {"n": COMMENTS_PER_HOUR}
        )


def submit_comment(*, nominee_id: int, name: str, contact: str, body: str, honeypot: str, stamp: str,
                   ip: str, today: dt.date | None = None, now: float | None = None) -> ConsultationComment:
    """Store a public comment for moderation. Refuses bots, floods and closed consultations."""
    now = now if now is not None else time.time()
    if honeypot:
        raise PortalError(_("Không thể ghi nhận ý kiến."))
    _check_stamp(stamp, now)
    name, contact, body = name.strip(), contact.strip(), body.strip()
    errors: list[str] = []
    if not name:
        errors.append(_("Trường “Họ và tên”: không được để trống."))
    elif len(name) > 120:
        errors.append(_("Trường “Họ và tên”: tối đa 120 ký tự."))
    if not contact:
        errors.append(_("Trường “Địa chỉ liên hệ”: cần số điện thoại, thư điện tử hoặc địa chỉ để cơ quan phản hồi."))
    elif len(contact) > 200:
        errors.append(_("Trường “Địa chỉ liên hệ”: tối đa 200 ký tự."))
    if not body:
        errors.append(_("Trường “Ý kiến”: không được để trống."))
    elif len(body) > 4000:
        errors.append(_("Trường “Ý kiến”: tối đa 4.000 ký tự."))
    if errors:
        raise PortalError(" ".join(errors))
    nominee = Nominee.objects.select_related("dossier").filter(pk=nominee_id).first()
    if nominee is None or not selectors.consultation_is_open(nominee.dossier, today=today):
        raise PortalError(_("Đợt lấy ý kiến đối với người, tập thể này đã kết thúc hoặc không tồn tại."))
    _take_rate_slot(ip)
    return ConsultationComment.objects.create(nominee=nominee, name=name, contact=contact, body=body, ip=ip or None)


def moderate_comment(*, comment: ConsultationComment, by: Any, status: str) -> ConsultationComment:
    _require_office(by)
    if status not in (CommentStatus.APPROVED, CommentStatus.REJECTED):
        raise PortalError(_("Trạng thái “%(status)s” không hợp lệ.") % {"status": status})
    with transaction.atomic():
        locked = ConsultationComment.objects.select_for_update().get(pk=comment.pk)
        before = snapshot(locked, ["status"])
        locked.status, locked.moderated_by, locked.moderated_at = status, by, timezone.now()
        locked.save(update_fields=["status", "moderated_by", "moderated_at"])
        record(actor=by, action="portal.comment.moderate", obj=locked, before=before,
               after=snapshot(locked, ["status"]))
        selectors.bump_generation_on_commit()
    return locked


# ---- demo ------------------------------------------------------------------------------------

SEED_DIR = Path("/work/shared/seed")
SEED_TITLE = "Hội nghị tổng kết phong trào thi đua, công tác khen thưởng năm 2022"


def seed_news(seed_dir: Path | None = None) -> NewsItem:
    """The seed page's conference article (10/02/2023), for the demo. Idempotent."""
    directory = seed_dir or SEED_DIR
    text = ""
    for f in sorted(directory.glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        break
    body = text
    if SEED_TITLE in text:
        body = text.split(SEED_TITLE, 1)[1]
    paragraphs = [p.strip() for p in body.splitlines() if p.strip()]
    return create_news(by=None, title=SEED_TITLE, body="\n\n".join(paragraphs) or SEED_TITLE,
                       published_on=dt.date(2023, 2, 10), kind=NewsKind.NEWS)
