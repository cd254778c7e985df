"""Narrow tallies instead of the one wide summary (issue 6: statistics over 10M awards < 1 s).

``reports_awardsummary`` had a 13-column key (unit × code × sex × ethnicity × movement × month …) and
about 0.75 rows per award on realistic data. It becomes narrow tallies in two tiers (see ``models``):
per unit for scoped users, and without the unit for province-wide users; sex becomes two measures. The old triggers are dropped,
the new ones installed and the tallies counted from the registry.
Reversible: going back re-creates the old table, its triggers and its content (migration 0002).

The SQL is frozen here as ``reports.summary_sql`` produced it when this migration was written: a later
change of that module must come with a new migration (tests/reports/test_frozen_migrations.py checks
that the latest frozen text equals the module), and never changes what this one installs.
"""

import importlib

from django.db import migrations, models

_0002 = importlib.import_module("thidua.reports.migrations.0002_summary_triggers")


# ---- frozen SQL (reports.summary_sql as of this migration: install, drop, rebuild per vendor) ----
PG_INSTALL = (
    'ALTER TABLE reports_awardtally SET (fillfactor = 70);',
    'ALTER TABLE reports_ethnicitytally SET (fillfactor = 70);',
    'ALTER TABLE reports_movementtally SET (fillfactor = 70);',
    'ALTER TABLE reports_provinceawardtally SET (fillfactor = 70);',
    'ALTER TABLE reports_provinceethnicitytally SET (fillfactor = 70);',
    'ALTER TABLE reports_provincemovementtally SET (fillfactor = 70);',
    ('CREATE OR REPLACE FUNCTION reports_tally_ins() RETURNS trigger LANGUAGE plpgsql SET work_mem = '
     "'64MB' AS $$ BEGIN WITH d AS MATERIALIZED (SELECT a.year AS year, (date_part('year', "
     "a.decision_date)::int * 100 + date_part('month', a.decision_date)::int) AS decision_ym, a.level "
     'AS level, a.code AS code, a.kind AS kind, a.unit_id AS unit_id, CASE WHEN a.person_id IS NOT '
     "NULL THEN 'P' WHEN a.collective_id IS NOT NULL THEN 'C' ELSE 'H' END AS subject, "
     'a.is_direct_worker AS is_direct_worker, a.is_grassroots_unit AS is_grassroots_unit, '
     'a.is_small_collective AS is_small_collective, a.movement AS movement, COALESCE(a.amount_vnd, 0) '
     "AS amount, COALESCE(p.sex, '') AS sex, COALESCE(p.ethnicity, '') AS ethnicity, 1 AS sign FROM "
     "new_rows a LEFT JOIN org_person p ON p.id = a.person_id WHERE a.status = 'valid'), t0 AS (INSERT "
     'INTO reports_awardtally (unit_id, year, decision_ym, level, code, kind, subject, '
     'is_direct_worker, is_grassroots_unit, is_small_collective, n, amount, n_male, n_female) SELECT '
     'unit_id, year, decision_ym, level, code, kind, subject, is_direct_worker, is_grassroots_unit, '
     "is_small_collective, SUM(sign), SUM(sign * amount), SUM(CASE WHEN subject = 'P' AND sex = 'M' "
     "THEN sign ELSE 0 END), SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN sign ELSE 0 END) FROM d "
     'WHERE true GROUP BY unit_id, year, decision_ym, level, code, kind, subject, is_direct_worker, '
     'is_grassroots_unit, is_small_collective HAVING SUM(sign) <> 0 OR SUM(sign * amount) <> 0 OR '
     "SUM(CASE WHEN subject = 'P' AND sex = 'M' THEN sign ELSE 0 END) <> 0 OR SUM(CASE WHEN subject = "
     "'P' AND sex = 'F' THEN sign ELSE 0 END) <> 0 ON CONFLICT (unit_id, year, decision_ym, level, "
     'code, kind, subject, is_direct_worker, is_grassroots_unit, is_small_collective) DO UPDATE SET n '
     '= reports_awardtally.n + excluded.n, amount = reports_awardtally.amount + excluded.amount, '
     'n_male = reports_awardtally.n_male + excluded.n_male, n_female = reports_awardtally.n_female + '
     'excluded.n_female), t1 AS (INSERT INTO reports_ethnicitytally (unit_id, year, decision_ym, '
     "ethnicity, n) SELECT unit_id, year, decision_ym, ethnicity, SUM(sign) FROM d WHERE subject = 'P' "
     'GROUP BY unit_id, year, decision_ym, ethnicity HAVING SUM(sign) <> 0 ON CONFLICT (unit_id, year, '
     'decision_ym, ethnicity) DO UPDATE SET n = reports_ethnicitytally.n + excluded.n), t2 AS (INSERT '
     'INTO reports_movementtally (unit_id, year, decision_ym, level, movement, n, amount) SELECT '
     'unit_id, year, decision_ym, level, movement, SUM(sign), SUM(sign * amount) FROM d WHERE movement '
     "<> '' GROUP BY unit_id, year, decision_ym, level, movement HAVING SUM(sign) <> 0 OR SUM(sign * "
     'amount) <> 0 ON CONFLICT (unit_id, year, decision_ym, level, movement) DO UPDATE SET n = '
     'reports_movementtally.n + excluded.n, amount = reports_movementtally.amount + excluded.amount), '
     't3 AS (INSERT INTO reports_provinceawardtally (year, decision_ym, level, code, kind, subject, '
     'is_direct_worker, is_grassroots_unit, is_small_collective, n, amount, n_male, n_female) SELECT '
     'year, decision_ym, level, code, kind, subject, is_direct_worker, is_grassroots_unit, '
     "is_small_collective, SUM(sign), SUM(sign * amount), SUM(CASE WHEN subject = 'P' AND sex = 'M' "
     "THEN sign ELSE 0 END), SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN sign ELSE 0 END) FROM d "
     'WHERE true GROUP BY year, decision_ym, level, code, kind, subject, is_direct_worker, '
     'is_grassroots_unit, is_small_collective HAVING SUM(sign) <> 0 OR SUM(sign * amount) <> 0 OR '
     "SUM(CASE WHEN subject = 'P' AND sex = 'M' THEN sign ELSE 0 END) <> 0 OR SUM(CASE WHEN subject = "
     "'P' AND sex = 'F' THEN sign ELSE 0 END) <> 0 ON CONFLICT (year, decision_ym, level, code, kind, "
     'subject, is_direct_worker, is_grassroots_unit, is_small_collective) DO UPDATE SET n = '
     'reports_provinceawardtally.n + excluded.n, amount = reports_provinceawardtally.amount + '
     'excluded.amount, n_male = reports_provinceawardtally.n_male + excluded.n_male, n_female = '
     'reports_provinceawardtally.n_female + excluded.n_female), t4 AS (INSERT INTO '
     'reports_provinceethnicitytally (year, decision_ym, ethnicity, n) SELECT year, decision_ym, '
     "ethnicity, SUM(sign) FROM d WHERE subject = 'P' GROUP BY year, decision_ym, ethnicity HAVING "
     'SUM(sign) <> 0 ON CONFLICT (year, decision_ym, ethnicity) DO UPDATE SET n = '
     'reports_provinceethnicitytally.n + excluded.n) INSERT INTO reports_provincemovementtally (year, '
     'decision_ym, level, movement, n, amount) SELECT year, decision_ym, level, movement, SUM(sign), '
     "SUM(sign * amount) FROM d WHERE movement <> '' GROUP BY year, decision_ym, level, movement "
     'HAVING SUM(sign) <> 0 OR SUM(sign * amount) <> 0 ON CONFLICT (year, decision_ym, level, '
     'movement) DO UPDATE SET n = reports_provincemovementtally.n + excluded.n, amount = '
     'reports_provincemovementtally.amount + excluded.amount; RETURN NULL; END; $$;'),
    ('CREATE OR REPLACE FUNCTION reports_tally_del() RETURNS trigger LANGUAGE plpgsql SET work_mem = '
     "'64MB' AS $$ BEGIN WITH d AS MATERIALIZED (SELECT a.year AS year, (date_part('year', "
     "a.decision_date)::int * 100 + date_part('month', a.decision_date)::int) AS decision_ym, a.level "
     'AS level, a.code AS code, a.kind AS kind, a.unit_id AS unit_id, CASE WHEN a.person_id IS NOT '
     "NULL THEN 'P' WHEN a.collective_id IS NOT NULL THEN 'C' ELSE 'H' END AS subject, "
     'a.is_direct_worker AS is_direct_worker, a.is_grassroots_unit AS is_grassroots_unit, '
     'a.is_small_collective AS is_small_collective, a.movement AS movement, COALESCE(a.amount_vnd, 0) '
     "AS amount, COALESCE(p.sex, '') AS sex, COALESCE(p.ethnicity, '') AS ethnicity, -1 AS sign FROM "
     "old_rows a LEFT JOIN org_person p ON p.id = a.person_id WHERE a.status = 'valid'), t0 AS (INSERT "
     'INTO reports_awardtally (unit_id, year, decision_ym, level, code, kind, subject, '
     'is_direct_worker, is_grassroots_unit, is_small_collective, n, amount, n_male, n_female) SELECT '
     'unit_id, year, decision_ym, level, code, kind, subject, is_direct_worker, is_grassroots_unit, '
     "is_small_collective, SUM(sign), SUM(sign * amount), SUM(CASE WHEN subject = 'P' AND sex = 'M' "
     "THEN sign ELSE 0 END), SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN sign ELSE 0 END) FROM d "
     'WHERE true GROUP BY unit_id, year, decision_ym, level, code, kind, subject, is_direct_worker, '
     'is_grassroots_unit, is_small_collective HAVING SUM(sign) <> 0 OR SUM(sign * amount) <> 0 OR '
     "SUM(CASE WHEN subject = 'P' AND sex = 'M' THEN sign ELSE 0 END) <> 0 OR SUM(CASE WHEN subject = "
     "'P' AND sex = 'F' THEN sign ELSE 0 END) <> 0 ON CONFLICT (unit_id, year, decision_ym, level, "
     'code, kind, subject, is_direct_worker, is_grassroots_unit, is_small_collective) DO UPDATE SET n '
     '= reports_awardtally.n + excluded.n, amount = reports_awardtally.amount + excluded.amount, '
     'n_male = reports_awardtally.n_male + excluded.n_male, n_female = reports_awardtally.n_female + '
     'excluded.n_female), t1 AS (INSERT INTO reports_ethnicitytally (unit_id, year, decision_ym, '
     "ethnicity, n) SELECT unit_id, year, decision_ym, ethnicity, SUM(sign) FROM d WHERE subject = 'P' "
     'GROUP BY unit_id, year, decision_ym, ethnicity HAVING SUM(sign) <> 0 ON CONFLICT (unit_id, year, '
     'decision_ym, ethnicity) DO UPDATE SET n = reports_ethnicitytally.n + excluded.n), t2 AS (INSERT '
     'INTO reports_movementtally (unit_id, year, decision_ym, level, movement, n, amount) SELECT '
     'unit_id, year, decision_ym, level, movement, SUM(sign), SUM(sign * amount) FROM d WHERE movement '
     "<> '' GROUP BY unit_id, year, decision_ym, level, movement HAVING SUM(sign) <> 0 OR SUM(sign * "
     'amount) <> 0 ON CONFLICT (unit_id, year, decision_ym, level, movement) DO UPDATE SET n = '
     'reports_movementtally.n + excluded.n, amount = reports_movementtally.amount + excluded.amount), '
     't3 AS (INSERT INTO reports_provinceawardtally (year, decision_ym, level, code, kind, subject, '
     'is_direct_worker, is_grassroots_unit, is_small_collective, n, amount, n_male, n_female) SELECT '
     'year, decision_ym, level, code, kind, subject, is_direct_worker, is_grassroots_unit, '
     "is_small_collective, SUM(sign), SUM(sign * amount), SUM(CASE WHEN subject = 'P' AND sex = 'M' "
     "THEN sign ELSE 0 END), SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN sign ELSE 0 END) FROM d "
     'WHERE true GROUP BY year, decision_ym, level, code, kind, subject, is_direct_worker, '
     'is_grassroots_unit, is_small_collective HAVING SUM(sign) <> 0 OR SUM(sign * amount) <> 0 OR '
     "SUM(CASE WHEN subject = 'P' AND sex = 'M' THEN sign ELSE 0 END) <> 0 OR SUM(CASE WHEN subject = "
     "'P' AND sex = 'F' THEN sign ELSE 0 END) <> 0 ON CONFLICT (year, decision_ym, level, code, kind, "
     'subject, is_direct_worker, is_grassroots_unit, is_small_collective) DO UPDATE SET n = '
     'reports_provinceawardtally.n + excluded.n, amount = reports_provinceawardtally.amount + '
     'excluded.amount, n_male = reports_provinceawardtally.n_male + excluded.n_male, n_female = '
     'reports_provinceawardtally.n_female + excluded.n_female), t4 AS (INSERT INTO '
     'reports_provinceethnicitytally (year, decision_ym, ethnicity, n) SELECT year, decision_ym, '
     "ethnicity, SUM(sign) FROM d WHERE subject = 'P' GROUP BY year, decision_ym, ethnicity HAVING "
     'SUM(sign) <> 0 ON CONFLICT (year, decision_ym, ethnicity) DO UPDATE SET n = '
     'reports_provinceethnicitytally.n + excluded.n) INSERT INTO reports_provincemovementtally (year, '
     'decision_ym, level, movement, n, amount) SELECT year, decision_ym, level, movement, SUM(sign), '
     "SUM(sign * amount) FROM d WHERE movement <> '' GROUP BY year, decision_ym, level, movement "
     'HAVING SUM(sign) <> 0 OR SUM(sign * amount) <> 0 ON CONFLICT (year, decision_ym, level, '
     'movement) DO UPDATE SET n = reports_provincemovementtally.n + excluded.n, amount = '
     'reports_provincemovementtally.amount + excluded.amount; RETURN NULL; END; $$;'),
    ('CREATE OR REPLACE FUNCTION reports_tally_upd() RETURNS trigger LANGUAGE plpgsql SET work_mem = '
     "'64MB' AS $$ BEGIN WITH d AS MATERIALIZED (SELECT a.year AS year, (date_part('year', "
     "a.decision_date)::int * 100 + date_part('month', a.decision_date)::int) AS decision_ym, a.level "
     'AS level, a.code AS code, a.kind AS kind, a.unit_id AS unit_id, CASE WHEN a.person_id IS NOT '
     "NULL THEN 'P' WHEN a.collective_id IS NOT NULL THEN 'C' ELSE 'H' END AS subject, "
     'a.is_direct_worker AS is_direct_worker, a.is_grassroots_unit AS is_grassroots_unit, '
     'a.is_small_collective AS is_small_collective, a.movement AS movement, COALESCE(a.amount_vnd, 0) '
     "AS amount, COALESCE(p.sex, '') AS sex, COALESCE(p.ethnicity, '') AS ethnicity, a.sign FROM "
     '(SELECT *, -1 AS sign FROM (SELECT status, year, decision_date, level, code, kind, unit_id, '
     'person_id, collective_id, household_id, is_direct_worker, is_grassroots_unit, '
     'is_small_collective, movement, amount_vnd FROM old_rows EXCEPT ALL SELECT status, year, '
     'decision_date, level, code, kind, unit_id, person_id, collective_id, household_id, '
     'is_direct_worker, is_grassroots_unit, is_small_collective, movement, amount_vnd FROM new_rows) o '
     'UNION ALL SELECT *, 1 FROM (SELECT status, year, decision_date, level, code, kind, unit_id, '
     'person_id, collective_id, household_id, is_direct_worker, is_grassroots_unit, '
     'is_small_collective, movement, amount_vnd FROM new_rows EXCEPT ALL SELECT status, year, '
     'decision_date, level, code, kind, unit_id, person_id, collective_id, household_id, '
     'is_direct_worker, is_grassroots_unit, is_small_collective, movement, amount_vnd FROM old_rows) '
     "i) a LEFT JOIN org_person p ON p.id = a.person_id WHERE a.status = 'valid'), t0 AS (INSERT INTO "
     'reports_awardtally (unit_id, year, decision_ym, level, code, kind, subject, is_direct_worker, '
     'is_grassroots_unit, is_small_collective, n, amount, n_male, n_female) SELECT unit_id, year, '
     'decision_ym, level, code, kind, subject, is_direct_worker, is_grassroots_unit, '
     "is_small_collective, SUM(sign), SUM(sign * amount), SUM(CASE WHEN subject = 'P' AND sex = 'M' "
     "THEN sign ELSE 0 END), SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN sign ELSE 0 END) FROM d "
     'WHERE true GROUP BY unit_id, year, decision_ym, level, code, kind, subject, is_direct_worker, '
     'is_grassroots_unit, is_small_collective HAVING SUM(sign) <> 0 OR SUM(sign * amount) <> 0 OR '
     "SUM(CASE WHEN subject = 'P' AND sex = 'M' THEN sign ELSE 0 END) <> 0 OR SUM(CASE WHEN subject = "
     "'P' AND sex = 'F' THEN sign ELSE 0 END) <> 0 ON CONFLICT (unit_id, year, decision_ym, level, "
     'code, kind, subject, is_direct_worker, is_grassroots_unit, is_small_collective) DO UPDATE SET n '
     '= reports_awardtally.n + excluded.n, amount = reports_awardtally.amount + excluded.amount, '
     'n_male = reports_awardtally.n_male + excluded.n_male, n_female = reports_awardtally.n_female + '
     'excluded.n_female), t1 AS (INSERT INTO reports_ethnicitytally (unit_id, year, decision_ym, '
     "ethnicity, n) SELECT unit_id, year, decision_ym, ethnicity, SUM(sign) FROM d WHERE subject = 'P' "
     'GROUP BY unit_id, year, decision_ym, ethnicity HAVING SUM(sign) <> 0 ON CONFLICT (unit_id, year, '
     'decision_ym, ethnicity) DO UPDATE SET n = reports_ethnicitytally.n + excluded.n), t2 AS (INSERT '
     'INTO reports_movementtally (unit_id, year, decision_ym, level, movement, n, amount) SELECT '
     'unit_id, year, decision_ym, level, movement, SUM(sign), SUM(sign * amount) FROM d WHERE movement '
     "<> '' GROUP BY unit_id, year, decision_ym, level, movement HAVING SUM(sign) <> 0 OR SUM(sign * "
     'amount) <> 0 ON CONFLICT (unit_id, year, decision_ym, level, movement) DO UPDATE SET n = '
     'reports_movementtally.n + excluded.n, amount = reports_movementtally.amount + excluded.amount), '
     't3 AS (INSERT INTO reports_provinceawardtally (year, decision_ym, level, code, kind, subject, '
     'is_direct_worker, is_grassroots_unit, is_small_collective, n, amount, n_male, n_female) SELECT '
     'year, decision_ym, level, code, kind, subject, is_direct_worker, is_grassroots_unit, '
     "is_small_collective, SUM(sign), SUM(sign * amount), SUM(CASE WHEN subject = 'P' AND sex = 'M' "
     "THEN sign ELSE 0 END), SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN sign ELSE 0 END) FROM d "
     'WHERE true GROUP BY year, decision_ym, level, code, kind, subject, is_direct_worker, '
     'is_grassroots_unit, is_small_collective HAVING SUM(sign) <> 0 OR SUM(sign * amount) <> 0 OR '
     "SUM(CASE WHEN subject = 'P' AND sex = 'M' THEN sign ELSE 0 END) <> 0 OR SUM(CASE WHEN subject = "
     "'P' AND sex = 'F' THEN sign ELSE 0 END) <> 0 ON CONFLICT (year, decision_ym, level, code, kind, "
     'subject, is_direct_worker, is_grassroots_unit, is_small_collective) DO UPDATE SET n = '
     'reports_provinceawardtally.n + excluded.n, amount = reports_provinceawardtally.amount + '
     'excluded.amount, n_male = reports_provinceawardtally.n_male + excluded.n_male, n_female = '
     'reports_provinceawardtally.n_female + excluded.n_female), t4 AS (INSERT INTO '
     'reports_provinceethnicitytally (year, decision_ym, ethnicity, n) SELECT year, decision_ym, '
     "ethnicity, SUM(sign) FROM d WHERE subject = 'P' GROUP BY year, decision_ym, ethnicity HAVING "
     'SUM(sign) <> 0 ON CONFLICT (year, decision_ym, ethnicity) DO UPDATE SET n = '
     'reports_provinceethnicitytally.n + excluded.n) INSERT INTO reports_provincemovementtally (year, '
     'decision_ym, level, movement, n, amount) SELECT year, decision_ym, level, movement, SUM(sign), '
     "SUM(sign * amount) FROM d WHERE movement <> '' GROUP BY year, decision_ym, level, movement "
     'HAVING SUM(sign) <> 0 OR SUM(sign * amount) <> 0 ON CONFLICT (year, decision_ym, level, '
     'movement) DO UPDATE SET n = reports_provincemovementtally.n + excluded.n, amount = '
     'reports_provincemovementtally.amount + excluded.amount; RETURN NULL; END; $$;'),
    ('CREATE OR REPLACE FUNCTION reports_tally_person_upd() RETURNS trigger LANGUAGE plpgsql SET '
     "work_mem = '64MB' AS $$ BEGIN WITH ch AS MATERIALIZED (SELECT o.id, o.sex AS old_sex, "
     'o.ethnicity AS old_eth, n.sex AS new_sex, n.ethnicity AS new_eth FROM old_rows o JOIN new_rows n '
     'ON n.id = o.id WHERE o.sex IS DISTINCT FROM n.sex OR o.ethnicity IS DISTINCT FROM n.ethnicity), '
     "d AS MATERIALIZED (SELECT a.year AS year, (date_part('year', a.decision_date)::int * 100 + "
     "date_part('month', a.decision_date)::int) AS decision_ym, a.level AS level, a.code AS code, "
     "a.kind AS kind, a.unit_id AS unit_id, CASE WHEN a.person_id IS NOT NULL THEN 'P' WHEN "
     "a.collective_id IS NOT NULL THEN 'C' ELSE 'H' END AS subject, a.is_direct_worker AS "
     'is_direct_worker, a.is_grassroots_unit AS is_grassroots_unit, a.is_small_collective AS '
     'is_small_collective, a.movement AS movement, COALESCE(a.amount_vnd, 0) AS amount, '
     "COALESCE(x.sex, '') AS sex, COALESCE(x.ethnicity, '') AS ethnicity, x.sign FROM (SELECT id, "
     'old_sex AS sex, old_eth AS ethnicity, -1 AS sign FROM ch UNION ALL SELECT id, new_sex, new_eth, '
     "1 FROM ch) x JOIN registry_award a ON a.person_id = x.id WHERE a.status = 'valid'), t0 AS "
     '(INSERT INTO reports_awardtally (unit_id, year, decision_ym, level, code, kind, subject, '
     'is_direct_worker, is_grassroots_unit, is_small_collective, n, amount, n_male, n_female) SELECT '
     'unit_id, year, decision_ym, level, code, kind, subject, is_direct_worker, is_grassroots_unit, '
     "is_small_collective, SUM(sign), SUM(sign * amount), SUM(CASE WHEN subject = 'P' AND sex = 'M' "
     "THEN sign ELSE 0 END), SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN sign ELSE 0 END) FROM d "
     'WHERE true GROUP BY unit_id, year, decision_ym, level, code, kind, subject, is_direct_worker, '
     'is_grassroots_unit, is_small_collective HAVING SUM(sign) <> 0 OR SUM(sign * amount) <> 0 OR '
     "SUM(CASE WHEN subject = 'P' AND sex = 'M' THEN sign ELSE 0 END) <> 0 OR SUM(CASE WHEN subject = "
     "'P' AND sex = 'F' THEN sign ELSE 0 END) <> 0 ON CONFLICT (unit_id, year, decision_ym, level, "
     'code, kind, subject, is_direct_worker, is_grassroots_unit, is_small_collective) DO UPDATE SET n '
     '= reports_awardtally.n + excluded.n, amount = reports_awardtally.amount + excluded.amount, '
     'n_male = reports_awardtally.n_male + excluded.n_male, n_female = reports_awardtally.n_female + '
     'excluded.n_female), t1 AS (INSERT INTO reports_ethnicitytally (unit_id, year, decision_ym, '
     "ethnicity, n) SELECT unit_id, year, decision_ym, ethnicity, SUM(sign) FROM d WHERE subject = 'P' "
     'GROUP BY unit_id, year, decision_ym, ethnicity HAVING SUM(sign) <> 0 ON CONFLICT (unit_id, year, '
     'decision_ym, ethnicity) DO UPDATE SET n = reports_ethnicitytally.n + excluded.n), t2 AS (INSERT '
     'INTO reports_movementtally (unit_id, year, decision_ym, level, movement, n, amount) SELECT '
     'unit_id, year, decision_ym, level, movement, SUM(sign), SUM(sign * amount) FROM d WHERE movement '
     "<> '' GROUP BY unit_id, year, decision_ym, level, movement HAVING SUM(sign) <> 0 OR SUM(sign * "
     'amount) <> 0 ON CONFLICT (unit_id, year, decision_ym, level, movement) DO UPDATE SET n = '
     'reports_movementtally.n + excluded.n, amount = reports_movementtally.amount + excluded.amount), '
     't3 AS (INSERT INTO reports_provinceawardtally (year, decision_ym, level, code, kind, subject, '
     'is_direct_worker, is_grassroots_unit, is_small_collective, n, amount, n_male, n_female) SELECT '
     'year, decision_ym, level, code, kind, subject, is_direct_worker, is_grassroots_unit, '
     "is_small_collective, SUM(sign), SUM(sign * amount), SUM(CASE WHEN subject = 'P' AND sex = 'M' "
     "THEN sign ELSE 0 END), SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN sign ELSE 0 END) FROM d "
     'WHERE true GROUP BY year, decision_ym, level, code, kind, subject, is_direct_worker, '
     'is_grassroots_unit, is_small_collective HAVING SUM(sign) <> 0 OR SUM(sign * amount) <> 0 OR '
     "SUM(CASE WHEN subject = 'P' AND sex = 'M' THEN sign ELSE 0 END) <> 0 OR SUM(CASE WHEN subject = "
     "'P' AND sex = 'F' THEN sign ELSE 0 END) <> 0 ON CONFLICT (year, decision_ym, level, code, kind, "
     'subject, is_direct_worker, is_grassroots_unit, is_small_collective) DO UPDATE SET n = '
     'reports_provinceawardtally.n + excluded.n, amount = reports_provinceawardtally.amount + '
     'excluded.amount, n_male = reports_provinceawardtally.n_male + excluded.n_male, n_female = '
     'reports_provinceawardtally.n_female + excluded.n_female), t4 AS (INSERT INTO '
     'reports_provinceethnicitytally (year, decision_ym, ethnicity, n) SELECT year, decision_ym, '
     "ethnicity, SUM(sign) FROM d WHERE subject = 'P' GROUP BY year, decision_ym, ethnicity HAVING "
     'SUM(sign) <> 0 ON CONFLICT (year, decision_ym, ethnicity) DO UPDATE SET n = '
     'reports_provinceethnicitytally.n + excluded.n) INSERT INTO reports_provincemovementtally (year, '
     'decision_ym, level, movement, n, amount) SELECT year, decision_ym, level, movement, SUM(sign), '
     "SUM(sign * amount) FROM d WHERE movement <> '' GROUP BY year, decision_ym, level, movement "
     'HAVING SUM(sign) <> 0 OR SUM(sign * amount) <> 0 ON CONFLICT (year, decision_ym, level, '
     'movement) DO UPDATE SET n = reports_provincemovementtally.n + excluded.n, amount = '
     'reports_provincemovementtally.amount + excluded.amount; RETURN NULL; END; $$;'),
    ('CREATE TRIGGER reports_tally_ins AFTER INSERT ON registry_award REFERENCING NEW TABLE AS '
     'new_rows FOR EACH STATEMENT EXECUTE FUNCTION reports_tally_ins();'),
    ('CREATE TRIGGER reports_tally_del AFTER DELETE ON registry_award REFERENCING OLD TABLE AS '
     'old_rows FOR EACH STATEMENT EXECUTE FUNCTION reports_tally_del();'),
    ('CREATE TRIGGER reports_tally_upd AFTER UPDATE ON registry_award REFERENCING OLD TABLE AS '
     'old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reports_tally_upd();'),
    ('CREATE TRIGGER reports_tally_person_upd AFTER UPDATE ON org_person REFERENCING OLD TABLE AS '
     'old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reports_tally_person_upd();'),
)


PG_DROP = (
    'DROP TRIGGER IF EXISTS reports_tally_ins ON registry_award;',
    'DROP TRIGGER IF EXISTS reports_tally_del ON registry_award;',
    'DROP TRIGGER IF EXISTS reports_tally_upd ON registry_award;',
    'DROP TRIGGER IF EXISTS reports_tally_person_upd ON org_person;',
    'DROP FUNCTION IF EXISTS reports_tally_ins();',
    'DROP FUNCTION IF EXISTS reports_tally_del();',
    'DROP FUNCTION IF EXISTS reports_tally_upd();',
    'DROP FUNCTION IF EXISTS reports_tally_person_upd();',
)


PG_REBUILD = (
    ('TRUNCATE reports_awardtally, reports_ethnicitytally, reports_movementtally, '
     'reports_provinceawardtally, reports_provinceethnicitytally, reports_provincemovementtally;'),
    ('INSERT INTO reports_awardtally (unit_id, year, decision_ym, level, code, kind, subject, '
     'is_direct_worker, is_grassroots_unit, is_small_collective, n, amount, n_male, n_female) SELECT '
     'unit_id, year, decision_ym, level, code, kind, subject, is_direct_worker, is_grassroots_unit, '
     "is_small_collective, SUM(sign), SUM(sign * amount), SUM(CASE WHEN subject = 'P' AND sex = 'M' "
     "THEN sign ELSE 0 END), SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN sign ELSE 0 END) FROM "
     "(SELECT a.year AS year, (date_part('year', a.decision_date)::int * 100 + date_part('month', "
     'a.decision_date)::int) AS decision_ym, a.level AS level, a.code AS code, a.kind AS kind, '
     "a.unit_id AS unit_id, CASE WHEN a.person_id IS NOT NULL THEN 'P' WHEN a.collective_id IS NOT "
     "NULL THEN 'C' ELSE 'H' END AS subject, a.is_direct_worker AS is_direct_worker, "
     'a.is_grassroots_unit AS is_grassroots_unit, a.is_small_collective AS is_small_collective, '
     "a.movement AS movement, COALESCE(a.amount_vnd, 0) AS amount, COALESCE(p.sex, '') AS sex, "
     "COALESCE(p.ethnicity, '') AS ethnicity, 1 AS sign FROM registry_award a LEFT JOIN org_person p "
     "ON p.id = a.person_id WHERE a.status = 'valid') s WHERE true GROUP BY unit_id, year, "
     'decision_ym, level, code, kind, subject, is_direct_worker, is_grassroots_unit, '
     'is_small_collective HAVING SUM(sign) <> 0 OR SUM(sign * amount) <> 0 OR SUM(CASE WHEN subject = '
     "'P' AND sex = 'M' THEN sign ELSE 0 END) <> 0 OR SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN "
     'sign ELSE 0 END) <> 0'),
    ('INSERT INTO reports_ethnicitytally (unit_id, year, decision_ym, ethnicity, n) SELECT unit_id, '
     "year, decision_ym, ethnicity, SUM(sign) FROM (SELECT a.year AS year, (date_part('year', "
     "a.decision_date)::int * 100 + date_part('month', a.decision_date)::int) AS decision_ym, a.level "
     'AS level, a.code AS code, a.kind AS kind, a.unit_id AS unit_id, CASE WHEN a.person_id IS NOT '
     "NULL THEN 'P' WHEN a.collective_id IS NOT NULL THEN 'C' ELSE 'H' END AS subject, "
     'a.is_direct_worker AS is_direct_worker, a.is_grassroots_unit AS is_grassroots_unit, '
     'a.is_small_collective AS is_small_collective, a.movement AS movement, COALESCE(a.amount_vnd, 0) '
     "AS amount, COALESCE(p.sex, '') AS sex, COALESCE(p.ethnicity, '') AS ethnicity, 1 AS sign FROM "
     "registry_award a LEFT JOIN org_person p ON p.id = a.person_id WHERE a.status = 'valid') s WHERE "
     "subject = 'P' GROUP BY unit_id, year, decision_ym, ethnicity HAVING SUM(sign) <> 0"),
    ('INSERT INTO reports_movementtally (unit_id, year, decision_ym, level, movement, n, amount) '
     'SELECT unit_id, year, decision_ym, level, movement, SUM(sign), SUM(sign * amount) FROM (SELECT '
     "a.year AS year, (date_part('year', a.decision_date)::int * 100 + date_part('month', "
     'a.decision_date)::int) AS decision_ym, a.level AS level, a.code AS code, a.kind AS kind, '
     "a.unit_id AS unit_id, CASE WHEN a.person_id IS NOT NULL THEN 'P' WHEN a.collective_id IS NOT "
     "NULL THEN 'C' ELSE 'H' END AS subject, a.is_direct_worker AS is_direct_worker, "
     'a.is_grassroots_unit AS is_grassroots_unit, a.is_small_collective AS is_small_collective, '
     "a.movement AS movement, COALESCE(a.amount_vnd, 0) AS amount, COALESCE(p.sex, '') AS sex, "
     "COALESCE(p.ethnicity, '') AS ethnicity, 1 AS sign FROM registry_award a LEFT JOIN org_person p "
     "ON p.id = a.person_id WHERE a.status = 'valid') s WHERE movement <> '' GROUP BY unit_id, year, "
     'decision_ym, level, movement HAVING SUM(sign) <> 0 OR SUM(sign * amount) <> 0'),
    ('INSERT INTO reports_provinceawardtally (year, decision_ym, level, code, kind, subject, '
     'is_direct_worker, is_grassroots_unit, is_small_collective, n, amount, n_male, n_female) SELECT '
     'year, decision_ym, level, code, kind, subject, is_direct_worker, is_grassroots_unit, '
     'is_small_collective, SUM(n), SUM(amount), SUM(n_male), SUM(n_female) FROM reports_awardtally '
     'GROUP BY year, decision_ym, level, code, kind, subject, is_direct_worker, is_grassroots_unit, '
     'is_small_collective HAVING SUM(n) <> 0 OR SUM(amount) <> 0 OR SUM(n_male) <> 0 OR SUM(n_female) '
     '<> 0'),
    ('INSERT INTO reports_provinceethnicitytally (year, decision_ym, ethnicity, n) SELECT year, '
     'decision_ym, ethnicity, SUM(n) FROM reports_ethnicitytally GROUP BY year, decision_ym, ethnicity '
     'HAVING SUM(n) <> 0'),
    ('INSERT INTO reports_provincemovementtally (year, decision_ym, level, movement, n, amount) SELECT '
     'year, decision_ym, level, movement, SUM(n), SUM(amount) FROM reports_movementtally GROUP BY '
     'year, decision_ym, level, movement HAVING SUM(n) <> 0 OR SUM(amount) <> 0'),
)


SQLITE_INSTALL = (
    ("CREATE TRIGGER reports_tally_ins AFTER INSERT ON registry_award WHEN NEW.status = 'valid' BEGIN "
     'INSERT INTO reports_awardtally (unit_id, year, decision_ym, level, code, kind, subject, '
     'is_direct_worker, is_grassroots_unit, is_small_collective, n, amount, n_male, n_female) SELECT '
     'unit_id, year, decision_ym, level, code, kind, subject, is_direct_worker, is_grassroots_unit, '
     "is_small_collective, SUM(sign), SUM(sign * amount), SUM(CASE WHEN subject = 'P' AND sex = 'M' "
     "THEN sign ELSE 0 END), SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN sign ELSE 0 END) FROM "
     '(SELECT NEW.year AS year, (CAST(substr(NEW.decision_date, 1, 4) AS INTEGER) * 100 + '
     'CAST(substr(NEW.decision_date, 6, 2) AS INTEGER)) AS decision_ym, NEW.level AS level, NEW.code '
     "AS code, NEW.kind AS kind, NEW.unit_id AS unit_id, CASE WHEN NEW.person_id IS NOT NULL THEN 'P' "
     "WHEN NEW.collective_id IS NOT NULL THEN 'C' ELSE 'H' END AS subject, NEW.is_direct_worker AS "
     'is_direct_worker, NEW.is_grassroots_unit AS is_grassroots_unit, NEW.is_small_collective AS '
     'is_small_collective, NEW.movement AS movement, COALESCE(NEW.amount_vnd, 0) AS amount, '
     "COALESCE(p.sex, '') AS sex, COALESCE(p.ethnicity, '') AS ethnicity, 1 AS sign FROM (SELECT 1) "
     'LEFT JOIN org_person p ON p.id = NEW.person_id) WHERE true GROUP BY unit_id, year, decision_ym, '
     'level, code, kind, subject, is_direct_worker, is_grassroots_unit, is_small_collective HAVING '
     "SUM(sign) <> 0 OR SUM(sign * amount) <> 0 OR SUM(CASE WHEN subject = 'P' AND sex = 'M' THEN sign "
     "ELSE 0 END) <> 0 OR SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN sign ELSE 0 END) <> 0 ON "
     'CONFLICT (unit_id, year, decision_ym, level, code, kind, subject, is_direct_worker, '
     'is_grassroots_unit, is_small_collective) DO UPDATE SET n = reports_awardtally.n + excluded.n, '
     'amount = reports_awardtally.amount + excluded.amount, n_male = reports_awardtally.n_male + '
     'excluded.n_male, n_female = reports_awardtally.n_female + excluded.n_female; INSERT INTO '
     'reports_ethnicitytally (unit_id, year, decision_ym, ethnicity, n) SELECT unit_id, year, '
     'decision_ym, ethnicity, SUM(sign) FROM (SELECT NEW.year AS year, (CAST(substr(NEW.decision_date, '
     '1, 4) AS INTEGER) * 100 + CAST(substr(NEW.decision_date, 6, 2) AS INTEGER)) AS decision_ym, '
     'NEW.level AS level, NEW.code AS code, NEW.kind AS kind, NEW.unit_id AS unit_id, CASE WHEN '
     "NEW.person_id IS NOT NULL THEN 'P' WHEN NEW.collective_id IS NOT NULL THEN 'C' ELSE 'H' END AS "
     'subject, NEW.is_direct_worker AS is_direct_worker, NEW.is_grassroots_unit AS is_grassroots_unit, '
     'NEW.is_small_collective AS is_small_collective, NEW.movement AS movement, '
     "COALESCE(NEW.amount_vnd, 0) AS amount, COALESCE(p.sex, '') AS sex, COALESCE(p.ethnicity, '') AS "
     'ethnicity, 1 AS sign FROM (SELECT 1) LEFT JOIN org_person p ON p.id = NEW.person_id) WHERE '
     "subject = 'P' GROUP BY unit_id, year, decision_ym, ethnicity HAVING SUM(sign) <> 0 ON CONFLICT "
     '(unit_id, year, decision_ym, ethnicity) DO UPDATE SET n = reports_ethnicitytally.n + excluded.n; '
     'INSERT INTO reports_movementtally (unit_id, year, decision_ym, level, movement, n, amount) '
     'SELECT unit_id, year, decision_ym, level, movement, SUM(sign), SUM(sign * amount) FROM (SELECT '
     'NEW.year AS year, (CAST(substr(NEW.decision_date, 1, 4) AS INTEGER) * 100 + '
     'CAST(substr(NEW.decision_date, 6, 2) AS INTEGER)) AS decision_ym, NEW.level AS level, NEW.code '
     "AS code, NEW.kind AS kind, NEW.unit_id AS unit_id, CASE WHEN NEW.person_id IS NOT NULL THEN 'P' "
     "WHEN NEW.collective_id IS NOT NULL THEN 'C' ELSE 'H' END AS subject, NEW.is_direct_worker AS "
     'is_direct_worker, NEW.is_grassroots_unit AS is_grassroots_unit, NEW.is_small_collective AS '
     'is_small_collective, NEW.movement AS movement, COALESCE(NEW.amount_vnd, 0) AS amount, '
     "COALESCE(p.sex, '') AS sex, COALESCE(p.ethnicity, '') AS ethnicity, 1 AS sign FROM (SELECT 1) "
     "LEFT JOIN org_person p ON p.id = NEW.person_id) WHERE movement <> '' GROUP BY unit_id, year, "
     'decision_ym, level, movement HAVING SUM(sign) <> 0 OR SUM(sign * amount) <> 0 ON CONFLICT '
     '(unit_id, year, decision_ym, level, movement) DO UPDATE SET n = reports_movementtally.n + '
     'excluded.n, amount = reports_movementtally.amount + excluded.amount; INSERT INTO '
     'reports_provinceawardtally (year, decision_ym, level, code, kind, subject, is_direct_worker, '
     'is_grassroots_unit, is_small_collective, n, amount, n_male, n_female) SELECT year, decision_ym, '
     'level, code, kind, subject, is_direct_worker, is_grassroots_unit, is_small_collective, '
     "SUM(sign), SUM(sign * amount), SUM(CASE WHEN subject = 'P' AND sex = 'M' THEN sign ELSE 0 END), "
     "SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN sign ELSE 0 END) FROM (SELECT NEW.year AS year, "
     '(CAST(substr(NEW.decision_date, 1, 4) AS INTEGER) * 100 + CAST(substr(NEW.decision_date, 6, 2) '
     'AS INTEGER)) AS decision_ym, NEW.level AS level, NEW.code AS code, NEW.kind AS kind, NEW.unit_id '
     "AS unit_id, CASE WHEN NEW.person_id IS NOT NULL THEN 'P' WHEN NEW.collective_id IS NOT NULL THEN "
     "'C' ELSE 'H' END AS subject, NEW.is_direct_worker AS is_direct_worker, NEW.is_grassroots_unit AS "
     'is_grassroots_unit, NEW.is_small_collective AS is_small_collective, NEW.movement AS movement, '
     "COALESCE(NEW.amount_vnd, 0) AS amount, COALESCE(p.sex, '') AS sex, COALESCE(p.ethnicity, '') AS "
     'ethnicity, 1 AS sign FROM (SELECT 1) LEFT JOIN org_person p ON p.id = NEW.person_id) WHERE true '
     'GROUP BY year, decision_ym, level, code, kind, subject, is_direct_worker, is_grassroots_unit, '
     'is_small_collective HAVING SUM(sign) <> 0 OR SUM(sign * amount) <> 0 OR SUM(CASE WHEN subject = '
     "'P' AND sex = 'M' THEN sign ELSE 0 END) <> 0 OR SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN "
     'sign ELSE 0 END) <> 0 ON CONFLICT (year, decision_ym, level, code, kind, subject, '
     'is_direct_worker, is_grassroots_unit, is_small_collective) DO UPDATE SET n = '
     'reports_provinceawardtally.n + excluded.n, amount = reports_provinceawardtally.amount + '
     'excluded.amount, n_male = reports_provinceawardtally.n_male + excluded.n_male, n_female = '
     'reports_provinceawardtally.n_female + excluded.n_female; INSERT INTO '
     'reports_provinceethnicitytally (year, decision_ym, ethnicity, n) SELECT year, decision_ym, '
     'ethnicity, SUM(sign) FROM (SELECT NEW.year AS year, (CAST(substr(NEW.decision_date, 1, 4) AS '
     'INTEGER) * 100 + CAST(substr(NEW.decision_date, 6, 2) AS INTEGER)) AS decision_ym, NEW.level AS '
     'level, NEW.code AS code, NEW.kind AS kind, NEW.unit_id AS unit_id, CASE WHEN NEW.person_id IS '
     "NOT NULL THEN 'P' WHEN NEW.collective_id IS NOT NULL THEN 'C' ELSE 'H' END AS subject, "
     'NEW.is_direct_worker AS is_direct_worker, NEW.is_grassroots_unit AS is_grassroots_unit, '
     'NEW.is_small_collective AS is_small_collective, NEW.movement AS movement, '
     "COALESCE(NEW.amount_vnd, 0) AS amount, COALESCE(p.sex, '') AS sex, COALESCE(p.ethnicity, '') AS "
     'ethnicity, 1 AS sign FROM (SELECT 1) LEFT JOIN org_person p ON p.id = NEW.person_id) WHERE '
     "subject = 'P' GROUP BY year, decision_ym, ethnicity HAVING SUM(sign) <> 0 ON CONFLICT (year, "
     'decision_ym, ethnicity) DO UPDATE SET n = reports_provinceethnicitytally.n + excluded.n; INSERT '
     'INTO reports_provincemovementtally (year, decision_ym, level, movement, n, amount) SELECT year, '
     'decision_ym, level, movement, SUM(sign), SUM(sign * amount) FROM (SELECT NEW.year AS year, '
     '(CAST(substr(NEW.decision_date, 1, 4) AS INTEGER) * 100 + CAST(substr(NEW.decision_date, 6, 2) '
     'AS INTEGER)) AS decision_ym, NEW.level AS level, NEW.code AS code, NEW.kind AS kind, NEW.unit_id '
     "AS unit_id, CASE WHEN NEW.person_id IS NOT NULL THEN 'P' WHEN NEW.collective_id IS NOT NULL THEN "
     "'C' ELSE 'H' END AS subject, NEW.is_direct_worker AS is_direct_worker, NEW.is_grassroots_unit AS "
     'is_grassroots_unit, NEW.is_small_collective AS is_small_collective, NEW.movement AS movement, '
     "COALESCE(NEW.amount_vnd, 0) AS amount, COALESCE(p.sex, '') AS sex, COALESCE(p.ethnicity, '') AS "
     'ethnicity, 1 AS sign FROM (SELECT 1) LEFT JOIN org_person p ON p.id = NEW.person_id) WHERE '
     "movement <> '' GROUP BY year, decision_ym, level, movement HAVING SUM(sign) <> 0 OR SUM(sign * "
     'amount) <> 0 ON CONFLICT (year, decision_ym, level, movement) DO UPDATE SET n = '
     'reports_provincemovementtally.n + excluded.n, amount = reports_provincemovementtally.amount + '
     'excluded.amount; END;'),
    ("CREATE TRIGGER reports_tally_del AFTER DELETE ON registry_award WHEN OLD.status = 'valid' BEGIN "
     'INSERT INTO reports_awardtally (unit_id, year, decision_ym, level, code, kind, subject, '
     'is_direct_worker, is_grassroots_unit, is_small_collective, n, amount, n_male, n_female) SELECT '
     'unit_id, year, decision_ym, level, code, kind, subject, is_direct_worker, is_grassroots_unit, '
     "is_small_collective, SUM(sign), SUM(sign * amount), SUM(CASE WHEN subject = 'P' AND sex = 'M' "
     "THEN sign ELSE 0 END), SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN sign ELSE 0 END) FROM "
     '(SELECT OLD.year AS year, (CAST(substr(OLD.decision_date, 1, 4) AS INTEGER) * 100 + '
     'CAST(substr(OLD.decision_date, 6, 2) AS INTEGER)) AS decision_ym, OLD.level AS level, OLD.code '
     "AS code, OLD.kind AS kind, OLD.unit_id AS unit_id, CASE WHEN OLD.person_id IS NOT NULL THEN 'P' "
     "WHEN OLD.collective_id IS NOT NULL THEN 'C' ELSE 'H' END AS subject, OLD.is_direct_worker AS "
     'is_direct_worker, OLD.is_grassroots_unit AS is_grassroots_unit, OLD.is_small_collective AS '
     'is_small_collective, OLD.movement AS movement, COALESCE(OLD.amount_vnd, 0) AS amount, '
     "COALESCE(p.sex, '') AS sex, COALESCE(p.ethnicity, '') AS ethnicity, -1 AS sign FROM (SELECT 1) "
     'LEFT JOIN org_person p ON p.id = OLD.person_id) WHERE true GROUP BY unit_id, year, decision_ym, '
     'level, code, kind, subject, is_direct_worker, is_grassroots_unit, is_small_collective HAVING '
     "SUM(sign) <> 0 OR SUM(sign * amount) <> 0 OR SUM(CASE WHEN subject = 'P' AND sex = 'M' THEN sign "
     "ELSE 0 END) <> 0 OR SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN sign ELSE 0 END) <> 0 ON "
     'CONFLICT (unit_id, year, decision_ym, level, code, kind, subject, is_direct_worker, '
     'is_grassroots_unit, is_small_collective) DO UPDATE SET n = reports_awardtally.n + excluded.n, '
     'amount = reports_awardtally.amount + excluded.amount, n_male = reports_awardtally.n_male + '
     'excluded.n_male, n_female = reports_awardtally.n_female + excluded.n_female; INSERT INTO '
     'reports_ethnicitytally (unit_id, year, decision_ym, ethnicity, n) SELECT unit_id, year, '
     'decision_ym, ethnicity, SUM(sign) FROM (SELECT OLD.year AS year, (CAST(substr(OLD.decision_date, '
     '1, 4) AS INTEGER) * 100 + CAST(substr(OLD.decision_date, 6, 2) AS INTEGER)) AS decision_ym, '
     'OLD.level AS level, OLD.code AS code, OLD.kind AS kind, OLD.unit_id AS unit_id, CASE WHEN '
     "OLD.person_id IS NOT NULL THEN 'P' WHEN OLD.collective_id IS NOT NULL THEN 'C' ELSE 'H' END AS "
     'subject, OLD.is_direct_worker AS is_direct_worker, OLD.is_grassroots_unit AS is_grassroots_unit, '
     'OLD.is_small_collective AS is_small_collective, OLD.movement AS movement, '
     "COALESCE(OLD.amount_vnd, 0) AS amount, COALESCE(p.sex, '') AS sex, COALESCE(p.ethnicity, '') AS "
     'ethnicity, -1 AS sign FROM (SELECT 1) LEFT JOIN org_person p ON p.id = OLD.person_id) WHERE '
     "subject = 'P' GROUP BY unit_id, year, decision_ym, ethnicity HAVING SUM(sign) <> 0 ON CONFLICT "
     '(unit_id, year, decision_ym, ethnicity) DO UPDATE SET n = reports_ethnicitytally.n + excluded.n; '
     'INSERT INTO reports_movementtally (unit_id, year, decision_ym, level, movement, n, amount) '
     'SELECT unit_id, year, decision_ym, level, movement, SUM(sign), SUM(sign * amount) FROM (SELECT '
     'OLD.year AS year, (CAST(substr(OLD.decision_date, 1, 4) AS INTEGER) * 100 + '
     'CAST(substr(OLD.decision_date, 6, 2) AS INTEGER)) AS decision_ym, OLD.level AS level, OLD.code '
     "AS code, OLD.kind AS kind, OLD.unit_id AS unit_id, CASE WHEN OLD.person_id IS NOT NULL THEN 'P' "
     "WHEN OLD.collective_id IS NOT NULL THEN 'C' ELSE 'H' END AS subject, OLD.is_direct_worker AS "
     'is_direct_worker, OLD.is_grassroots_unit AS is_grassroots_unit, OLD.is_small_collective AS '
     'is_small_collective, OLD.movement AS movement, COALESCE(OLD.amount_vnd, 0) AS amount, '
     "COALESCE(p.sex, '') AS sex, COALESCE(p.ethnicity, '') AS ethnicity, -1 AS sign FROM (SELECT 1) "
     "LEFT JOIN org_person p ON p.id = OLD.person_id) WHERE movement <> '' GROUP BY unit_id, year, "
     'decision_ym, level, movement HAVING SUM(sign) <> 0 OR SUM(sign * amount) <> 0 ON CONFLICT '
     '(unit_id, year, decision_ym, level, movement) DO UPDATE SET n = reports_movementtally.n + '
     'excluded.n, amount = reports_movementtally.amount + excluded.amount; INSERT INTO '
     'reports_provinceawardtally (year, decision_ym, level, code, kind, subject, is_direct_worker, '
     'is_grassroots_unit, is_small_collective, n, amount, n_male, n_female) SELECT year, decision_ym, '
     'level, code, kind, subject, is_direct_worker, is_grassroots_unit, is_small_collective, '
     "SUM(sign), SUM(sign * amount), SUM(CASE WHEN subject = 'P' AND sex = 'M' THEN sign ELSE 0 END), "
     "SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN sign ELSE 0 END) FROM (SELECT OLD.year AS year, "
     '(CAST(substr(OLD.decision_date, 1, 4) AS INTEGER) * 100 + CAST(substr(OLD.decision_date, 6, 2) '
     'AS INTEGER)) AS decision_ym, OLD.level AS level, OLD.code AS code, OLD.kind AS kind, OLD.unit_id '
     "AS unit_id, CASE WHEN OLD.person_id IS NOT NULL THEN 'P' WHEN OLD.collective_id IS NOT NULL THEN "
     "'C' ELSE 'H' END AS subject, OLD.is_direct_worker AS is_direct_worker, OLD.is_grassroots_unit AS "
     'is_grassroots_unit, OLD.is_small_collective AS is_small_collective, OLD.movement AS movement, '
     "COALESCE(OLD.amount_vnd, 0) AS amount, COALESCE(p.sex, '') AS sex, COALESCE(p.ethnicity, '') AS "
     'ethnicity, -1 AS sign FROM (SELECT 1) LEFT JOIN org_person p ON p.id = OLD.person_id) WHERE true '
     'GROUP BY year, decision_ym, level, code, kind, subject, is_direct_worker, is_grassroots_unit, '
     'is_small_collective HAVING SUM(sign) <> 0 OR SUM(sign * amount) <> 0 OR SUM(CASE WHEN subject = '
     "'P' AND sex = 'M' THEN sign ELSE 0 END) <> 0 OR SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN "
     'sign ELSE 0 END) <> 0 ON CONFLICT (year, decision_ym, level, code, kind, subject, '
     'is_direct_worker, is_grassroots_unit, is_small_collective) DO UPDATE SET n = '
     'reports_provinceawardtally.n + excluded.n, amount = reports_provinceawardtally.amount + '
     'excluded.amount, n_male = reports_provinceawardtally.n_male + excluded.n_male, n_female = '
     'reports_provinceawardtally.n_female + excluded.n_female; INSERT INTO '
     'reports_provinceethnicitytally (year, decision_ym, ethnicity, n) SELECT year, decision_ym, '
     'ethnicity, SUM(sign) FROM (SELECT OLD.year AS year, (CAST(substr(OLD.decision_date, 1, 4) AS '
     'INTEGER) * 100 + CAST(substr(OLD.decision_date, 6, 2) AS INTEGER)) AS decision_ym, OLD.level AS '
     'level, OLD.code AS code, OLD.kind AS kind, OLD.unit_id AS unit_id, CASE WHEN OLD.person_id IS '
     "NOT NULL THEN 'P' WHEN OLD.collective_id IS NOT NULL THEN 'C' ELSE 'H' END AS subject, "
     'OLD.is_direct_worker AS is_direct_worker, OLD.is_grassroots_unit AS is_grassroots_unit, '
     'OLD.is_small_collective AS is_small_collective, OLD.movement AS movement, '
     "COALESCE(OLD.amount_vnd, 0) AS amount, COALESCE(p.sex, '') AS sex, COALESCE(p.ethnicity, '') AS "
     'ethnicity, -1 AS sign FROM (SELECT 1) LEFT JOIN org_person p ON p.id = OLD.person_id) WHERE '
     "subject = 'P' GROUP BY year, decision_ym, ethnicity HAVING SUM(sign) <> 0 ON CONFLICT (year, "
     'decision_ym, ethnicity) DO UPDATE SET n = reports_provinceethnicitytally.n + excluded.n; INSERT '
     'INTO reports_provincemovementtally (year, decision_ym, level, movement, n, amount) SELECT year, '
     'decision_ym, level, movement, SUM(sign), SUM(sign * amount) FROM (SELECT OLD.year AS year, '
     '(CAST(substr(OLD.decision_date, 1, 4) AS INTEGER) * 100 + CAST(substr(OLD.decision_date, 6, 2) '
     'AS INTEGER)) AS decision_ym, OLD.level AS level, OLD.code AS code, OLD.kind AS kind, OLD.unit_id '
     "AS unit_id, CASE WHEN OLD.person_id IS NOT NULL THEN 'P' WHEN OLD.collective_id IS NOT NULL THEN "
     "'C' ELSE 'H' END AS subject, OLD.is_direct_worker AS is_direct_worker, OLD.is_grassroots_unit AS "
     'is_grassroots_unit, OLD.is_small_collective AS is_small_collective, OLD.movement AS movement, '
     "COALESCE(OLD.amount_vnd, 0) AS amount, COALESCE(p.sex, '') AS sex, COALESCE(p.ethnicity, '') AS "
     'ethnicity, -1 AS sign FROM (SELECT 1) LEFT JOIN org_person p ON p.id = OLD.person_id) WHERE '
     "movement <> '' GROUP BY year, decision_ym, level, movement HAVING SUM(sign) <> 0 OR SUM(sign * "
     'amount) <> 0 ON CONFLICT (year, decision_ym, level, movement) DO UPDATE SET n = '
     'reports_provincemovementtally.n + excluded.n, amount = reports_provincemovementtally.amount + '
     'excluded.amount; END;'),
    ('CREATE TRIGGER reports_tally_upd_old AFTER UPDATE OF status, year, decision_date, level, code, '
     'kind, unit_id, person_id, collective_id, household_id, is_direct_worker, is_grassroots_unit, '
     "is_small_collective, movement, amount_vnd ON registry_award WHEN OLD.status = 'valid' BEGIN "
     'INSERT INTO reports_awardtally (unit_id, year, decision_ym, level, code, kind, subject, '
     'is_direct_worker, is_grassroots_unit, is_small_collective, n, amount, n_male, n_female) SELECT '
     'unit_id, year, decision_ym, level, code, kind, subject, is_direct_worker, is_grassroots_unit, '
     "is_small_collective, SUM(sign), SUM(sign * amount), SUM(CASE WHEN subject = 'P' AND sex = 'M' "
     "THEN sign ELSE 0 END), SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN sign ELSE 0 END) FROM "
     '(SELECT OLD.year AS year, (CAST(substr(OLD.decision_date, 1, 4) AS INTEGER) * 100 + '
     'CAST(substr(OLD.decision_date, 6, 2) AS INTEGER)) AS decision_ym, OLD.level AS level, OLD.code '
     "AS code, OLD.kind AS kind, OLD.unit_id AS unit_id, CASE WHEN OLD.person_id IS NOT NULL THEN 'P' "
     "WHEN OLD.collective_id IS NOT NULL THEN 'C' ELSE 'H' END AS subject, OLD.is_direct_worker AS "
     'is_direct_worker, OLD.is_grassroots_unit AS is_grassroots_unit, OLD.is_small_collective AS '
     'is_small_collective, OLD.movement AS movement, COALESCE(OLD.amount_vnd, 0) AS amount, '
     "COALESCE(p.sex, '') AS sex, COALESCE(p.ethnicity, '') AS ethnicity, -1 AS sign FROM (SELECT 1) "
     'LEFT JOIN org_person p ON p.id = OLD.person_id) WHERE true GROUP BY unit_id, year, decision_ym, '
     'level, code, kind, subject, is_direct_worker, is_grassroots_unit, is_small_collective HAVING '
     "SUM(sign) <> 0 OR SUM(sign * amount) <> 0 OR SUM(CASE WHEN subject = 'P' AND sex = 'M' THEN sign "
     "ELSE 0 END) <> 0 OR SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN sign ELSE 0 END) <> 0 ON "
     'CONFLICT (unit_id, year, decision_ym, level, code, kind, subject, is_direct_worker, '
     'is_grassroots_unit, is_small_collective) DO UPDATE SET n = reports_awardtally.n + excluded.n, '
     'amount = reports_awardtally.amount + excluded.amount, n_male = reports_awardtally.n_male + '
     'excluded.n_male, n_female = reports_awardtally.n_female + excluded.n_female; INSERT INTO '
     'reports_ethnicitytally (unit_id, year, decision_ym, ethnicity, n) SELECT unit_id, year, '
     'decision_ym, ethnicity, SUM(sign) FROM (SELECT OLD.year AS year, (CAST(substr(OLD.decision_date, '
     '1, 4) AS INTEGER) * 100 + CAST(substr(OLD.decision_date, 6, 2) AS INTEGER)) AS decision_ym, '
     'OLD.level AS level, OLD.code AS code, OLD.kind AS kind, OLD.unit_id AS unit_id, CASE WHEN '
     "OLD.person_id IS NOT NULL THEN 'P' WHEN OLD.collective_id IS NOT NULL THEN 'C' ELSE 'H' END AS "
     'subject, OLD.is_direct_worker AS is_direct_worker, OLD.is_grassroots_unit AS is_grassroots_unit, '
     'OLD.is_small_collective AS is_small_collective, OLD.movement AS movement, '
     "COALESCE(OLD.amount_vnd, 0) AS amount, COALESCE(p.sex, '') AS sex, COALESCE(p.ethnicity, '') AS "
     'ethnicity, -1 AS sign FROM (SELECT 1) LEFT JOIN org_person p ON p.id = OLD.person_id) WHERE '
     "subject = 'P' GROUP BY unit_id, year, decision_ym, ethnicity HAVING SUM(sign) <> 0 ON CONFLICT "
     '(unit_id, year, decision_ym, ethnicity) DO UPDATE SET n = reports_ethnicitytally.n + excluded.n; '
     'INSERT INTO reports_movementtally (unit_id, year, decision_ym, level, movement, n, amount) '
     'SELECT unit_id, year, decision_ym, level, movement, SUM(sign), SUM(sign * amount) FROM (SELECT '
     'OLD.year AS year, (CAST(substr(OLD.decision_date, 1, 4) AS INTEGER) * 100 + '
     'CAST(substr(OLD.decision_date, 6, 2) AS INTEGER)) AS decision_ym, OLD.level AS level, OLD.code '
     "AS code, OLD.kind AS kind, OLD.unit_id AS unit_id, CASE WHEN OLD.person_id IS NOT NULL THEN 'P' "
     "WHEN OLD.collective_id IS NOT NULL THEN 'C' ELSE 'H' END AS subject, OLD.is_direct_worker AS "
     'is_direct_worker, OLD.is_grassroots_unit AS is_grassroots_unit, OLD.is_small_collective AS '
     'is_small_collective, OLD.movement AS movement, COALESCE(OLD.amount_vnd, 0) AS amount, '
     "COALESCE(p.sex, '') AS sex, COALESCE(p.ethnicity, '') AS ethnicity, -1 AS sign FROM (SELECT 1) "
     "LEFT JOIN org_person p ON p.id = OLD.person_id) WHERE movement <> '' GROUP BY unit_id, year, "
     'decision_ym, level, movement HAVING SUM(sign) <> 0 OR SUM(sign * amount) <> 0 ON CONFLICT '
     '(unit_id, year, decision_ym, level, movement) DO UPDATE SET n = reports_movementtally.n + '
     'excluded.n, amount = reports_movementtally.amount + excluded.amount; INSERT INTO '
     'reports_provinceawardtally (year, decision_ym, level, code, kind, subject, is_direct_worker, '
     'is_grassroots_unit, is_small_collective, n, amount, n_male, n_female) SELECT year, decision_ym, '
     'level, code, kind, subject, is_direct_worker, is_grassroots_unit, is_small_collective, '
     "SUM(sign), SUM(sign * amount), SUM(CASE WHEN subject = 'P' AND sex = 'M' THEN sign ELSE 0 END), "
     "SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN sign ELSE 0 END) FROM (SELECT OLD.year AS year, "
     '(CAST(substr(OLD.decision_date, 1, 4) AS INTEGER) * 100 + CAST(substr(OLD.decision_date, 6, 2) '
     'AS INTEGER)) AS decision_ym, OLD.level AS level, OLD.code AS code, OLD.kind AS kind, OLD.unit_id '
     "AS unit_id, CASE WHEN OLD.person_id IS NOT NULL THEN 'P' WHEN OLD.collective_id IS NOT NULL THEN "
     "'C' ELSE 'H' END AS subject, OLD.is_direct_worker AS is_direct_worker, OLD.is_grassroots_unit AS "
     'is_grassroots_unit, OLD.is_small_collective AS is_small_collective, OLD.movement AS movement, '
     "COALESCE(OLD.amount_vnd, 0) AS amount, COALESCE(p.sex, '') AS sex, COALESCE(p.ethnicity, '') AS "
     'ethnicity, -1 AS sign FROM (SELECT 1) LEFT JOIN org_person p ON p.id = OLD.person_id) WHERE true '
     'GROUP BY year, decision_ym, level, code, kind, subject, is_direct_worker, is_grassroots_unit, '
     'is_small_collective HAVING SUM(sign) <> 0 OR SUM(sign * amount) <> 0 OR SUM(CASE WHEN subject = '
     "'P' AND sex = 'M' THEN sign ELSE 0 END) <> 0 OR SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN "
     'sign ELSE 0 END) <> 0 ON CONFLICT (year, decision_ym, level, code, kind, subject, '
     'is_direct_worker, is_grassroots_unit, is_small_collective) DO UPDATE SET n = '
     'reports_provinceawardtally.n + excluded.n, amount = reports_provinceawardtally.amount + '
     'excluded.amount, n_male = reports_provinceawardtally.n_male + excluded.n_male, n_female = '
     'reports_provinceawardtally.n_female + excluded.n_female; INSERT INTO '
     'reports_provinceethnicitytally (year, decision_ym, ethnicity, n) SELECT year, decision_ym, '
     'ethnicity, SUM(sign) FROM (SELECT OLD.year AS year, (CAST(substr(OLD.decision_date, 1, 4) AS '
     'INTEGER) * 100 + CAST(substr(OLD.decision_date, 6, 2) AS INTEGER)) AS decision_ym, OLD.level AS '
     'level, OLD.code AS code, OLD.kind AS kind, OLD.unit_id AS unit_id, CASE WHEN OLD.person_id IS '
     "NOT NULL THEN 'P' WHEN OLD.collective_id IS NOT NULL THEN 'C' ELSE 'H' END AS subject, "
     'OLD.is_direct_worker AS is_direct_worker, OLD.is_grassroots_unit AS is_grassroots_unit, '
     'OLD.is_small_collective AS is_small_collective, OLD.movement AS movement, '
     "COALESCE(OLD.amount_vnd, 0) AS amount, COALESCE(p.sex, '') AS sex, COALESCE(p.ethnicity, '') AS "
     'ethnicity, -1 AS sign FROM (SELECT 1) LEFT JOIN org_person p ON p.id = OLD.person_id) WHERE '
     "subject = 'P' GROUP BY year, decision_ym, ethnicity HAVING SUM(sign) <> 0 ON CONFLICT (year, "
     'decision_ym, ethnicity) DO UPDATE SET n = reports_provinceethnicitytally.n + excluded.n; INSERT '
     'INTO reports_provincemovementtally (year, decision_ym, level, movement, n, amount) SELECT year, '
     'decision_ym, level, movement, SUM(sign), SUM(sign * amount) FROM (SELECT OLD.year AS year, '
     '(CAST(substr(OLD.decision_date, 1, 4) AS INTEGER) * 100 + CAST(substr(OLD.decision_date, 6, 2) '
     'AS INTEGER)) AS decision_ym, OLD.level AS level, OLD.code AS code, OLD.kind AS kind, OLD.unit_id '
     "AS unit_id, CASE WHEN OLD.person_id IS NOT NULL THEN 'P' WHEN OLD.collective_id IS NOT NULL THEN "
     "'C' ELSE 'H' END AS subject, OLD.is_direct_worker AS is_direct_worker, OLD.is_grassroots_unit AS "
     'is_grassroots_unit, OLD.is_small_collective AS is_small_collective, OLD.movement AS movement, '
     "COALESCE(OLD.amount_vnd, 0) AS amount, COALESCE(p.sex, '') AS sex, COALESCE(p.ethnicity, '') AS "
     'ethnicity, -1 AS sign FROM (SELECT 1) LEFT JOIN org_person p ON p.id = OLD.person_id) WHERE '
     "movement <> '' GROUP BY year, decision_ym, level, movement HAVING SUM(sign) <> 0 OR SUM(sign * "
     'amount) <> 0 ON CONFLICT (year, decision_ym, level, movement) DO UPDATE SET n = '
     'reports_provincemovementtally.n + excluded.n, amount = reports_provincemovementtally.amount + '
     'excluded.amount; END;'),
    ('CREATE TRIGGER reports_tally_upd_new AFTER UPDATE OF status, year, decision_date, level, code, '
     'kind, unit_id, person_id, collective_id, household_id, is_direct_worker, is_grassroots_unit, '
     "is_small_collective, movement, amount_vnd ON registry_award WHEN NEW.status = 'valid' BEGIN "
     'INSERT INTO reports_awardtally (unit_id, year, decision_ym, level, code, kind, subject, '
     'is_direct_worker, is_grassroots_unit, is_small_collective, n, amount, n_male, n_female) SELECT '
     'unit_id, year, decision_ym, level, code, kind, subject, is_direct_worker, is_grassroots_unit, '
     "is_small_collective, SUM(sign), SUM(sign * amount), SUM(CASE WHEN subject = 'P' AND sex = 'M' "
     "THEN sign ELSE 0 END), SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN sign ELSE 0 END) FROM "
     '(SELECT NEW.year AS year, (CAST(substr(NEW.decision_date, 1, 4) AS INTEGER) * 100 + '
     'CAST(substr(NEW.decision_date, 6, 2) AS INTEGER)) AS decision_ym, NEW.level AS level, NEW.code '
     "AS code, NEW.kind AS kind, NEW.unit_id AS unit_id, CASE WHEN NEW.person_id IS NOT NULL THEN 'P' "
     "WHEN NEW.collective_id IS NOT NULL THEN 'C' ELSE 'H' END AS subject, NEW.is_direct_worker AS "
     'is_direct_worker, NEW.is_grassroots_unit AS is_grassroots_unit, NEW.is_small_collective AS '
     'is_small_collective, NEW.movement AS movement, COALESCE(NEW.amount_vnd, 0) AS amount, '
     "COALESCE(p.sex, '') AS sex, COALESCE(p.ethnicity, '') AS ethnicity, 1 AS sign FROM (SELECT 1) "
     'LEFT JOIN org_person p ON p.id = NEW.person_id) WHERE true GROUP BY unit_id, year, decision_ym, '
     'level, code, kind, subject, is_direct_worker, is_grassroots_unit, is_small_collective HAVING '
     "SUM(sign) <> 0 OR SUM(sign * amount) <> 0 OR SUM(CASE WHEN subject = 'P' AND sex = 'M' THEN sign "
     "ELSE 0 END) <> 0 OR SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN sign ELSE 0 END) <> 0 ON "
     'CONFLICT (unit_id, year, decision_ym, level, code, kind, subject, is_direct_worker, '
     'is_grassroots_unit, is_small_collective) DO UPDATE SET n = reports_awardtally.n + excluded.n, '
     'amount = reports_awardtally.amount + excluded.amount, n_male = reports_awardtally.n_male + '
     'excluded.n_male, n_female = reports_awardtally.n_female + excluded.n_female; INSERT INTO '
     'reports_ethnicitytally (unit_id, year, decision_ym, ethnicity, n) SELECT unit_id, year, '
     'decision_ym, ethnicity, SUM(sign) FROM (SELECT NEW.year AS year, (CAST(substr(NEW.decision_date, '
     '1, 4) AS INTEGER) * 100 + CAST(substr(NEW.decision_date, 6, 2) AS INTEGER)) AS decision_ym, '
     'NEW.level AS level, NEW.code AS code, NEW.kind AS kind, NEW.unit_id AS unit_id, CASE WHEN '
     "NEW.person_id IS NOT NULL THEN 'P' WHEN NEW.collective_id IS NOT NULL THEN 'C' ELSE 'H' END AS "
     'subject, NEW.is_direct_worker AS is_direct_worker, NEW.is_grassroots_unit AS is_grassroots_unit, '
     'NEW.is_small_collective AS is_small_collective, NEW.movement AS movement, '
     "COALESCE(NEW.amount_vnd, 0) AS amount, COALESCE(p.sex, '') AS sex, COALESCE(p.ethnicity, '') AS "
     'ethnicity, 1 AS sign FROM (SELECT 1) LEFT JOIN org_person p ON p.id = NEW.person_id) WHERE '
     "subject = 'P' GROUP BY unit_id, year, decision_ym, ethnicity HAVING SUM(sign) <> 0 ON CONFLICT "
     '(unit_id, year, decision_ym, ethnicity) DO UPDATE SET n = reports_ethnicitytally.n + excluded.n; '
     'INSERT INTO reports_movementtally (unit_id, year, decision_ym, level, movement, n, amount) '
     'SELECT unit_id, year, decision_ym, level, movement, SUM(sign), SUM(sign * amount) FROM (SELECT '
     'NEW.year AS year, (CAST(substr(NEW.decision_date, 1, 4) AS INTEGER) * 100 + '
     'CAST(substr(NEW.decision_date, 6, 2) AS INTEGER)) AS decision_ym, NEW.level AS level, NEW.code '
     "AS code, NEW.kind AS kind, NEW.unit_id AS unit_id, CASE WHEN NEW.person_id IS NOT NULL THEN 'P' "
     "WHEN NEW.collective_id IS NOT NULL THEN 'C' ELSE 'H' END AS subject, NEW.is_direct_worker AS "
     'is_direct_worker, NEW.is_grassroots_unit AS is_grassroots_unit, NEW.is_small_collective AS '
     'is_small_collective, NEW.movement AS movement, COALESCE(NEW.amount_vnd, 0) AS amount, '
     "COALESCE(p.sex, '') AS sex, COALESCE(p.ethnicity, '') AS ethnicity, 1 AS sign FROM (SELECT 1) "
     "LEFT JOIN org_person p ON p.id = NEW.person_id) WHERE movement <> '' GROUP BY unit_id, year, "
     'decision_ym, level, movement HAVING SUM(sign) <> 0 OR SUM(sign * amount) <> 0 ON CONFLICT '
     '(unit_id, year, decision_ym, level, movement) DO UPDATE SET n = reports_movementtally.n + '
     'excluded.n, amount = reports_movementtally.amount + excluded.amount; INSERT INTO '
     'reports_provinceawardtally (year, decision_ym, level, code, kind, subject, is_direct_worker, '
     'is_grassroots_unit, is_small_collective, n, amount, n_male, n_female) SELECT year, decision_ym, '
     'level, code, kind, subject, is_direct_worker, is_grassroots_unit, is_small_collective, '
     "SUM(sign), SUM(sign * amount), SUM(CASE WHEN subject = 'P' AND sex = 'M' THEN sign ELSE 0 END), "
     "SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN sign ELSE 0 END) FROM (SELECT NEW.year AS year, "
     '(CAST(substr(NEW.decision_date, 1, 4) AS INTEGER) * 100 + CAST(substr(NEW.decision_date, 6, 2) '
     'AS INTEGER)) AS decision_ym, NEW.level AS level, NEW.code AS code, NEW.kind AS kind, NEW.unit_id '
     "AS unit_id, CASE WHEN NEW.person_id IS NOT NULL THEN 'P' WHEN NEW.collective_id IS NOT NULL THEN "
     "'C' ELSE 'H' END AS subject, NEW.is_direct_worker AS is_direct_worker, NEW.is_grassroots_unit AS "
     'is_grassroots_unit, NEW.is_small_collective AS is_small_collective, NEW.movement AS movement, '
     "COALESCE(NEW.amount_vnd, 0) AS amount, COALESCE(p.sex, '') AS sex, COALESCE(p.ethnicity, '') AS "
     'ethnicity, 1 AS sign FROM (SELECT 1) LEFT JOIN org_person p ON p.id = NEW.person_id) WHERE true '
     'GROUP BY year, decision_ym, level, code, kind, subject, is_direct_worker, is_grassroots_unit, '
     'is_small_collective HAVING SUM(sign) <> 0 OR SUM(sign * amount) <> 0 OR SUM(CASE WHEN subject = '
     "'P' AND sex = 'M' THEN sign ELSE 0 END) <> 0 OR SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN "
     'sign ELSE 0 END) <> 0 ON CONFLICT (year, decision_ym, level, code, kind, subject, '
     'is_direct_worker, is_grassroots_unit, is_small_collective) DO UPDATE SET n = '
     'reports_provinceawardtally.n + excluded.n, amount = reports_provinceawardtally.amount + '
     'excluded.amount, n_male = reports_provinceawardtally.n_male + excluded.n_male, n_female = '
     'reports_provinceawardtally.n_female + excluded.n_female; INSERT INTO '
     'reports_provinceethnicitytally (year, decision_ym, ethnicity, n) SELECT year, decision_ym, '
     'ethnicity, SUM(sign) FROM (SELECT NEW.year AS year, (CAST(substr(NEW.decision_date, 1, 4) AS '
     'INTEGER) * 100 + CAST(substr(NEW.decision_date, 6, 2) AS INTEGER)) AS decision_ym, NEW.level AS '
     'level, NEW.code AS code, NEW.kind AS kind, NEW.unit_id AS unit_id, CASE WHEN NEW.person_id IS '
     "NOT NULL THEN 'P' WHEN NEW.collective_id IS NOT NULL THEN 'C' ELSE 'H' END AS subject, "
     'NEW.is_direct_worker AS is_direct_worker, NEW.is_grassroots_unit AS is_grassroots_unit, '
     'NEW.is_small_collective AS is_small_collective, NEW.movement AS movement, '
     "COALESCE(NEW.amount_vnd, 0) AS amount, COALESCE(p.sex, '') AS sex, COALESCE(p.ethnicity, '') AS "
     'ethnicity, 1 AS sign FROM (SELECT 1) LEFT JOIN org_person p ON p.id = NEW.person_id) WHERE '
     "subject = 'P' GROUP BY year, decision_ym, ethnicity HAVING SUM(sign) <> 0 ON CONFLICT (year, "
     'decision_ym, ethnicity) DO UPDATE SET n = reports_provinceethnicitytally.n + excluded.n; INSERT '
     'INTO reports_provincemovementtally (year, decision_ym, level, movement, n, amount) SELECT year, '
     'decision_ym, level, movement, SUM(sign), SUM(sign * amount) FROM (SELECT NEW.year AS year, '
     '(CAST(substr(NEW.decision_date, 1, 4) AS INTEGER) * 100 + CAST(substr(NEW.decision_date, 6, 2) '
     'AS INTEGER)) AS decision_ym, NEW.level AS level, NEW.code AS code, NEW.kind AS kind, NEW.unit_id '
     "AS unit_id, CASE WHEN NEW.person_id IS NOT NULL THEN 'P' WHEN NEW.collective_id IS NOT NULL THEN "
     "'C' ELSE 'H' END AS subject, NEW.is_direct_worker AS is_direct_worker, NEW.is_grassroots_unit AS "
     'is_grassroots_unit, NEW.is_small_collective AS is_small_collective, NEW.movement AS movement, '
     "COALESCE(NEW.amount_vnd, 0) AS amount, COALESCE(p.sex, '') AS sex, COALESCE(p.ethnicity, '') AS "
     'ethnicity, 1 AS sign FROM (SELECT 1) LEFT JOIN org_person p ON p.id = NEW.person_id) WHERE '
     "movement <> '' GROUP BY year, decision_ym, level, movement HAVING SUM(sign) <> 0 OR SUM(sign * "
     'amount) <> 0 ON CONFLICT (year, decision_ym, level, movement) DO UPDATE SET n = '
     'reports_provincemovementtally.n + excluded.n, amount = reports_provincemovementtally.amount + '
     'excluded.amount; END;'),
    ('CREATE TRIGGER reports_tally_person_upd AFTER UPDATE OF sex, ethnicity ON org_person WHEN '
     'OLD.sex IS NOT NEW.sex OR OLD.ethnicity IS NOT NEW.ethnicity BEGIN INSERT INTO '
     'reports_awardtally (unit_id, year, decision_ym, level, code, kind, subject, is_direct_worker, '
     'is_grassroots_unit, is_small_collective, n, amount, n_male, n_female) SELECT unit_id, year, '
     'decision_ym, level, code, kind, subject, is_direct_worker, is_grassroots_unit, '
     "is_small_collective, SUM(sign), SUM(sign * amount), SUM(CASE WHEN subject = 'P' AND sex = 'M' "
     "THEN sign ELSE 0 END), SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN sign ELSE 0 END) FROM "
     '(SELECT a.year AS year, (CAST(substr(a.decision_date, 1, 4) AS INTEGER) * 100 + '
     'CAST(substr(a.decision_date, 6, 2) AS INTEGER)) AS decision_ym, a.level AS level, a.code AS '
     "code, a.kind AS kind, a.unit_id AS unit_id, CASE WHEN a.person_id IS NOT NULL THEN 'P' WHEN "
     "a.collective_id IS NOT NULL THEN 'C' ELSE 'H' END AS subject, a.is_direct_worker AS "
     'is_direct_worker, a.is_grassroots_unit AS is_grassroots_unit, a.is_small_collective AS '
     'is_small_collective, a.movement AS movement, COALESCE(a.amount_vnd, 0) AS amount, '
     "COALESCE(OLD.sex, '') AS sex, COALESCE(OLD.ethnicity, '') AS ethnicity, -1 AS sign FROM "
     "registry_award a WHERE a.person_id = OLD.id AND a.status = 'valid') WHERE true GROUP BY unit_id, "
     'year, decision_ym, level, code, kind, subject, is_direct_worker, is_grassroots_unit, '
     'is_small_collective HAVING SUM(sign) <> 0 OR SUM(sign * amount) <> 0 OR SUM(CASE WHEN subject = '
     "'P' AND sex = 'M' THEN sign ELSE 0 END) <> 0 OR SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN "
     'sign ELSE 0 END) <> 0 ON CONFLICT (unit_id, year, decision_ym, level, code, kind, subject, '
     'is_direct_worker, is_grassroots_unit, is_small_collective) DO UPDATE SET n = '
     'reports_awardtally.n + excluded.n, amount = reports_awardtally.amount + excluded.amount, n_male '
     '= reports_awardtally.n_male + excluded.n_male, n_female = reports_awardtally.n_female + '
     'excluded.n_female; INSERT INTO reports_ethnicitytally (unit_id, year, decision_ym, ethnicity, n) '
     'SELECT unit_id, year, decision_ym, ethnicity, SUM(sign) FROM (SELECT a.year AS year, '
     '(CAST(substr(a.decision_date, 1, 4) AS INTEGER) * 100 + CAST(substr(a.decision_date, 6, 2) AS '
     'INTEGER)) AS decision_ym, a.level AS level, a.code AS code, a.kind AS kind, a.unit_id AS '
     "unit_id, CASE WHEN a.person_id IS NOT NULL THEN 'P' WHEN a.collective_id IS NOT NULL THEN 'C' "
     "ELSE 'H' END AS subject, a.is_direct_worker AS is_direct_worker, a.is_grassroots_unit AS "
     'is_grassroots_unit, a.is_small_collective AS is_small_collective, a.movement AS movement, '
     "COALESCE(a.amount_vnd, 0) AS amount, COALESCE(OLD.sex, '') AS sex, COALESCE(OLD.ethnicity, '') "
     'AS ethnicity, -1 AS sign FROM registry_award a WHERE a.person_id = OLD.id AND a.status = '
     "'valid') WHERE subject = 'P' GROUP BY unit_id, year, decision_ym, ethnicity HAVING SUM(sign) <> "
     '0 ON CONFLICT (unit_id, year, decision_ym, ethnicity) DO UPDATE SET n = reports_ethnicitytally.n '
     '+ excluded.n; INSERT INTO reports_provinceawardtally (year, decision_ym, level, code, kind, '
     'subject, is_direct_worker, is_grassroots_unit, is_small_collective, n, amount, n_male, n_female) '
     'SELECT year, decision_ym, level, code, kind, subject, is_direct_worker, is_grassroots_unit, '
     "is_small_collective, SUM(sign), SUM(sign * amount), SUM(CASE WHEN subject = 'P' AND sex = 'M' "
     "THEN sign ELSE 0 END), SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN sign ELSE 0 END) FROM "
     '(SELECT a.year AS year, (CAST(substr(a.decision_date, 1, 4) AS INTEGER) * 100 + '
     'CAST(substr(a.decision_date, 6, 2) AS INTEGER)) AS decision_ym, a.level AS level, a.code AS '
     "code, a.kind AS kind, a.unit_id AS unit_id, CASE WHEN a.person_id IS NOT NULL THEN 'P' WHEN "
     "a.collective_id IS NOT NULL THEN 'C' ELSE 'H' END AS subject, a.is_direct_worker AS "
     'is_direct_worker, a.is_grassroots_unit AS is_grassroots_unit, a.is_small_collective AS '
     'is_small_collective, a.movement AS movement, COALESCE(a.amount_vnd, 0) AS amount, '
     "COALESCE(OLD.sex, '') AS sex, COALESCE(OLD.ethnicity, '') AS ethnicity, -1 AS sign FROM "
     "registry_award a WHERE a.person_id = OLD.id AND a.status = 'valid') WHERE true GROUP BY year, "
     'decision_ym, level, code, kind, subject, is_direct_worker, is_grassroots_unit, '
     'is_small_collective HAVING SUM(sign) <> 0 OR SUM(sign * amount) <> 0 OR SUM(CASE WHEN subject = '
     "'P' AND sex = 'M' THEN sign ELSE 0 END) <> 0 OR SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN "
     'sign ELSE 0 END) <> 0 ON CONFLICT (year, decision_ym, level, code, kind, subject, '
     'is_direct_worker, is_grassroots_unit, is_small_collective) DO UPDATE SET n = '
     'reports_provinceawardtally.n + excluded.n, amount = reports_provinceawardtally.amount + '
     'excluded.amount, n_male = reports_provinceawardtally.n_male + excluded.n_male, n_female = '
     'reports_provinceawardtally.n_female + excluded.n_female; INSERT INTO '
     'reports_provinceethnicitytally (year, decision_ym, ethnicity, n) SELECT year, decision_ym, '
     'ethnicity, SUM(sign) FROM (SELECT a.year AS year, (CAST(substr(a.decision_date, 1, 4) AS '
     'INTEGER) * 100 + CAST(substr(a.decision_date, 6, 2) AS INTEGER)) AS decision_ym, a.level AS '
     'level, a.code AS code, a.kind AS kind, a.unit_id AS unit_id, CASE WHEN a.person_id IS NOT NULL '
     "THEN 'P' WHEN a.collective_id IS NOT NULL THEN 'C' ELSE 'H' END AS subject, a.is_direct_worker "
     'AS is_direct_worker, a.is_grassroots_unit AS is_grassroots_unit, a.is_small_collective AS '
     'is_small_collective, a.movement AS movement, COALESCE(a.amount_vnd, 0) AS amount, '
     "COALESCE(OLD.sex, '') AS sex, COALESCE(OLD.ethnicity, '') AS ethnicity, -1 AS sign FROM "
     "registry_award a WHERE a.person_id = OLD.id AND a.status = 'valid') WHERE subject = 'P' GROUP BY "
     'year, decision_ym, ethnicity HAVING SUM(sign) <> 0 ON CONFLICT (year, decision_ym, ethnicity) DO '
     'UPDATE SET n = reports_provinceethnicitytally.n + excluded.n; INSERT INTO reports_awardtally '
     '(unit_id, year, decision_ym, level, code, kind, subject, is_direct_worker, is_grassroots_unit, '
     'is_small_collective, n, amount, n_male, n_female) SELECT unit_id, year, decision_ym, level, '
     'code, kind, subject, is_direct_worker, is_grassroots_unit, is_small_collective, SUM(sign), '
     "SUM(sign * amount), SUM(CASE WHEN subject = 'P' AND sex = 'M' THEN sign ELSE 0 END), SUM(CASE "
     "WHEN subject = 'P' AND sex = 'F' THEN sign ELSE 0 END) FROM (SELECT a.year AS year, "
     '(CAST(substr(a.decision_date, 1, 4) AS INTEGER) * 100 + CAST(substr(a.decision_date, 6, 2) AS '
     'INTEGER)) AS decision_ym, a.level AS level, a.code AS code, a.kind AS kind, a.unit_id AS '
     "unit_id, CASE WHEN a.person_id IS NOT NULL THEN 'P' WHEN a.collective_id IS NOT NULL THEN 'C' "
     "ELSE 'H' END AS subject, a.is_direct_worker AS is_direct_worker, a.is_grassroots_unit AS "
     'is_grassroots_unit, a.is_small_collective AS is_small_collective, a.movement AS movement, '
     "COALESCE(a.amount_vnd, 0) AS amount, COALESCE(NEW.sex, '') AS sex, COALESCE(NEW.ethnicity, '') "
     "AS ethnicity, 1 AS sign FROM registry_award a WHERE a.person_id = NEW.id AND a.status = 'valid') "
     'WHERE true GROUP BY unit_id, year, decision_ym, level, code, kind, subject, is_direct_worker, '
     'is_grassroots_unit, is_small_collective HAVING SUM(sign) <> 0 OR SUM(sign * amount) <> 0 OR '
     "SUM(CASE WHEN subject = 'P' AND sex = 'M' THEN sign ELSE 0 END) <> 0 OR SUM(CASE WHEN subject = "
     "'P' AND sex = 'F' THEN sign ELSE 0 END) <> 0 ON CONFLICT (unit_id, year, decision_ym, level, "
     'code, kind, subject, is_direct_worker, is_grassroots_unit, is_small_collective) DO UPDATE SET n '
     '= reports_awardtally.n + excluded.n, amount = reports_awardtally.amount + excluded.amount, '
     'n_male = reports_awardtally.n_male + excluded.n_male, n_female = reports_awardtally.n_female + '
     'excluded.n_female; INSERT INTO reports_ethnicitytally (unit_id, year, decision_ym, ethnicity, n) '
     'SELECT unit_id, year, decision_ym, ethnicity, SUM(sign) FROM (SELECT a.year AS year, '
     '(CAST(substr(a.decision_date, 1, 4) AS INTEGER) * 100 + CAST(substr(a.decision_date, 6, 2) AS '
     'INTEGER)) AS decision_ym, a.level AS level, a.code AS code, a.kind AS kind, a.unit_id AS '
     "unit_id, CASE WHEN a.person_id IS NOT NULL THEN 'P' WHEN a.collective_id IS NOT NULL THEN 'C' "
     "ELSE 'H' END AS subject, a.is_direct_worker AS is_direct_worker, a.is_grassroots_unit AS "
     'is_grassroots_unit, a.is_small_collective AS is_small_collective, a.movement AS movement, '
     "COALESCE(a.amount_vnd, 0) AS amount, COALESCE(NEW.sex, '') AS sex, COALESCE(NEW.ethnicity, '') "
     "AS ethnicity, 1 AS sign FROM registry_award a WHERE a.person_id = NEW.id AND a.status = 'valid') "
     "WHERE subject = 'P' GROUP BY unit_id, year, decision_ym, ethnicity HAVING SUM(sign) <> 0 ON "
     'CONFLICT (unit_id, year, decision_ym, ethnicity) DO UPDATE SET n = reports_ethnicitytally.n + '
     'excluded.n; INSERT INTO reports_provinceawardtally (year, decision_ym, level, code, kind, '
     'subject, is_direct_worker, is_grassroots_unit, is_small_collective, n, amount, n_male, n_female) '
     'SELECT year, decision_ym, level, code, kind, subject, is_direct_worker, is_grassroots_unit, '
     "is_small_collective, SUM(sign), SUM(sign * amount), SUM(CASE WHEN subject = 'P' AND sex = 'M' "
     "THEN sign ELSE 0 END), SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN sign ELSE 0 END) FROM "
     '(SELECT a.year AS year, (CAST(substr(a.decision_date, 1, 4) AS INTEGER) * 100 + '
     'CAST(substr(a.decision_date, 6, 2) AS INTEGER)) AS decision_ym, a.level AS level, a.code AS '
     "code, a.kind AS kind, a.unit_id AS unit_id, CASE WHEN a.person_id IS NOT NULL THEN 'P' WHEN "
     "a.collective_id IS NOT NULL THEN 'C' ELSE 'H' END AS subject, a.is_direct_worker AS "
     'is_direct_worker, a.is_grassroots_unit AS is_grassroots_unit, a.is_small_collective AS '
     'is_small_collective, a.movement AS movement, COALESCE(a.amount_vnd, 0) AS amount, '
     "COALESCE(NEW.sex, '') AS sex, COALESCE(NEW.ethnicity, '') AS ethnicity, 1 AS sign FROM "
     "registry_award a WHERE a.person_id = NEW.id AND a.status = 'valid') WHERE true GROUP BY year, "
     'decision_ym, level, code, kind, subject, is_direct_worker, is_grassroots_unit, '
     'is_small_collective HAVING SUM(sign) <> 0 OR SUM(sign * amount) <> 0 OR SUM(CASE WHEN subject = '
     "'P' AND sex = 'M' THEN sign ELSE 0 END) <> 0 OR SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN "
     'sign ELSE 0 END) <> 0 ON CONFLICT (year, decision_ym, level, code, kind, subject, '
     'is_direct_worker, is_grassroots_unit, is_small_collective) DO UPDATE SET n = '
     'reports_provinceawardtally.n + excluded.n, amount = reports_provinceawardtally.amount + '
     'excluded.amount, n_male = reports_provinceawardtally.n_male + excluded.n_male, n_female = '
     'reports_provinceawardtally.n_female + excluded.n_female; INSERT INTO '
     'reports_provinceethnicitytally (year, decision_ym, ethnicity, n) SELECT year, decision_ym, '
     'ethnicity, SUM(sign) FROM (SELECT a.year AS year, (CAST(substr(a.decision_date, 1, 4) AS '
     'INTEGER) * 100 + CAST(substr(a.decision_date, 6, 2) AS INTEGER)) AS decision_ym, a.level AS '
     'level, a.code AS code, a.kind AS kind, a.unit_id AS unit_id, CASE WHEN a.person_id IS NOT NULL '
     "THEN 'P' WHEN a.collective_id IS NOT NULL THEN 'C' ELSE 'H' END AS subject, a.is_direct_worker "
     'AS is_direct_worker, a.is_grassroots_unit AS is_grassroots_unit, a.is_small_collective AS '
     'is_small_collective, a.movement AS movement, COALESCE(a.amount_vnd, 0) AS amount, '
     "COALESCE(NEW.sex, '') AS sex, COALESCE(NEW.ethnicity, '') AS ethnicity, 1 AS sign FROM "
     "registry_award a WHERE a.person_id = NEW.id AND a.status = 'valid') WHERE subject = 'P' GROUP BY "
     'year, decision_ym, ethnicity HAVING SUM(sign) <> 0 ON CONFLICT (year, decision_ym, ethnicity) DO '
     'UPDATE SET n = reports_provinceethnicitytally.n + excluded.n; END;'),
)


SQLITE_DROP = (
    'DROP TRIGGER IF EXISTS reports_tally_ins;',
    'DROP TRIGGER IF EXISTS reports_tally_del;',
    'DROP TRIGGER IF EXISTS reports_tally_upd_old;',
    'DROP TRIGGER IF EXISTS reports_tally_upd_new;',
    'DROP TRIGGER IF EXISTS reports_tally_person_upd;',
)


SQLITE_REBUILD = (
    'DELETE FROM reports_awardtally;',
    'DELETE FROM reports_ethnicitytally;',
    'DELETE FROM reports_movementtally;',
    'DELETE FROM reports_provinceawardtally;',
    'DELETE FROM reports_provinceethnicitytally;',
    'DELETE FROM reports_provincemovementtally;',
    ('INSERT INTO reports_awardtally (unit_id, year, decision_ym, level, code, kind, subject, '
     'is_direct_worker, is_grassroots_unit, is_small_collective, n, amount, n_male, n_female) SELECT '
     'unit_id, year, decision_ym, level, code, kind, subject, is_direct_worker, is_grassroots_unit, '
     "is_small_collective, SUM(sign), SUM(sign * amount), SUM(CASE WHEN subject = 'P' AND sex = 'M' "
     "THEN sign ELSE 0 END), SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN sign ELSE 0 END) FROM "
     '(SELECT a.year AS year, (CAST(substr(a.decision_date, 1, 4) AS INTEGER) * 100 + '
     'CAST(substr(a.decision_date, 6, 2) AS INTEGER)) AS decision_ym, a.level AS level, a.code AS '
     "code, a.kind AS kind, a.unit_id AS unit_id, CASE WHEN a.person_id IS NOT NULL THEN 'P' WHEN "
     "a.collective_id IS NOT NULL THEN 'C' ELSE 'H' END AS subject, a.is_direct_worker AS "
     'is_direct_worker, a.is_grassroots_unit AS is_grassroots_unit, a.is_small_collective AS '
     'is_small_collective, a.movement AS movement, COALESCE(a.amount_vnd, 0) AS amount, '
     "COALESCE(p.sex, '') AS sex, COALESCE(p.ethnicity, '') AS ethnicity, 1 AS sign FROM "
     "registry_award a LEFT JOIN org_person p ON p.id = a.person_id WHERE a.status = 'valid') s WHERE "
     'true GROUP BY unit_id, year, decision_ym, level, code, kind, subject, is_direct_worker, '
     'is_grassroots_unit, is_small_collective HAVING SUM(sign) <> 0 OR SUM(sign * amount) <> 0 OR '
     "SUM(CASE WHEN subject = 'P' AND sex = 'M' THEN sign ELSE 0 END) <> 0 OR SUM(CASE WHEN subject = "
     "'P' AND sex = 'F' THEN sign ELSE 0 END) <> 0"),
    ('INSERT INTO reports_ethnicitytally (unit_id, year, decision_ym, ethnicity, n) SELECT unit_id, '
     'year, decision_ym, ethnicity, SUM(sign) FROM (SELECT a.year AS year, '
     '(CAST(substr(a.decision_date, 1, 4) AS INTEGER) * 100 + CAST(substr(a.decision_date, 6, 2) AS '
     'INTEGER)) AS decision_ym, a.level AS level, a.code AS code, a.kind AS kind, a.unit_id AS '
     "unit_id, CASE WHEN a.person_id IS NOT NULL THEN 'P' WHEN a.collective_id IS NOT NULL THEN 'C' "
     "ELSE 'H' END AS subject, a.is_direct_worker AS is_direct_worker, a.is_grassroots_unit AS "
     'is_grassroots_unit, a.is_small_collective AS is_small_collective, a.movement AS movement, '
     "COALESCE(a.amount_vnd, 0) AS amount, COALESCE(p.sex, '') AS sex, COALESCE(p.ethnicity, '') AS "
     'ethnicity, 1 AS sign FROM registry_award a LEFT JOIN org_person p ON p.id = a.person_id WHERE '
     "a.status = 'valid') s WHERE subject = 'P' GROUP BY unit_id, year, decision_ym, ethnicity HAVING "
     'SUM(sign) <> 0'),
    ('INSERT INTO reports_movementtally (unit_id, year, decision_ym, level, movement, n, amount) '
     'SELECT unit_id, year, decision_ym, level, movement, SUM(sign), SUM(sign * amount) FROM (SELECT '
     'a.year AS year, (CAST(substr(a.decision_date, 1, 4) AS INTEGER) * 100 + '
     'CAST(substr(a.decision_date, 6, 2) AS INTEGER)) AS decision_ym, a.level AS level, a.code AS '
     "code, a.kind AS kind, a.unit_id AS unit_id, CASE WHEN a.person_id IS NOT NULL THEN 'P' WHEN "
     "a.collective_id IS NOT NULL THEN 'C' ELSE 'H' END AS subject, a.is_direct_worker AS "
     'is_direct_worker, a.is_grassroots_unit AS is_grassroots_unit, a.is_small_collective AS '
     'is_small_collective, a.movement AS movement, COALESCE(a.amount_vnd, 0) AS amount, '
     "COALESCE(p.sex, '') AS sex, COALESCE(p.ethnicity, '') AS ethnicity, 1 AS sign FROM "
     "registry_award a LEFT JOIN org_person p ON p.id = a.person_id WHERE a.status = 'valid') s WHERE "
     "movement <> '' GROUP BY unit_id, year, decision_ym, level, movement HAVING SUM(sign) <> 0 OR "
     'SUM(sign * amount) <> 0'),
    ('INSERT INTO reports_provinceawardtally (year, decision_ym, level, code, kind, subject, '
     'is_direct_worker, is_grassroots_unit, is_small_collective, n, amount, n_male, n_female) SELECT '
     'year, decision_ym, level, code, kind, subject, is_direct_worker, is_grassroots_unit, '
     'is_small_collective, SUM(n), SUM(amount), SUM(n_male), SUM(n_female) FROM reports_awardtally '
     'GROUP BY year, decision_ym, level, code, kind, subject, is_direct_worker, is_grassroots_unit, '
     'is_small_collective HAVING SUM(n) <> 0 OR SUM(amount) <> 0 OR SUM(n_male) <> 0 OR SUM(n_female) '
     '<> 0'),
    ('INSERT INTO reports_provinceethnicitytally (year, decision_ym, ethnicity, n) SELECT year, '
     'decision_ym, ethnicity, SUM(n) FROM reports_ethnicitytally GROUP BY year, decision_ym, ethnicity '
     'HAVING SUM(n) <> 0'),
    ('INSERT INTO reports_provincemovementtally (year, decision_ym, level, movement, n, amount) SELECT '
     'year, decision_ym, level, movement, SUM(n), SUM(amount) FROM reports_movementtally GROUP BY '
     'year, decision_ym, level, movement HAVING SUM(n) <> 0 OR SUM(amount) <> 0'),
)

INSTALL = {'postgresql': PG_INSTALL, 'sqlite': SQLITE_INSTALL}
DROP = {'postgresql': PG_DROP, 'sqlite': SQLITE_DROP}
REBUILD = {'postgresql': PG_REBUILD, 'sqlite': SQLITE_REBUILD}


def drop_old_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in _0002.PG_DROP if vendor == "postgresql" else _0002.SQLITE_DROP if vendor == "sqlite" else []:
        schema_editor.execute(sql)


def restore_old_triggers(apps, schema_editor):
    _0002.forwards(apps, schema_editor)


def install_tallies(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = INSTALL.get(vendor, ())
    if statements:
        for sql in REBUILD[vendor]:
            schema_editor.execute(sql)
    for sql in statements:
        schema_editor.execute(sql)


def uninstall_tallies(apps, schema_editor):
    for sql in DROP.get(schema_editor.connection.vendor, ()):
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
