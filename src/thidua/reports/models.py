"""Summary of valid awards, kept equal to the registry by database triggers (migration 0002).

One row per combination of the cuts the statistics need; ``n`` is the number of valid awards and
``amount`` the sum of their prize money. Sex and ethnicity are the person's current values ("" for
collectives and households); the decision month (``decision_ym`` = year × 100 + month) lets the
statistics year start on any month.
"""

from __future__ import annotations

from django.db import models

KEY_FIELDS = (
    "year", "decision_ym", "level", "code", "kind", "unit_id", "subject", "is_direct_worker",
    "is_grassroots_unit", "is_small_collective", "sex", "ethnicity", "movement",
)


class AwardSummary(models.Model):
    id = models.BigAutoField(primary_key=True)
    year = models.PositiveSmallIntegerField()
    decision_ym = models.IntegerField()
    level = models.CharField(max_length=10)
    code = models.CharField(max_length=40)
    kind = models.CharField(max_length=12)
    unit_id = models.BigIntegerField()
    subject = models.CharField(max_length=1)  # P person, C collective, H household
    is_direct_worker = models.BooleanField()
    is_grassroots_unit = models.BooleanField()
    is_small_collective = models.BooleanField()
    sex = models.CharField(max_length=1)
    ethnicity = models.CharField(max_length=40)
    movement = models.CharField(max_length=255)
    n = models.BigIntegerField(default=0)
    amount = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "tổng hợp khen thưởng"
        constraints = [models.UniqueConstraint(fields=list(KEY_FIELDS), name="reports_summary_key")]
        indexes = [models.Index(fields=["decision_ym"], name="reports_summary_ym")]
