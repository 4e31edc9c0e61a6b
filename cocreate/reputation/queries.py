"""Reads shared by pages, the API and permission checks."""

import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from cocreate.core.queries import MEMBER_CARD_FIELDS, member_count, plain_instance
from cocreate.forum.models import Product

from .enums import Tier
from .levels import Progress, progress_for
from .models import Medal, MedalGrant, MemberStats, PointsEntry

WINDOWS = {"week": timedelta(days=7), "month": timedelta(days=30), "all": None}
LEADERBOARD_SIZE = 50
LEADERBOARD_SECONDS = 300


def stats_for(user: Any) -> MemberStats:
    """The member's stats row, or an unsaved Lv.1 member row when they have
    none yet. Remembered on the user object for the rest of the request."""
    cached = getattr(user, "_reputation_stats", None)
    if cached is not None:
        return cached
    stats = plain_instance(MemberStats, member=user.pk) or MemberStats(member_id=user.pk)
    user._reputation_stats = stats
    return stats


@dataclass(frozen=True)
class Standing:
    """Everything a profile shows about a member's reputation."""

    stats: MemberStats
    progress: Progress
    grants: list[MedalGrant]


def standing_of(member: Any) -> Standing:
    """The member's stats, level progress and medals (two queries)."""
    stats = stats_for(member)
    grants = list(
        MedalGrant.objects.filter(member_id=member.pk)
        .select_related("medal")
        .order_by("medal__position", "medal__name")
    )
    return Standing(stats=stats, progress=progress_for(stats.points), grants=grants)


@dataclass(frozen=True)
class Leader:
    """One leaderboard row: plain values, so the cache holds no model instances."""

    pk: int
    username: str
    name: str
    avatar_url: str
    level: int
    tier: str
    score: int

    @property
    def initial(self) -> str:
        return (self.name[:1] or "?").upper()


def _ranked_members(totals: list[tuple[int, int]]) -> list[Leader]:
    """Leaderboard rows for (id, points) pairs, in that order (one query)."""
    members: dict[int, Any] = (
        get_user_model()
        .objects.filter(pk__in=[member_id for member_id, _points in totals])
        .select_related("reputation")
        .only(*MEMBER_CARD_FIELDS, "reputation__level", "reputation__tier")
        .in_bulk()
    )
    ranked = []
    for member_id, points in totals:
        if member := members.get(member_id):
            ranked.append(
                Leader(
                    pk=member.pk,
                    username=member.username,
                    name=member.name,
                    avatar_url=member.avatar_thumbnail.url if member.avatar_thumbnail else "",
                    level=member.reputation.level,
                    tier=member.reputation.tier,
                    score=points,
                )
            )
    return ranked


def _compute_leaderboard(window: str, product: Product | None) -> list[Leader]:
    active = {"member__is_active": True, "member__deleted_at__isnull": True}
    since = WINDOWS[window]
    if since is None and product is None:
        totals = list(
            MemberStats.objects.filter(points__gt=0, **active)
            .order_by("-points", "member_id")
            .values_list("member_id", "points")[:LEADERBOARD_SIZE]
        )
    else:
        entries = PointsEntry.objects.filter(**active)
        if since is not None:
            entries = entries.filter(created_at__gte=timezone.now() - since)
        if product is not None:
            entries = entries.filter(product=product)
        totals = list(
            entries.values("member_id")
            .annotate(total=Sum("points"))
            .filter(total__gt=0)
            .order_by("-total", "member_id")
            .values_list("member_id", "total")[:LEADERBOARD_SIZE]
        )
    return _ranked_members(totals)


def leaderboard_generation() -> int:
    """Which LEADERBOARD_SECONDS period of the clock we are in. Every cache of
    a leaderboard (its rows, its rendered list, the anonymous page) is keyed by
    it, so all of them, in every process, turn over together and none is more
    than LEADERBOARD_SECONDS old."""
    return int(time.time()) // LEADERBOARD_SECONDS


def leaderboard(window: str, product: Product | None = None) -> list[Leader]:
    """The top members by points earned in `window` (week, month, all),
    overall or for one product. Computed in two queries and cached for a few
    minutes: a board need not be exact to the second."""
    key = f"leaderboard:{window}:{product.pk if product else '-'}:{leaderboard_generation()}"
    board = cache.get_or_set(
        key, lambda: _compute_leaderboard(window, product), LEADERBOARD_SECONDS
    )
    return board or []


def tier_counts() -> list[tuple[Tier, int]]:
    """How many members stand in each tier, base first (one query, plus the
    cached member count)."""
    counted = dict(
        MemberStats.objects.filter(member__is_active=True, member__deleted_at__isnull=True)
        .exclude(tier=Tier.MEMBER)
        .values("tier")
        .annotate(n=Count("pk"))
        .values_list("tier", "n")
    )
    members = max(0, member_count() - sum(counted.values()))
    return [(tier, members if tier is Tier.MEMBER else counted.get(tier.value, 0)) for tier in Tier]


def active_medals() -> QuerySet[Medal]:
    return Medal.objects.filter(is_active=True)


def medal_holders(medal: Medal) -> QuerySet[MedalGrant]:
    """The medal's holders, newest first, members joined."""
    return (
        MedalGrant.objects.filter(
            medal=medal, member__is_active=True, member__deleted_at__isnull=True
        )
        .select_related("member")
        .only("granted_at", "medal_id", *(f"member__{f}" for f in MEMBER_CARD_FIELDS))
        .order_by("-granted_at", "-pk")
    )


def active_products() -> QuerySet[Product]:
    return Product.objects.filter(is_active=True)
