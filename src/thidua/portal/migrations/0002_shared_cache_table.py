"""The table of the database cache (``THIDUA_CACHE_URL=db://``, the production default), made on
every database whatever the cache in use, so switching to it later needs no extra command."""

from typing import Any

from django.core.management import call_command
from django.db import migrations

TABLE = "thidua_cache"


def create(apps: Any, schema_editor: Any) -> None:
    call_command("createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop(apps: Any, schema_editor: Any) -> None:
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
