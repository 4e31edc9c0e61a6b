"""Who may do what with four-grid reports. Pure functions: `can_*` answers,
`check_*` raises PermissionDenied with a sentence the member can act on.

A member who sees a release (its channel's beta members for a beta build)
files one report while its window is open; everyone who sees the release
reads its summary; the product team (staff) reads every report and exports
them.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.core.permissions import answers, refusal
from cocreate.moderation.permissions import check_not_suspended

from ..models import Release
from .releases import can_see_release


def report_window_open(release: Release) -> bool:
    """Whether the release takes reports now: published, and before its
    window closes."""
    return bool(
        release.is_published
        and release.reports_close_at is not None
        and timezone.now() < release.reports_close_at
    )


def check_file_report(user: Any, release: Release) -> None:
    """Filing (or editing) a report: an active, unsuspended member who sees
    the release. Whether its window is open is the action's to check (the
    API answers 409 for it, not 403)."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Log in to file your experience report."))
    if not user.is_active or getattr(user, "deleted_at", None):
        raise PermissionDenied(_("Your account cannot take part."))
    if not can_see_release(user, release):
        raise PermissionDenied(_("Only the testers of this build file reports on it."))
    check_not_suspended(user)


def can_file_report(user: Any, release: Release) -> bool:
    return answers(check_file_report, user, release) and report_window_open(release)


def reason_cannot_file_report(user: Any, release: Release) -> str:
    return refusal(check_file_report, user, release)


def can_see_summary(user: Any, release: Release) -> bool:
    return can_see_release(user, release)


def can_see_report_details(user: Any) -> bool:
    """Every report in full, with its comments, problems and screenshots."""
    return bool(getattr(user, "is_staff", False))


def check_see_report_details(user: Any) -> None:
    if not can_see_report_details(user):
        raise PermissionDenied(_("Only the product team reads every report."))
