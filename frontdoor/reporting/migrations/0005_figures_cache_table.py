"""The database table of the "figures" cache (settings.CACHES), created with the schema."""

from typing import Any

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps: Any, schema_editor: Any) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("reporting", "0004_open_cases_index")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
