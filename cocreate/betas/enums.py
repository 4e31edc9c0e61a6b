from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgramKind(models.TextChoices):
    """Open programs take every eligible applicant while there is room;
    closed ones wait for staff to select."""

    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ApplicationStatus(models.TextChoices):
    """`pending → accepted | rejected | waitlisted`, `waitlisted → accepted |
    rejected`; the applicant may withdraw while it is pending or waitlisted."""

    PENDING = "pending", _("Pending")
    WAITLISTED = "waitlisted", _("On the waiting list")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")

    def can_become(self, status: "ApplicationStatus | str") -> bool:
        return status in APPLICATION_TRANSITIONS[self]

    @property
    def is_waiting(self) -> bool:
        return self in (ApplicationStatus.PENDING, ApplicationStatus.WAITLISTED)


A = ApplicationStatus
APPLICATION_TRANSITIONS: dict[ApplicationStatus, tuple[ApplicationStatus, ...]] = {
    A.PENDING: (A.ACCEPTED, A.REJECTED, A.WAITLISTED, A.WITHDRAWN),
    A.WAITLISTED: (A.ACCEPTED, A.REJECTED, A.WITHDRAWN),
    A.ACCEPTED: (),
    A.REJECTED: (),
    A.WITHDRAWN: (),
}
del A


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    REMOVED = "removed", _("Removed")
    LEFT = "left", _("Left")


class RemovalReason(models.TextChoices):
    """Why a membership ended; each sets its own cool-down before re-applying."""

    MISSED_RULES = "missed_rules", _("Missed the participation rules")
    MODERATOR = "moderator", _("Removed by a moderator")
    LEFT = "left", _("Left on their own")


class BugStatus(models.TextChoices):
    """`new → confirmed → fixed | wont_fix`, or straight from new; fixed names
    the release that fixes it."""

    NEW = "new", _("New")
    CONFIRMED = "confirmed", _("Confirmed")
    FIXED = "fixed", _("Fixed")
    WONT_FIX = "wont_fix", _("Won't fix")

    def can_become(self, status: "BugStatus | str") -> bool:
        return status in BUG_TRANSITIONS[self]


BUG_TRANSITIONS: dict[BugStatus, tuple[BugStatus, ...]] = {
    BugStatus.NEW: (BugStatus.CONFIRMED, BugStatus.FIXED, BugStatus.WONT_FIX),
    BugStatus.CONFIRMED: (BugStatus.FIXED, BugStatus.WONT_FIX),
    BugStatus.FIXED: (BugStatus.CONFIRMED,),
    BugStatus.WONT_FIX: (BugStatus.CONFIRMED,),
}
