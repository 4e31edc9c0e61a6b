"""Who may enter a challenge, change an entry and its team, score entries
and review flagged scores. Pure: `check_*` raises PermissionDenied with a
sentence the member can act on, `can_*` answers.

A challenge's judges may not enter it nor join a team of it (they would
judge themselves); staff may enter. Nobody scores an entry whose team they
are on or were invited to. Deadlines are states, not people: the actions
check them (`Challenge.takes_entries`, `current_status`).
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from cocreate.core.permissions import answers
from cocreate.moderation.permissions import check_active_member
from cocreate.reputation.eligibility import missed_conditions

from ..enums import EntryStatus, TeamStatus
from ..models import Challenge, Entry, EntryMember
from .visibility import can_see_challenge, can_see_entry, is_judge, is_staff


def check_enter_challenge(user: Any, challenge: Challenge) -> None:
    check_active_member(user, _("Log in to enter this challenge."))
    if not can_see_challenge(user, challenge):
        raise PermissionDenied(_("This challenge is not published."))
    if is_judge(user, challenge):
        raise PermissionDenied(_("You judge this challenge, so you cannot enter it."))
    if Entry.objects.filter(challenge=challenge, author=user).exists():
        raise PermissionDenied(
            _("You have entered this challenge already: edit your entry instead.")
        )
    missed = missed_conditions(user, challenge)
    if missed:
        raise PermissionDenied(
            _("You are not eligible yet: %(conditions)s.") % {"conditions": "; ".join(missed)}
        )


def can_enter_challenge(user: Any, challenge: Challenge) -> bool:
    return answers(check_enter_challenge, user, challenge)


def check_change_entry(user: Any, entry: Entry) -> None:
    """Editing, withdrawing and managing the team: the author, while the
    entry stands."""
    check_active_member(user, _("Log in to change your entry."))
    if entry.author_id != user.pk:
        raise PermissionDenied(_("Only the entry's author can change it."))
    if entry.status != EntryStatus.SUBMITTED:
        raise PermissionDenied(
            _("This entry is %(status)s.") % {"status": entry.get_status_display()}
        )


def can_change_entry(user: Any, entry: Entry) -> bool:
    return answers(check_change_entry, user, entry)


def check_join_team(user: Any, challenge: Challenge) -> None:
    """Being invited to a team: an active member who does not judge the challenge."""
    check_active_member(user, _("Log in to join a team."))
    if is_judge(user, challenge):
        raise PermissionDenied(_("A judge of this challenge cannot join a team of it."))


def check_answer_invitation(user: Any, membership: EntryMember) -> None:
    check_active_member(user, _("Log in to answer the invitation."))
    if membership.member_id != user.pk or membership.status != TeamStatus.INVITED:
        raise PermissionDenied(_("This invitation is not waiting for your answer."))


def is_on_any_team(user: Any, entry: Entry) -> bool:
    """The author, a confirmed or an invited teammate."""
    return bool(
        getattr(user, "is_authenticated", False)
        and EntryMember.objects.filter(entry=entry, member=user)
        .exclude(status=TeamStatus.DECLINED)
        .exists()
    )


def can_see_shares(user: Any, entry: Entry) -> bool:
    return is_staff(user) or is_on_any_team(user, entry)


def check_score_entry(user: Any, entry: Entry) -> None:
    check_active_member(user, _("Log in to score entries."))
    if not can_see_entry(user, entry):
        raise PermissionDenied(_("You cannot see this entry."))
    if is_on_any_team(user, entry):
        raise PermissionDenied(_("You cannot score your own or your team's entry."))


def can_score_entry(user: Any, entry: Entry) -> bool:
    return answers(check_score_entry, user, entry)


def check_review_scores(user: Any) -> None:
    if not is_staff(user):
        raise PermissionDenied(_("Only staff review flagged scores."))


def check_disqualify_entry(user: Any) -> None:
    if not is_staff(user):
        raise PermissionDenied(_("Only staff disqualify entries."))
