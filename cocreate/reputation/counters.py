"""Reputation's counters and their truth (see cocreate.core.counters).

A member's stats row counts what the activity fan-out saw (reputation.actions
COUNTERS): threads started and replies written (deleting them does not
uncount them), likes given and received (taking a like back does), medals
held, and the points total of their ledger. Run the check when the task queue
is drained: an activity not yet fanned out is not yet counted.

`days_visited` has no rows to count (visits are not logged), and `level` is
a function of the points and the thresholds of the day; neither is checked.
"""

from django.contrib.auth import get_user_model
from django.db.models import Count, Expression, F, Q, Sum, Value
from django.db.models.functions import Coalesce

from cocreate.core.counters import Counter, stored_on_row

from .models import Medal, MemberStats

LIKE = "like"


def _member_stat(field: str, truth: Expression) -> Counter:
    """A counter of MemberStats, checked for every member: one without a stats
    row has every counter at 0."""
    members = (
        get_user_model()
        ._default_manager.values("pk")
        .annotate(stored=Coalesce(F(f"reputation__{field}"), Value(0)), truth=truth)
    )
    return Counter(MemberStats, field, members, create_missing=True)


COUNTERS = [
    _member_stat("points", Coalesce(Sum("points_entries__points"), Value(0))),
    _member_stat("threads", Count("threads")),
    _member_stat("posts", Count("posts", filter=Q(posts__number__gt=1))),
    _member_stat("likes_given", Count("reactions", filter=Q(reactions__kind=LIKE))),
    _member_stat(
        "likes_received", Count("posts__reactions", filter=Q(posts__reactions__kind=LIKE))
    ),
    _member_stat("medals", Count("medal_grants")),
    # Flags a moderator agreed with (moderation.actions records "flag.agreed").
    _member_stat("flags_agreed", Count("flags", filter=Q(flags__review__status="agreed"))),
    stored_on_row(Medal, "holder_count", Count("grants")),
]
