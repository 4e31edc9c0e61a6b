"""What reputation does with the activities fanned out to it: stats counters,
records (a member's longest report streak) and points, by the PointsRule rows
for each verb."""

from cocreate.core.models import Activity

from .actions import COUNTERS, RECORDS, apply_activity

# Verbs that may earn points. A PointsRule for a verb missing here is never
# applied: add the verb here when a new capability starts emitting it.
POINTS_VERBS = (
    "thread.created",
    "post.created",
    "reaction.added",
    "reaction.removed",
    "idea.submitted",
    "idea.supported",
    "idea.support_withdrawn",
    "idea.planned",
    "idea.shipped",
    "report.filed",
    "event.attended",
    "flag.agreed",
    "entry.submitted",  # Challenge entries.
)


def score_activity(activity: Activity) -> None:
    apply_activity(activity)


CONSUMERS = {verb: [score_activity] for verb in dict.fromkeys([*COUNTERS, *RECORDS, *POINTS_VERBS])}
