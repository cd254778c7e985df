"""Keep reports_awardsummary equal to the valid awards of registry_award.

PostgreSQL: statement-level triggers with transition tables (one grouped upsert per statement,
cheap for COPY and bulk writes). SQLite: row-level triggers. A change of a person's sex or
ethnicity moves that person's awards between summary rows. Existing awards are summed once here.
"""

from django.db import migrations

COLS = ("year, decision_ym, level, code, kind, unit_id, subject, is_direct_worker, is_grassroots_unit, "
        "is_small_collective, sex, ethnicity, movement")
UPSERT = (f" ON CONFLICT ({COLS}) DO UPDATE SET n = reports_awardsummary.n + excluded.n, "
          "amount = reports_awardsummary.amount + excluded.amount")


def _keys(vendor: str, a: str, sex: str, eth: str) -> str:
    if vendor == "postgresql":
        ym = f"(EXTRACT(YEAR FROM {a}.decision_date) * 100 + EXTRACT(MONTH FROM {a}.decision_date))::int"
    else:
        ym = f"(CAST(substr({a}.decision_date, 1, 4) AS INTEGER) * 100 + CAST(substr({a}.decision_date, 6, 2) AS INTEGER))"
    subject = (f"CASE WHEN {a}.person_id IS NOT NULL THEN 'P' WHEN {a}.collective_id IS NOT NULL THEN 'C' "
               "ELSE 'H' END")
    return (f"{a}.year, {ym}, {a}.level, {a}.code, {a}.kind, {a}.unit_id, {subject}, {a}.is_direct_worker, "
            f"{a}.is_grassroots_unit, {a}.is_small_collective, COALESCE({sex}, ''), COALESCE({eth}, ''), "
            f"{a}.movement")


def _grouped(vendor: str, source: str, sign: str) -> str:
    """Grouped rows of ``source`` (a table of award rows) with their signed counts."""
    keys = _keys(vendor, "a", "p.sex", "p.ethnicity")
    return (f"SELECT {keys}, {sign} * COUNT(*), {sign} * COALESCE(SUM(a.amount_vnd), 0) FROM {source} a "
            f"LEFT JOIN org_person p ON p.id = a.person_id WHERE a.status = 'valid' GROUP BY {keys}")


def _pg() -> list[str]:
    ins = f"INSERT INTO reports_awardsummary ({COLS}, n, amount) "
    keys_np = _keys("postgresql", "a", "ch.sex", "ch.ethnicity")
    return [
        f"""CREATE OR REPLACE FUNCTION reports_summary_ins() RETURNS trigger AS $$ BEGIN
  {ins}{_grouped("postgresql", "new_rows", "1")}{UPSERT};
  RETURN NULL; END; $$ LANGUAGE plpgsql;""",
        f"""CREATE OR REPLACE FUNCTION reports_summary_del() RETURNS trigger AS $$ BEGIN
  {ins}{_grouped("postgresql", "old_rows", "-1")}{UPSERT};
  RETURN NULL; END; $$ LANGUAGE plpgsql;""",
        f"""CREATE OR REPLACE FUNCTION reports_summary_upd() RETURNS trigger AS $$ BEGIN
  {ins}SELECT {COLS}, SUM(n), SUM(amount) FROM (
    {_grouped("postgresql", "old_rows", "-1")}
    UNION ALL
    {_grouped("postgresql", "new_rows", "1")}
  ) AS d({COLS}, n, amount) GROUP BY {COLS} HAVING SUM(n) <> 0 OR SUM(amount) <> 0{UPSERT};
  RETURN NULL; END; $$ LANGUAGE plpgsql;""",
        f"""CREATE OR REPLACE FUNCTION reports_summary_person_upd() RETURNS trigger AS $$ BEGIN
  {ins}SELECT {keys_np}, SUM(ch.sign), SUM(ch.sign * COALESCE(a.amount_vnd, 0)) FROM (
      SELECT n.id, n.sex, n.ethnicity, 1 AS sign FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE n.sex IS DISTINCT FROM o.sex OR n.ethnicity IS DISTINCT FROM o.ethnicity
      UNION ALL
      SELECT o.id, o.sex, o.ethnicity, -1 FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE n.sex IS DISTINCT FROM o.sex OR n.ethnicity IS DISTINCT FROM o.ethnicity
    ) ch JOIN registry_award a ON a.person_id = ch.id WHERE a.status = 'valid'
    GROUP BY {keys_np} HAVING SUM(ch.sign) <> 0{UPSERT};
  RETURN NULL; END; $$ LANGUAGE plpgsql;""",
        "CREATE TRIGGER reports_summary_ins AFTER INSERT ON registry_award REFERENCING NEW TABLE AS new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION reports_summary_ins();",
        "CREATE TRIGGER reports_summary_del AFTER DELETE ON registry_award REFERENCING OLD TABLE AS old_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION reports_summary_del();",
        "CREATE TRIGGER reports_summary_upd AFTER UPDATE ON registry_award REFERENCING OLD TABLE AS old_rows "
        "NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reports_summary_upd();",
        "CREATE TRIGGER reports_summary_person_upd AFTER UPDATE ON org_person REFERENCING OLD TABLE AS old_rows "
        "NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reports_summary_person_upd();",
    ]


PG_DROP = [
    "DROP TRIGGER IF EXISTS reports_summary_ins ON registry_award;",
    "DROP TRIGGER IF EXISTS reports_summary_del ON registry_award;",
    "DROP TRIGGER IF EXISTS reports_summary_upd ON registry_award;",
    "DROP TRIGGER IF EXISTS reports_summary_person_upd ON org_person;",
    "DROP FUNCTION IF EXISTS reports_summary_ins();",
    "DROP FUNCTION IF EXISTS reports_summary_del();",
    "DROP FUNCTION IF EXISTS reports_summary_upd();",
    "DROP FUNCTION IF EXISTS reports_summary_person_upd();",
]


def _sqlite_row(alias: str, sign: str) -> str:
    keys = _keys("sqlite", alias, "p.sex", "p.ethnicity")
    return (f"INSERT INTO reports_awardsummary ({COLS}, n, amount) SELECT {keys}, {sign}, "
            f"{sign} * COALESCE({alias}.amount_vnd, 0) FROM (SELECT 1) LEFT JOIN org_person p "
            f"ON p.id = {alias}.person_id WHERE true{UPSERT};")


def _sqlite_person(who: str, sign: str) -> str:
    keys = _keys("sqlite", "a", f"{who}.sex", f"{who}.ethnicity")
    return (f"INSERT INTO reports_awardsummary ({COLS}, n, amount) SELECT {keys}, {sign} * COUNT(*), "
            f"{sign} * COALESCE(SUM(a.amount_vnd), 0) FROM registry_award a WHERE a.person_id = {who}.id "
            f"AND a.status = 'valid' GROUP BY {keys}{UPSERT};")


SQLITE = [
    f"CREATE TRIGGER reports_summary_ins AFTER INSERT ON registry_award WHEN NEW.status = 'valid' "
    f"BEGIN {_sqlite_row('NEW', '1')} END;",
    f"CREATE TRIGGER reports_summary_del AFTER DELETE ON registry_award WHEN OLD.status = 'valid' "
    f"BEGIN {_sqlite_row('OLD', '-1')} END;",
    f"CREATE TRIGGER reports_summary_upd_old AFTER UPDATE ON registry_award WHEN OLD.status = 'valid' "
    f"BEGIN {_sqlite_row('OLD', '-1')} END;",
    f"CREATE TRIGGER reports_summary_upd_new AFTER UPDATE ON registry_award WHEN NEW.status = 'valid' "
    f"BEGIN {_sqlite_row('NEW', '1')} END;",
    "CREATE TRIGGER reports_summary_person_upd AFTER UPDATE OF sex, ethnicity ON org_person "
    "WHEN OLD.sex IS NOT NEW.sex OR OLD.ethnicity IS NOT NEW.ethnicity "
    f"BEGIN {_sqlite_person('OLD', '-1')} {_sqlite_person('NEW', '1')} END;",
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS reports_summary_{n};"
               for n in ("ins", "del", "upd_old", "upd_new", "person_upd")]


def backfill_sql(vendor: str) -> str:
    return f"INSERT INTO reports_awardsummary ({COLS}, n, amount) {_grouped(vendor, 'registry_award', '1')}"


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = _pg() if vendor == "postgresql" else SQLITE if vendor == "sqlite" else []
    if statements:
        schema_editor.execute(backfill_sql(vendor))
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in PG_DROP if vendor == "postgresql" else SQLITE_DROP if vendor == "sqlite" else []:
        schema_editor.execute(sql)
    schema_editor.execute("DELETE FROM reports_awardsummary")


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial"), ("registry", "0003_fact_change_triggers"),
                    ("org", "0002_identity_search")]
    operations = [migrations.RunPython(forwards, backwards)]
