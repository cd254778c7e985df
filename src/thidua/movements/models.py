"""Emulation movements (phong trào thi đua), the yearly registration, and cluster scoring sheets."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.org.models import Cluster, Collective, Person, Unit


class MovementKind(models.TextChoices):
    REGULAR = "regular", _("Thường xuyên, hằng năm")
    THEMATIC = "thematic", _("Theo chuyên đề")
    PEAK = "peak", _("Đợt thi đua cao điểm")


class LaunchLevel(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    COMMUNE = "commune", _("Cấp xã")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")


def _movement_path(instance: models.Model, filename: str) -> str:
    return f"movements/{getattr(instance, 'movement_id', None) or getattr(instance, 'pk', None) or 'new'}/{filename}"


class Movement(models.Model):
    name = models.CharField(_("tên phong trào"), max_length=255)
    theme = models.CharField(_("chủ đề"), max_length=255, blank=True)
    goals = models.TextField(_("mục tiêu"), blank=True)
    criteria = models.TextField(_("nội dung, tiêu chí thi đua"), blank=True)
    kind = models.CharField(_("loại phong trào"), max_length=10, choices=MovementKind.choices)
    level = models.CharField(_("cấp phát động"), max_length=12, choices=LaunchLevel.choices)
    launched_by = models.ForeignKey(Unit, verbose_name=_("đơn vị phát động"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="movements_launched")
    launched_on = models.DateField(_("ngày phát động"))
    starts_on = models.DateField(_("bắt đầu"))
    ends_on = models.DateField(_("kết thúc"), null=True, blank=True,
                               help_text=_("Để trống với phong trào nòng cốt chạy nhiều năm."))
    is_core = models.BooleanField(_("phong trào nòng cốt, nhiều năm"), default=False)
    is_public = models.BooleanField(_("công bố trên cổng"), default=True)
    units = models.ManyToManyField(Unit, verbose_name=_("đơn vị tham gia"), blank=True,
                                   related_name="movements")
    launch_document_number = models.CharField(_("số văn bản phát động"), max_length=60, blank=True)
    launch_document = models.FileField(_("văn bản phát động"), upload_to=_movement_path, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["-launched_on", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                                   name="movement_dates_ordered"),
        ]

    def __str__(self) -> str:
        return self.name


class ReviewKind(models.TextChoices):
    MIDTERM = "midterm", _("Sơ kết")
    FINAL = "final", _("Tổng kết")


class Review(models.Model):
    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(_("loại"), max_length=8, choices=ReviewKind.choices)
    held_on = models.DateField(_("ngày sơ kết, tổng kết"))
    report_text = models.TextField(_("báo cáo"), blank=True)
    report_file = models.FileField(_("tệp báo cáo"), upload_to=_movement_path, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set once the final review's proposals became dossiers (the step runs once: a repeat returns them).
    round = models.ForeignKey("nominations.Round", verbose_name=_("đợt nhận hồ sơ đề nghị"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    dossiers_created_at = models.DateTimeField(_("thời điểm lập hồ sơ đề nghị"), null=True, blank=True)

    class Meta:
        verbose_name = _("sơ kết, tổng kết phong trào")
        verbose_name_plural = _("sơ kết, tổng kết phong trào")
        ordering = ["movement", "held_on"]


class ProposalSource(models.TextChoices):
    CLUSTER = "cluster", _("Xếp hạng cụm, khối thi đua")
    REGISTRATION = "registration", _("Đăng ký thi đua")
    OFFICE = "office", _("Cơ quan thường trực bổ sung")


class Proposal(models.Model):
    """A nominee the final review proposes: who, which award, why, and which unit puts it forward."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="proposals")
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị trình"), on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, verbose_name=_("cá nhân"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    collective = models.ForeignKey(Collective, verbose_name=_("tập thể"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    award_code = models.CharField(_("hình thức đề nghị"), max_length=40)
    reason = models.TextField(_("thành tích, lý do đề nghị"))
    source = models.CharField(_("nguồn"), max_length=12, choices=ProposalSource.choices)
    # The rules engine's verdict when the row was made (individuals): {"eligible": bool, "reasons": [...]}.
    verdict = models.JSONField(_("kết quả kiểm tra điều kiện"), default=dict, blank=True)
    dossier = models.ForeignKey("nominations.Dossier", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")

    class Meta:
        verbose_name = _("đề xuất khen thưởng khi tổng kết")
        verbose_name_plural = _("đề xuất khen thưởng khi tổng kết")
        ordering = ["review", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=(Q(person__isnull=False) & Q(collective__isnull=True))
                                   | (Q(person__isnull=True) & Q(collective__isnull=False)),
                                   name="proposal_one_subject"),
            models.UniqueConstraint(fields=["review", "person", "award_code"], condition=Q(person__isnull=False),
                                    name="proposal_person_once"),
            models.UniqueConstraint(fields=["review", "collective", "award_code"],
                                    condition=Q(collective__isnull=False), name="proposal_collective_once"),
        ]

    @property
    def subject(self) -> Person | Collective:
        return self.person or self.collective  # type: ignore[return-value]


class MovementRound(models.Model):
    """A nominations round opened from a movement (thematic round)."""

    movement = models.ForeignKey(Movement, on_delete=models.PROTECT, related_name="round_links")
    round = models.OneToOneField("nominations.Round", on_delete=models.CASCADE, related_name="movement_link")

    class Meta:
        verbose_name = _("đợt khen thưởng theo phong trào")
        verbose_name_plural = _("đợt khen thưởng theo phong trào")


class Registration(models.Model):
    """A unit's yearly emulation registration (đăng ký thi đua) and its covenant (giao ước thi đua)."""

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="registrations")
    year = models.PositiveSmallIntegerField(_("năm"))
    movement = models.ForeignKey(Movement, verbose_name=_("phong trào"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="registrations")
    covenant_signed_on = models.DateField(_("ngày ký giao ước"), null=True, blank=True)
    covenant_text = models.TextField(_("nội dung giao ước"), blank=True)
    covenant_file = models.FileField(_("tệp giao ước"), upload_to="registrations/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đăng ký thi đua")
        verbose_name_plural = _("đăng ký thi đua")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="registration_unit_year")]


class RegistrationItem(models.Model):
    """One title aimed for: by a person of the unit, or by a collective (the unit itself or a part)."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="items")
    award_code = models.CharField(_("danh hiệu đăng ký"), max_length=40)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    collective = models.ForeignKey(Collective, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("danh hiệu đăng ký")
        verbose_name_plural = _("danh hiệu đăng ký")
        constraints = [
            models.CheckConstraint(condition=Q(person__isnull=True) | Q(collective__isnull=True),
                                   name="registration_item_one_subject"),
        ]


class SheetStatus(models.TextChoices):
    OPEN = "open", _("Đang chấm điểm")
    CLOSED = "closed", _("Đã khóa, Cụm trưởng tổng hợp")


class ScoringSheet(models.Model):
    """The scoring sheet of one cluster (or block) for one year."""

    cluster = models.ForeignKey(Cluster, verbose_name=_("cụm, khối"), on_delete=models.PROTECT,
                                related_name="scoring_sheets")
    year = models.PositiveSmallIntegerField(_("năm"))
    closes_on = models.DateField(_("hạn chấm điểm"))
    status = models.CharField(_("trạng thái"), max_length=8, choices=SheetStatus.choices, default=SheetStatus.OPEN)
    certificates = models.PositiveSmallIntegerField(_("số Bằng khen đề nghị"), default=2)
    consolidated_at = models.DateTimeField(_("thời điểm tổng hợp"), null=True, blank=True)
    consolidated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+")
    result = models.JSONField(_("kết quả xếp hạng khi khóa"), default=dict, blank=True)

    class Meta:
        verbose_name = _("bảng chấm điểm cụm, khối")
        verbose_name_plural = _("bảng chấm điểm cụm, khối")
        constraints = [models.UniqueConstraint(fields=["cluster", "year"], name="scoring_sheet_cluster_year")]

    def __str__(self) -> str:
        return f"{self.cluster} — {self.year}"


class Criterion(models.Model):
    sheet = models.ForeignKey(ScoringSheet, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tiêu chí"), max_length=255)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2)
    evidence = models.TextField(_("minh chứng yêu cầu"), blank=True)

    class Meta:
        verbose_name = _("tiêu chí chấm điểm")
        verbose_name_plural = _("tiêu chí chấm điểm")
        ordering = ["sheet", "position"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "position"], name="criterion_sheet_position"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="criterion_max_positive"),
        ]


class Score(models.Model):
    """Points one member gives one member on one criterion; scorer == scored is the self-score."""

    sheet = models.ForeignKey(ScoringSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    scorer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    scored = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("điểm"), max_digits=6, decimal_places=2)
    evidence = models.TextField(_("minh chứng"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("điểm chấm")
        verbose_name_plural = _("điểm chấm")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "scorer", "scored"], name="score_once"),
            models.CheckConstraint(condition=Q(points__gte=0), name="score_not_negative"),
        ]
        # Covers the ranking's GROUP BY (sheet → criterion, scored, scorer, points): no table lookups.
        indexes = [models.Index(fields=["sheet", "criterion", "scored", "scorer", "points"],
                                name="score_ranking_cover")]
