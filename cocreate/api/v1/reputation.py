"""Reputation: members' standing, the leaderboard, medals, staff grants."""

from typing import Annotated, Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from pydantic import StringConstraints

from cocreate.accounts.models import User
from cocreate.reputation import queries
from cocreate.reputation.actions import MAX_GRANT, grant_points
from cocreate.reputation.permissions import check_grant_points

from ..schemas import ERRORS

router = Router(tags=["reputation"])


class MedalOut(Schema):
    slug: str
    name: str = Field(alias="display_name")
    description: str = Field(alias="display_description")
    icon: str
    holders: int = Field(alias="holder_count")


class MemberReputationOut(Schema):
    username: str
    display_name: str
    level: int
    points: int
    tier: str
    medals: list[MedalOut]


class LeaderOut(Schema):
    rank: int
    username: str
    display_name: str
    points: int
    level: int
    tier: str


class LeaderboardQuery(Schema):
    window: Literal["week", "month", "all"] = "week"
    product: str | None = Field(None, max_length=50)


class GrantIn(Schema):
    points: int = Field(ge=-MAX_GRANT, le=MAX_GRANT)
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


class GrantOut(Schema):
    id: int
    points: int
    reason: str
    total: int
    level: int


def _member(username: str) -> User:
    return get_object_or_404(
        User.objects.filter(is_active=True, deleted_at__isnull=True), username=username
    )


def _reputation(member: User) -> dict:
    standing = queries.standing_of(member)
    return {
        "username": member.username,
        "display_name": member.name,
        "level": standing.stats.level,
        "points": standing.stats.points,
        "tier": standing.stats.tier,
        "medals": [grant.medal for grant in standing.grants],
    }


@router.get("/users/{username}", auth=None, response={200: MemberReputationOut, **ERRORS})
def member_reputation(request, username: str):
    """A member's level, points, tier and medals."""
    return _reputation(_member(username))


@router.get("/leaderboard", auth=None, response={200: list[LeaderOut], **ERRORS})
def leaderboard(request, filters: Query[LeaderboardQuery]):
    """The top 50 by points earned in the window, overall or for one product."""
    product = None
    if filters.product:
        product = get_object_or_404(queries.active_products(), slug=filters.product)
    return [
        {
            "rank": rank,
            "username": member.username,
            "display_name": member.name,
            "points": member.score,
            "level": member.level,
            "tier": member.tier,
        }
        for rank, member in enumerate(queries.leaderboard(filters.window, product), start=1)
    ]


@router.get("/medals", auth=None, response=list[MedalOut])
def medals(request):
    return list(queries.active_medals())


@router.post("/users/{username}/points", response={201: GrantOut, **ERRORS})
def grant(request, username: str, payload: GrantIn):
    """Staff: grant (or, with negative points, deduct) points, with a reason."""
    check_grant_points(request.auth)
    member = _member(username)
    entry = grant_points(member, points=payload.points, reason=payload.reason, actor=request.auth)
    stats = queries.stats_for(member)
    return Status(
        201,
        {
            "id": entry.pk,
            "points": entry.points,
            "reason": entry.reason,
            "total": stats.points,
            "level": stats.level,
        },
    )
