"""The beta programs' counters and their truth (see cocreate.core.counters):
how many members each program has, how many wait on its list, and how many
applications wait for the team."""

from django.db.models import Count, Q

from cocreate.core.counters import stored_on_row

from .enums import ApplicationStatus, MembershipStatus
from .models import BetaProgram

COUNTERS = [
    stored_on_row(
        BetaProgram,
        "member_count",
        Count("memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE)),
    ),
    stored_on_row(
        BetaProgram,
        "waitlist_count",
        Count("applications", filter=Q(applications__status=ApplicationStatus.WAITLISTED)),
    ),
    stored_on_row(
        BetaProgram,
        "pending_count",
        Count("applications", filter=Q(applications__status=ApplicationStatus.PENDING)),
    ),
]
