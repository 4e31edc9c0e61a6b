import pytest
from django.core import checks
from django.db import connection

from cocreate.forum import actions as forum
from cocreate.search.actions import index_documents
from cocreate.search.backends import (
    TABLE,
    Filters,
    PostgreSQLBackend,
    SQLiteBackend,
    backend,
)
from cocreate.search.models import SearchDocument
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


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's structure")
def test_installing_over_the_old_vector_column_moves_every_document_to_the_vector_table(
    board, member, found
):
    thread = forum.create_thread(board, author=member, title="Dark mode", body="Please")
    index_documents("thread", [thread.pk])
    search_backend = PostgreSQLBackend()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the document's keys, checked now
        search_backend.uninstall(cursor)
        cursor.execute(
            f"ALTER TABLE {TABLE} ADD COLUMN {search_backend.OLD_COLUMN} tsvector "
            f"GENERATED ALWAYS AS ({search_backend.VECTOR.format(row=TABLE)}) STORED"
        )
        search_backend.install(cursor)
        cursor.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
            [TABLE, search_backend.OLD_COLUMN],
        )
        assert cursor.fetchall() == []

    assert search_backend.missing() == []
    assert found("dark mode") == [("thread", thread.pk)]
    SearchDocument.objects.filter(kind="thread").update(title_tokens="light mode")
    assert found("light") == [("thread", thread.pk)] and found("dark") == []
