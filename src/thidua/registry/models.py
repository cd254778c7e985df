"""The award registry: the single source of truth for who holds what.

Only ``registry.services`` writes ``Award`` rows — a decision (``record_awards``), a retraction
(``retract_awards``) or the audited import of history (``import_awards``) — besides the admin's audited
corrections, the person merge (``org.identity``, which re-points every row of a person's history) and
the demo generator. See ``Award`` for what must follow a change of its columns.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.subjects import SubjectKindMixin, one_subject_constraint
from thidua.org.models import Collective, Household, Person, Unit


class Rating(models.TextChoices):
    HTXSNV = "HTXSNV", _("Hoàn thành xuất sắc nhiệm vụ")
    HTTNV = "HTTNV", _("Hoàn thành tốt nhiệm vụ")
    HTNV = "HTNV", _("Hoàn thành nhiệm vụ")
    KHTNV = "KHTNV", _("Không hoàn thành nhiệm vụ")


class YearRecord(models.Model):
    """Per subject and year: the performance rating and facts the rules need."""

    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="year_records")
    collective = models.ForeignKey(
        Collective, null=True, blank=True, on_delete=models.CASCADE, related_name="year_records"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    rating = models.CharField(_("xếp loại"), max_length=6, choices=Rating.choices)
    justified_absence = models.BooleanField(
        _("vắng mặt có lý do chính đáng"), default=False,
        help_text=_("Nghỉ thai sản, điều trị do dũng cảm cứu người, đi học… không làm gián đoạn tính liên tục."),
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("xếp loại hằng năm")
        verbose_name_plural = _("xếp loại hằng năm")
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="yearrecord_person_year",
                                    condition=Q(person__isnull=False)),
            models.UniqueConstraint(fields=["collective", "year"], name="yearrecord_collective_year",
                                    condition=Q(collective__isnull=False)),
            one_subject_constraint("yearrecord_one_subject", ("person", "collective")),
        ]


class AwardLevel(models.TextChoices):
    STATE = "state", _("Cấp Nhà nước")
    PROVINCE = "province", _("Cấp tỉnh")
    GRASSROOTS = "grassroots", _("Cấp cơ sở")


class AwardKind(models.TextChoices):
    ANNUAL = "annual", _("Thường xuyên")
    THEMATIC = "thematic", _("Theo đợt, chuyên đề")
    AD_HOC = "ad_hoc", _("Đột xuất")
    CONTRIBUTION = "contribution", _("Quá trình cống hiến")
    TENURE = "tenure", _("Niên hạn")
    FOREIGN = "foreign", _("Đối ngoại")
    RESISTANCE = "resistance", _("Tổng kết thành tích kháng chiến")


class AwardStatus(models.TextChoices):
    VALID = "valid", _("Có hiệu lực")
    RETRACTED = "retracted", _("Đã thu hồi, hủy bỏ")
    UNDER_REVIEW = "under_review", _("Cần xem xét lại")


class AwardSource(models.TextChoices):
    DECISION = "decision", _("Quyết định trong hệ thống")
    IMPORT = "import", _("Nhập dữ liệu lịch sử")
    DEMO = "demo", _("Dữ liệu mẫu")


class Award(SubjectKindMixin, models.Model):
    """One title or form held by one subject (person, collective or household).

    Changing the columns of this model (adding, renaming, retyping one, or what ``status`` means)
    is never only a migration. What must follow:

    - the writers, all in ``registry.services``: ``_row`` (decisions, ``record_award``) and ``_write``
      (the Excel import, which inserts whole rows as dicts with ``core.bulk``); the import's plan and
      checks (``registry.importing``) if the column comes from the file;
    - the demo generator, which writes rows column by column (``demo.awards._make``, ``demo.writer``);
    - the report tallies: their SQL (``reports.summary_sql``: ``source_columns``, ``COUNTED_COLUMNS``, the
      triggers), the Python recount (``reports.selectors.direct_summary``) and a new migration with the
      new trigger text frozen in it (never edit ``reports`` 0003);
    - the fact-change triggers (migration ``0003_fact_change_triggers``: who changed, via ``person_id``)
      and the person bitsets of ``registry.snapshot`` (valid awards per code and year);
    - the rules adapter ``registry.cases`` (``AwardRecord``: code, year, decision date of valid awards);
    - the natural keys below and the person merge's twin detection (``org.identity``: code, year,
      decision number);
    - readers that list columns by name: ``documents.exports`` (Excel), ``documents.certificates``,
      ``portal.selectors`` (public honours board), ``web``/``registry`` screens and ``admin``;
    - ``thidua.rules`` only if the engine must see the new fact (then the batch engine too).
    """

    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="awards")
    collective = models.ForeignKey(
        Collective, null=True, blank=True, on_delete=models.PROTECT, related_name="awards"
    )
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.PROTECT, related_name="awards"
    )
    code = models.CharField(_("mã danh hiệu, hình thức"), max_length=40, db_index=True)
    year = models.PositiveSmallIntegerField(_("năm thành tích"), db_index=True)
    period_from = models.PositiveSmallIntegerField(_("từ năm"), null=True, blank=True)
    kind = models.CharField(_("loại hình"), max_length=12, choices=AwardKind.choices, default=AwardKind.ANNUAL)
    level = models.CharField(_("cấp khen"), max_length=10, choices=AwardLevel.choices)
    decision_number = models.CharField(_("số quyết định"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"))
    issuer = models.CharField(_("cơ quan, người quyết định"), max_length=160)
    amount_vnd = models.BigIntegerField(_("tiền thưởng (đồng)"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=AwardStatus.choices, default=AwardStatus.VALID)
    retraction_reason = models.TextField(_("lý do thu hồi"), blank=True)
    source = models.CharField(_("nguồn"), max_length=10, choices=AwardSource.choices)
    # Snapshots taken when the award was decided, for statistics that must not drift.
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="awards")
    subject_name = models.CharField(_("tên đối tượng"), max_length=255)
    subject_title = models.CharField(_("chức vụ khi khen"), max_length=160, blank=True)
    is_direct_worker = models.BooleanField(_("người trực tiếp lao động"), default=False)
    is_grassroots_unit = models.BooleanField(_("đơn vị cơ sở"), default=False)
    is_small_collective = models.BooleanField(_("tập thể nhỏ"), default=False)
    is_posthumous = models.BooleanField(_("truy tặng"), default=False)
    movement = models.CharField(_("phong trào"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("sổ khen thưởng")
        indexes = [
            models.Index(fields=["year", "level"], name="award_year_level"),
            models.Index(fields=["person", "year"], name="award_person_year"),
        ]
        constraints = [
            one_subject_constraint("award_one_subject"),
            # Natural keys: the same title for the same subject and year by the same decision is one row,
            # so importing a file twice adds nothing.
            models.UniqueConstraint(fields=["person", "code", "year", "decision_number"],
                                    condition=Q(person__isnull=False), name="award_person_natural"),
            models.UniqueConstraint(fields=["collective", "code", "year", "decision_number"],
                                    condition=Q(collective__isnull=False), name="award_collective_natural"),
            models.UniqueConstraint(fields=["household", "code", "year", "decision_number"],
                                    condition=Q(household__isnull=False), name="award_household_natural"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.year} — {self.subject_name}"



class InitiativeScope(models.TextChoices):
    CO_SO = "co_so", _("Cấp cơ sở")
    TINH = "tinh", _("Cấp tỉnh, bộ, ngành")
    TOAN_QUOC = "toan_quoc", _("Toàn quốc")


class Initiative(models.Model):
    """Sáng kiến (Luật TĐKT 2022, Điều 3 khoản 4) or accepted science work, with its recognised scope."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="initiatives")
    title = models.CharField(_("tên sáng kiến"), max_length=255)
    year = models.PositiveSmallIntegerField(_("năm công nhận"))
    scope = models.CharField(_("phạm vi ảnh hưởng"), max_length=10, choices=InitiativeScope.choices)
    recognized_by = models.CharField(_("cấp công nhận"), max_length=160, blank=True)
    is_public = models.BooleanField(_("công bố trên cổng"), default=False)
    summary = models.TextField(_("tóm tắt"), blank=True)

    class Meta:
        verbose_name = _("sáng kiến")
        verbose_name_plural = _("sáng kiến")


class DisciplineForm(models.TextChoices):
    KHIEN_TRACH = "KHIEN_TRACH", _("Khiển trách")
    CANH_CAO = "CANH_CAO", _("Cảnh cáo")
    HA_BAC_LUONG = "HA_BAC_LUONG", _("Hạ bậc lương")
    GIANG_CHUC = "GIANG_CHUC", _("Giáng chức")
    CACH_CHUC = "CACH_CHUC", _("Cách chức")
    BUOC_THOI_VIEC = "BUOC_THOI_VIEC", _("Buộc thôi việc")


class Discipline(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="disciplines")
    form = models.CharField(_("hình thức kỷ luật"), max_length=16, choices=DisciplineForm.choices)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("kỷ luật")
        verbose_name_plural = _("kỷ luật")


class FactChange(models.Model):
    """Whose facts changed: appended by database triggers on ratings, awards, initiatives and
    people (migration 0002), so no write path — ORM, bulk_create, raw SQL, admin — can skip it.
    The eligibility snapshot replays these rows to stay exact."""

    id = models.BigAutoField(primary_key=True)
    person_id = models.BigIntegerField(db_index=True)


class FactSnapshot(models.Model):
    """Person bitsets of the whole province (see ``thidua.registry.snapshot``)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.BigIntegerField(default=0)
    size = models.BigIntegerField(default=0)
    built_at = models.DateTimeField()
    payload = models.BinaryField()
