"""Reputation as the consumers would have written it from the forum's and the
ideas' activities: the points ledger by the active PointsRule rows with their
daily caps, one stats row per member with exact counters, and tiers in
pyramid proportions."""

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .base import BATCH, END, Sizes, db_time, insert_rows

RECENT_POINTS = timedelta(days=31)  # ledger window kept ending now (week/month leaderboards)
# Tiers above "member", from the top: the 50 : 200 : 100k : 1M : 5M : 20M pyramid
# scaled to 100k members (0.2 : 0.8 : 383 : 3,831 : 19,157 : the rest), with the
# two staff-picked tips raised to a handful and a few dozen so pages show them.
# The first three go to the members with the most points, the others at random;
# a smaller dataset scales them down.
TIERS_BY_POINTS = [("moderator", 5), ("senior", 40), ("vip", 383)]
TIERS_AT_RANDOM = [("club_member", 3_831), ("certified", 19_157)]

# One activity as reputation reads it: (time, verb, actor, role, other,
# product key). Members are indexes in the members list; `actor` is None for
# the team (not a member of the pyramid) and `other` names the member the
# data key `role` points at ("post_author", "idea_author"), or None.
Event = tuple[datetime, str, int | None, str, int | None, int | None]


@dataclass(slots=True)
class Tally:
    """One member's reputation counters, as the reputation consumers would
    have counted them from the activities."""

    points: int = 0
    threads: int = 0
    posts: int = 0
    likes_given: int = 0
    likes_received: int = 0
    events: int = 0
    last_active: datetime | None = None


def build_reputation(
    rng: random.Random, events: list[Event], members: list[tuple[int, datetime]], sizes: Sizes
) -> int:
    """The points ledger and one stats row per member from `events` (sorted
    here): the active PointsRule rows with their daily caps, the same
    counters, levels from the points; then tiers in pyramid proportions.
    Returns the ledger's length."""
    from django.utils import timezone

    from cocreate.reputation.actions import COUNTERS
    from cocreate.reputation.levels import level_for, thresholds
    from cocreate.reputation.models import MemberStats, PointsEntry, PointsRule

    rules: dict[str, list[PointsRule]] = {}
    for rule in PointsRule.objects.filter(is_active=True):
        rules.setdefault(rule.verb, []).append(rule)
    zone = timezone.get_default_timezone()
    as_time = db_time()
    tallies = [Tally() for _ in members]
    earned_today: Counter[tuple[int, str, date]] = Counter()
    events.sort(key=lambda event: event[0])

    def ledger():
        for at, verb, actor, role, other, product in events:
            who = {"actor": actor, role: other}
            for role_counted, counter, step in COUNTERS.get(verb, []):
                member = who.get(role_counted)
                if member is not None:
                    setattr(tallies[member], counter, getattr(tallies[member], counter) + step)
            if actor is not None:
                tally = tallies[actor]
                tally.events += 1
                tally.last_active = at
            for rule in rules.get(verb, []):
                member, points = who.get(rule.who), rule.points
                if member is None:
                    continue
                if rule.daily_cap:
                    key = (member, verb, at.astimezone(zone).date())
                    room = max(0, rule.daily_cap - abs(earned_today[key]))
                    points = max(-room, min(room, points))
                    earned_today[key] += points
                if not points:
                    continue
                tallies[member].points += points
                yield (members[member][0], points, verb, rule.description, product, as_time(at))

    inserted = insert_rows(
        PointsEntry, ["member_id", "points", "verb", "reason", "product_id", "created_at"], ledger()
    )

    tiers = ["member"] * len(members)
    by_points = sorted(range(len(members)), key=lambda index: (-tallies[index].points, index))
    position = 0
    for tier, count in TIERS_BY_POINTS:
        count = max(1, round(count * sizes.scale))
        for index in by_points[position : position + count]:
            tiers[index] = tier
        position += count
    rest = by_points[position:]
    counts = [(tier, round(count * sizes.scale)) for tier, count in TIERS_AT_RANDOM]
    drawn = rng.sample(rest, sum(count for _tier, count in counts))
    for tier, count in counts:
        for index in drawn[:count]:
            tiers[index] = tier
        drawn = drawn[count:]

    steps = thresholds()
    for offset in range(0, len(members), BATCH):
        batch = []
        for index in range(offset, min(offset + BATCH, len(members))):
            pk, joined = members[index]
            tally = tallies[index]
            days_member = max(1, (END - joined).days)
            last = tally.last_active or joined
            batch.append(
                MemberStats(
                    member_id=pk,
                    points=tally.points,
                    level=level_for(tally.points, steps=steps),
                    tier=tiers[index],
                    threads=tally.threads,
                    posts=tally.posts,
                    likes_given=tally.likes_given,
                    likes_received=tally.likes_received,
                    days_visited=min(days_member, 1 + tally.events + rng.randrange(10)),
                    last_visit_date=last.astimezone(zone).date(),
                )
            )
        MemberStats.objects.bulk_create(batch)
    return inserted


def refresh_recent_points() -> int:
    """Move the last RECENT_POINTS of the ledger to end an hour ago, so the
    week and month leaderboards (counted back from now) show data whatever the
    day the benchmark runs. Returns how many entries moved (none when they
    already end near now)."""
    from django.db.models import F, Max
    from django.utils import timezone

    from cocreate.reputation.models import PointsEntry

    latest = PointsEntry.objects.aggregate(latest=Max("created_at"))["latest"]
    if latest is None:
        return 0
    shift = timezone.now() - timedelta(hours=1) - latest
    if abs(shift) < timedelta(hours=12):
        return 0
    return PointsEntry.objects.filter(created_at__gt=latest - RECENT_POINTS).update(
        created_at=F("created_at") + shift
    )
