import pytest
from django.core.management import call_command
from django.utils import timezone

from cocreate.forum import actions as forum
from cocreate.forum.models import Post, Thread
from cocreate.search.actions import index_documents, rebuild_index
from cocreate.search.models import SearchDocument


@pytest.fixture
def conversation(board, member, other_member):
    thread = forum.create_thread(board, author=member, title="Battery life", body="Two days")
    reply = forum.reply_to_thread(thread, author=other_member, body="Only one for me")
    return thread, reply


def test_indexing_writes_what_everyone_may_read(conversation):
    thread, reply = conversation

    assert index_documents("thread", [thread.pk]) == 1
    assert index_documents("post", [reply.pk, thread.posts.get(number=1).pk]) == 1

    document = SearchDocument.objects.get(kind="thread")
    assert (document.object_id, document.title, document.text) == (
        thread.pk,
        "Battery life",
        "Two days",
    )
    assert document.product_id == thread.board.product_id
    assert document.author_id == thread.author_id
    assert document.url == thread.get_absolute_url()
    assert document.title_tokens == "battery life"
    reply_document = SearchDocument.objects.get(kind="post")
    assert reply_document.url == reply.get_absolute_url()
    assert reply_document.context == "Battery life"
    assert reply_document.title == ""


def test_indexing_again_replaces_a_document_and_removes_what_became_hidden(conversation):
    _thread, reply = conversation
    index_documents("post", [reply.pk])
    Post.objects.filter(pk=reply.pk).update(body_html="<p>Three days</p>")

    index_documents("post", [reply.pk])
    assert SearchDocument.objects.get(kind="post").text == "Three days"

    Post.objects.filter(pk=reply.pk).update(hidden_at=timezone.now())
    assert index_documents("post", [reply.pk]) == 0
    assert not SearchDocument.objects.filter(kind="post").exists()


def test_indexing_an_id_that_no_longer_exists_removes_its_document(conversation):
    _thread, reply = conversation
    index_documents("post", [reply.pk])
    Post.objects.filter(pk=reply.pk).delete()

    index_documents("post", [reply.pk])

    assert not SearchDocument.objects.exists()


def test_a_reply_links_to_the_page_it_is_on(board, member):
    thread = forum.create_thread(board, author=member, title="Long", body="First")
    replies = [forum.reply_to_thread(thread, author=member, body=f"Reply {n}") for n in range(21)]

    index_documents("post", [replies[-1].pk])

    assert SearchDocument.objects.get().url == replies[-1].get_absolute_url()
    assert "?page=2#post-22" in replies[-1].get_absolute_url()


def test_a_rebuild_indexes_every_visible_document_oldest_first(conversation, board, member):
    thread, reply = conversation
    hidden = forum.create_thread(board, author=member, title="Hidden", body="Spam")
    Thread.objects.filter(pk=hidden.pk).update(hidden_at=timezone.now())
    SearchDocument.objects.create(
        kind="thread", object_id=999, created_at=timezone.now(), url="/stale/"
    )

    assert rebuild_index() == {"thread": 1, "post": 1, "idea": 0, "challenge": 0, "entry": 0}

    documents = list(SearchDocument.objects.order_by("id").values_list("kind", "object_id"))
    assert documents == [("thread", thread.pk), ("post", reply.pk)]


def test_a_rebuild_orders_documents_by_creation_across_kinds(board, member):
    first = forum.create_thread(board, author=member, title="One", body="a")
    second = forum.create_thread(board, author=member, title="Two", body="b")
    reply = forum.reply_to_thread(first, author=member, body="c")
    Thread.objects.filter(pk=second.pk).update(created_at=timezone.now() + timezone.timedelta(1))

    rebuild_index()

    assert list(SearchDocument.objects.order_by("id").values_list("kind", "object_id")) == [
        ("thread", first.pk),
        ("post", reply.pk),
        ("thread", second.pk),
    ]


def test_a_rebuild_with_worker_processes_writes_the_same_index(board, member, monkeypatch):
    from cocreate.search import actions

    monkeypatch.setattr(actions, "REBUILD_BATCH", 3)
    for number in range(8):
        thread = forum.create_thread(board, author=member, title=f"批次 {number}", body="电池")
        forum.reply_to_thread(thread, author=member, body=f"Reply number {number}")
    rebuild_index()
    alone = list(
        SearchDocument.objects.order_by("id").values_list("kind", "object_id", "body_tokens")
    )

    assert rebuild_index(jobs=2) == {"thread": 8, "post": 8, "idea": 0, "challenge": 0, "entry": 0}

    together = list(
        SearchDocument.objects.order_by("id").values_list("kind", "object_id", "body_tokens")
    )
    assert together == alone


def test_the_rebuild_command_reports_what_it_wrote(conversation, capsys):
    call_command("rebuild_search_index", "--jobs", "1")

    assert "1 thread, 1 post" in capsys.readouterr().out
    assert SearchDocument.objects.count() == 2


def test_the_demo_community_can_be_searched_once_loaded(db, settings, found):
    settings.DEMO_MODE = True
    call_command("demo_data", verbosity=0)

    assert found("夜景")  # "橙子手机 14 的夜景拍照真的惊艳"
    assert found("welcome forum")
