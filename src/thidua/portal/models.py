"""The public portal: stories of exemplars, news, and the public's comments on nominees."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

PHOTO_MAX_BYTES = 2 * 1024 * 1024


def validate_photo_size(f: object) -> None:
    size = getattr(f, "size", 0) or 0
    if size > PHOTO_MAX_BYTES:
        raise ValidationError(_("Ảnh không được lớn hơn 2 MB."))


class StoryState(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    REVIEW = "review", _("Chờ duyệt")
    PUBLISHED = "published", _("Đã đăng")


class Story(models.Model):
    """An exemplar (gương người tốt, việc tốt) written and published by the provincial office."""

    title = models.CharField(_("tiêu đề"), max_length=255)
    summary = models.CharField(_("sa pô"), max_length=500, blank=True)
    body = models.TextField(_("nội dung"))
    photo = models.FileField(
        _("ảnh"), upload_to="portal/stories/", blank=True,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png"]), validate_photo_size],
    )
    photo_alt = models.CharField(_("mô tả ảnh"), max_length=255, blank=True)
    state = models.CharField(_("trạng thái"), max_length=10, choices=StoryState.choices,
                             default=StoryState.DRAFT, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("ngày đăng"), null=True, blank=True)

    class Meta:
        verbose_name = _("gương điển hình")
        verbose_name_plural = _("gương điển hình")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class NewsKind(models.TextChoices):
    NEWS = "news", _("Tin tức")
    ANNOUNCEMENT = "announcement", _("Thông báo")


class NewsItem(models.Model):
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"))
    published_on = models.DateField(_("ngày đăng"), db_index=True)
    kind = models.CharField(_("loại tin"), max_length=12, choices=NewsKind.choices, default=NewsKind.NEWS)

    class Meta:
        verbose_name = _("tin bài")
        verbose_name_plural = _("tin bài")
        ordering = ["-published_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["title", "published_on"], name="newsitem_title_day")]

    def __str__(self) -> str:
        return self.title


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Chờ xem xét")
    APPROVED = "approved", _("Đã tiếp nhận")
    REJECTED = "rejected", _("Không tiếp nhận")


class ConsultationComment(models.Model):
    """A comment from the public on a nominee under consultation, held for the office to moderate."""

    nominee = models.ForeignKey("nominations.Nominee", on_delete=models.CASCADE, related_name="public_comments")
    name = models.CharField(_("họ và tên"), max_length=120)
    contact = models.CharField(_("địa chỉ liên hệ"), max_length=200)
    body = models.TextField(_("ý kiến"), max_length=4000)
    status = models.CharField(_("trạng thái"), max_length=10, choices=CommentStatus.choices,
                              default=CommentStatus.PENDING, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ý kiến nhân dân")
        verbose_name_plural = _("ý kiến nhân dân")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name}: {self.body[:40]}"
