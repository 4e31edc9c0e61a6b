"""PostgreSQL: the vectors move from a generated column of the documents
table to a narrow table of their own, kept by a trigger (see
cocreate.search.backends.PostgreSQLBackend). SQLite keeps its FTS5 table."""

from django.db import migrations

from cocreate.search.backends import TABLE, PostgreSQLBackend


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            PostgreSQLBackend().install(cursor)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        backend = PostgreSQLBackend()
        with schema_editor.connection.cursor() as cursor:
            backend.uninstall(cursor)
            cursor.execute(
                f"ALTER TABLE {TABLE} ADD COLUMN {backend.OLD_COLUMN} tsvector "
                f"GENERATED ALWAYS AS ({backend.VECTOR.format(row=TABLE)}) STORED"
            )
            cursor.execute(
                f"CREATE INDEX {backend.OLD_INDEX} ON {TABLE} USING gin ({backend.OLD_COLUMN})"
            )


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text")]

    operations = [migrations.RunPython(install, uninstall)]
