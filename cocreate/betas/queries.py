from typing import Any

from django.db.models import QuerySet

from cocreate.accounts.models import User

from .enums import MembershipStatus
from .models import BetaMembership


def member_channels(user: Any) -> set[tuple[int, str]]:
    """The (product id, channel) pairs whose builds `user` takes as an active
    member of a beta program."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        BetaMembership.objects.filter(member=user, status=MembershipStatus.ACTIVE).values_list(
            "program__product_id", "program__channel"
        )
    )


def channel_members(product_id: int, channel: str) -> QuerySet[User]:
    """The active members of the product's beta programs on `channel`."""
    return User.objects.filter(
        beta_memberships__status=MembershipStatus.ACTIVE,
        beta_memberships__program__product_id=product_id,
        beta_memberships__program__channel=channel,
    ).distinct()
