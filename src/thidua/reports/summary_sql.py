"""The SQL that keeps the report tallies (``models``) equal to the valid awards of ``registry_award``.

One definition serves the triggers (migration 0003 installs them, frozen) and ``services.rebuild_summaries``,
so a rebuild can never count differently from the triggers. Migrations never import this module:
each carries the text it installs, frozen (0003). If you change a statement here, add a migration
with the new ``install``/``drop`` text frozen in it (every trigger and function dropped and re-created),
together with any schema change the new SQL needs, and point tests/reports/test_frozen_migrations.py
at it.

PostgreSQL: statement-level triggers with transition tables. A statement (a COPY of a million rows,
a bulk update, a retraction) pays once: its rows are read once, joined once to ``org_person`` and
folded into every tally by one statement of grouped ``INSERT … ON CONFLICT DO UPDATE`` (one per tally,
as data-modifying CTEs).
An UPDATE only counts the rows whose counted columns changed (old EXCEPT ALL new, new EXCEPT ALL old).
SQLite: row-level triggers (the demo and the tests).

A person's sex and ethnicity are their *current* values: a change on ``org_person`` moves that
person's valid awards between tally rows.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tally:
    table: str
    keys: tuple[str, ...]  # the primary key, in index order
    measures: tuple[str, ...]
    where: str  # which award rows it counts (on the source columns)


_AWARD = ("year", "decision_ym", "level", "code", "kind", "subject", "is_direct_worker", "is_grassroots_unit",
          "is_small_collective")
_AWARD_MEASURES = ("n", "amount", "n_male", "n_female")
# Unit tier (users confined to their units): the unit first, so a user's rows are a few index ranges.
AWARD = Tally("reports_awardtally", ("unit_id", *_AWARD), _AWARD_MEASURES, "true")
ETHNICITY = Tally("reports_ethnicitytally", ("unit_id", "year", "decision_ym", "ethnicity"), ("n",), "subject = 'P'")
MOVEMENT = Tally("reports_movementtally", ("unit_id", "year", "decision_ym", "level", "movement"), ("n", "amount"),
                 "movement <> ''")
# Province tier (province-wide users): the same without the unit — a few thousand rows whatever the registry.
PROVINCE_AWARD = Tally("reports_provinceawardtally", _AWARD, _AWARD_MEASURES, "true")
PROVINCE_ETHNICITY = Tally("reports_provinceethnicitytally", ("year", "decision_ym", "ethnicity"), ("n",),
                           "subject = 'P'")
PROVINCE_MOVEMENT = Tally("reports_provincemovementtally", ("year", "decision_ym", "level", "movement"),
                          ("n", "amount"), "movement <> ''")
TALLIES = (AWARD, ETHNICITY, MOVEMENT, PROVINCE_AWARD, PROVINCE_ETHNICITY, PROVINCE_MOVEMENT)
TABLES = tuple(t.table for t in TALLIES)
UNIT_TIER = (AWARD, ETHNICITY, MOVEMENT)
# Each province tally is its unit tally summed over the units.
ROLLUPS = ((PROVINCE_AWARD, AWARD), (PROVINCE_ETHNICITY, ETHNICITY), (PROVINCE_MOVEMENT, MOVEMENT))
# The tallies a change of a person's sex or ethnicity can move.
PERSON_TALLIES = (AWARD, ETHNICITY, PROVINCE_AWARD, PROVINCE_ETHNICITY)

# The award columns a tally depends on: an UPDATE that changes none of them changes no tally.
COUNTED_COLUMNS = ("status", "year", "decision_date", "level", "code", "kind", "unit_id", "person_id",
                   "collective_id", "household_id", "is_direct_worker", "is_grassroots_unit",
                   "is_small_collective", "movement", "amount_vnd")
VALID = "'valid'"
# Each measure as a sum over source rows carrying ``sign`` (+1 counts a row in, -1 out).
SUMS = {
    "n": "SUM(sign)",
    "amount": "SUM(sign * amount)",
    "n_male": "SUM(CASE WHEN subject = 'P' AND sex = 'M' THEN sign ELSE 0 END)",
    "n_female": "SUM(CASE WHEN subject = 'P' AND sex = 'F' THEN sign ELSE 0 END)",
}


def _ym(vendor: str, date: str) -> str:
    if vendor == "postgresql":
        return f"(date_part('year', {date})::int * 100 + date_part('month', {date})::int)"
    return f"(CAST(substr({date}, 1, 4) AS INTEGER) * 100 + CAST(substr({date}, 6, 2) AS INTEGER))"


def _subject(a: str) -> str:
    return f"CASE WHEN {a}.person_id IS NOT NULL THEN 'P' WHEN {a}.collective_id IS NOT NULL THEN 'C' ELSE 'H' END"


def source_columns(vendor: str, a: str, p: str) -> str:
    """One row per award: the tally keys, its amount, the person's sex and ethnicity ('' if none)."""
    return (f"{a}.year AS year, {_ym(vendor, f'{a}.decision_date')} AS decision_ym, {a}.level AS level, "
            f"{a}.code AS code, {a}.kind AS kind, {a}.unit_id AS unit_id, {_subject(a)} AS subject, "
            f"{a}.is_direct_worker AS is_direct_worker, {a}.is_grassroots_unit AS is_grassroots_unit, "
            f"{a}.is_small_collective AS is_small_collective, {a}.movement AS movement, "
            f"COALESCE({a}.amount_vnd, 0) AS amount, COALESCE({p}.sex, '') AS sex, "
            f"COALESCE({p}.ethnicity, '') AS ethnicity")


def grouped_insert(tally: Tally, src: str, *, upsert: bool = True) -> str:
    """INSERT the rows of ``src`` (``source_columns`` + ``sign``) grouped by the tally's keys, added to
    the rows already there (``upsert``) or into an empty table."""
    cols = ", ".join(tally.keys)
    sums = [SUMS[m] for m in tally.measures]
    nonzero = " OR ".join(f"{x} <> 0" for x in sums)
    added = ", ".join(f"{m} = {tally.table}.{m} + excluded.{m}" for m in tally.measures)
    return (f"INSERT INTO {tally.table} ({cols}, {', '.join(tally.measures)}) SELECT {cols}, {', '.join(sums)} "
            f"FROM {src} WHERE {tally.where} GROUP BY {cols} HAVING {nonzero}"
            + (f" ON CONFLICT ({cols}) DO UPDATE SET {added}" if upsert else ""))


def rollup_insert(province: Tally, unit: Tally) -> str:
    """Fill an empty province tally from its unit tally."""
    cols = ", ".join(province.keys)
    sums = ", ".join(f"SUM({m})" for m in province.measures)
    nonzero = " OR ".join(f"SUM({m}) <> 0" for m in province.measures)
    return (f"INSERT INTO {province.table} ({cols}, {', '.join(province.measures)}) SELECT {cols}, {sums} "
            f"FROM {unit.table} GROUP BY {cols} HAVING {nonzero}")


# --------------------------------------------------------------------------------------------- PostgreSQL
PG_FUNCTIONS = ("reports_tally_ins", "reports_tally_del", "reports_tally_upd", "reports_tally_person_upd")


def _pg_apply(delta: str, *, before: str = "") -> str:
    """One statement: the delta rows ``d`` once, then every tally's grouped upsert as a data-modifying CTE."""
    inserts = [grouped_insert(t, "d") for t in TALLIES]
    ctes = ", ".join(f"t{i} AS ({sql})" for i, sql in enumerate(inserts[:-1]))
    return f"WITH {before}d AS MATERIALIZED ({delta}), {ctes} {inserts[-1]};"


def _pg_function(name: str, body: str) -> str:
    # work_mem applies only while the function runs: the grouping of a million-row COPY stays in memory.
    return (f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql SET work_mem = '64MB' "
            f"AS $$ BEGIN {body} RETURN NULL; END; $$;")


def _pg_rows(table: str, sign: str) -> str:
    return (f"SELECT {source_columns('postgresql', 'a', 'p')}, {sign} AS sign FROM {table} a "
            f"LEFT JOIN org_person p ON p.id = a.person_id WHERE a.status = {VALID}")


def _pg_update_delta() -> str:
    counted = ", ".join(COUNTED_COLUMNS)
    out_rows = f"SELECT {counted} FROM old_rows EXCEPT ALL SELECT {counted} FROM new_rows"
    in_rows = f"SELECT {counted} FROM new_rows EXCEPT ALL SELECT {counted} FROM old_rows"
    return (f"SELECT {source_columns('postgresql', 'a', 'p')}, a.sign FROM ("
            f"SELECT *, -1 AS sign FROM ({out_rows}) o UNION ALL SELECT *, 1 FROM ({in_rows}) i"
            f") a LEFT JOIN org_person p ON p.id = a.person_id WHERE a.status = {VALID}")


PG_PERSON_CHANGES = (
    "ch AS MATERIALIZED (SELECT o.id, o.sex AS old_sex, o.ethnicity AS old_eth, n.sex AS new_sex, "
    "n.ethnicity AS new_eth FROM old_rows o JOIN new_rows n ON n.id = o.id "
    "WHERE o.sex IS DISTINCT FROM n.sex OR o.ethnicity IS DISTINCT FROM n.ethnicity), "
)


def _pg_person_delta() -> str:
    """The changed people's valid awards, counted out with the old sex/ethnicity and in with the new."""
    return (f"SELECT {source_columns('postgresql', 'a', 'x')}, x.sign FROM ("
            "SELECT id, old_sex AS sex, old_eth AS ethnicity, -1 AS sign FROM ch "
            "UNION ALL SELECT id, new_sex, new_eth, 1 FROM ch) x "
            f"JOIN registry_award a ON a.person_id = x.id WHERE a.status = {VALID}")


def pg_install() -> list[str]:
    person = _pg_apply(_pg_person_delta(), before=PG_PERSON_CHANGES)
    # Room on every page so that adding to a row's counts is a HOT update (no index entry).
    fill = [f"ALTER TABLE {t} SET (fillfactor = 70);" for t in TABLES]
    return [*fill,
        _pg_function("reports_tally_ins", _pg_apply(_pg_rows("new_rows", "1"))),
        _pg_function("reports_tally_del", _pg_apply(_pg_rows("old_rows", "-1"))),
        _pg_function("reports_tally_upd", _pg_apply(_pg_update_delta())),
        _pg_function("reports_tally_person_upd", person),
        "CREATE TRIGGER reports_tally_ins AFTER INSERT ON registry_award REFERENCING NEW TABLE AS new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION reports_tally_ins();",
        "CREATE TRIGGER reports_tally_del AFTER DELETE ON registry_award REFERENCING OLD TABLE AS old_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION reports_tally_del();",
        "CREATE TRIGGER reports_tally_upd AFTER UPDATE ON registry_award REFERENCING OLD TABLE AS old_rows "
        "NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reports_tally_upd();",
        "CREATE TRIGGER reports_tally_person_upd AFTER UPDATE ON org_person REFERENCING OLD TABLE AS old_rows "
        "NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reports_tally_person_upd();",
    ]


PG_TRIGGERS = (("reports_tally_ins", "registry_award"), ("reports_tally_del", "registry_award"),
               ("reports_tally_upd", "registry_award"), ("reports_tally_person_upd", "org_person"))
PG_DROP = ([f"DROP TRIGGER IF EXISTS {t} ON {table};" for t, table in PG_TRIGGERS]
           + [f"DROP FUNCTION IF EXISTS {f}();" for f in PG_FUNCTIONS])


# ------------------------------------------------------------------------------------------------- SQLite
def _sqlite_row(alias: str, sign: str) -> list[str]:
    src = (f"(SELECT {source_columns('sqlite', alias, 'p')}, {sign} AS sign FROM (SELECT 1) "
           f"LEFT JOIN org_person p ON p.id = {alias}.person_id)")
    return [grouped_insert(t, src) + ";" for t in TALLIES]


def _sqlite_person(who: str, sign: str) -> list[str]:
    src = (f"(SELECT {source_columns('sqlite', 'a', who)}, {sign} AS sign FROM registry_award a "
           f"WHERE a.person_id = {who}.id AND a.status = {VALID})")
    return [grouped_insert(t, src) + ";" for t in PERSON_TALLIES]


SQLITE_TRIGGERS = ("ins", "del", "upd_old", "upd_new", "person_upd")


def sqlite_install() -> list[str]:
    counted = ", ".join(COUNTED_COLUMNS)

    def trigger(name: str, event: str, when: str, body: list[str]) -> str:
        return f"CREATE TRIGGER reports_tally_{name} AFTER {event} WHEN {when} BEGIN {' '.join(body)} END;"

    return [
        trigger("ins", "INSERT ON registry_award", f"NEW.status = {VALID}", _sqlite_row("NEW", "1")),
        trigger("del", "DELETE ON registry_award", f"OLD.status = {VALID}", _sqlite_row("OLD", "-1")),
        trigger("upd_old", f"UPDATE OF {counted} ON registry_award", f"OLD.status = {VALID}",
                _sqlite_row("OLD", "-1")),
        trigger("upd_new", f"UPDATE OF {counted} ON registry_award", f"NEW.status = {VALID}",
                _sqlite_row("NEW", "1")),
        trigger("person_upd", "UPDATE OF sex, ethnicity ON org_person",
                "OLD.sex IS NOT NEW.sex OR OLD.ethnicity IS NOT NEW.ethnicity",
                _sqlite_person("OLD", "-1") + _sqlite_person("NEW", "1")),
    ]


SQLITE_DROP = [f"DROP TRIGGER IF EXISTS reports_tally_{n};" for n in SQLITE_TRIGGERS]


# ------------------------------------------------------------------------------------------------ shared
def install(vendor: str) -> list[str]:
    return pg_install() if vendor == "postgresql" else sqlite_install() if vendor == "sqlite" else []


def drop(vendor: str) -> list[str]:
    return PG_DROP if vendor == "postgresql" else SQLITE_DROP if vendor == "sqlite" else []


def rebuild_statements(vendor: str) -> list[str]:
    """Empty the tallies and count every valid award again: the unit tier with the triggers' own grouped
    inserts (one pass over the registry each), then the province tier summed from it."""
    src = (f"(SELECT {source_columns(vendor, 'a', 'p')}, 1 AS sign FROM registry_award a "
           f"LEFT JOIN org_person p ON p.id = a.person_id WHERE a.status = {VALID}) s")
    empty = [f"TRUNCATE {', '.join(TABLES)};"] if vendor == "postgresql" else [f"DELETE FROM {t};" for t in TABLES]
    return (empty + [grouped_insert(t, src, upsert=False) for t in UNIT_TIER]
            + [rollup_insert(province, unit) for province, unit in ROLLUPS])
