"""Who may do what in the forum. Pure functions: `can_*` answers, `check_*`
raises PermissionDenied with a sentence the member can act on."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocreate.core import ratelimit
from cocreate.core.permissions import answers, refusal
from cocreate.moderation.permissions import check_accepted_guidelines, check_not_suspended
from cocreate.moderation.spam import check_not_spam
from cocreate.reputation.privileges import check_privilege, hourly_post_limit

from .content import has_images, has_links, post_markdown
from .models import Board, Post, Thread

POST_RATE_SCOPE = "forum-post"


def post_rate(user: Any) -> str:
    return f"{hourly_post_limit(user)}/3600"


def _check_member(user: Any) -> None:
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Log in to take part in the forum."))
    if not user.is_active or user.deleted_at:
        raise PermissionDenied(_("Your account cannot post."))
    check_not_suspended(user)


def _check_rate(user: Any) -> None:
    if ratelimit.is_limited(POST_RATE_SCOPE, str(user.pk), post_rate(user)):
        raise PermissionDenied(
            _(
                "You have reached your limit of %(limit)d posts an hour. "
                "Take part in other ways, and try again later."
            )
            % {"limit": hourly_post_limit(user)}
        )


def check_create_thread(user: Any, board: Board) -> None:
    _check_member(user)
    if board.staff_only_threads and not user.is_staff:
        raise PermissionDenied(_("Only the team starts threads on this board; you can reply."))
    check_privilege(user, "create_thread")
    check_accepted_guidelines(user)
    _check_rate(user)


def can_create_thread(user: Any, board: Board) -> bool:
    return answers(check_create_thread, user, board)


def check_reply(user: Any, thread: Thread) -> None:
    _check_member(user)
    if thread.deleted_at:
        raise PermissionDenied(_("This thread was deleted."))
    if thread.is_locked and not user.is_staff:
        raise PermissionDenied(_("This thread is locked: no new replies."))
    check_accepted_guidelines(user)
    _check_rate(user)


def can_reply(user: Any, thread: Thread) -> bool:
    return answers(check_reply, user, thread)


def check_post_content(user: Any, body: str, *, post: Post | None = None) -> None:
    """Links and images in a post (or in the new text of `post`) need their
    privileges, and spam is refused."""
    html = post_markdown(body)
    if has_links(html):
        check_privilege(user, "post_links")
    if has_images(html):
        check_privilege(user, "post_images")
    check_not_spam(user, body, post=post)


def check_edit_post(user: Any, post: Post) -> None:
    _check_member(user)
    _check_edit(user, post)


# The rules on one post are asked for every post of a page: their refusals
# are translated only when one is shown.


def _check_edit(user: Any, post: Post) -> None:
    if post.deleted_at or post.thread.deleted_at:
        raise PermissionDenied(gettext_lazy("This post was deleted."))
    if user.is_staff:
        return
    if post.author_id != user.pk:
        raise PermissionDenied(gettext_lazy("You can only edit your own posts."))
    if post.thread.is_locked:
        raise PermissionDenied(
            gettext_lazy("This thread is locked: its posts can no longer be edited.")
        )


def can_edit_post(user: Any, post: Post) -> bool:
    return answers(check_edit_post, user, post)


def check_delete_post(user: Any, post: Post) -> None:
    _check_member(user)
    _check_delete(user, post)


def _check_delete(user: Any, post: Post) -> None:
    if post.deleted_at:
        raise PermissionDenied(gettext_lazy("This post was already deleted."))
    if not user.is_staff and post.author_id != user.pk:
        raise PermissionDenied(gettext_lazy("You can only delete your own posts."))


def can_delete_post(user: Any, post: Post) -> bool:
    return answers(check_delete_post, user, post)


def check_react(user: Any, post: Post) -> None:
    _check_member(user)
    _check_react(user, post)


def _check_react(user: Any, post: Post) -> None:
    if post.deleted_at or post.thread.deleted_at:
        raise PermissionDenied(gettext_lazy("This post was deleted."))
    if post.author_id == user.pk:
        raise PermissionDenied(gettext_lazy("You cannot like your own post."))


def can_react(user: Any, post: Post) -> bool:
    return answers(check_react, user, post)


def post_rights(user: Any, posts: list[Post]) -> dict[int, tuple[bool, bool, bool]]:
    """`can_edit_post`, `can_delete_post` and `can_react` for each of a page's
    posts, by id: the member's own standing is checked once for them all."""
    if not answers(_check_member, user):
        return {post.pk: (False, False, False) for post in posts}
    return {
        post.pk: (
            answers(_check_edit, user, post),
            answers(_check_delete, user, post),
            answers(_check_react, user, post),
        )
        for post in posts
    }


def check_watch(user: Any) -> None:
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Log in to watch threads and boards."))


def reason_cannot_create_thread(user: Any, board: Board) -> str:
    return refusal(check_create_thread, user, board)


def reason_cannot_reply(user: Any, thread: Thread) -> str:
    return refusal(check_reply, user, thread)


UPLOAD_RATE_SCOPE = "forum-image"
UPLOADS_PER_HOUR = 30
UPLOAD_RATE = f"{UPLOADS_PER_HOUR}/3600"


def check_upload_image(user: Any) -> None:
    """Uploading an image for a post: the "post_images" privilege, and a
    steady pace."""
    _check_member(user)
    check_privilege(user, "post_images")
    if ratelimit.is_limited(UPLOAD_RATE_SCOPE, str(user.pk), UPLOAD_RATE):
        raise PermissionDenied(
            _("You have uploaded %(limit)d images in the last hour. Try again later.")
            % {"limit": UPLOADS_PER_HOUR}
        )


def can_upload_image(user: Any) -> bool:
    return answers(check_upload_image, user)


def reason_cannot_upload_image(user: Any) -> str:
    return refusal(check_upload_image, user)
