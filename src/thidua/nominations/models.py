"""Rounds (đợt), dossiers, nominees, documents, the province's days off and recorded transitions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.subjects import SubjectKindMixin, one_subject_constraint
from thidua.org.models import Collective, Household, Person, Unit
from thidua.registry.models import AwardKind

from .workflow import State


class DayOff(models.Model):
    """A day the province adds to the national calendar: an extra day off, or a make-up working day."""

    day = models.DateField(_("ngày"), unique=True)
    name = models.CharField(_("lý do"), max_length=160)
    is_working_day = models.BooleanField(_("là ngày làm bù"), default=False)

    class Meta:
        verbose_name = _("ngày nghỉ của tỉnh")
        verbose_name_plural = _("ngày nghỉ của tỉnh")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} — {self.name}"


# Steps whose deadline a round may set, in working days counted from the step's start.
DEADLINE_STEPS: dict[str, str] = {
    "receive": "tiếp nhận",
    "appraisal": "thẩm định",
    "supplement": "bổ sung hồ sơ",
    "council": "họp Hội đồng",
    "signature": "trình ký",
}


class Round(models.Model):
    name = models.CharField(_("tên đợt"), max_length=255)
    kind = models.CharField(_("loại hình"), max_length=12, choices=AwardKind.choices)
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    accepted_codes = models.JSONField(_("danh hiệu, hình thức nhận xét"), default=list)
    opens_on = models.DateField(_("ngày mở"))
    closes_on = models.DateField(_("hạn nộp"))
    authority = models.CharField(_("cấp quyết định"), max_length=160, default="Chủ tịch UBND tỉnh Lạng Sơn")
    issuer = models.CharField(_("ký hiệu cơ quan ban hành"), max_length=20, default="UBND",
                              help_text=_("Phần sau «QĐ-» trong số quyết định, ví dụ UBND."))
    step_deadlines = models.JSONField(_("thời hạn từng bước (ngày làm việc)"), default=dict)
    movement = models.CharField(_("phong trào"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đợt khen thưởng")
        verbose_name_plural = _("đợt khen thưởng")
        ordering = ["-opens_on"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="round_dates_ordered"),
        ]

    def __str__(self) -> str:
        return self.name


class Dossier(models.Model):
    round = models.ForeignKey(Round, verbose_name=_("đợt"), on_delete=models.PROTECT, related_name="dossiers")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị trình"), on_delete=models.PROTECT,
                             related_name="dossiers")
    title = models.CharField(_("trích yếu"), max_length=255)
    state = models.CharField(_("trạng thái"), max_length=20, choices=State.choices, default=State.DRAFT,
                             db_index=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("ngày trình"), null=True, blank=True)
    received_on = models.DateField(_("ngày tiếp nhận"), null=True, blank=True)
    step_due_on = models.DateField(_("hạn của bước hiện tại"), null=True, blank=True, db_index=True)
    consultation_published_on = models.DateField(_("ngày công khai danh sách"), null=True, blank=True)
    consultation_closes_on = models.DateField(_("hết hạn lấy ý kiến"), null=True, blank=True)
    council_on = models.DateField(_("ngày họp Hội đồng"), null=True, blank=True)
    consultation_url = models.URLField(_("nơi công khai"), blank=True)

    class Meta:
        verbose_name = _("hồ sơ đề nghị")
        verbose_name_plural = _("hồ sơ đề nghị")
        indexes = [models.Index(fields=["round", "state"], name="dossier_round_state")]

    def __str__(self) -> str:
        return self.title


class Nominee(SubjectKindMixin, models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="nominees")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="nominations")
    collective = models.ForeignKey(Collective, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="nominations")
    household = models.ForeignKey(Household, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="nominations")
    award_code = models.CharField(_("danh hiệu, hình thức đề nghị"), max_length=40)
    achievement_summary = models.TextField(_("tóm tắt thành tích"), blank=True)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    appraisal_passed = models.BooleanField(_("đạt thẩm định"), null=True, blank=True)
    appraisal_note = models.TextField(_("ý kiến thẩm định"), blank=True)
    council_passed = models.BooleanField(_("Hội đồng thông qua"), null=True, blank=True)

    class Meta:
        verbose_name = _("người, tập thể được đề nghị")
        verbose_name_plural = _("danh sách đề nghị")
        ordering = ["dossier", "position", "pk"]
        constraints = [
            one_subject_constraint("nominee_one_subject"),
            # The same subject proposed twice for the same award in one dossier is one row.
            models.UniqueConstraint(fields=["dossier", "person", "award_code"], condition=Q(person__isnull=False),
                                    name="nominee_person_once"),
            models.UniqueConstraint(fields=["dossier", "collective", "award_code"],
                                    condition=Q(collective__isnull=False), name="nominee_collective_once"),
            models.UniqueConstraint(fields=["dossier", "household", "award_code"],
                                    condition=Q(household__isnull=False), name="nominee_household_once"),
        ]

    def __str__(self) -> str:
        return f"{self.subject_name} — {self.award_code}"


    @property
    def subject_name(self) -> str:
        if self.person_id:
            return self.person.full_name  # type: ignore[union-attr]
        if self.collective_id:
            return self.collective.name  # type: ignore[union-attr]
        return f"Hộ {self.household.head_name}"  # type: ignore[union-attr]


class DocumentKind(models.TextChoices):
    PROPOSAL_LETTER = "proposal_letter", _("Tờ trình, văn bản đề nghị")
    ACHIEVEMENT_REPORT = "achievement_report", _("Báo cáo thành tích")
    UNIT_COUNCIL_MINUTES = "unit_council_minutes", _("Biên bản họp Hội đồng thi đua – khen thưởng của đơn vị")
    INITIATIVE_CONFIRMATION = "initiative_confirmation", _("Xác nhận sáng kiến, đề tài khoa học")
    TAX_CONFIRMATION = "tax_confirmation", _("Xác nhận của cơ quan thuế")
    SOCIAL_INSURANCE_CONFIRMATION = "social_insurance_confirmation", _("Xác nhận của cơ quan bảo hiểm xã hội")
    OTHER = "other", _("Tài liệu khác")


def _document_path(instance: Document, filename: str) -> str:
    return f"dossiers/{instance.dossier_id}/{filename}"


class Document(models.Model):
    """A file of the dossier. Without a nominee it serves every nominee (the proposal letter, the minutes)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    nominee = models.ForeignKey(Nominee, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="documents")
    kind = models.CharField(_("loại tài liệu"), max_length=32, choices=DocumentKind.choices)
    title = models.CharField(_("tên tài liệu"), max_length=255, blank=True)
    file = models.FileField(_("tệp"), upload_to=_document_path)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu hồ sơ")
        verbose_name_plural = _("tài liệu hồ sơ")


class Transition(models.Model):
    """One recorded step of a dossier: who, when, why. The dossier's timeline."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(_("thao tác"), max_length=40)
    from_state = models.CharField(_("từ trạng thái"), max_length=20, choices=State.choices)
    to_state = models.CharField(_("sang trạng thái"), max_length=20, choices=State.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("thời điểm"))
    reason = models.TextField(_("lý do, ghi chú"), blank=True)
    details = models.JSONField(_("chi tiết"), default=dict, blank=True)
    due_on = models.DateField(_("hạn bước tiếp theo"), null=True, blank=True)

    class Meta:
        verbose_name = _("bước xử lý hồ sơ")
        verbose_name_plural = _("quá trình xử lý hồ sơ")
        ordering = ["dossier", "at", "pk"]


class Notification(models.Model):
    """An in-app notice of a hand-over or a coming deadline (also sent by e-mail)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    dossier = models.ForeignKey(Dossier, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    message = models.CharField(_("nội dung"), max_length=500)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]
