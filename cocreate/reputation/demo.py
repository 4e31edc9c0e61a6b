"""Demo data: a visible pyramid, built through the same actions as real life."""

from typing import Any

from django.db import transaction

from .actions import award_medal, change_tier, grant_points
from .enums import Tier
from .models import Medal, PointsEntry

DEMO_REASON = "Demo: early contributor"

# username → (points, tier, medal slugs)
STANDINGS: dict[str, tuple[int, Tier, tuple[str, ...]]] = {
    "moderator": (2600, Tier.MODERATOR, ("first-post", "conversation-starter", "helpful")),
    "lilei": (1500, Tier.SENIOR, ("first-post", "conversation-starter", "liked", "regular")),
    "alice": (800, Tier.VIP, ("first-post", "liked", "regular")),
    "hanmeimei": (420, Tier.CLUB_MEMBER, ("first-post", "conversation-starter")),
    "bob": (180, Tier.CERTIFIED, ("first-post",)),
    "carlos": (65, Tier.MEMBER, ("first-post",)),
    "wangfang": (25, Tier.MEMBER, ()),
}


@transaction.atomic
def load(members: dict[str, Any]) -> None:
    """Give the demo members points, tiers and medals; running it again changes nothing."""
    admin = members["admin"]
    medals = Medal.objects.in_bulk(field_name="slug")
    for username, (points, tier, slugs) in STANDINGS.items():
        member = members[username]
        granted = PointsEntry.objects.filter(
            member=member, verb=PointsEntry.STAFF_GRANT, reason=DEMO_REASON
        ).exists()
        if not granted:
            grant_points(member, points=points, reason=DEMO_REASON, actor=admin)
        change_tier(member, tier=tier, actor=admin, reason=DEMO_REASON)
        for slug in slugs:
            if slug in medals:
                award_medal(member, medal=medals[slug])
