"""Who may do what in beta programs. Pure functions: `can_*` answers,
`check_*` raises PermissionDenied with a sentence the member can act on.

Members apply to a program they are eligible for (level, tier, account age,
no cool-down running) and leave it when they like; staff decide closed
programs' applications, publish risk statements and triage bugs; a program's
moderators (staff, members of the moderator tier, and the moderators of any
board of the program's product) remove rule-breakers. Active members file
bug reports on the builds of their program's channel; a bug is seen by its
reporter, by the members of the program it belongs to, and by staff.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cocreate.core.permissions import answers, refusal
from cocreate.forum.models import Board
from cocreate.moderation.permissions import (
    check_active_member,
    moderated_board_ids,
)
from cocreate.releases.enums import ReleaseStatus
from cocreate.releases.models import Release
from cocreate.releases.permissions.releases import can_see_release
from cocreate.reputation.eligibility import missed_conditions
from cocreate.reputation.enums import Tier
from cocreate.reputation.queries import stats_for

from .models import BetaApplication, BetaMembership, BetaProgram, BugReport
from .queries import member_channels


def _is_staff(user: Any) -> bool:
    return bool(getattr(user, "is_staff", False) and user.is_active)


def _date(moment: Any) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def cooldown_until(user: Any, program: BetaProgram) -> Any:
    """When `user` may apply again after their latest membership ended, if
    that is still ahead; else None."""
    latest = (
        BetaMembership.objects.filter(program=program, member=user, ended_at__isnull=False)
        .order_by("-ended_at")
        .values_list("may_reapply_at", flat=True)
        .first()
    )
    return latest if latest and latest > timezone.now() else None


def check_apply_to_program(user: Any, program: BetaProgram) -> None:
    """Applying: a member in good standing, not in the program or waiting
    for it already, out of any cool-down, and meeting every condition."""
    check_active_member(user, _("Log in to apply to a beta program."))
    if not program.is_active:
        raise PermissionDenied(_("This program takes no applications at the moment."))
    if BetaMembership.objects.filter(program=program, member=user, status="active").exists():
        raise PermissionDenied(_("You are a member of this program already."))
    if BetaApplication.objects.filter(
        program=program, member=user, status__in=["pending", "waitlisted"]
    ).exists():
        raise PermissionDenied(_("Your application is waiting already."))
    if until := cooldown_until(user, program):
        raise PermissionDenied(
            _("You may apply to this program again from %(date)s.") % {"date": _date(until)}
        )
    missed = missed_conditions(user, program)
    if missed:
        raise PermissionDenied(
            _("You are not eligible yet: %(conditions)s.") % {"conditions": "; ".join(missed)}
        )


def can_apply_to_program(user: Any, program: BetaProgram) -> bool:
    return answers(check_apply_to_program, user, program)


def reason_cannot_apply(user: Any, program: BetaProgram) -> str:
    return refusal(check_apply_to_program, user, program)


def check_withdraw_application(user: Any, application: BetaApplication) -> None:
    check_active_member(user, _("Log in to withdraw your application."))
    if application.member_id != user.pk:
        raise PermissionDenied(_("You can only withdraw your own application."))


def check_leave_program(user: Any, membership: BetaMembership | None) -> None:
    check_active_member(user, _("Log in to leave a beta program."))
    if membership is None or membership.member_id != user.pk or membership.status != "active":
        raise PermissionDenied(_("You are not a member of this program."))


# The team's and the moderators' work ---------------------------------------------


def check_manage_program(user: Any, program: BetaProgram | None = None) -> None:
    """Deciding applications, publishing risk statements and reading the
    evaluations is the product team's work."""
    if not _is_staff(user):
        raise PermissionDenied(_("Only the product team manages beta programs."))


def can_manage_program(user: Any, program: BetaProgram | None = None) -> bool:
    return answers(check_manage_program, user, program)


def is_program_moderator(user: Any, program: BetaProgram) -> bool:
    """Staff, members of the moderator tier, and the moderators of any board
    of the program's product."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_staff:
        return True
    if user.is_suspended:
        return False
    if stats_for(user).tier == Tier.MODERATOR:
        return True
    boards = moderated_board_ids(user)
    if not boards:
        return False
    return Board.objects.filter(pk__in=boards, product=program.product_id).exists()


def check_moderate_program(user: Any, program: BetaProgram) -> None:
    """Seeing the member list and removing a member at once."""
    if not is_program_moderator(user, program):
        raise PermissionDenied(_("Only this program's moderators and the team can do that."))


def can_moderate_program(user: Any, program: BetaProgram) -> bool:
    return answers(check_moderate_program, user, program)


# Bug reports ---------------------------------------------------------------------------


def check_file_bug(user: Any, release: Release | None = None) -> None:
    """Filing a bug on a build: an active member of a program of its product
    and channel (or staff), on a published build they can see."""
    check_active_member(user, _("Log in to report a bug."))
    if release is None:
        if not user.is_staff and not member_channels(user):
            raise PermissionDenied(_("Bug reports are filed by the members of a beta program."))
        return
    if release.status != ReleaseStatus.PUBLISHED or not can_see_release(user, release):
        raise PermissionDenied(_("You cannot report bugs on this build."))
    if user.is_staff:
        return
    if (release.product_id, release.channel) not in member_channels(user):
        raise PermissionDenied(
            _("Bugs on this build are filed by the members of its beta program.")
        )


def can_file_bug(user: Any, release: Release | None = None) -> bool:
    return answers(check_file_bug, user, release)


def check_triage_bug(user: Any, bug: BugReport | None = None) -> None:
    if not _is_staff(user):
        raise PermissionDenied(_("Only the product team triages bug reports."))


def can_triage_bug(user: Any, bug: BugReport | None = None) -> bool:
    return answers(check_triage_bug, user, bug)


def can_see_bug(user: Any, bug: BugReport) -> bool:
    if _is_staff(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if bug.reporter_id == user.pk:
        return True
    release = bug.release
    return (release.product_id, release.channel) in member_channels(user)
