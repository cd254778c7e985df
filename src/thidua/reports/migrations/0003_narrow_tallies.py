"""Narrow tallies instead of the one wide summary (issue 6: statistics over 10M awards < 1 s).

``reports_awardsummary`` had a 13-column key (unit × code × sex × ethnicity × movement × month …) and
about 0.75 rows per award on realistic data. It becomes narrow tallies in two tiers (see ``models``):
per unit for scoped users, and without the unit for province-wide users; sex becomes two measures. The old triggers are dropped,
the new ones installed from ``summary_sql`` and the tallies counted from the registry.
Reversible: going back re-creates the old table, its triggers and its content (migration 0002).
"""

import importlib

from django.db import migrations, models

from thidua.reports import summary_sql

_0002 = importlib.import_module("thidua.reports.migrations.0002_summary_triggers")


def drop_old_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in _0002.PG_DROP if vendor == "postgresql" else _0002.SQLITE_DROP if vendor == "sqlite" else []:
        schema_editor.execute(sql)


def restore_old_triggers(apps, schema_editor):
    _0002.forwards(apps, schema_editor)


def install_tallies(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = summary_sql.install(vendor)
    if statements:
        for sql in summary_sql.rebuild_statements(vendor):
            schema_editor.execute(sql)
    for sql in statements:
        schema_editor.execute(sql)


def uninstall_tallies(apps, schema_editor):
    for sql in summary_sql.drop(schema_editor.connection.vendor):
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0002_summary_triggers'),
    ]

    operations = [
        migrations.RunPython(drop_old_triggers, restore_old_triggers),
        migrations.CreateModel(
            name='AwardTally',
            fields=[
                ('year', models.PositiveSmallIntegerField()),
                ('decision_ym', models.IntegerField()),
                ('level', models.CharField(max_length=10)),
                ('code', models.CharField(max_length=40)),
                ('kind', models.CharField(max_length=12)),
                ('subject', models.CharField(max_length=1)),
                ('is_direct_worker', models.BooleanField()),
                ('is_grassroots_unit', models.BooleanField()),
                ('is_small_collective', models.BooleanField()),
                ('n', models.BigIntegerField(default=0)),
                ('amount', models.BigIntegerField(default=0)),
                ('n_male', models.BigIntegerField(default=0)),
                ('n_female', models.BigIntegerField(default=0)),
                ('pk', models.CompositePrimaryKey('unit_id', 'year', 'decision_ym', 'level', 'code', 'kind', 'subject', 'is_direct_worker', 'is_grassroots_unit', 'is_small_collective', blank=True, editable=False, primary_key=True, serialize=False)),
                ('unit_id', models.BigIntegerField()),
            ],
            options={
                'verbose_name': 'tổng hợp khen thưởng theo đơn vị',
            },
        ),
        migrations.CreateModel(
            name='EthnicityTally',
            fields=[
                ('year', models.PositiveSmallIntegerField()),
                ('decision_ym', models.IntegerField()),
                ('pk', models.CompositePrimaryKey('unit_id', 'year', 'decision_ym', 'ethnicity', blank=True, editable=False, primary_key=True, serialize=False)),
                ('unit_id', models.BigIntegerField()),
                ('ethnicity', models.CharField(max_length=40)),
                ('n', models.BigIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'tổng hợp khen thưởng cá nhân theo dân tộc, đơn vị',
            },
        ),
        migrations.CreateModel(
            name='MovementTally',
            fields=[
                ('year', models.PositiveSmallIntegerField()),
                ('decision_ym', models.IntegerField()),
                ('pk', models.CompositePrimaryKey('unit_id', 'year', 'decision_ym', 'level', 'movement', blank=True, editable=False, primary_key=True, serialize=False)),
                ('unit_id', models.BigIntegerField()),
                ('level', models.CharField(max_length=10)),
                ('movement', models.CharField(max_length=255)),
                ('n', models.BigIntegerField(default=0)),
                ('amount', models.BigIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'tổng hợp khen thưởng theo phong trào, đơn vị',
            },
        ),
        migrations.CreateModel(
            name='ProvinceAwardTally',
            fields=[
                ('year', models.PositiveSmallIntegerField()),
                ('decision_ym', models.IntegerField()),
                ('level', models.CharField(max_length=10)),
                ('code', models.CharField(max_length=40)),
                ('kind', models.CharField(max_length=12)),
                ('subject', models.CharField(max_length=1)),
                ('is_direct_worker', models.BooleanField()),
                ('is_grassroots_unit', models.BooleanField()),
                ('is_small_collective', models.BooleanField()),
                ('n', models.BigIntegerField(default=0)),
                ('amount', models.BigIntegerField(default=0)),
                ('n_male', models.BigIntegerField(default=0)),
                ('n_female', models.BigIntegerField(default=0)),
                ('pk', models.CompositePrimaryKey('year', 'decision_ym', 'level', 'code', 'kind', 'subject', 'is_direct_worker', 'is_grassroots_unit', 'is_small_collective', blank=True, editable=False, primary_key=True, serialize=False)),
            ],
            options={
                'verbose_name': 'tổng hợp khen thưởng toàn tỉnh',
            },
        ),
        migrations.CreateModel(
            name='ProvinceEthnicityTally',
            fields=[
                ('year', models.PositiveSmallIntegerField()),
                ('decision_ym', models.IntegerField()),
                ('pk', models.CompositePrimaryKey('year', 'decision_ym', 'ethnicity', blank=True, editable=False, primary_key=True, serialize=False)),
                ('ethnicity', models.CharField(max_length=40)),
                ('n', models.BigIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'tổng hợp khen thưởng cá nhân theo dân tộc, toàn tỉnh',
            },
        ),
        migrations.CreateModel(
            name='ProvinceMovementTally',
            fields=[
                ('year', models.PositiveSmallIntegerField()),
                ('decision_ym', models.IntegerField()),
                ('pk', models.CompositePrimaryKey('year', 'decision_ym', 'level', 'movement', blank=True, editable=False, primary_key=True, serialize=False)),
                ('level', models.CharField(max_length=10)),
                ('movement', models.CharField(max_length=255)),
                ('n', models.BigIntegerField(default=0)),
                ('amount', models.BigIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'tổng hợp khen thưởng theo phong trào, toàn tỉnh',
            },
        ),
        migrations.DeleteModel(
            name='AwardSummary',
        ),
        migrations.AddIndex(
            model_name='awardtally',
            index=models.Index(fields=['unit_id', 'decision_ym'], name='reports_awardtally_unit_ym'),
        ),
        migrations.AddIndex(
            model_name='ethnicitytally',
            index=models.Index(fields=['unit_id', 'decision_ym'], name='reports_ethtally_unit_ym'),
        ),
        migrations.AddIndex(
            model_name='movementtally',
            index=models.Index(fields=['unit_id', 'decision_ym'], name='reports_movtally_unit_ym'),
        ),
        migrations.RunPython(install_tallies, uninstall_tallies),
    ]
