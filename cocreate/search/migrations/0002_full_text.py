"""The database's own full-text structure beside the documents table: an FTS5
table with its triggers on SQLite, a generated tsvector column with a GIN
index on PostgreSQL (see cocreate.search.backends)."""

from django.db import migrations

from cocreate.search.backends import BACKENDS


def install(apps, schema_editor):
    backend = BACKENDS.get(schema_editor.connection.vendor)
    if backend is not None:
        with schema_editor.connection.cursor() as cursor:
            backend().install(cursor)


def uninstall(apps, schema_editor):
    backend = BACKENDS.get(schema_editor.connection.vendor)
    if backend is not None:
        with schema_editor.connection.cursor() as cursor:
            backend().uninstall(cursor)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
