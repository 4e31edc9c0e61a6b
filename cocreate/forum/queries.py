"""Reads shared by the forum's pages, its API and the notifications app.
Each returns with a fixed number of queries, whatever the page size."""

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cocreate.core.queries import plain_rows
from cocreate.moderation.permissions import can_moderate_board

from .models import (
    LISTED,
    POSTS_PER_PAGE,
    Board,
    Post,
    PostRevision,
    Product,
    Reaction,
    Thread,
    ThreadRead,
    Watch,
)

THREADS_PER_PAGE = 25

SORTS = ("latest", "hot", "top", "unanswered")
PERIODS = {"week": timedelta(days=7), "month": timedelta(days=30), "all": None}
ORDERINGS = {
    "latest": ("-is_pinned", "-last_post_at"),
    "hot": ("-is_pinned", "-hot_score"),
    "top": ("-is_pinned", "-like_count", "-reply_count", "-last_post_at"),
    "unanswered": ("-is_pinned", "-created_at"),
}
# What a name and an avatar need, and nothing heavier.
MEMBER_FIELDS = ("username", "display_name", "avatar_thumbnail", "deleted_at", "is_staff")


def _member_fields(*relations: str) -> list[str]:
    return [f"{relation}__{field}" for relation in relations for field in MEMBER_FIELDS]


def forum_index() -> tuple[list[tuple[Product, list[Board]]], list[Board]]:
    """Each active product with its boards, then the general boards (one query)."""
    by_product: dict[Product, list[Board]] = {}
    general = []
    for board in (
        boards()
        .select_related("product")
        .order_by("product__position", "product__name", "position", "name")
    ):
        if board.product is None:
            general.append(board)
        else:
            by_product.setdefault(board.product, []).append(board)
    return list(by_product.items()), general


def active_products() -> QuerySet[Product]:
    return Product.objects.filter(is_active=True)


def boards() -> QuerySet[Board]:
    return Board.objects.filter(Q(product__isnull=True) | Q(product__is_active=True))


def get_board(slug: str) -> Board:
    return get_object_or_404(boards().select_related("product"), slug=slug)


def board_threads(board: Board, *, sort: str = "latest", period: str = "all") -> QuerySet[Thread]:
    """The board's live threads, pinned first, in the order of `sort`, authors
    and last posters joined. `period` limits "top" to recent threads."""
    threads = board.threads.filter(LISTED)
    if sort == "unanswered":
        threads = threads.filter(reply_count=0)
    if sort == "top" and (span := PERIODS.get(period)):
        threads = threads.filter(created_at__gte=timezone.now() - span)
    return (
        threads.select_related("author", "last_poster")
        .only(
            "board_id",
            "title",
            "created_at",
            "last_post_at",
            "last_number",
            "reply_count",
            "like_count",
            "view_count",
            "is_pinned",
            "is_locked",
            "has_official_reply",
            "deleted_at",
            *_member_fields("author", "last_poster"),
        )
        .order_by(*ORDERINGS[sort], "-pk")
    )


def get_thread_for(user: Any, thread_id: int) -> Thread:
    """A live thread with its board and product, and `discussion_of`: the
    idea it is the discussion of, if any; 404 otherwise, and for a hidden
    thread unless the user wrote it or moderates its board."""
    thread = get_object_or_404(
        Thread.objects.select_related("board__product", "author").annotate(
            discussion_of=F("idea__id")
        ),
        pk=thread_id,
        deleted_at__isnull=True,
    )
    if thread.hidden_at and not (
        thread.author_id == getattr(user, "pk", None) or can_moderate_board(user, thread.board_id)
    ):
        raise Http404
    return thread


def merged_into(thread_id: int) -> int | None:
    """Where a merged thread's posts went, if it was merged."""
    return (
        Thread.objects.filter(pk=thread_id, merged_into__deleted_at__isnull=True)
        .values_list("merged_into", flat=True)
        .first()
    )


def thread_posts(thread: Thread, page: int) -> list[Post]:
    """The posts of one page of the thread, deleted ones included as
    placeholders so numbers and pages stay stable (one query). The thread is
    not set on them (a page kept in the cache would carry a copy of it): a
    caller that needs it sets it."""
    first = (page - 1) * POSTS_PER_PAGE + 1
    return list(
        Post.objects.filter(
            thread_id=thread.pk, number__gte=first, number__lt=first + POSTS_PER_PAGE
        )
        .select_related("author")
        .only(
            "thread_id",
            "number",
            "body",
            "body_html",
            "created_at",
            "edited_at",
            "deleted_at",
            "hidden_at",
            "is_official",
            "like_count",
            "author_id",
            "quoted_post_id",
            *_member_fields("author"),
        )
        .order_by("number")
    )


def page_count(thread: Thread) -> int:
    return max(1, -(-thread.last_number // POSTS_PER_PAGE))


def get_post_for(user: Any, post_id: int) -> Post:
    """A live post in a live thread; 404 otherwise, and for a hidden post
    unless the user wrote it or moderates its board."""
    post = get_object_or_404(
        Post.objects.select_related("thread__board__product", "author"),
        pk=post_id,
        deleted_at__isnull=True,
        thread__deleted_at__isnull=True,
    )
    if post.hidden_at and not post.is_visible_to(
        user, moderates=can_moderate_board(user, post.thread.board_id)
    ):
        raise Http404
    return post


def liked_post_ids(user: Any, posts: list[Post]) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    among = ("post", [post.pk for post in posts])
    liked = plain_rows(Reaction, ["post"], among, user=user.pk, kind=Reaction.Kind.LIKE.value)
    return {pk for (pk,) in liked}


def watch_levels(user: Any, thread: Thread) -> dict[str, str | None]:
    """The member's own level on the thread and on its board (one query)."""
    levels: dict[str, str | None] = {"thread": None, "board": None}
    if not getattr(user, "is_authenticated", False):
        return levels
    for watch in Watch.objects.filter(
        Q(thread=thread) | Q(board_id=thread.board_id), user=user
    ).only("thread_id", "board_id", "level"):
        levels["thread" if watch.thread_id else "board"] = watch.level
    return levels


def board_watch_level(user: Any, board: Board) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Watch.objects.filter(user=user, board=board).values_list("level", flat=True).first()


def read_numbers(user: Any, thread_ids: list[int]) -> dict[int, int]:
    """How far the member has read each thread: thread id → last post number."""
    if not getattr(user, "is_authenticated", False):
        return {}
    columns = ["thread", "last_read_number"]
    return dict(plain_rows(ThreadRead, columns, ("thread", thread_ids), user=user.pk))


def unread_counts(user: Any, last_numbers: dict[int, int]) -> dict[int, int]:
    """How many posts were added to each thread (id → its last post number)
    since the member last opened it; threads never opened, or read to the end,
    are left out."""
    reads = read_numbers(user, list(last_numbers))
    return {
        thread_id: last - reads[thread_id]
        for thread_id, last in last_numbers.items()
        if reads.get(thread_id, last) < last
    }


def revisions_of(post: Post) -> QuerySet[PostRevision]:
    return post.revisions.select_related("editor").order_by("-created_at", "-id")


def watchers_of(thread: Thread) -> QuerySet:
    """Active members watching the thread or its board, except those who
    muted the thread."""
    muted = Watch.objects.filter(thread=thread, level=Watch.Level.MUTED).values("user_id")
    watching = Watch.objects.filter(
        Q(thread=thread) | Q(board_id=thread.board_id), level=Watch.Level.WATCHING
    ).values("user_id")
    return (
        get_user_model()
        .objects.filter(pk__in=watching, is_active=True, deleted_at__isnull=True)
        .exclude(pk__in=muted)
    )


def muted_by(user: Any) -> set[int]:
    """The ids of the threads the member muted."""
    return set(
        Watch.objects.filter(user=user, thread__isnull=False, level=Watch.Level.MUTED).values_list(
            "thread_id", flat=True
        )
    )
