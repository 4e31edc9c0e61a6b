"""The forum's searchable documents (see cocreate.search.registry).

A thread is one document: its title and its opening post. Every other post
is a document of its own, shown with its thread's title. Only what everyone
may read is indexed: a deleted or hidden post, and every post of a deleted
(or merged away) or hidden thread, leaves the index, and comes back when
restored. A thread and the official replies in it carry the status
"official". A thread that is an idea's discussion is not a document: the
idea is (cocreate.ideas.search), and its replies are.
"""

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cocreate.core.models import Activity
from cocreate.search.registry import Document, Source, plain_text

from .models import LISTED, POSTS_PER_PAGE, Post, Thread

THREAD = "thread"
POST = "post"
OFFICIAL = "official"
STATUSES = [(OFFICIAL, _("Official reply"))]


def _thread_urls() -> str:
    """The address of a thread, with `{}` for its id: reversing once per
    batch instead of once per document (a rebuild makes 200,000)."""
    return reverse("forum:thread", args=[999_999_999]).replace("999999999", "{}")


def _post_url(thread_url: str, number: int) -> str:
    """`Post.get_absolute_url`, from the thread's address."""
    page = (number - 1) // POSTS_PER_PAGE + 1
    return f"{thread_url}{f'?page={page}' if page > 1 else ''}#post-{number}"


def thread_documents(ids: Sequence[int]) -> Iterator[Document]:
    """Two queries: the threads with their boards, and their opening posts."""
    threads = (
        Thread.objects.filter(pk__in=ids)
        .annotate(discussion_of=F("idea__id"))
        .select_related("board")
        .only(
            "title",
            "created_at",
            "author_id",
            "has_official_reply",
            "deleted_at",
            "hidden_at",
            "board__product_id",
        )
    )
    openings = {
        post.thread_id: post
        for post in Post.objects.filter(thread_id__in=ids, number=1).only(
            "thread_id", "body_html", "deleted_at", "hidden_at"
        )
    }
    thread_url = _thread_urls()
    for thread in threads:
        opening = openings.get(thread.pk)
        visible = (
            thread.discussion_of is None  # type: ignore[attr-defined]
            and thread.deleted_at is None
            and thread.hidden_at is None
            and opening is not None
            and opening.deleted_at is None
            and opening.hidden_at is None
        )
        yield Document(
            kind=THREAD,
            object_id=thread.pk,
            title=thread.title,
            body=plain_text(opening.body_html) if visible and opening else "",
            url=thread_url.format(thread.pk),
            created_at=thread.created_at,
            visible=visible,
            product_id=thread.board.product_id,
            status=OFFICIAL if thread.has_official_reply else "",
            author_id=thread.author_id,
        )


def post_documents(ids: Sequence[int]) -> Iterator[Document]:
    """One query: the posts with their threads' title, state and product, as
    plain values (a rebuild reads 200,000). An opening post is not a
    document of its own: its thread is."""
    rows = Post.objects.filter(pk__in=ids).values_list(
        "pk",
        "thread_id",
        "number",
        "body_html",
        "created_at",
        "author_id",
        "is_official",
        "deleted_at",
        "hidden_at",
        "thread__title",
        "thread__deleted_at",
        "thread__hidden_at",
        "thread__board__product_id",
    )
    thread_url = _thread_urls()
    for (
        pk,
        thread_id,
        number,
        body_html,
        created_at,
        author_id,
        is_official,
        deleted_at,
        hidden_at,
        title,
        thread_deleted_at,
        thread_hidden_at,
        product_id,
    ) in rows:
        visible = number > 1 and not (
            deleted_at or hidden_at or thread_deleted_at or thread_hidden_at
        )
        yield Document(
            kind=POST,
            object_id=pk,
            title="",
            body=plain_text(body_html) if visible else "",
            context=title,
            url=_post_url(thread_url.format(thread_id), number),
            created_at=created_at,
            visible=visible,
            product_id=product_id,
            status=OFFICIAL if is_official else "",
            author_id=author_id,
        )


def dated_thread_ids() -> Iterable[tuple[datetime, int]]:
    return Thread.objects.filter(LISTED, idea__isnull=True).values_list("created_at", "pk")


def dated_post_ids() -> Iterable[tuple[datetime, int]]:
    return Post.objects.filter(
        number__gt=1,
        deleted_at__isnull=True,
        hidden_at__isnull=True,
        thread__deleted_at__isnull=True,
        thread__hidden_at__isnull=True,
    ).values_list("created_at", "pk")


# Which documents an activity changes ------------------------------------------


def _target(activity: Activity) -> list[int]:
    return [activity.target_id] if activity.target_id else []


def _thread(activity: Activity) -> list[int]:
    thread_id = activity.data.get("thread")
    return [thread_id] if thread_id else []


def _official_reply_thread(activity: Activity) -> list[int]:
    """A staff reply may give its thread the "official" status."""
    return _thread(activity) if activity.actor and activity.actor.is_staff else []


def _merged_threads(activity: Activity) -> list[int]:
    return [*_target(activity), *([activity.data["merged"]] if activity.data.get("merged") else [])]


def _posts_of_thread(thread_id: int) -> list[int]:
    return list(Post.objects.filter(thread_id=thread_id).values_list("pk", flat=True))


def _post_or_whole_thread(activity: Activity) -> list[int]:
    """Deleting, hiding or restoring an opening post does so to its thread,
    and so to every post in it."""
    thread_id = activity.data.get("thread")
    if thread_id and Post.objects.filter(pk=activity.target_id, number=1).exists():
        return _posts_of_thread(thread_id)
    return _target(activity)


def _posts_of_target_thread(activity: Activity) -> list[int]:
    return _posts_of_thread(activity.target_id) if activity.target_id else []


SOURCES = [
    Source(
        kind=THREAD,
        label=_("Thread"),
        label_plural=_("Threads"),
        documents=thread_documents,
        dated_ids=dated_thread_ids,
        statuses=STATUSES,
        affected_by={
            "thread.created": _target,
            "post.created": _official_reply_thread,
            # Re-reading a thread is cheap; it changes when the post is its opening one.
            "post.edited": _thread,
            "post.deleted": _thread,
            "post.hidden": _thread,
            "post.restored": _thread,
            "thread.moved": _target,
            "thread.merged": _merged_threads,
        },
    ),
    Source(
        kind=POST,
        label=_("Reply"),
        label_plural=_("Replies"),
        documents=post_documents,
        dated_ids=dated_post_ids,
        statuses=STATUSES,
        affected_by={
            "post.created": _target,
            "post.edited": _target,
            "post.deleted": _post_or_whole_thread,
            "post.hidden": _post_or_whole_thread,
            "post.restored": _post_or_whole_thread,
            "thread.moved": _posts_of_target_thread,
            # The merged thread's posts now belong to (and link into) the target.
            "thread.merged": _posts_of_target_thread,
        },
    ),
]
