"""Who may moderate what, and who may write at all. Pure functions:
`can_*` answers, `check_*` raises PermissionDenied with a sentence the member
can act on.

Staff moderate every board; a board moderator moderates only the boards
staff appointed them to; seniors see the queue of every board without acting
on it. A suspended member reads but does not write; a member who has not
accepted the guidelines in force does not post.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import formats
from django.utils.translation import gettext as _

from cocreate.core.models import SiteSettings
from cocreate.core.permissions import answers
from cocreate.core.queries import plain_rows
from cocreate.forum.models import Board, Post, Thread
from cocreate.reputation.privileges import can

from .models import Flag, ModeratorAssignment, Review

# The longest suspension a board moderator may give; staff have no limit.
MODERATOR_MAX_SUSPENSION_DAYS = 7
MAX_SUSPENSION_DAYS = 3650


class GuidelinesRequired(PermissionDenied):
    """Refused until the member accepts the guidelines in force."""


def _is_member(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def moderated_board_ids(user: Any) -> frozenset[int] | None:
    """The boards the user moderates: None for staff (every board), else a
    set, empty for most members (one query, remembered on the user)."""
    if not _is_member(user):
        return frozenset()
    if user.is_staff:
        return None
    cached = getattr(user, "_moderated_board_ids", None)
    if cached is None:
        cached = frozenset(
            pk for (pk,) in plain_rows(ModeratorAssignment, ["board"], member=user.pk)
        )
        user._moderated_board_ids = cached
    return cached


def can_moderate_board(user: Any, board: Board | int) -> bool:
    board_id = board if isinstance(board, int) else board.pk
    boards = moderated_board_ids(user)
    return boards is None or (board_id in boards and not user.is_suspended)


def check_moderate_board(user: Any, board: Board) -> None:
    if can_moderate_board(user, board):
        return
    if moderated_board_ids(user):
        raise PermissionDenied(
            _("You moderate other boards, not %(board)s.") % {"board": board.display_name}
        )
    raise PermissionDenied(_("Only this board's moderators and the team can do that."))


def is_moderator(user: Any) -> bool:
    """Staff, or appointed to at least one board."""
    boards = moderated_board_ids(user)
    return boards is None or bool(boards)


def check_see_review_queue(user: Any) -> None:
    if is_moderator(user) or can(user, "see_review_queue"):
        return
    if not _is_member(user):
        raise PermissionDenied(_("Log in to see the review queue."))
    raise PermissionDenied(_("The review queue is for board moderators, seniors and the team."))


def can_see_review_queue(user: Any) -> bool:
    return answers(check_see_review_queue, user)


def check_resolve_review(user: Any, review: Review) -> None:
    check_moderate_board(user, review.board)
    if not review.is_pending:
        raise PermissionDenied(_("These flags were already handled."))


# Writing at all --------------------------------------------------------------


def check_active_member(user: Any, message: str) -> None:
    """Taking part at all: logged in (else `message`), an account neither
    closed nor deleted, and not suspended."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(message)
    if not user.is_active or user.deleted_at:
        raise PermissionDenied(_("Your account cannot take part."))
    check_not_suspended(user)


def check_not_suspended(user: Any) -> None:
    if getattr(user, "is_suspended", False):
        raise PermissionDenied(
            _("You are suspended until %(until)s: you can read, but not write. Reason: %(reason)s")
            % {
                "until": formats.date_format(user.suspended_until, "DATETIME_FORMAT"),
                "reason": user.suspension_reason or "—",
            }
        )


def guidelines_version() -> int:
    """The version of the guidelines in force; 0 when none was published."""
    return SiteSettings.get().guidelines_version


def needs_guidelines(user: Any) -> bool:
    return _is_member(user) and user.guidelines_accepted < guidelines_version()


def check_accepted_guidelines(user: Any) -> None:
    if needs_guidelines(user):
        raise GuidelinesRequired(
            _("Read and accept the community guidelines before you post.")
            if user.guidelines_accepted == 0
            else _("The community guidelines changed: read and accept them before you post.")
        )


# Flags -----------------------------------------------------------------------


def check_flag_post(user: Any, post: Post) -> None:
    if not _is_member(user):
        raise PermissionDenied(_("Log in to flag a post."))
    check_not_suspended(user)
    if post.deleted_at:
        raise PermissionDenied(_("This post was deleted."))
    if post.author_id == user.pk:
        raise PermissionDenied(_("You cannot flag your own post."))
    if Flag.objects.filter(post=post, reporter=user).exists():
        raise PermissionDenied(_("You already flagged this post; moderators will look at it."))


def can_flag_post(user: Any, post: Post) -> bool:
    return answers(check_flag_post, user, post)


def flaggable_post_ids(user: Any, posts: list[Post]) -> set[int]:
    """Which of a page's posts the user may flag (one query, none for visitors)."""
    if not _is_member(user) or user.is_suspended or not posts:
        return set()
    among = ("post", [post.pk for post in posts])
    flagged = {pk for (pk,) in plain_rows(Flag, ["post"], among, reporter=user.pk)}
    return {
        post.pk
        for post in posts
        if not post.deleted_at and post.author_id != user.pk and post.pk not in flagged
    }


# Members ---------------------------------------------------------------------


def check_discipline_member(
    user: Any, member: Any, *, board: Board | None = None, days: int = 0
) -> None:
    """Warn (days=0) or suspend a member: staff anyone but staff; a board
    moderator someone who posted on their board, for at most a week."""
    if not _is_member(user):
        raise PermissionDenied(_("Log in to moderate."))
    if member.pk == user.pk:
        raise PermissionDenied(_("You cannot warn or suspend yourself."))
    if member.is_staff:
        raise PermissionDenied(_("Team members cannot be warned or suspended here."))
    if user.is_staff:
        return
    if board is None or not can_moderate_board(user, board):
        raise PermissionDenied(
            _("Board moderators warn and suspend from a post on a board they moderate.")
        )
    if days > MODERATOR_MAX_SUSPENSION_DAYS:
        raise PermissionDenied(
            _("Board moderators suspend for at most %(days)d days; ask the team for longer.")
            % {"days": MODERATOR_MAX_SUSPENSION_DAYS}
        )


def check_see_member_record(user: Any, *, board: Board | None) -> None:
    """Staff open any member's moderation record; a board moderator from a
    post on a board they moderate."""
    if _is_member(user) and user.is_staff:
        return
    if board is None:
        raise PermissionDenied(
            _("Board moderators open a member's record from a post on a board they moderate.")
        )
    check_moderate_board(user, board)


def check_lift_suspension(user: Any, member: Any) -> None:
    if not (_is_member(user) and user.is_staff):
        raise PermissionDenied(_("Only the team can lift a suspension."))
    if not member.is_suspended:
        raise PermissionDenied(_("This member is not suspended."))


def check_manage_moderators(user: Any) -> None:
    if not (_is_member(user) and user.is_staff):
        raise PermissionDenied(_("Only the team appoints board moderators."))


def check_publish_guidelines(user: Any) -> None:
    if not (_is_member(user) and user.is_staff):
        raise PermissionDenied(_("Only the team publishes community guidelines."))


# Threads ---------------------------------------------------------------------


def check_move_thread(user: Any, thread: Thread, board: Board) -> None:
    """Moving needs the right to moderate both boards."""
    check_moderate_board(user, thread.board)
    if board.pk == thread.board_id:
        raise PermissionDenied(_("The thread is already on this board."))
    check_moderate_board(user, board)


def check_merge_threads(user: Any, thread: Thread, into: Thread) -> None:
    check_moderate_board(user, thread.board)
    check_moderate_board(user, into.board)
    if into.pk == thread.pk:
        raise PermissionDenied(_("A thread cannot be merged into itself."))
