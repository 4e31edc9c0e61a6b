"""Every write to reputation: the points ledger, stats counters, levels, tiers,
medals and certification requests. Views, the API, the admin, consumers and
tasks all call these."""

from datetime import date, datetime, time
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.core.activity import record
from cocreate.core.models import Activity, SiteSettings
from cocreate.core.pagecache import bump
from cocreate.forum.models import Product

from .enums import EARNED_TIERS, RequestStatus, Tier
from .levels import level_for
from .models import (
    CertificationRequest,
    Medal,
    MedalGrant,
    MemberStats,
    PointsEntry,
    PointsRule,
    ProcessedActivity,
    TierChange,
)

User = get_user_model()

# The most points staff can grant or deduct at once: enough for any real
# reward, small enough that a typo cannot wreck the leaderboard.
MAX_GRANT = 10_000

# Which stats counters an activity moves, and for whom ("actor" or the data
# key naming the member), by verb.
COUNTERS: dict[str, list[tuple[str, str, int]]] = {
    "thread.created": [("actor", "threads", 1)],
    "post.created": [("actor", "posts", 1)],
    "reaction.added": [("actor", "likes_given", 1), ("post_author", "likes_received", 1)],
    "reaction.removed": [("actor", "likes_given", -1), ("post_author", "likes_received", -1)],
    "flag.agreed": [("actor", "flags_agreed", 1)],
}


# Stats that keep the best a member reached: (who, field, the data key
# holding the value), by verb. Reports carry the member's longest run of
# consecutive releases reported on (the streak medals read it).
RECORDS: dict[str, list[tuple[str, str, str]]] = {
    "report.filed": [("actor", "best_report_streak", "streak")],
}


def _locked_stats(member_id: int) -> MemberStats:
    MemberStats.objects.get_or_create(member_id=member_id)
    return MemberStats.objects.select_for_update().get(member_id=member_id)


def _start_of_today() -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate(), time.min))


def _schedule_evaluation(member_id: int) -> None:
    from .tasks import evaluate_member

    transaction.on_commit(lambda: evaluate_member.enqueue(member_id))


# Points ------------------------------------------------------------------


def award_points(
    member_id: int,
    *,
    points: int,
    verb: str,
    activity: Activity | None = None,
    reason: str = "",
    product: Product | None = None,
    granted_by: Any = None,
    daily_cap: int = 0,
) -> PointsEntry | None:
    """Add one ledger line and move the member's total and level. With a
    `daily_cap`, the points this verb brought the member today (either way)
    never exceed it. Returns the entry, or None when nothing was left to give."""
    with transaction.atomic():
        stats = _locked_stats(member_id)
        if daily_cap:
            today = PointsEntry.objects.filter(
                member_id=member_id, verb=verb, created_at__gte=_start_of_today()
            ).aggregate(total=Sum("points"))["total"]
            room = max(0, daily_cap - abs(today or 0))
            points = max(-room, min(room, points))
        if not points:
            return None
        entry = PointsEntry.objects.create(
            member_id=member_id,
            points=points,
            verb=verb,
            activity=activity,
            reason=reason,
            product=product,
            granted_by=granted_by,
        )
        stats.points += points
        level = level_for(stats.points)
        MemberStats.objects.filter(pk=member_id).update(points=F("points") + points, level=level)
        if level > stats.level:
            record(
                actor=stats.member,
                verb="level.reached",
                target=stats.member,
                public=True,
                level=level,
            )
            bump("members")
        stats.level = level
        _schedule_evaluation(member_id)
    return entry


def check_grant(*, points: int, reason: str) -> None:
    """Refuse a staff grant that would be a mistake."""
    if not reason.strip():
        raise ValidationError(_("Give a reason: the member sees it."), code="reason")
    if not points or abs(points) > MAX_GRANT:
        raise ValidationError(
            _("Grant between 1 and %(max)d points, or deduct as many.") % {"max": MAX_GRANT},
            code="points",
        )


def grant_points(member: Any, *, points: int, reason: str, actor: Any) -> PointsEntry:
    """Staff give (or, with negative points, take) points for a stated reason."""
    check_grant(points=points, reason=reason)
    with transaction.atomic():
        activity = record(
            actor=actor, verb="points.granted", target=member, points=points, reason=reason
        )
        entry = award_points(
            member.pk,
            points=points,
            verb=PointsEntry.STAFF_GRANT,
            activity=activity,
            reason=reason.strip(),
            granted_by=actor,
        )
        bump("members")
    assert entry is not None
    return entry


def _member_id(value: Any) -> int | None:
    """A member named in activity data: an id, or a username."""
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        return int(value)
    if isinstance(value, str) and value:
        return User.objects.filter(username=value).values_list("pk", flat=True).first()
    return None


def _who(activity: Activity, who: str) -> int | None:
    if who == PointsRule.ACTOR:
        return activity.actor_id
    return _member_id(activity.data.get(who))


@transaction.atomic
def apply_activity(activity: Activity) -> bool:
    """Turn one activity into stats counters and points, by the rules for its
    verb. Safe to call twice: the second call does nothing."""
    try:
        with transaction.atomic():
            ProcessedActivity.objects.create(activity=activity)
    except IntegrityError:
        return False
    for who, field, step in COUNTERS.get(activity.verb, []):
        member_id = _who(activity, who)
        if member_id is None:
            continue
        MemberStats.objects.get_or_create(member_id=member_id)
        counter = MemberStats.objects.filter(pk=member_id)
        if step < 0:
            counter = counter.filter(**{f"{field}__gte": -step})
        counter.update(**{field: F(field) + step})
    for who, field, key in RECORDS.get(activity.verb, []):
        member_id = _who(activity, who)
        value = activity.data.get(key)
        if member_id is not None and isinstance(value, int):
            _raise_record(member_id, field, value)
    rules = PointsRule.objects.filter(verb=activity.verb, is_active=True)
    product = activity.product if rules and activity.product_id else None
    for rule in rules:
        member_id = _who(activity, rule.who)
        if member_id is not None:
            award_points(
                member_id,
                points=rule.points,
                verb=activity.verb,
                activity=activity,
                product=product,
                daily_cap=rule.daily_cap,
                reason=rule.description,
            )
    return True


def _raise_record(member_id: int, field: str, value: int) -> None:
    """Keep the higher of the member's `field` and `value`; a new record may
    earn a medal, so the member is evaluated."""
    MemberStats.objects.get_or_create(member_id=member_id)
    if MemberStats.objects.filter(pk=member_id, **{f"{field}__lt": value}).update(**{field: value}):
        _schedule_evaluation(member_id)


def record_visit(member_id: int, *, day: date) -> bool:
    """Count a day the member came by; once per day, whoever asks twice."""
    counted = (
        MemberStats.objects.filter(pk=member_id)
        .exclude(last_visit_date__gte=day)
        .update(days_visited=F("days_visited") + 1, last_visit_date=day)
    )
    if counted:
        return True
    _stats, created = MemberStats.objects.get_or_create(
        member_id=member_id, defaults={"days_visited": 1, "last_visit_date": day}
    )
    return created


# Tiers -------------------------------------------------------------------


@transaction.atomic
def change_tier(member: Any, *, tier: Tier, actor: Any = None, reason: str = "") -> bool:
    """Move the member to `tier`, writing its history row; returns whether it
    changed. `actor` is None for an automatic promotion."""
    stats = _locked_stats(member.pk)
    previous = stats.tier
    if previous == tier:
        return False
    MemberStats.objects.filter(pk=member.pk).update(tier=tier)
    TierChange.objects.create(
        member=member, previous=previous, tier=tier, changed_by=actor, reason=reason
    )
    record(
        actor=member,
        verb="tier.changed",
        target=member,
        public=True,
        tier=str(tier),
        previous=previous,
    )
    bump("members", "pyramid")
    return True


@transaction.atomic
def lock_tier(member: Any, *, locked: bool, actor: Any) -> bool:
    """Stop (or resume) automatic promotion for the member."""
    _locked_stats(member.pk)
    changed = (
        MemberStats.objects.filter(pk=member.pk)
        .exclude(tier_locked=locked)
        .update(tier_locked=locked)
    )
    if changed:
        record(actor=actor, verb="tier.locked" if locked else "tier.unlocked", target=member)
    return bool(changed)


def next_earned_tier(stats: MemberStats) -> Tier | None:
    """The one tier above the member's that they can earn, if any."""
    current = stats.tier_choice
    return next((tier for tier in EARNED_TIERS if tier.rank > current.rank), None)


def meets(stats: MemberStats, thresholds: dict[str, int]) -> bool:
    return all(getattr(stats, field, 0) >= int(least) for field, least in thresholds.items())


def promote_member(member: Any) -> bool:
    """Promote the member one earned tier if their stats reach its thresholds
    and staff have not locked their tier."""
    stats = MemberStats.objects.filter(member_id=member.pk).first()
    if stats is None or stats.tier_locked:
        return False
    tier = next_earned_tier(stats)
    if tier is None:
        return False
    thresholds = SiteSettings.get().tier_thresholds.get(tier.value)
    if not thresholds or not meets(stats, thresholds):
        return False
    return change_tier(member, tier=tier, reason=_("Promoted automatically."))


def check_request_certification(member: Any) -> None:
    """Refuse a certification request the member cannot make."""
    from allauth.account.models import EmailAddress

    stats = MemberStats.objects.filter(member_id=member.pk).first()
    if stats is not None and stats.tier_choice.rank >= Tier.CERTIFIED.rank:
        raise ValidationError(_("You are already certified."), code="certified")
    if not EmailAddress.objects.filter(user=member, verified=True).exists():
        raise ValidationError(_("Verify your e-mail address first."), code="unverified")
    if CertificationRequest.objects.filter(member=member, status=RequestStatus.PENDING).exists():
        raise ValidationError(_("Your request is already waiting for staff."), code="pending")


@transaction.atomic
def request_certification(member: Any, *, message: str = "") -> CertificationRequest:
    check_request_certification(member)
    request = CertificationRequest.objects.create(member=member, message=message.strip())
    record(actor=member, verb="certification.requested", target=request)
    return request


@transaction.atomic
def decide_certification(request: CertificationRequest, *, approve: bool, actor: Any) -> bool:
    """Approve (certifying the member) or reject a pending request."""
    status = RequestStatus.APPROVED if approve else RequestStatus.REJECTED
    if status not in RequestStatus(request.status).allowed_next:
        return False
    request.status = status
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    record(actor=actor, verb=f"certification.{status}", target=request)
    stats = MemberStats.objects.filter(member_id=request.member_id).first()
    below = stats is None or stats.tier_choice.rank < Tier.CERTIFIED.rank
    if approve and below:
        change_tier(
            request.member, tier=Tier.CERTIFIED, actor=actor, reason=_("Certification approved.")
        )
    return True


# Medals ------------------------------------------------------------------


def earned(medal: Medal, stats: MemberStats) -> bool:
    """Whether the member's stats or activities satisfy the medal's criteria."""
    criteria = medal.criteria or {}
    if "stat" in criteria:
        return int(getattr(stats, criteria["stat"], 0) or 0) >= int(criteria.get("gte", 1))
    if "verb" in criteria:
        least = int(criteria.get("count_gte", 1))
        found = Activity.objects.filter(actor_id=stats.member_id, verb=criteria["verb"])
        return found[:least].count() >= least
    return False


@transaction.atomic
def award_medal(member: Any, *, medal: Medal) -> MedalGrant | None:
    """Give the member the medal, once; returns None if they already hold it."""
    try:
        with transaction.atomic():
            grant = MedalGrant.objects.create(member=member, medal=medal)
    except IntegrityError:
        return None
    Medal.objects.filter(pk=medal.pk).update(holder_count=F("holder_count") + 1)
    MemberStats.objects.get_or_create(member_id=member.pk)
    MemberStats.objects.filter(pk=member.pk).update(medals=F("medals") + 1)
    record(
        actor=member,
        verb="medal.awarded",
        target=grant,
        public=True,
        title=medal.name,
        title_zh=medal.name_zh,
        medal=medal.slug,
    )
    bump("members", "medals")
    return grant


def award_earned_medals(member: Any) -> list[MedalGrant]:
    """Grant every active medal the member has earned and does not hold yet."""
    stats = MemberStats.objects.filter(member_id=member.pk).first() or MemberStats(
        member_id=member.pk
    )
    missing = Medal.objects.filter(is_active=True).exclude(grants__member=member)
    grants = [award_medal(member, medal=medal) for medal in missing if earned(medal, stats)]
    return [grant for grant in grants if grant is not None]
