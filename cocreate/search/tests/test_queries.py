import pytest
from django.core.exceptions import ValidationError

from cocreate.forum import actions as forum
from cocreate.forum.models import Board, Product
from cocreate.search import backends
from cocreate.search.actions import rebuild_index
from cocreate.search.queries import MAX_QUERY_LENGTH, PER_PAGE, search


@pytest.fixture
def library(board, member, staff, db):
    """Threads in English and Chinese on two products, indexed."""
    watch = Product.objects.create(slug="watch", name="Orange Watch", name_zh="橙子手表")
    watch_board = Board.objects.create(slug="watch", product=watch, name="Watch")
    threads = {
        "screen": forum.create_thread(
            board, author=member, title="希望增加息屏显示功能", body="屏幕常亮太耗电。"
        ),
        "dark": forum.create_thread(
            board, author=member, title="Dark mode for the camera app", body="Night shots."
        ),
        "cameras": forum.create_thread(
            watch_board, author=member, title="Two cameras on a watch?", body="Why not."
        ),
        "official": forum.create_thread(
            board, author=staff, title="Camera update notes", body="What changed."
        ),
    }
    forum.reply_to_thread(threads["official"], author=staff, body="The camera is faster now.")
    rebuild_index()
    return threads, watch


def test_chinese_is_found_by_a_phrase_and_by_a_part_of_it(library, found):
    threads, _watch = library

    assert found("息屏显示") == [("thread", threads["screen"].pk)]
    assert found("息屏") == [("thread", threads["screen"].pk)]
    assert found("屏幕") == [("thread", threads["screen"].pk)]


def test_english_words_are_found_in_any_order_and_case(library, found):
    threads, _watch = library

    assert found("dark mode") == [("thread", threads["dark"].pk)]
    assert found("MODE dark") == [("thread", threads["dark"].pk)]


def test_singular_finds_plural_and_plural_finds_singular(library, found):
    threads, _watch = library

    camera = {hit for hit in found("camera") if hit[0] == "thread"}
    cameras = {hit for hit in found("cameras") if hit[0] == "thread"}

    assert (
        camera
        == cameras
        == {
            ("thread", threads["dark"].pk),
            ("thread", threads["cameras"].pk),
            ("thread", threads["official"].pk),
        }
    )


def test_the_last_word_may_be_the_beginning_of_a_word(library, found):
    threads, _watch = library

    assert found("dark mod") == [("thread", threads["dark"].pk)]
    assert found("dar mode") == []  # only the last word is a prefix


def test_a_word_in_the_title_counts_more_than_in_the_text(board, member, db, found):
    in_title = forum.create_thread(board, author=member, title="Lens cap", body="Lost it.")
    in_text = forum.create_thread(board, author=member, title="Lost again", body="My lens cap")
    rebuild_index()

    assert found("lens") == [("thread", in_title.pk), ("thread", in_text.pk)]


def test_results_are_filtered_by_type_product_and_status(library, found):
    threads, watch = library
    official_reply = threads["official"].posts.get(number=2)

    assert found("camera", kind="post") == [("post", official_reply.pk)]
    assert found("camera", product_id=watch.pk) == [("thread", threads["cameras"].pk)]
    assert set(found("camera", status="official")) == {
        ("thread", threads["official"].pk),
        ("post", official_reply.pk),
    }
    assert found("camera", kind="post", product_id=watch.pk) == []


def test_an_unknown_type_is_refused(library):
    with pytest.raises(ValidationError):
        search("camera", kind="idea_that_does_not_exist")


def test_results_come_a_page_at_a_time_with_the_total(board, member, db):
    for number in range(PER_PAGE + 5):
        forum.create_thread(board, author=member, title=f"Battery report {number}", body="…")
    rebuild_index()

    first, second = search("battery"), search("battery", page=2)
    past = search("battery", page=3)

    assert (first.total, len(first.hits), first.pages, first.has_next) == (25, 20, 2, True)
    assert (len(second.hits), second.has_previous, second.has_next) == (5, True, False)
    assert {h.object_id for h in first.hits}.isdisjoint({h.object_id for h in second.hits})
    assert (past.hits, past.total, past.more) == ([], 25, False)
    assert not first.more


def test_a_common_word_counts_and_ranks_its_newest_matches_only(board, member, db, monkeypatch):
    monkeypatch.setattr(backends, "CANDIDATES", 3)
    threads = [
        forum.create_thread(board, author=member, title=f"Battery report {number}", body="…")
        for number in range(5)
    ]
    rebuild_index()

    first, second = search("battery", per_page=2), search("battery", per_page=2, page=2)
    past = search("battery", per_page=2, page=3)

    assert (first.total, first.more, first.pages, second.has_next) == (3, True, 2, False)
    shown = [hit.object_id for hit in first.hits + second.hits]
    assert sorted(shown) == [thread.pk for thread in threads[2:]]
    assert (past.hits, past.total, past.more) == ([], 3, True)
    assert (search("battery report 0").total, search("battery report 0").more) == (1, False)


def test_newer_documents_come_first_among_equals(board, member, db):
    older = forum.create_thread(board, author=member, title="Battery", body="Same")
    newer = forum.create_thread(board, author=member, title="Battery", body="Same")
    rebuild_index()

    assert [hit.object_id for hit in search("battery").hits] == [newer.pk, older.pk]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        (None, "empty"),
        ("x" * (MAX_QUERY_LENGTH + 1), "too_long"),
        ('"', "no_words"),
        ("'", "no_words"),
        ("*:^()-", "no_words"),
        ("the and of", "too_common"),
        ("AND OR NOT*", "too_common"),
    ],
)
def test_a_query_without_words_to_find_is_refused_with_a_reason(db, text, code):
    with pytest.raises(ValidationError) as refused:
        search(text)

    assert refused.value.code == code
    assert refused.value.messages[0]


@pytest.mark.parametrize(
    "text",
    [
        "AND camera OR NOT*",
        'camera" OR "x',
        "camera' | '",
        "NEAR(camera dark)",
        "title_tokens: camera",
        "{title_tokens body_tokens}: camera",
        "camera:* & !dark",
        "\\ camera \\'",
        "_k_thread",
        "camera -dark +mode ^x",
        "中文' OR 1=1 --",
    ],
)
def test_search_syntax_in_a_query_is_only_words(library, text):
    results = search(text)

    assert results.total >= 0  # no database error, whatever the words


def test_a_search_takes_two_queries_whatever_it_finds(board, member, db, django_assert_num_queries):
    for number in range(30):
        thread = forum.create_thread(board, author=member, title=f"Camera {number}", body="x")
        forum.reply_to_thread(thread, author=member, body="camera too")
    rebuild_index()
    search("warm")  # the cached site settings and the segmenter

    with django_assert_num_queries(2):
        results = search("camera")
        [(hit.title_html, hit.snippet_html, hit.author, hit.product) for hit in results.hits]
    with django_assert_num_queries(2):  # past the end: the ids (none), then the count
        assert search("camera", page=50).total == 60
