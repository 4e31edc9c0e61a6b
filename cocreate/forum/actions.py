"""Every write to the forum goes through these functions.

Each runs in one transaction, updates the counters that lists show with F()
expressions, records one Activity and bumps the "forum" page-cache stamp when
a list or page would change. They trust their caller: permission checks are
in permissions.py.
"""

from math import log10
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, FloatField, Value
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast, Coalesce, Greatest, Log
from django.utils import timezone

from cocreate.core import ratelimit
from cocreate.core.activity import record
from cocreate.core.pagecache import bump

from .content import mentioned_members, render_post
from .images import make_post_image
from .models import Board, Post, PostImage, PostRevision, Reaction, Thread, ThreadRead, Watch
from .permissions import POST_RATE_SCOPE, UPLOAD_RATE, UPLOAD_RATE_SCOPE, post_rate

HOT_SECONDS = 45000


@transaction.atomic
def create_thread(
    board: Board, *, author: Any, title: str, body: str, public: bool = True
) -> Thread:
    """Start a thread with its first post; the author watches it. A thread
    another part starts for its own content (an idea's discussion) is not
    `public`: that part announces its content in the activity stream."""
    now = timezone.now()
    thread = Thread.objects.create(
        board=board,
        author=author,
        title=title,
        created_at=now,
        last_post_at=now,
        last_poster=author,
        last_number=1,
        hot_score=hot_score(0, 0, now),
    )
    _post, mentions = _create_post(thread, author=author, body=body, number=1, created_at=now)
    Board.objects.filter(pk=board.pk).update(
        thread_count=F("thread_count") + 1, post_count=F("post_count") + 1, last_post_at=now
    )
    Watch.objects.create(user=author, thread=thread, level=Watch.Level.WATCHING)
    record(
        actor=author,
        verb="thread.created",
        target=thread,
        public=public,
        title=title,
        board=board.pk,
        product=board.product_id,
        mentions=[member.pk for member in mentions if member.pk != author.pk],
    )
    _count_post_for_rate(author)
    bump("forum")
    return thread


@transaction.atomic
def reply_to_thread(
    thread: Thread, *, author: Any, body: str, quoted_post: Post | None = None
) -> Post:
    now = timezone.now()
    # One UPDATE numbers the post, counts it, names the last poster and
    # rescores the thread; it locks the thread row until commit, so concurrent
    # replies get consecutive numbers and exact counts.
    official = {"has_official_reply": True} if author.is_staff else {}
    Thread.objects.filter(pk=thread.pk).update(
        last_number=F("last_number") + 1,
        reply_count=F("reply_count") + 1,
        last_post_at=now,
        last_poster=author,
        hot_score=_hot_score_expression(thread, replies=F("reply_count") + 1),
        **official,
    )
    thread.refresh_from_db(fields=["last_number"])
    post, mentions = _create_post(
        thread,
        author=author,
        body=body,
        number=thread.last_number,
        created_at=now,
        quoted_post=quoted_post,
    )
    Board.objects.filter(pk=thread.board_id).update(
        post_count=F("post_count") + 1, last_post_at=now
    )
    record(
        actor=author,
        verb="post.created",
        target=post,
        public=True,
        thread=thread.pk,
        title=thread.title,
        product=thread.board.product_id,
        thread_author=thread.author_id,
        quoted_author=quoted_post.author_id if quoted_post else None,
        mentions=[member.pk for member in mentions if member.pk != author.pk],
    )
    _count_post_for_rate(author)
    bump("forum")
    return post


@transaction.atomic
def edit_post(post: Post, *, editor: Any, body: str) -> bool:
    """Replace a post's text, keeping every version; returns whether it changed."""
    if body == post.body:
        return False
    now = timezone.now()
    if not post.revisions.exists():
        PostRevision.objects.create(
            post=post, body=post.body, editor_id=post.author_id, created_at=post.created_at
        )
    PostRevision.objects.create(post=post, body=body, editor=editor, created_at=now)
    post.body = body
    post.body_html = render_post(body, mentioned_members(body))
    post.edited_at = now
    post.save(update_fields=["body", "body_html", "edited_at"])
    record(actor=editor, verb="post.edited", target=post, thread=post.thread_id)
    bump("forum")
    return True


@transaction.atomic
def delete_post(post: Post, *, actor: Any, reason: str = "") -> bool:
    """Soft-delete a post; deleting the first post deletes the whole thread.
    Returns whether anything changed."""
    if post.deleted_at:
        return False
    now = timezone.now()
    thread = post.thread
    if post.is_first:
        live_posts = thread.posts.filter(deleted_at__isnull=True).count()
        Thread.objects.filter(pk=thread.pk).update(deleted_at=now)
        thread.deleted_at = now
        Board.objects.filter(pk=thread.board_id).update(
            thread_count=F("thread_count") - 1, post_count=F("post_count") - live_posts
        )
    else:
        Thread.objects.filter(pk=thread.pk).update(reply_count=F("reply_count") - 1)
        _rescore(thread)
        Board.objects.filter(pk=thread.board_id).update(post_count=F("post_count") - 1)
    Post.objects.filter(pk=post.pk).update(deleted_at=now)
    post.deleted_at = now
    record(
        actor=actor,
        verb="post.deleted",
        target=post,
        thread=thread.pk,
        title=thread.title,
        first=post.is_first,
        member=post.author_id,
        reason=reason,
    )
    bump("forum")
    return True


@transaction.atomic
def add_reaction(post: Post, *, user: Any, kind: str = Reaction.Kind.LIKE) -> bool:
    """React to a post once; returns whether the reaction is new."""
    try:
        with transaction.atomic():
            Reaction.objects.create(post=post, user=user, kind=kind)
    except IntegrityError:
        return False
    _count_reaction(post, 1)
    _record_reaction(post, user=user, kind=kind, verb="reaction.added")
    return True


@transaction.atomic
def remove_reaction(post: Post, *, user: Any, kind: str = Reaction.Kind.LIKE) -> bool:
    """Take a reaction back; returns whether there was one."""
    deleted, _ = Reaction.objects.filter(post=post, user=user, kind=kind).delete()
    if not deleted:
        return False
    _count_reaction(post, -1)
    _record_reaction(post, user=user, kind=kind, verb="reaction.removed")
    return True


@transaction.atomic
def watch(target: Thread | Board, *, user: Any) -> bool:
    """Follow a thread or a board; returns whether the level changed."""
    return _set_watch(target, user=user, level=Watch.Level.WATCHING)


@transaction.atomic
def mute(target: Thread | Board, *, user: Any) -> bool:
    """Silence a thread or a board, even where watching would include it."""
    return _set_watch(target, user=user, level=Watch.Level.MUTED)


@transaction.atomic
def unwatch(target: Thread | Board, *, user: Any) -> bool:
    """Back to the default: no notifications beyond mentions and replies."""
    deleted, _ = Watch.objects.filter(user=user, **_watch_key(target)).delete()
    if deleted:
        record(actor=user, verb="watch.removed", target=target)
    return bool(deleted)


def pin_thread(thread: Thread, *, actor: Any, pinned: bool = True, reason: str = "") -> bool:
    """Pin (or unpin) a thread to the top of its board; returns whether it changed."""
    return _set_thread_flag(
        thread, "is_pinned", pinned, actor=actor, verb="thread.pinned", reason=reason
    )


def lock_thread(thread: Thread, *, actor: Any, locked: bool = True, reason: str = "") -> bool:
    """Lock (or unlock) a thread against new replies; returns whether it changed."""
    return _set_thread_flag(
        thread, "is_locked", locked, actor=actor, verb="thread.locked", reason=reason
    )


@transaction.atomic
def _set_thread_flag(
    thread: Thread, field: str, value: bool, *, actor: Any, verb: str, reason: str
) -> bool:
    if not Thread.objects.filter(pk=thread.pk).exclude(**{field: value}).update(**{field: value}):
        return False
    setattr(thread, field, value)
    record(
        actor=actor,
        verb=verb,
        target=thread,
        title=thread.title,
        member=thread.author_id,
        reason=reason,
        **{field.removeprefix("is_"): value},
    )
    bump("forum")
    return True


@transaction.atomic
def move_thread(thread: Thread, *, board: Board, actor: Any, reason: str = "") -> bool:
    """Move a thread, with its posts and counts, to another board; returns
    whether it moved."""
    if thread.board_id == board.pk:
        return False
    thread.refresh_from_db(fields=["last_post_at"])
    live_posts = thread.posts.filter(deleted_at__isnull=True).count()
    Board.objects.filter(pk=thread.board_id).update(
        thread_count=F("thread_count") - 1, post_count=F("post_count") - live_posts
    )
    Board.objects.filter(pk=board.pk).update(
        thread_count=F("thread_count") + 1,
        post_count=F("post_count") + live_posts,
        last_post_at=Greatest(
            Coalesce("last_post_at", Value(thread.last_post_at)), Value(thread.last_post_at)
        ),
    )
    previous = thread.board_id
    Thread.objects.filter(pk=thread.pk).update(board=board)
    thread.board = board
    record(
        actor=actor,
        verb="thread.moved",
        target=thread,
        title=thread.title,
        member=thread.author_id,
        reason=reason,
        board=board.pk,
        previous_board=previous,
        product=board.product_id,
    )
    bump("forum")
    return True


@transaction.atomic
def merge_threads(thread: Thread, *, into: Thread, actor: Any, reason: str = "") -> bool:
    """Append `thread`'s posts to `into`, after its last post, and retire
    `thread` with a pointer to where its posts went. Returns whether anything
    changed."""
    if thread.pk == into.pk or thread.deleted_at or into.deleted_at:
        return False
    now = timezone.now()
    Thread.objects.filter(pk=into.pk).update(last_number=F("last_number"))  # lock its numbering
    into.refresh_from_db(fields=["last_number", "last_post_at"])
    live_posts = thread.posts.filter(deleted_at__isnull=True).count()
    # Source numbers are 1…n, so shifting them past the target's last number
    # keeps every number unique in one statement.
    thread.posts.update(thread=into, number=F("number") + into.last_number)
    last_post_at = max(into.last_post_at, thread.last_post_at)
    last_poster = thread.last_poster_id if thread.last_post_at > into.last_post_at else None
    Thread.objects.filter(pk=into.pk).update(
        last_number=F("last_number") + thread.last_number,
        reply_count=F("reply_count") + live_posts,
        last_post_at=last_post_at,
        **({"last_poster_id": last_poster} if last_poster else {}),
    )
    _rescore(into)
    Thread.objects.filter(pk=thread.pk).update(
        deleted_at=now, merged_into=into, reply_count=0, like_count=0, last_number=0
    )
    thread.deleted_at, thread.merged_into = now, into
    Board.objects.filter(pk=thread.board_id).update(
        thread_count=F("thread_count") - 1, post_count=F("post_count") - live_posts
    )
    Board.objects.filter(pk=into.board_id).update(post_count=F("post_count") + live_posts)
    ThreadRead.objects.filter(thread=thread).delete()
    Watch.objects.filter(thread=thread).delete()
    record(
        actor=actor,
        verb="thread.merged",
        target=into,
        title=thread.title,
        member=thread.author_id,
        reason=reason,
        merged=thread.pk,
        posts=live_posts,
    )
    bump("forum")
    return True


@transaction.atomic
def add_thread_views(views: dict[int, int]) -> None:
    """Add batched page views (thread id → views) to the threads' counters."""
    for thread_id, count in views.items():
        Thread.objects.filter(pk=thread_id).update(view_count=F("view_count") + count)


@transaction.atomic
def mark_thread_read(thread_id: int, *, user_id: int, number: int) -> None:
    """Remember that the member has read the thread up to post `number`."""
    read, _created = ThreadRead.objects.get_or_create(user_id=user_id, thread_id=thread_id)
    ThreadRead.objects.filter(pk=read.pk, last_read_number__lt=number).update(
        last_read_number=number
    )


def hot_score(replies: int, likes: int, created_at: Any) -> float:
    """Reddit's time-independent "hot": activity on a log scale plus age, so
    a newer thread needs ten times the activity per 12.5 hours to stay level."""
    return log10(max(1, 2 * replies + likes)) + created_at.timestamp() / HOT_SECONDS


def _hot_score_expression(
    thread: Thread, *, replies: Any = None, likes: Any = None
) -> CombinedExpression:
    """`hot_score` as SQL, from the counters in the database (or expressions
    of them, e.g. `F("reply_count") + 1` in the UPDATE that adds a reply: SET
    reads the row as it was before the UPDATE)."""
    replies = F("reply_count") if replies is None else replies
    likes = F("like_count") if likes is None else likes
    activity = Cast(2 * replies + likes, FloatField())
    return Log(10, Greatest(Value(1.0), activity)) + Value(
        thread.created_at.timestamp() / HOT_SECONDS
    )


def _rescore(thread: Thread) -> None:
    """Recompute the hot score from the counters as they are in the database."""
    Thread.objects.filter(pk=thread.pk).update(hot_score=_hot_score_expression(thread))


def _create_post(
    thread: Thread,
    *,
    author: Any,
    body: str,
    number: int,
    created_at: Any,
    quoted_post: Post | None = None,
) -> tuple[Post, list]:
    mentions = mentioned_members(body)
    post = Post.objects.create(
        thread=thread,
        author=author,
        body=body,
        body_html=render_post(body, mentions),
        number=number,
        created_at=created_at,
        is_official=author.is_staff,
        quoted_post=quoted_post,
    )
    return post, mentions


def _count_reaction(post: Post, delta: int) -> None:
    Post.objects.filter(pk=post.pk).update(like_count=F("like_count") + delta)
    if post.is_first:
        Thread.objects.filter(pk=post.thread_id).update(like_count=F("like_count") + delta)
    _rescore(post.thread)
    bump("forum")


def _record_reaction(post: Post, *, user: Any, kind: str, verb: str) -> None:
    thread = post.thread
    record(
        actor=user,
        verb=verb,
        target=post,
        kind=kind,
        post_author=post.author_id,
        thread=thread.pk,
        title=thread.title,
        product=thread.board.product_id,
    )


def _watch_key(target: Thread | Board) -> dict[str, Any]:
    return {"thread": target} if isinstance(target, Thread) else {"board": target}


def _set_watch(target: Thread | Board, *, user: Any, level: str) -> bool:
    watch, created = Watch.objects.get_or_create(
        user=user, **_watch_key(target), defaults={"level": level}
    )
    if not created and watch.level == level:
        return False
    if not created:
        watch.level = level
        watch.save(update_fields=["level"])
    record(actor=user, verb="watch.changed", target=target, level=level)
    return True


def _count_post_for_rate(author: Any) -> None:
    transaction.on_commit(lambda: ratelimit.hit(POST_RATE_SCOPE, str(author.pk), post_rate(author)))


def upload_image(*, uploader: Any, file: Any) -> PostImage:
    """Re-encode an uploaded image for posts and keep it. Raises
    ValidationError, writing nothing, when the file is not an image we accept."""
    prepared = make_post_image(file)  # decoding happens outside the transaction
    image = PostImage(
        uploader=uploader,
        width=prepared.width,
        height=prepared.height,
        bytes=prepared.content.size,
    )
    image.file.save(prepared.name, prepared.content, save=False)
    stored_as = image.file.name or ""
    try:
        with transaction.atomic():
            image.save()
            record(
                actor=uploader,
                verb="image.uploaded",
                target=image,
                width=image.width,
                height=image.height,
                bytes=image.bytes,
            )
            transaction.on_commit(
                lambda: ratelimit.hit(UPLOAD_RATE_SCOPE, str(uploader.pk), UPLOAD_RATE)
            )
    except BaseException:
        image.file.storage.delete(stored_as)  # a row that was not written leaves no file
        raise
    return image
