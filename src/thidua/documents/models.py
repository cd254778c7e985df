"""Verification tokens printed as QR codes, print layouts for pre-printed blanks, and background jobs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.registry.models import Award


class Verification(models.Model):
    """The public token printed on a certificate. Random, stored, never derived from the award id,
    so a printed certificate stays verifiable whatever happens to the keys of the site."""

    award = models.OneToOneField(Award, on_delete=models.CASCADE, related_name="verification")
    token = models.CharField(_("mã xác minh"), max_length=32, unique=True)
    qr_svg = models.TextField(_("mã QR (SVG)"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mã xác minh khen thưởng")
        verbose_name_plural = _("mã xác minh khen thưởng")


class CertificateKind(models.TextChoices):
    BANG_KHEN = "bang_khen", _("Bằng khen của Chủ tịch UBND tỉnh")
    BANG_KHEN_TTG = "bang_khen_ttg", _("Bằng khen của Thủ tướng Chính phủ (mẫu hồ sơ trình)")
    GIAY_KHEN = "giay_khen", _("Giấy khen")
    FLAG_LABEL = "flag_label", _("Nhãn Cờ thi đua")


class PrintLayout(models.Model):
    """Where each field goes on a pre-printed blank, in millimetres from the top-left corner of the sheet.

    ``fields`` maps a field name (``name``, ``title_unit``, ``achievement``, ``decision``, ``place_date``,
    ``golden_book``, ``qr``) to ``{"x": mm, "y": mm, "w": mm, "size": pt, "bold": bool, "align": "center"}``.
    """

    name = models.CharField(_("tên mẫu phôi"), max_length=120, unique=True)
    kind = models.CharField(_("loại"), max_length=20, choices=CertificateKind.choices)
    page_width_mm = models.DecimalField(_("khổ ngang (mm)"), max_digits=6, decimal_places=1)
    page_height_mm = models.DecimalField(_("khổ dọc (mm)"), max_digits=6, decimal_places=1)
    offset_x_mm = models.DecimalField(_("bù lệch ngang của máy in (mm)"), max_digits=5, decimal_places=1, default=0)
    offset_y_mm = models.DecimalField(_("bù lệch dọc của máy in (mm)"), max_digits=5, decimal_places=1, default=0)
    font = models.CharField(_("phông chữ"), max_length=60, default="Liberation Serif")
    fields = models.JSONField(_("vị trí các trường"), default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mẫu in lên phôi")
        verbose_name_plural = _("mẫu in lên phôi")

    def __str__(self) -> str:
        return self.name


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")


def _job_path(instance: DocumentJob, filename: str) -> str:
    return f"documents/jobs/{instance.pk or 'new'}/{filename}"


class DocumentJob(models.Model):
    """A long document job (bulk certificates, large export) run by a background task; keeps its file."""

    kind = models.CharField(_("loại việc"), max_length=40)
    params = models.JSONField(_("tham số"), default=dict)
    status = models.CharField(_("trạng thái"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(_("đã xong"), default=0)
    total = models.PositiveIntegerField(_("tổng số"), default=0)
    message = models.TextField(_("thông báo"), blank=True)
    file = models.FileField(_("tệp kết quả"), upload_to=_job_path, blank=True)
    # What a job reports beside its file (an import: counts and refused rows).
    result = models.JSONField(_("kết quả"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("việc tạo văn bản")
        verbose_name_plural = _("việc tạo văn bản")
        ordering = ["-created_at"]

    @property
    def is_running(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)

    @property
    def percent(self) -> int:
        return 100 if self.status == JobStatus.DONE else int(100 * self.done / self.total) if self.total else 0
