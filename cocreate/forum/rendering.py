"""A page of a thread's posts as one member sees it.

Shared by the forum's thread page and every page that shows a discussion (an
idea's). The posts' HTML is the same for every member and comes from the
cache (`cocreate.core.fragments`); what is the member's own — the "unread"
marks, the buttons they may press, CSRF tokens — fills its holes.
"""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from cocreate.core import fragments
from cocreate.core.pagecache import stamps
from cocreate.moderation import permissions as moderation

from . import permissions, queries, visits
from .models import Post, Thread

# The page-cache stamps the forum's pages depend on.
FORUM_CONTENT = ("forum",)


@dataclass
class PostPage:
    posts: list[Post]  # with visible, liked, can_react, can_edit, can_flag, can_delete set
    html: SafeString  # the listed posts, for this member
    moderates: bool
    cannot_reply: str
    read_to: int


def post_page(
    request: HttpRequest, thread: Thread, number: int, *, with_opening: bool = True
) -> PostPage:
    """Page `number` of the thread for the requesting member; `with_opening`
    False leaves the opening post out of the HTML (a page that shows it in a
    form of its own)."""
    user = request.user
    stamp = stamps(FORUM_CONTENT)
    # The page's posts change only with the forum's stamp, like their HTML.
    posts = fragments.cached(
        ("thread-posts", thread.pk, number), stamp, lambda: queries.thread_posts(thread, number)
    )
    moderates = moderation.can_moderate_board(user, thread.board_id)
    _allow(user, thread, posts, moderates)
    read_to = queries.read_numbers(user, [thread.pk]).get(thread.pk, 0)
    cannot_reply = permissions.reason_cannot_reply(user, thread)
    listed = [post for post in posts if with_opening or post.number > 1]
    # Hidden posts shown to this member (a moderator, or the author) make a page of their own.
    shown_hidden = [post.pk for post in listed if post.hidden_at and post.visible]  # type: ignore[attr-defined]
    html = fragments.cached(
        ("posts", thread.pk, number, with_opening, *shown_hidden),
        stamp,
        lambda: render_to_string("forum/_post_list.html", {"posts": listed, "thread": thread}),
    )
    buttons = {"cannot_reply": bool(cannot_reply), "page_number": number, "moderates": moderates}
    actions = _post_actions(stamp, thread, number, listed, buttons)
    unread = {str(post.number): " post-unread" for post in listed if post.number > read_to > 0}
    html = fragments.fill(html, {"actions": actions, "unread": unread, **fragments.csrf(request)})
    return PostPage(posts, html, moderates, cannot_reply, read_to)


def count_visit(request: HttpRequest, thread: Thread, posts: list[Post], read_to: int) -> None:
    """A member read a page of the thread's `posts`: count the view and move
    their read position past them (in the worker)."""
    if request.user.is_authenticated and posts:
        visits.visit(thread.pk, reader_id=request.user.pk, read_to=read_to, seen=posts[-1].number)


def _allow(user: Any, thread: Thread, posts: list[Post], moderates: bool) -> None:
    """Set on each post what the member sees of it and may do with it."""
    liked = queries.liked_post_ids(user, posts)
    flaggable = moderation.flaggable_post_ids(user, posts)
    for post in posts:
        post.thread = thread
    rights = permissions.post_rights(user, posts)
    for post in posts:
        post.visible = post.is_visible_to(user, moderates=moderates)  # type: ignore[attr-defined]
        post.can_flag = post.pk in flaggable  # type: ignore[attr-defined]
        post.liked = post.pk in liked  # type: ignore[attr-defined]
        post.can_edit, post.can_delete, post.can_react = rights[post.pk]  # type: ignore[attr-defined]


def _post_actions(
    stamp: str, thread: Thread, number: int, posts: list, buttons: dict
) -> dict[str, str]:
    """Each shown post's buttons for this member (the "actions" holes of the
    cached posts). Members who may do the same things share them from the
    cache; each form's CSRF token is a hole of its own."""
    shown = [post for post in posts if post.visible and not post.deleted_at]
    allowed = [
        (post.pk, post.liked, post.can_react, post.can_edit, post.can_flag, post.can_delete)
        for post in shown
    ]

    key = ("post-actions", thread.pk, number, *buttons.values(), *allowed)
    items = {str(post.pk): {"post": post} for post in shown}
    return fragments.rendered_each(key, stamp, "forum/_post_actions.html", buttons, items)
