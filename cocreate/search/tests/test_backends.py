from django.core import checks
from django.db import connection

from cocreate.search.backends import (
    Filters,
    PostgreSQLBackend,
    SQLiteBackend,
    backend,
)
from cocreate.search.segment import Term


def test_the_migrations_install_the_full_text_structure_of_this_database(db):
    assert backend().missing() == []
    assert checks.run_checks(tags=[checks.Tags.database], databases=["default"]) == []


def test_the_check_warns_when_the_structure_is_missing(db):
    search_backend = backend()
    with connection.cursor() as cursor:
        search_backend.uninstall(cursor)

    warnings = checks.run_checks(tags=[checks.Tags.database], databases=["default"])

    assert {warning.id for warning in warnings} == {"search.W001"}
    with connection.cursor() as cursor:
        search_backend.install(cursor)
    assert search_backend.missing() == []


def test_sqlite_quotes_every_word_and_adds_the_filters_as_tags():
    match = SQLiteBackend.match(
        [Term('a"b'), Term("mode", prefix=True)],
        Filters(kinds=("thread", "post"), product_id=3, status="official"),
    )

    assert match == (
        '"a""b" AND "mode"* AND "_p_3" AND "_s_official" AND ("_k_thread" OR "_k_post")'
    )


def test_postgresql_quotes_every_word_as_a_lexeme():
    match = PostgreSQLBackend.match([Term("it's"), Term("a\\b"), Term("mode", prefix=True)])

    assert match == "'it''s' & 'a\\\\b' & 'mode':*"
