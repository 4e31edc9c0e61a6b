"""The community score: a Bayesian average, so that three scores of 5 do not
beat three hundred of 4.6.

An entry's score is `(Σ weight·score + m·C) / (Σ weight + m)`, where C is
the challenge's prior mean and m its prior weight in ordinary scores. With
weights in hundredths (an ordinary score weighs 100), every sum is an
integer and the row's counters can be moved by deltas in one UPDATE.
"""

from decimal import Decimal
from typing import Any

from django.db.models import F, FloatField
from django.db.models.functions import Cast

from cocreate.reputation.enums import Tier

from .models import ORDINARY_WEIGHT, Challenge

# How much a tier's score weighs when a challenge weighs scores by tier:
# members who have shown their judgement count a little more, never enough
# for a handful of them to outvote the crowd.
TIER_WEIGHTS = {
    Tier.MEMBER: 100,
    Tier.CERTIFIED: 110,
    Tier.CLUB_MEMBER: 110,
    Tier.VIP: 125,
    Tier.SENIOR: 150,
    Tier.MODERATOR: 150,
}


def weight_for(challenge: Challenge, tier: str) -> int:
    """The weight, in hundredths, of a score given by a member of `tier`."""
    return TIER_WEIGHTS[Tier(tier)] if challenge.weight_by_tier else ORDINARY_WEIGHT


def _prior(challenge: Challenge) -> tuple[Decimal, int]:
    """The prior's weighted sum and weight, in the counters' hundredths."""
    weight = challenge.prior_votes * ORDINARY_WEIGHT
    return challenge.prior_mean * weight, weight


def community_score(challenge: Challenge, score_sum: int, score_weight: int) -> float:
    """The Bayesian average of sums already counted."""
    prior_sum, prior_weight = _prior(challenge)
    total = score_weight + prior_weight
    return float((score_sum + prior_sum) / total) if total else 0.0


def counter_update(challenge: Challenge, *, count: int, total: int, weight: int) -> dict[str, Any]:
    """The fields of one UPDATE that moves an entry's counters by `count`
    scores, `total` weighted points and `weight`, and recomputes its
    community score from the values being written (SQL reads the old ones
    on the right-hand side)."""
    prior_sum, prior_weight = _prior(challenge)
    numerator = Cast(F("score_sum") + total + float(prior_sum), FloatField())
    return {
        "score_count": F("score_count") + count,
        "score_sum": F("score_sum") + total,
        "score_weight": F("score_weight") + weight,
        "community_score": numerator / (F("score_weight") + weight + prior_weight),
    }
