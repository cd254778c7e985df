"""Units (a tree with history), clusters, people, positions, collectives, households."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core import citizen_id as cid
from thidua.core.text import search_key


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh")
    PARTY = "party", _("Cơ quan Đảng")
    AGENCY = "agency", _("Sở, ban, ngành")
    MASS_ORG = "mass_org", _("Mặt trận, đoàn thể")
    DISTRICT = "district", _("Huyện, thành phố (trước 2025)")
    COMMUNE = "commune", _("Xã")
    WARD = "ward", _("Phường")
    TOWNSHIP = "township", _("Thị trấn (trước 2025)")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    SCHOOL = "school", _("Trường học")
    HOSPITAL = "hospital", _("Bệnh viện, cơ sở y tế")
    ARMED = "armed", _("Lực lượng vũ trang")
    PUBLIC_SERVICE = "public_service", _("Đơn vị sự nghiệp")
    SUB_UNIT = "sub_unit", _("Phòng, ban, tổ (tập thể nhỏ)")
    VILLAGE = "village", _("Thôn, bản, khối phố")


class Unit(models.Model):
    """An organisation in the province. History survives merges, splits and renames:

    a unit that ends gets ``valid_to`` and successor links; its awards stay attached to it.
    """

    code = models.CharField(_("mã đơn vị"), max_length=40, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=80, blank=True)
    kind = models.CharField(_("loại"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("đơn vị cấp trên"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=400, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    is_grassroots = models.BooleanField(_("đơn vị cơ sở"), default=False)
    is_small_collective = models.BooleanField(_("tập thể nhỏ"), default=False)
    valid_from = models.DateField(_("hiệu lực từ"), default=dt.date(2000, 1, 1))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    search_key = models.CharField(max_length=255, db_index=True, editable=False, default="")

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def is_active_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_key = search_key(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        new_path = (self.parent.path if self.parent else "/") + f"{self.pk}/"
        if new_path != self.path:
            old_path = self.path
            depth = new_path.count("/") - 2
            Unit.objects.filter(pk=self.pk).update(path=new_path, depth=depth)
            self.path, self.depth = new_path, depth
            if old_path:
                for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                    child.save()


class UnitChangeKind(models.TextChoices):
    MERGE = "merge", _("Hợp nhất, sáp nhập")
    SPLIT = "split", _("Chia tách")
    RENAME = "rename", _("Đổi tên")
    DISSOLVE = "dissolve", _("Giải thể")
    TRANSFER = "transfer", _("Chuyển cấp quản lý")


class UnitSuccession(models.Model):
    """predecessor → successor on a date (2025 reform: communes merged, districts removed)."""

    predecessor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="successions_out")
    successor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="successions_in")
    kind = models.CharField(max_length=10, choices=UnitChangeKind.choices)
    effective_on = models.DateField(_("ngày hiệu lực"))
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("kế thừa đơn vị")
        verbose_name_plural = _("kế thừa đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unit_succession_unique")
        ]


class ClusterKind(models.TextChoices):
    CLUSTER = "cluster", _("Cụm thi đua")
    BLOCK = "block", _("Khối thi đua")


class Cluster(models.Model):
    code = models.CharField(max_length=30, unique=True)
    name = models.CharField(max_length=255)
    kind = models.CharField(max_length=10, choices=ClusterKind.choices)

    class Meta:
        verbose_name = _("cụm, khối thi đua")
        verbose_name_plural = _("cụm, khối thi đua")

    def __str__(self) -> str:
        return self.name


class ClusterRole(models.TextChoices):
    LEADER = "leader", _("Cụm trưởng, khối trưởng")
    DEPUTY = "deputy", _("Cụm phó, khối phó")
    MEMBER = "member", _("Thành viên")


class ClusterMembership(models.Model):
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="cluster_memberships")
    year = models.PositiveSmallIntegerField()
    role = models.CharField(max_length=10, choices=ClusterRole.choices, default=ClusterRole.MEMBER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cluster", "unit", "year"], name="cluster_member_unique")
        ]


class Sex(models.TextChoices):
    MALE = "M", _("Nam")
    FEMALE = "F", _("Nữ")


class Person(models.Model):
    citizen_id = models.CharField(_("số định danh cá nhân"), max_length=12, null=True, blank=True, unique=True)
    full_name = models.CharField(_("họ và tên"), max_length=120)
    search_key = models.CharField(max_length=120, db_index=True, editable=False, default="")
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    sex = models.CharField(_("giới tính"), max_length=1, choices=Sex.choices)
    ethnicity = models.CharField(_("dân tộc"), max_length=40, default="Kinh")
    is_direct_worker = models.BooleanField(_("người trực tiếp lao động, sản xuất, công tác"), default=False)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị hiện tại"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="people",
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from",
        verbose_name=_("đã gộp vào"),
    )
    is_deceased = models.BooleanField(_("đã mất"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cá nhân")
        verbose_name_plural = _("cá nhân")
        indexes = [
            models.Index(fields=["search_key", "birth_date"], name="person_name_birth"),
            models.Index(fields=["unit", "search_key"], name="person_unit_name"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        if self.citizen_id:
            try:
                self.citizen_id = cid.validate(self.citizen_id, birth_date=self.birth_date, sex=self.sex)
            except cid.CitizenIdError as exc:
                raise ValidationError({"citizen_id": str(exc)}) from exc

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_key = search_key(self.full_name)
        if self.citizen_id == "":
            self.citizen_id = None
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "full_name" in update_fields or "search_key" in update_fields:  # type: ignore[operator]
            PersonNameSuffix.sync(self)


class Position(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="positions")
    title = models.CharField(_("chức vụ"), max_length=120)
    is_leader = models.BooleanField(_("lãnh đạo, quản lý"), default=False)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("chức vụ")
        verbose_name_plural = _("quá trình công tác")
        ordering = ["person", "valid_from"]

    def __str__(self) -> str:
        return f"{self.title} — {self.unit}"


class Collective(models.Model):
    """A collective that can be nominated: a unit itself or a group inside it (tập thể nhỏ)."""

    name = models.CharField(_("tên tập thể"), max_length=255)
    unit = models.ForeignKey(Unit, verbose_name=_("thuộc đơn vị"), on_delete=models.PROTECT, related_name="collectives")
    represents_unit = models.OneToOneField(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="as_collective",
        verbose_name=_("là chính đơn vị"),
    )
    is_small = models.BooleanField(_("tập thể nhỏ"), default=False)
    search_key = models.CharField(max_length=255, db_index=True, editable=False, default="")

    class Meta:
        verbose_name = _("tập thể")
        verbose_name_plural = _("tập thể")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_key = search_key(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Household(models.Model):
    head_name = models.CharField(_("chủ hộ"), max_length=120)
    head = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="households")
    address = models.CharField(_("địa chỉ"), max_length=255)
    unit = models.ForeignKey(Unit, verbose_name=_("xã, phường"), on_delete=models.PROTECT, related_name="households")
    search_key = models.CharField(max_length=120, db_index=True, editable=False, default="")

    class Meta:
        verbose_name = _("hộ gia đình")
        verbose_name_plural = _("hộ gia đình")

    def __str__(self) -> str:
        return f"Hộ {self.head_name}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_key = search_key(self.head_name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


def name_suffixes(key: str) -> list[str]:
    """Every word-start suffix of a search key: "nong luong chan" → itself, "luong chan", "chan".

    A prefix match on these suffixes is exactly "the name starts with the query, or a word of the
    name does" — one indexed range scan instead of a full scan of ``LIKE '% chan%'``.
    """
    words = key.split()
    return sorted({" ".join(words[i:]) for i in range(len(words))})


class PersonNameSuffix(models.Model):
    """Search index for people's names (see ``name_suffixes``).

    Kept in sync by ``Person.save``; paths that bypass ``save`` (``bulk_create``, raw SQL) call
    ``thidua.org.services.rebuild_search_index()`` afterwards. On PostgreSQL the column uses the
    "C" collation (migration 0002) so a btree range scan is a true prefix scan.
    """

    suffix = models.CharField(max_length=120)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_suffixes")

    class Meta:
        indexes = [models.Index(fields=["suffix", "person"], name="person_name_suffix")]
        constraints = [
            models.UniqueConstraint(fields=["person", "suffix"], name="person_name_suffix_unique")
        ]

    @classmethod
    def sync(cls, person: Person) -> None:
        wanted = set(name_suffixes(person.search_key))
        have = set(cls.objects.filter(person=person).values_list("suffix", flat=True))
        if wanted == have:
            return
        PersonNameSuffix.objects.filter(person=person, suffix__in=have - wanted).delete()
        PersonNameSuffix.objects.bulk_create([PersonNameSuffix(person=person, suffix=s)
                                              for s in sorted(wanted - have)])


class PersonMerge(models.Model):
    """Two records of one real person merged into one; ``moved`` lists exactly what moved so

    ``thidua.registry.identity.undo_merge`` can put every row back.
    """

    keep = models.ForeignKey(Person, verbose_name=_("hồ sơ giữ lại"), on_delete=models.PROTECT,
                             related_name="merges_kept")
    removed = models.ForeignKey(Person, verbose_name=_("hồ sơ gộp vào"), on_delete=models.PROTECT,
                                related_name="merges_removed")
    moved = models.JSONField(_("các bản ghi đã chuyển"), default=dict)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người gộp"), null=True, blank=True,
                           on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("thời điểm gộp"), auto_now_add=True)
    undone_at = models.DateTimeField(_("thời điểm hoàn tác"), null=True, blank=True)
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người hoàn tác"), null=True,
                                  blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("gộp hồ sơ cá nhân")
        verbose_name_plural = _("gộp hồ sơ cá nhân")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.removed} → {self.keep}"
