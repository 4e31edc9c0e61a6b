"""The challenges' counters and their truth (see cocreate.core.counters):
a challenge's standing entries and counted scores; an entry's counted
scores, their weighted sum and weight, and its flagged scores waiting for
review. `community_score` is derived from the sums in the same UPDATE
(scoring.counter_update) and not recounted here."""

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from cocreate.core.counters import stored_on_row

from .enums import EntryStatus, ScoreFlag
from .models import Challenge, Entry, Score

_counted = Q(scores__is_void=False)
_challenge_scores = (
    Score.objects.filter(challenge=OuterRef("pk"), is_void=False)
    .values("challenge")
    .annotate(n=Count("pk"))
    .values("n")
)

COUNTERS = [
    stored_on_row(
        Challenge, "entry_count", Count("entries", filter=Q(entries__status=EntryStatus.SUBMITTED))
    ),
    stored_on_row(Challenge, "score_count", Coalesce(Subquery(_challenge_scores), Value(0))),
    stored_on_row(Entry, "score_count", Count("scores", filter=_counted)),
    stored_on_row(
        Entry,
        "score_sum",
        Coalesce(Sum(F("scores__value") * F("scores__weight"), filter=_counted), Value(0)),
    ),
    stored_on_row(
        Entry, "score_weight", Coalesce(Sum("scores__weight", filter=_counted), Value(0))
    ),
    stored_on_row(
        Entry,
        "flagged_count",
        Count("scores", filter=_counted & ~Q(scores__flag=ScoreFlag.NONE)),
    ),
]
