"""The releases' counters and their truth (see cocreate.core.counters): the
four-grid tallies on each release and changelog entry, and each team's
features of the week."""

from django.db.models import Count, Q, Sum, Value
from django.db.models.functions import Coalesce

from cocreate.core.counters import stored_on_row

from .models import ChangelogEntry, Release, Team

COUNTERS = [
    stored_on_row(Release, "report_count", Count("reports")),
    stored_on_row(Release, "score_total", Coalesce(Sum("reports__score"), Value(0))),
    *(
        stored_on_row(Release, f"score_{score}", Count("reports", filter=Q(reports__score=score)))
        for score in range(1, 6)
    ),
    stored_on_row(Release, "problem_count", Count("reports__problems")),
    stored_on_row(ChangelogEntry, "liked_count", Count("picks", filter=Q(picks__liked=True))),
    stored_on_row(ChangelogEntry, "disliked_count", Count("picks", filter=Q(picks__liked=False))),
    stored_on_row(Team, "award_count", Count("awards")),
]
