"""Who may do what with ideas. Pure functions: `can_*` answers, `check_*`
raises PermissionDenied with a sentence the member can act on.

Members propose and support; the author edits their idea until the team
takes it up; staff (the product team) change statuses; the moderators of a
product's ideas board, and staff, merge duplicates. Only staff see the
demand behind the supports (by tier, level, city and beta program).
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from cocreate.core.permissions import answers, refusal
from cocreate.forum.models import Board, Product
from cocreate.forum.permissions import check_create_thread, check_post_content
from cocreate.moderation.permissions import (
    can_moderate_board,
    check_active_member,
)

from .enums import IdeaStatus
from .models import Idea

# Until the team takes an idea up, its author may still reword it.
AUTHOR_EDITABLE = frozenset({IdeaStatus.NEW, IdeaStatus.UNDER_REVIEW})


def _is_member(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def check_submit_idea(user: Any, product: Product, board: Board | None = None) -> None:
    """Proposing an idea starts a thread on the product's ideas board, so
    the forum's rules for starting threads apply (privilege, guidelines,
    hourly limit). `board` is that board when it exists already."""
    check_active_member(user, _("Log in to propose an idea."))
    if not product.is_active:
        raise PermissionDenied(_("This product no longer takes ideas."))
    check_create_thread(user, board or Board(product=product))


def can_submit_idea(user: Any, product: Product, board: Board | None = None) -> bool:
    return answers(check_submit_idea, user, product, board)


def reason_cannot_submit_idea(user: Any, product: Product, board: Board | None = None) -> str:
    return refusal(check_submit_idea, user, product, board)


def check_idea_content(user: Any, description: str) -> None:
    """Links and images in a description need their privileges; spam is refused."""
    check_post_content(user, description)


def check_edit_idea(user: Any, idea: Idea) -> None:
    check_active_member(user, _("Log in to edit your idea."))
    if user.is_staff:
        return
    if idea.author_id != user.pk:
        raise PermissionDenied(_("You can only edit your own ideas."))
    if idea.status not in AUTHOR_EDITABLE:
        raise PermissionDenied(
            _("The idea is “%(status)s” now: ask the team if it needs changing.")
            % {"status": IdeaStatus(idea.status).label}
        )


def can_edit_idea(user: Any, idea: Idea) -> bool:
    return answers(check_edit_idea, user, idea)


def check_support_idea(user: Any, idea: Idea) -> None:
    """Supporting, and taking a support back, while the idea is open."""
    check_active_member(user, _("Log in to support ideas."))
    status = IdeaStatus(idea.status)
    if status is IdeaStatus.DUPLICATE:
        raise PermissionDenied(
            _("This idea was merged into another one: support that one instead.")
        )
    if not status.is_open:
        raise PermissionDenied(
            _("This idea is “%(status)s”: supports are closed.") % {"status": status.label}
        )


def can_support_idea(user: Any, idea: Idea) -> bool:
    return answers(check_support_idea, user, idea)


def reason_cannot_support_idea(user: Any, idea: Idea) -> str:
    return refusal(check_support_idea, user, idea)


def support_refusals(user: Any, statuses: Iterable[str]) -> dict[str, str]:
    """`reason_cannot_support_idea` for an idea in each of `statuses`, by
    status: the rule looks at nothing else of an idea, so a list asks it
    once per status, not once per idea."""
    return {status: reason_cannot_support_idea(user, Idea(status=status)) for status in statuses}


def check_change_status(user: Any, idea: Idea) -> None:
    """The product team (staff) answers ideas and moves them along."""
    if not (_is_member(user) and user.is_staff):
        raise PermissionDenied(_("Only the team changes the status of an idea."))


def can_change_status(user: Any, idea: Idea) -> bool:
    return answers(check_change_status, user, idea)


def check_merge_idea(user: Any, idea: Idea, into: Idea | None = None) -> None:
    """Staff, or a moderator of the ideas board of both ideas."""
    if not _is_member(user):
        raise PermissionDenied(_("Log in to merge ideas."))
    if not can_moderate_board(user, idea.thread.board_id) or (
        into is not None and not can_moderate_board(user, into.thread.board_id)
    ):
        raise PermissionDenied(_("Only this product's idea moderators and the team merge ideas."))


def can_merge_idea(user: Any, idea: Idea) -> bool:
    return answers(check_merge_idea, user, idea)


def check_see_demand(user: Any) -> None:
    """Who supports what, by tier, level, city and beta program, is the product team's
    (staff's) view: members see the counts, never the crowd behind them."""
    if not _is_member(user):
        raise PermissionDenied(_("Log in with a team account to see the demand for ideas."))
    if not user.is_staff:
        raise PermissionDenied(
            _("Only the product team sees who supports which ideas, by tier, level and city.")
        )


def can_see_demand(user: Any) -> bool:
    return answers(check_see_demand, user)
