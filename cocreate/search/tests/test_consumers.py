"""The index follows the forum through the activity fan-out, run by the real
background worker: what everyone may read is found, nothing else, and
restoring brings it back."""

import pytest

from cocreate.forum import actions as forum
from cocreate.forum.models import Board, Product
from cocreate.moderation import actions as moderation
from cocreate.search.consumers import CONSUMERS, reindex
from cocreate.search.models import SearchDocument


@pytest.fixture
def opened(board, member, commit_and_work):
    """A thread about the screen-off display with a reply about dark mode, indexed."""
    with commit_and_work():
        thread = forum.create_thread(
            board, author=member, title="希望增加息屏显示功能", body="Always-on display, please."
        )
        reply = forum.reply_to_thread(thread, author=member, body="And a dark mode for cameras")
    return thread, reply


def test_new_threads_and_replies_are_found(opened, found):
    thread, reply = opened

    assert found("息屏显示") == [("thread", thread.pk)]
    assert found("息屏") == [("thread", thread.pk)]
    assert found("dark mode") == [("post", reply.pk)]
    assert found("camera") == [("post", reply.pk)]


def test_an_edit_replaces_the_text_found(opened, member, commit_and_work, found):
    _thread, reply = opened

    with commit_and_work():
        forum.edit_post(reply, editor=member, body="Night photos are blurry")

    assert found("dark mode") == []
    assert found("blurry") == [("post", reply.pk)]


def test_editing_the_opening_post_changes_its_thread(opened, member, commit_and_work, found):
    thread, _reply = opened

    with commit_and_work():
        forum.edit_post(thread.posts.get(number=1), editor=member, body="Battery saver mode")

    assert found("battery") == [("thread", thread.pk)]
    assert found("always display") == []


def test_a_deleted_reply_is_never_found(opened, member, commit_and_work, found):
    _thread, reply = opened

    with commit_and_work():
        forum.delete_post(reply, actor=member)

    assert found("dark mode") == []


def test_deleting_the_opening_post_takes_the_thread_and_its_replies_away(
    opened, member, commit_and_work, found
):
    thread, _reply = opened

    with commit_and_work():
        forum.delete_post(thread.posts.get(number=1), actor=member)

    assert found("息屏") == []
    assert found("dark mode") == []
    assert not SearchDocument.objects.exists()


def test_a_hidden_reply_disappears_and_comes_back_when_restored(
    opened, staff, commit_and_work, found
):
    _thread, reply = opened

    with commit_and_work():
        moderation.hide_post(reply, actor=staff, reason="Off topic")
    assert found("dark mode") == []

    with commit_and_work():
        moderation.restore_post(reply, actor=staff, reason="On topic after all")
    assert found("dark mode") == [("post", reply.pk)]


def test_hiding_the_opening_post_hides_the_thread_and_every_reply_until_restored(
    opened, staff, commit_and_work, found
):
    thread, reply = opened
    opening = thread.posts.get(number=1)

    with commit_and_work():
        moderation.hide_post(opening, actor=staff, reason="Spam")
    assert found("息屏") == []
    assert found("dark mode") == []

    with commit_and_work():
        moderation.restore_post(opening, actor=staff, reason="Not spam")
    assert found("息屏") == [("thread", thread.pk)]
    assert found("dark mode") == [("post", reply.pk)]


def test_a_moved_thread_is_found_under_its_new_product(
    opened, product, staff, commit_and_work, found
):
    thread, reply = opened
    watch = Product.objects.create(slug="watch", name="Orange Watch")
    board = Board.objects.create(slug="watch-chat", product=watch, name="Watch chat")

    with commit_and_work():
        moderation.move_thread(thread, actor=staff, board=board, reason="Wrong board")

    assert found("息屏", product_id=watch.pk) == [("thread", thread.pk)]
    assert found("dark mode", product_id=watch.pk) == [("post", reply.pk)]
    assert found("dark mode", product_id=product.pk) == []


def test_a_merged_thread_is_gone_and_its_posts_are_found_in_the_target(
    opened, board, member, staff, commit_and_work, found
):
    thread, reply = opened
    with commit_and_work():
        target = forum.create_thread(board, author=member, title="Display wishes", body="Ideas?")
        moderation.merge_threads(thread, into=target, actor=staff, reason="Same topic")

    assert found("息屏") == []  # the merged thread itself is gone…
    moved = target.posts.get(body="Always-on display, please.")
    assert found("always display") == [("post", moved.pk)]  # …its opening post is a reply now
    document = SearchDocument.objects.get(kind="post", object_id=reply.pk)
    assert document.url.startswith(target.get_absolute_url())
    assert document.context == "Display wishes"


def test_a_staff_reply_gives_the_thread_the_official_status(opened, staff, commit_and_work, found):
    thread, _reply = opened

    with commit_and_work():
        answer = forum.reply_to_thread(thread, author=staff, body="Planned for the next release")

    assert found("息屏", status="official") == [("thread", thread.pk)]
    assert found("release", status="official") == [("post", answer.pk)]
    assert found("dark mode", status="official") == []


def test_the_consumer_listens_to_every_verb_that_changes_forum_documents():
    assert set(CONSUMERS) >= {
        "thread.created",
        "post.created",
        "post.edited",
        "post.deleted",
        "post.hidden",
        "post.restored",
        "thread.moved",
        "thread.merged",
    }
    assert all(consumers == [reindex] for consumers in CONSUMERS.values())
