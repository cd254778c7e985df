"""Triggers that append to registry_factchange whenever a person's facts change.

Statement-level triggers with transition tables on PostgreSQL (cheap for bulk writes and
COPY); row-level triggers on SQLite. Every path that writes these tables is covered.
"""

from django.db import migrations

# table -> column holding the person
TABLES = {
    "registry_yearrecord": "person_id",
    "registry_award": "person_id",
    "registry_initiative": "person_id",
    "org_person": "id",
}


def _pg(table: str, col: str) -> list[str]:
    fn = f"factchange_{table}"
    return [
        f"""CREATE OR REPLACE FUNCTION {fn}_ins() RETURNS trigger AS $$ BEGIN
  INSERT INTO registry_factchange(person_id) SELECT DISTINCT {col} FROM new_rows WHERE {col} IS NOT NULL;
  RETURN NULL; END; $$ LANGUAGE plpgsql;""",
        f"""CREATE OR REPLACE FUNCTION {fn}_del() RETURNS trigger AS $$ BEGIN
  INSERT INTO registry_factchange(person_id) SELECT DISTINCT {col} FROM old_rows WHERE {col} IS NOT NULL;
  RETURN NULL; END; $$ LANGUAGE plpgsql;""",
        f"""CREATE OR REPLACE FUNCTION {fn}_upd() RETURNS trigger AS $$ BEGIN
  INSERT INTO registry_factchange(person_id)
    SELECT {col} FROM new_rows WHERE {col} IS NOT NULL
    UNION SELECT {col} FROM old_rows WHERE {col} IS NOT NULL;
  RETURN NULL; END; $$ LANGUAGE plpgsql;""",
        f"CREATE TRIGGER {fn}_ins AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {fn}_ins();",
        f"CREATE TRIGGER {fn}_del AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {fn}_del();",
        f"CREATE TRIGGER {fn}_upd AFTER UPDATE ON {table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {fn}_upd();",
    ]


def _pg_drop(table: str) -> list[str]:
    fn = f"factchange_{table}"
    out = [f"DROP TRIGGER IF EXISTS {fn}_{op} ON {table};" for op in ("ins", "del", "upd")]
    return out + [f"DROP FUNCTION IF EXISTS {fn}_{op}();" for op in ("ins", "del", "upd")]


def _sqlite(table: str, col: str) -> list[str]:
    fn = f"factchange_{table}"
    return [
        f"CREATE TRIGGER {fn}_ins AFTER INSERT ON {table} WHEN NEW.{col} IS NOT NULL "
        f"BEGIN INSERT INTO registry_factchange(person_id) VALUES (NEW.{col}); END;",
        f"CREATE TRIGGER {fn}_del AFTER DELETE ON {table} WHEN OLD.{col} IS NOT NULL "
        f"BEGIN INSERT INTO registry_factchange(person_id) VALUES (OLD.{col}); END;",
        f"CREATE TRIGGER {fn}_upd_new AFTER UPDATE ON {table} WHEN NEW.{col} IS NOT NULL "
        f"BEGIN INSERT INTO registry_factchange(person_id) VALUES (NEW.{col}); END;",
        f"CREATE TRIGGER {fn}_upd_old AFTER UPDATE ON {table} "
        f"WHEN OLD.{col} IS NOT NULL AND (NEW.{col} IS NULL OR NEW.{col} <> OLD.{col}) "
        f"BEGIN INSERT INTO registry_factchange(person_id) VALUES (OLD.{col}); END;",
    ]


def _sqlite_drop(table: str) -> list[str]:
    fn = f"factchange_{table}"
    return [f"DROP TRIGGER IF EXISTS {fn}_{op};" for op in ("ins", "del", "upd_new", "upd_old")]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, col in TABLES.items():
        statements = _pg(table, col) if vendor == "postgresql" else _sqlite(table, col) if vendor == "sqlite" else []
        for sql in statements:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        statements = _pg_drop(table) if vendor == "postgresql" else _sqlite_drop(table) if vendor == "sqlite" else []
        for sql in statements:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_fact_snapshot"), ("org", "0002_identity_search")]
    operations = [migrations.RunPython(forwards, backwards)]
