"""Who runs the jury, who judges which entry, who sees the ranking and the
results.

Staff set up the jury (criteria, judges, shortlist), see the ranking and
confirm the winners. A judge scores the shortlisted entries, except those of
their own team: an entry they wrote or were invited to (any status but
declined) is a conflict. The results are public once announced; before that
only staff see them (others get a 404, as if there were none yet).
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from cocreate.core.permissions import answers
from cocreate.moderation.permissions import check_active_member

from ..enums import TeamStatus
from ..models import Challenge, Entry, EntryMember
from .visibility import can_see_challenge, is_judge, is_staff


def check_manage_judging(user: Any, challenge: Challenge) -> None:
    """Criteria, judges, shortlist, ranking and winners: staff only."""
    if not is_staff(user):
        raise PermissionDenied(_("Only staff run the jury of a challenge."))


def can_manage_judging(user: Any, challenge: Challenge) -> bool:
    return answers(check_manage_judging, user, challenge)


def has_conflict(user: Any, entry: Entry) -> bool:
    """Whether `user` wrote the entry or is on its team (invited or
    confirmed): they may not judge it."""
    return bool(
        getattr(user, "is_authenticated", False)
        and (
            entry.author_id == user.pk
            or EntryMember.objects.filter(entry=entry, member=user)
            .exclude(status=TeamStatus.DECLINED)
            .exists()
        )
    )


def check_see_queue(user: Any, challenge: Challenge) -> None:
    """The judging page: staff (set-up) and the challenge's judges (queue)."""
    check_active_member(user, _("Log in to judge."))
    if not (is_staff(user) or is_judge(user, challenge)):
        raise PermissionDenied(_("Only the challenge's judges and staff see its judging."))


def check_judge_entry(user: Any, entry: Entry) -> None:
    """Scoring one entry: a judge of its challenge, without a conflict."""
    check_active_member(user, _("Log in to judge."))
    if not is_judge(user, entry.challenge):
        raise PermissionDenied(_("Only the challenge's judges score its entries."))
    if has_conflict(user, entry):
        raise PermissionDenied(
            _(
                "You cannot judge this entry: it is yours or your team's. "
                "The other judges score it without you."
            )
        )


def can_judge_entry(user: Any, entry: Entry) -> bool:
    return answers(check_judge_entry, user, entry)


def can_see_results(user: Any, challenge: Challenge) -> bool:
    """Public once the winners are announced; staff see them any time."""
    if is_staff(user):
        return True
    return can_see_challenge(user, challenge) and challenge.status_choice.is_finished
