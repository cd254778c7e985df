"""Tallies of the valid awards, kept equal to the registry by database triggers (``summary_sql``).

Narrow tables instead of one wide one, in two tiers:

* the **unit tier**, read for users who see part of the province (their units' rows):
  ``AwardTally`` — (year, decision month, unit, level, code, kind, subject, 3 flags): count, prize money
  and how many went to men and to women (persons' current sex: a measure, not a key, so it does not
  multiply the rows); ``EthnicityTally`` — persons' awards by ethnicity; ``MovementTally`` — awards
  that name a movement;
* the **province tier**, read for province-wide users: the same three without the unit — a few
  thousand rows however large the registry. Their tables by unit, unit type and commune sum
  ``AwardTally`` by unit (one year's rows).

``decision_ym`` = year × 100 + month of the decision, so the statistics year can start on any month.
Each table's key is its primary key (no surrogate id: one index fewer to maintain per row).
"""

from __future__ import annotations

from django.db import models

from .summary_sql import (
    AWARD,
    ETHNICITY,
    MOVEMENT,
    PROVINCE_AWARD,
    PROVINCE_ETHNICITY,
    PROVINCE_MOVEMENT,
)


class TallyPeriod(models.Model):
    year = models.PositiveSmallIntegerField()
    decision_ym = models.IntegerField()

    class Meta:
        abstract = True


class AwardCounts(TallyPeriod):
    level = models.CharField(max_length=10)
    code = models.CharField(max_length=40)
    kind = models.CharField(max_length=12)
    subject = models.CharField(max_length=1)  # P person, C collective, H household
    is_direct_worker = models.BooleanField()
    is_grassroots_unit = models.BooleanField()
    is_small_collective = models.BooleanField()
    n = models.BigIntegerField(default=0)
    amount = models.BigIntegerField(default=0)
    n_male = models.BigIntegerField(default=0)
    n_female = models.BigIntegerField(default=0)

    class Meta:
        abstract = True


class AwardTally(AwardCounts):
    pk = models.CompositePrimaryKey(*AWARD.keys)
    unit_id = models.BigIntegerField()

    class Meta:
        verbose_name = "tổng hợp khen thưởng theo đơn vị"
        indexes = [models.Index(fields=["unit_id", "decision_ym"], name="reports_awardtally_unit_ym")]


class ProvinceAwardTally(AwardCounts):
    pk = models.CompositePrimaryKey(*PROVINCE_AWARD.keys)

    class Meta:
        verbose_name = "tổng hợp khen thưởng toàn tỉnh"


class EthnicityTally(TallyPeriod):
    pk = models.CompositePrimaryKey(*ETHNICITY.keys)
    unit_id = models.BigIntegerField()
    ethnicity = models.CharField(max_length=40)
    n = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "tổng hợp khen thưởng cá nhân theo dân tộc, đơn vị"
        indexes = [models.Index(fields=["unit_id", "decision_ym"], name="reports_ethtally_unit_ym")]


class ProvinceEthnicityTally(TallyPeriod):
    pk = models.CompositePrimaryKey(*PROVINCE_ETHNICITY.keys)
    ethnicity = models.CharField(max_length=40)
    n = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "tổng hợp khen thưởng cá nhân theo dân tộc, toàn tỉnh"


class MovementTally(TallyPeriod):
    pk = models.CompositePrimaryKey(*MOVEMENT.keys)
    unit_id = models.BigIntegerField()
    level = models.CharField(max_length=10)
    movement = models.CharField(max_length=255)
    n = models.BigIntegerField(default=0)
    amount = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "tổng hợp khen thưởng theo phong trào, đơn vị"
        indexes = [models.Index(fields=["unit_id", "decision_ym"], name="reports_movtally_unit_ym")]


class ProvinceMovementTally(TallyPeriod):
    pk = models.CompositePrimaryKey(*PROVINCE_MOVEMENT.keys)
    level = models.CharField(max_length=10)
    movement = models.CharField(max_length=255)
    n = models.BigIntegerField(default=0)
    amount = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "tổng hợp khen thưởng theo phong trào, toàn tỉnh"


# Each tally's model, in the order of ``summary_sql.TALLIES``.
TALLY_MODELS: tuple[type[models.Model], ...] = (AwardTally, EthnicityTally, MovementTally, ProvinceAwardTally,
                                                ProvinceEthnicityTally, ProvinceMovementTally)
