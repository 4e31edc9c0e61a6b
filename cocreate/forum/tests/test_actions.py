import threading

import pytest
from django.db import connection

from cocreate.accounts.tests.factories import UserFactory
from cocreate.accounts.tests.uploads import fake_image_upload, image_upload
from cocreate.core.models import Activity, CacheStamp
from cocreate.forum import actions
from cocreate.forum.models import Board, Post, PostRevision, Reaction, Thread, ThreadRead, Watch

pytestmark = pytest.mark.django_db


def _refresh(*objects):
    for obj in objects:
        obj.refresh_from_db()


def test_create_thread_creates_the_first_post_and_counts_it(board, member):
    thread = actions.create_thread(board, author=member, title="Hello", body="**Hi** all")

    _refresh(board)
    post = thread.posts.get()
    assert post.number == 1 and post.body_html == "<p><strong>Hi</strong> all</p>\n"
    assert (board.thread_count, board.post_count) == (1, 1)
    assert board.last_post_at == thread.last_post_at
    assert thread.reply_count == 0 and thread.last_poster == member


def test_create_thread_makes_the_author_watch_it(thread, member):
    assert Watch.objects.get(user=member, thread=thread).level == Watch.Level.WATCHING


def test_create_thread_records_a_public_activity(thread, board, product):
    activity = Activity.objects.get(verb="thread.created")
    assert activity.public and activity.target == thread
    assert activity.product == product
    assert activity.data == {"title": "Night photos", "board": board.pk, "mentions": []}


def test_reply_numbers_posts_and_updates_every_counter(thread, board, other_member):
    first = actions.reply_to_thread(thread, author=other_member, body="One")
    second = actions.reply_to_thread(thread, author=other_member, body="Two")

    _refresh(thread, board)
    assert (first.number, second.number) == (2, 3)
    assert thread.reply_count == 2 and thread.last_number == 3
    assert thread.last_poster == other_member
    assert board.post_count == 3
    assert thread.hot_score == pytest.approx(actions.hot_score(2, 0, thread.created_at), abs=1e-6)


def test_reply_by_staff_is_official_and_marks_the_thread(thread, staff):
    post = actions.reply_to_thread(thread, author=staff, body="From the team")

    thread.refresh_from_db()
    assert post.is_official and thread.has_official_reply


def test_reply_records_who_to_tell(thread, member, other_member, first_post):
    UserFactory(username="lilei")
    actions.reply_to_thread(
        thread,
        author=other_member,
        body="> So sharp!\n\n@lilei @ada @nobody",
        quoted_post=first_post,
    )

    activity = Activity.objects.get(verb="post.created")
    lilei = type(member).objects.get(username="lilei")
    assert activity.public
    assert activity.data["thread"] == thread.pk and activity.data["title"] == "Night photos"
    assert activity.data["thread_author"] == member.pk
    assert activity.data["quoted_author"] == member.pk
    assert sorted(activity.data["mentions"]) == sorted([lilei.pk, member.pk])
    assert activity.product_id == thread.board.product_id
    assert "product" not in activity.data


def test_mentions_link_existing_members_only_outside_code(thread, other_member):
    post = actions.reply_to_thread(
        thread, author=other_member, body="Hi @ada and @ghost, see `@ada`."
    )

    assert '<a class="mention" href="/u/ada/">@ada</a>' in post.body_html
    assert "@ghost" in post.body_html and 'href="/u/ghost/"' not in post.body_html
    assert "<code>@ada</code>" in post.body_html


def test_a_post_is_sanitised_on_the_way_in(thread, other_member):
    post = actions.reply_to_thread(thread, author=other_member, body="<script>x</script>")

    assert "<script>" not in post.body_html


def test_edit_post_keeps_every_version(first_post, member, staff):
    actions.edit_post(first_post, editor=member, body="Sharper")
    actions.edit_post(first_post, editor=staff, body="Sharpest")

    revisions = list(PostRevision.objects.filter(post=first_post).order_by("id"))
    assert [r.body for r in revisions] == ["So sharp!", "Sharper", "Sharpest"]
    assert [r.editor for r in revisions] == [member, member, staff]
    first_post.refresh_from_db()
    assert first_post.edited_at and first_post.body_html == "<p>Sharpest</p>\n"


def test_edit_post_without_change_writes_nothing(first_post, member):
    assert actions.edit_post(first_post, editor=member, body="So sharp!") is False
    assert not PostRevision.objects.exists()


def test_delete_reply_is_soft_and_uncounted(thread, board, other_member):
    reply = actions.reply_to_thread(thread, author=other_member, body="Oops")

    assert actions.delete_post(reply, actor=other_member)
    assert actions.delete_post(reply, actor=other_member) is False

    _refresh(reply, thread, board)
    assert reply.deleted_at and Post.objects.filter(pk=reply.pk).exists()
    assert thread.reply_count == 0 and board.post_count == 1
    assert Activity.objects.filter(verb="post.deleted").count() == 1


def test_deleting_the_first_post_deletes_the_thread(thread, board, first_post, other_member):
    actions.reply_to_thread(thread, author=other_member, body="Reply")

    actions.delete_post(first_post, actor=first_post.author)

    _refresh(thread, board)
    assert thread.deleted_at
    assert (board.thread_count, board.post_count) == (0, 0)


def test_reactions_are_idempotent_and_counted_on_post_and_thread(first_post, other_member):
    assert actions.add_reaction(first_post, user=other_member)
    assert actions.add_reaction(first_post, user=other_member) is False

    _refresh(first_post, first_post.thread)
    assert first_post.like_count == 1 and first_post.thread.like_count == 1

    assert actions.remove_reaction(first_post, user=other_member)
    assert actions.remove_reaction(first_post, user=other_member) is False
    _refresh(first_post, first_post.thread)
    assert first_post.like_count == 0 and first_post.thread.like_count == 0
    verbs = list(
        Activity.objects.filter(verb__startswith="reaction.").values_list("verb", flat=True)
    )
    assert sorted(verbs) == ["reaction.added", "reaction.removed"]


def test_reaction_activity_carries_what_notifications_need(first_post, member, other_member):
    actions.add_reaction(first_post, user=other_member)

    activity = Activity.objects.get(verb="reaction.added")
    assert not activity.public
    assert activity.product_id == first_post.thread.board.product_id
    assert activity.data == {
        "kind": "like",
        "post_author": member.pk,
        "thread": first_post.thread_id,
        "title": "Night photos",
    }


def test_likes_on_a_reply_do_not_count_on_the_thread(thread, member, other_member):
    reply = actions.reply_to_thread(thread, author=other_member, body="Reply")

    actions.add_reaction(reply, user=member)

    _refresh(reply, thread)
    assert reply.like_count == 1 and thread.like_count == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_likes_are_counted_exactly(board, member):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs a server database")
    thread = actions.create_thread(board, author=member, title="Race", body="Go")
    post = thread.posts.get()
    likers = [UserFactory() for _ in range(8)]

    def like(user):
        actions.add_reaction(post, user=user)
        actions.add_reaction(post, user=user)

    workers = [threading.Thread(target=like, args=(user,)) for user in likers]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    post.refresh_from_db()
    assert post.like_count == Reaction.objects.filter(post=post).count() == 8


def test_watch_mute_and_unwatch_a_thread_and_a_board(thread, board, other_member):
    assert actions.watch(thread, user=other_member)
    assert actions.watch(thread, user=other_member) is False
    assert actions.mute(thread, user=other_member)
    assert Watch.objects.get(user=other_member, thread=thread).level == Watch.Level.MUTED
    assert actions.unwatch(thread, user=other_member)
    assert not Watch.objects.filter(user=other_member, thread=thread).exists()

    actions.watch(board, user=other_member)
    assert Watch.objects.get(user=other_member, board=board).level == Watch.Level.WATCHING


def test_pin_and_lock_thread_change_once_and_record(thread, staff):
    assert actions.pin_thread(thread, actor=staff)
    assert actions.pin_thread(thread, actor=staff) is False
    assert actions.lock_thread(thread, actor=staff)

    thread.refresh_from_db()
    assert thread.is_pinned and thread.is_locked
    assert Activity.objects.filter(verb="thread.pinned", public=False).count() == 1
    assert Activity.objects.filter(verb="thread.locked", public=False).count() == 1


def test_add_thread_views_and_mark_thread_read(thread, member):
    actions.add_thread_views({thread.pk: 3})
    actions.add_thread_views({thread.pk: 2})
    actions.mark_thread_read(thread.pk, user_id=member.pk, number=4)
    actions.mark_thread_read(thread.pk, user_id=member.pk, number=2)

    thread.refresh_from_db()
    assert thread.view_count == 5
    assert ThreadRead.objects.get(user=member, thread=thread).last_read_number == 4


def test_counters_bump_the_forum_page_cache(board, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        actions.create_thread(board, author=member, title="T", body="B")

    assert CacheStamp.objects.get(name="forum").version > 1
    assert Board.objects.get(pk=board.pk).thread_count == Thread.objects.count()


# --- Image uploads ---------------------------------------------------------------


def _files(root) -> list:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_upload_image_stores_a_reencoded_image_and_records_it(member, media_root):
    from cocreate.forum.images import OUTPUT_FORMAT
    from cocreate.forum.models import PostImage

    image = actions.upload_image(uploader=member, file=image_upload("me.png", size=(300, 200)))

    stored = PostImage.objects.get()
    assert stored == image and stored.uploader == member
    assert (stored.width, stored.height) == (300, 200)
    assert stored.file.name.startswith("forum/") and stored.file.name.endswith(".webp")
    assert _files(media_root) == [media_root / stored.file.name]
    assert stored.bytes == (media_root / stored.file.name).stat().st_size
    assert OUTPUT_FORMAT == "WEBP"
    activity = Activity.objects.get(verb="image.uploaded")
    assert activity.target == image and activity.actor == member
    assert activity.data == {"width": 300, "height": 200, "bytes": stored.bytes}


@pytest.mark.parametrize(
    "make_upload",
    [lambda: fake_image_upload("note.png"), lambda: image_upload("me.bmp", "BMP")],
    ids=["text-named-png", "bmp"],
)
def test_upload_image_writes_nothing_for_a_bad_file(member, media_root, make_upload):
    from django.core.exceptions import ValidationError

    from cocreate.forum.models import PostImage

    with pytest.raises(ValidationError):
        actions.upload_image(uploader=member, file=make_upload())

    assert not PostImage.objects.exists()
    assert not Activity.objects.filter(verb="image.uploaded").exists()
    assert _files(media_root) == []


def test_upload_image_removes_the_file_when_the_row_cannot_be_written(
    member, media_root, monkeypatch
):
    from cocreate.forum.models import PostImage

    def fail(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(actions, "record", fail)

    with pytest.raises(RuntimeError):
        actions.upload_image(uploader=member, file=image_upload())

    assert not PostImage.objects.exists()
    assert _files(media_root) == []


def test_upload_image_counts_towards_the_hourly_limit(
    member, media_root, django_capture_on_commit_callbacks
):
    from cocreate.core import ratelimit
    from cocreate.forum.permissions import UPLOAD_RATE, UPLOAD_RATE_SCOPE

    with django_capture_on_commit_callbacks(execute=True):
        actions.upload_image(uploader=member, file=image_upload())

    assert ratelimit.hit(UPLOAD_RATE_SCOPE, str(member.pk), UPLOAD_RATE) == 2
