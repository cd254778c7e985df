"""Tallies of the valid awards, kept equal to the registry by database triggers (``summary_sql``).

Three narrow tables instead of one wide one, so that each is far smaller than the registry and a
bulk load folds into few rows:

* ``AwardTally`` — (year, decision month, level, code, kind, unit, subject, 3 flags): count, prize
  money, and how many of the awards went to men and to women (persons' current sex, a measure
  rather than a key so it does not multiply the rows);
* ``EthnicityTally`` — persons' awards by (year, decision month, unit, ethnicity);
* ``MovementTally`` — awards that name a movement, by (year, decision month, level, unit, movement).

``decision_ym`` = year × 100 + month of the decision, so the statistics year can start on any month.
Every table carries the unit so that a user's scope is one filter.
"""

from __future__ import annotations

from django.db import models

from .summary_sql import AWARD_KEYS, ETHNICITY_KEYS, MOVEMENT_KEYS


class AwardTally(models.Model):
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
    n = models.BigIntegerField(default=0)
    amount = models.BigIntegerField(default=0)
    n_male = models.BigIntegerField(default=0)
    n_female = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "tổng hợp khen thưởng"
        constraints = [models.UniqueConstraint(fields=list(AWARD_KEYS), name="reports_awardtally_key")]
        indexes = [models.Index(fields=["decision_ym"], name="reports_awardtally_ym")]


class EthnicityTally(models.Model):
    id = models.BigAutoField(primary_key=True)
    year = models.PositiveSmallIntegerField()
    decision_ym = models.IntegerField()
    unit_id = models.BigIntegerField()
    ethnicity = models.CharField(max_length=40)
    n = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "tổng hợp khen thưởng cá nhân theo dân tộc"
        constraints = [models.UniqueConstraint(fields=list(ETHNICITY_KEYS), name="reports_ethnicitytally_key")]
        indexes = [models.Index(fields=["decision_ym"], name="reports_ethnicitytally_ym")]


class MovementTally(models.Model):
    id = models.BigAutoField(primary_key=True)
    year = models.PositiveSmallIntegerField()
    decision_ym = models.IntegerField()
    level = models.CharField(max_length=10)
    unit_id = models.BigIntegerField()
    movement = models.CharField(max_length=255)
    n = models.BigIntegerField(default=0)
    amount = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "tổng hợp khen thưởng theo phong trào"
        constraints = [models.UniqueConstraint(fields=list(MOVEMENT_KEYS), name="reports_movementtally_key")]
        indexes = [models.Index(fields=["decision_ym"], name="reports_movementtally_ym")]
