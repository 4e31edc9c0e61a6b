"""`manage.py check --database default` warns of a missing full-text
structure (for instance after a migration that made SQLite rebuild the
documents table, which drops its triggers). A warning, not an error, so that
it never stops `migrate` from putting the structure back."""

from django.core.checks import Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.db import connection


@register(Tags.database)
def check_full_text_structure(app_configs, **kwargs) -> list[Warning]:
    from .backends import backend
    from .models import SearchDocument

    try:
        search_backend = backend()
    except ImproperlyConfigured as unsupported:
        return [Warning(str(unsupported), id="search.W002")]
    if SearchDocument._meta.db_table not in connection.introspection.table_names():
        return []  # not migrated yet: migrate creates both
    return [
        Warning(
            f"The search index lacks {name}: search and indexing will fail.",
            hint="Run the search app's migrations; a migration that rebuilt the documents "
            "table must call cocreate.search.backends.backend().install(cursor).",
            id="search.W001",
        )
        for name in search_backend.missing()
    ]
