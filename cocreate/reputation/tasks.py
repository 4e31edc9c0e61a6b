"""Background work: ids in, idempotent, calls actions."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from cocreate.core.models import SiteSettings

from . import actions
from .enums import EARNED_TIERS, Tier
from .models import MemberStats

BATCH = 2000


@task()
def evaluate_member(member_id: int) -> None:
    """Promote the member one tier if earned, and grant the medals they earned."""
    member = get_user_model().objects.filter(pk=member_id, is_active=True).first()
    if member is not None:
        actions.promote_member(member)
        actions.award_earned_medals(member)


def _promotion_candidates() -> Q:
    """Members whose stats may reach the next earned tier: the least level of
    any earned tier, unlocked, below the top earned tier."""
    levels = [
        int(rule.get("level", 1))
        for rule in SiteSettings.get().tier_thresholds.values()
        if isinstance(rule, dict)
    ]
    below_top = [tier.value for tier in Tier if tier.rank < EARNED_TIERS[-1].rank]
    return Q(tier_locked=False, tier__in=below_top, level__gte=min(levels, default=1))


@task()
def evaluate_members() -> int:
    """Daily: re-evaluate the members who visited lately (days visited earn
    medals without any points) and those who may be due a promotion."""
    since = timezone.localdate() - timedelta(days=2)
    ids = MemberStats.objects.filter(
        Q(last_visit_date__gte=since) | _promotion_candidates()
    ).values_list("member_id", flat=True)
    count = 0
    for member_id in ids.iterator(chunk_size=BATCH):
        evaluate_member.call(member_id)
        count += 1
    return count
