"""What a member may do, from their level and tier.

`can()` answers, `check_privilege()` raises PermissionDenied with a sentence
telling the member what they need. Staff may do everything; anonymous
visitors nothing.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocreate.core.models import SiteSettings

from .enums import Tier
from .queries import stats_for


@dataclass(frozen=True)
class Privilege:
    name: str
    label: Promise
    level: int | None = None
    tier: Tier | None = None

    def held_by(self, level: int, tier: Tier) -> bool:
        by_level = self.level is not None and level >= self.level
        by_tier = self.tier is not None and tier.rank >= self.tier.rank
        return by_level or by_tier

    @property
    def requirement(self) -> str:
        if self.level is not None and self.tier is not None:
            return _("Lv.%(level)d or %(tier)s") % {"level": self.level, "tier": self.tier.label}
        if self.level is not None:
            return _("Lv.%(level)d") % {"level": self.level}
        assert self.tier is not None
        return str(self.tier.label)


PRIVILEGES = {
    p.name: p
    for p in (
        Privilege("create_thread", gettext_lazy("start threads"), level=1),
        Privilege("post_links", gettext_lazy("post links"), level=2),
        Privilege("post_images", gettext_lazy("post images"), level=3),
        Privilege("edit_wiki", gettext_lazy("edit wiki posts"), level=6, tier=Tier.VIP),
        Privilege("see_review_queue", gettext_lazy("see the review queue"), tier=Tier.SENIOR),
    )
}

# Posts per hour by level; levels above the last entry get the last limit.
HOURLY_POST_LIMITS = (10, 30, 60, 120)
UNLIMITED_POSTS = 10_000


def can(user: Any, name: str) -> bool:
    privilege = PRIVILEGES[name]
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_staff:
        return True
    stats = stats_for(user)
    return privilege.held_by(stats.level, stats.tier_choice)


def check_privilege(user: Any, name: str) -> None:
    if can(user, name):
        return
    privilege = PRIVILEGES[name]
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to %(action)s.") % {"action": privilege.label})
    stats = stats_for(user)
    raise PermissionDenied(
        _("You can %(action)s from %(requirement)s — you are Lv.%(level)d, %(tier)s.")
        % {
            "action": privilege.label,
            "requirement": privilege.requirement,
            "level": stats.level,
            "tier": stats.tier_choice.label,
        }
    )


def hourly_post_limit(user: Any) -> int:
    """How many posts the member may write in an hour; 0 for anonymous visitors."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return 0
    if user.is_staff:
        return UNLIMITED_POSTS
    stats = stats_for(user)
    if stats.tier_choice is Tier.MODERATOR:
        return UNLIMITED_POSTS
    return HOURLY_POST_LIMITS[min(stats.level, len(HOURLY_POST_LIMITS)) - 1]


def flag_weight(user: Any) -> int:
    """How much the member's flag counts, by tier (SiteSettings)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    if user.is_staff:
        return max(SiteSettings.get().flag_weights.values(), default=1)
    return int(SiteSettings.get().flag_weights.get(stats_for(user).tier, 1))
