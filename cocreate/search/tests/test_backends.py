import pytest
from django.core import checks
from django.db import connection

from cocreate.forum import actions as forum
from cocreate.search import backends
from cocreate.search.actions import index_documents, rebuild_index
from cocreate.search.backends import (
    TABLE,
    Filters,
    PostgreSQLBackend,
    SQLiteBackend,
    backend,
)
from cocreate.search.models import SearchDocument
from cocreate.search.queries import parse_query, search
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


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_postgresql_walks_the_newest_rows_for_common_words_and_asks_the_index_if_they_seldom_meet(
    board, member, monkeypatch
):
    monkeypatch.setattr(backends, "CANDIDATES", 3)
    apart = forum.create_thread(board, author=member, title="Camera and battery", body="…")
    for number in range(5):
        forum.create_thread(board, author=member, title=f"Battery report {number}", body="…")
    night = [
        forum.create_thread(board, author=member, title=f"Camera at night {number}", body="…")
        for number in range(6)
    ]
    rebuild_index()  # and ANALYZE: the planner's statistics of each word
    search_backend = PostgreSQLBackend()
    assert search_backend.walk_rows(parse_query("camera night")) is not None
    assert search_backend.walk_rows(parse_query("camera battery")) is not None

    together, seldom = search("camera night"), search("camera battery")

    assert (together.total, together.more) == (3, True)
    assert {hit.object_id for hit in together.hits} == {thread.pk for thread in night[-3:]}
    assert (seldom.total, seldom.more) == (1, False)
    assert [hit.object_id for hit in seldom.hits] == [apart.pk]
