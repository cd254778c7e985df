"""Award decisions, their items, and the gap-free number sequence per issuer and year."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.nominations.models import Dossier, Nominee, Round
from thidua.org.models import Collective, Household, Person
from thidua.registry.models import Award


class DecisionCounter(models.Model):
    """The last number given by an issuer in a year. Locked (SELECT … FOR UPDATE) while issuing,
    inside the issuing transaction: a rolled-back issue gives its number back, so there is no gap."""

    issuer = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "year"], name="decision_counter_issuer_year")]


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")
    RETRACTED = "retracted", _("Đã hủy bỏ")


def _signed_path(instance: Decision, filename: str) -> str:
    return f"decisions/{instance.year}/{filename}"


class Decision(models.Model):
    issuer = models.CharField(_("ký hiệu cơ quan ban hành"), max_length=20, default="UBND")
    issuer_name = models.CharField(_("cơ quan, người quyết định"), max_length=160,
                                   default="Chủ tịch UBND tỉnh Lạng Sơn")
    year = models.PositiveSmallIntegerField(_("năm ban hành"))
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    decided_on = models.DateField(_("ngày quyết định"))
    signer = models.CharField(_("người ký"), max_length=160, blank=True)
    subject = models.CharField(_("trích yếu"), max_length=255)
    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions")
    dossiers = models.ManyToManyField(Dossier, blank=True, related_name="decisions")
    status = models.CharField(_("trạng thái"), max_length=10, choices=DecisionStatus.choices,
                              default=DecisionStatus.DRAFT)
    signed_pdf = models.FileField(_("bản ký số (PDF)"), upload_to=_signed_path, blank=True)
    retraction_reason = models.TextField(_("lý do hủy bỏ"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    issued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year", "number"], name="decision_issuer_year_number"),
            models.CheckConstraint(condition=Q(status="draft") | Q(number__isnull=False),
                                   name="decision_issued_has_number"),
        ]

    def __str__(self) -> str:
        return self.label or f"Dự thảo quyết định — {self.subject}"

    @property
    def label(self) -> str:
        """"123/QĐ-UBND" once issued; empty for a draft."""
        return f"{self.number}/QĐ-{self.issuer}" if self.number else ""


class DecisionItem(models.Model):
    """One line of the annexed list: one subject, one award. Becomes one registry row on issue."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="items")
    nominee = models.ForeignKey(Nominee, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="decision_items")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    collective = models.ForeignKey(Collective, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(Household, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    award_code = models.CharField(_("danh hiệu, hình thức"), max_length=40)
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    kind = models.CharField(_("loại hình"), max_length=12)
    position = models.PositiveIntegerField(default=0)
    award = models.OneToOneField(Award, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="decision_item")

    class Meta:
        ordering = ["decision", "position", "pk"]
