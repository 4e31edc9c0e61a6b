import pytest

from cocreate.accounts.tests.factories import UserFactory
from cocreate.core.activity import record
from cocreate.core.models import Activity, SiteSettings
from cocreate.reputation import actions
from cocreate.reputation.enums import Tier
from cocreate.reputation.models import (
    Medal,
    MedalGrant,
    MemberStats,
    PointsEntry,
    PointsRule,
    TierChange,
)

pytestmark = pytest.mark.django_db


def stats(member) -> MemberStats:
    return MemberStats.objects.get(member=member)


def test_thread_created_through_the_fan_out_earns_the_author_points(
    member, product, commit_and_work
):
    with commit_and_work():
        record(actor=member, verb="thread.created", title="Hi", board="general", product=product)

    entry = PointsEntry.objects.get(member=member)
    assert (entry.points, entry.verb, entry.product) == (5, "thread.created", product)
    assert (stats(member).points, stats(member).threads) == (5, 1)


def test_reaction_added_earns_the_post_author_and_counts_both_sides(member, other_member, activity):
    actions.apply_activity(
        activity(other_member, "reaction.added", kind="like", post_author=member.pk, thread=1)
    )

    assert PointsEntry.objects.get().member == member
    assert (stats(member).points, stats(member).likes_received) == (1, 1)
    assert (stats(other_member).points, stats(other_member).likes_given) == (0, 1)


def test_reaction_removed_takes_the_point_back(member, other_member, activity):
    actions.apply_activity(activity(other_member, "reaction.added", post_author=member.pk))
    actions.apply_activity(activity(other_member, "reaction.removed", post_author=member.pk))

    assert (stats(member).points, stats(member).likes_received) == (0, 0)
    assert stats(other_member).likes_given == 0


def test_post_author_may_be_named_by_username(member, other_member, activity):
    actions.apply_activity(activity(other_member, "reaction.added", post_author="ada"))

    assert stats(member).points == 1


def test_daily_cap_stops_points_but_not_counters(member, activity):
    for _ in range(25):
        actions.apply_activity(activity(member, "post.created", thread=1))

    assert stats(member).points == 40
    assert stats(member).posts == 25
    assert sum(PointsEntry.objects.values_list("points", flat=True)) == 40


def test_applying_an_activity_twice_counts_it_once(member, activity):
    created = activity(member, "post.created", thread=1)

    assert actions.apply_activity(created) is True
    assert actions.apply_activity(created) is False

    assert (stats(member).points, stats(member).posts) == (2, 1)
    assert PointsEntry.objects.count() == 1


def test_rules_are_data(member, activity):
    PointsRule.objects.filter(verb="post.created").update(points=7, daily_cap=0)

    actions.apply_activity(activity(member, "post.created"))

    assert stats(member).points == 7


def test_inactive_rule_gives_nothing(member, activity):
    PointsRule.objects.filter(verb="post.created").update(is_active=False)

    actions.apply_activity(activity(member, "post.created"))

    assert not PointsEntry.objects.exists()
    assert stats(member).posts == 1


def test_grant_points_moves_total_and_level_and_announces_it(member, staff):
    entry = actions.grant_points(member, points=70, reason="Great bug report", actor=staff)

    assert (entry.points, entry.granted_by, entry.reason) == (70, staff, "Great bug report")
    assert (stats(member).points, stats(member).level) == (70, 3)
    reached = Activity.objects.get(verb="level.reached")
    assert (reached.actor, reached.public, reached.data) == (member, True, {"level": 3})


def test_deduction_lowers_level_without_announcing(member, staff):
    actions.grant_points(member, points=70, reason="r", actor=staff)

    actions.grant_points(member, points=-60, reason="Spam", actor=staff)

    assert (stats(member).points, stats(member).level) == (10, 1)
    assert Activity.objects.filter(verb="level.reached").count() == 1


@pytest.mark.parametrize(
    ("points", "reason"), [(10, ""), (10, "   "), (0, "why"), (10_001, "why"), (-10_001, "why")]
)
def test_bad_grant_is_refused_and_writes_nothing(member, staff, points, reason):
    with pytest.raises(actions.ValidationError):
        actions.grant_points(member, points=points, reason=reason, actor=staff)

    assert not PointsEntry.objects.exists()
    assert not MemberStats.objects.exists()


@pytest.mark.parametrize(
    ("points", "level"), [(0, 1), (19, 1), (20, 2), (59, 2), (60, 3), (6000, 10), (99999, 10)]
)
def test_level_for_points(points, level):
    assert actions.level_for(points) == level


def test_level_thresholds_come_from_site_settings(member, staff):
    site = SiteSettings.get()
    site.level_thresholds = [0, 5, 10]
    site.save()
    SiteSettings.objects.filter(pk=site.pk).update(level_thresholds=[0, 5, 10])
    from django.core.cache import cache

    cache.clear()

    actions.grant_points(member, points=12, reason="r", actor=staff)

    assert stats(member).level == 3


def test_record_visit_counts_once_a_day(member):
    from datetime import date

    assert actions.record_visit(member.pk, day=date(2025, 1, 1)) is True
    assert actions.record_visit(member.pk, day=date(2025, 1, 1)) is False
    assert actions.record_visit(member.pk, day=date(2025, 1, 2)) is True

    assert (stats(member).days_visited, stats(member).last_visit_date) == (2, date(2025, 1, 2))


def _qualify(member, **fields):
    MemberStats.objects.update_or_create(member=member, defaults=fields)


VIP = {"level": 4, "days_visited": 10, "posts": 20, "likes_received": 10}
SENIOR = {"level": 7, "days_visited": 60, "posts": 150, "likes_received": 100}


def test_promotion_moves_one_tier_at_a_time(member):
    # given stats that qualify for senior straight away
    _qualify(member, **SENIOR)

    # when evaluated twice
    assert actions.promote_member(member) is True
    assert stats(member).tier == Tier.VIP
    assert actions.promote_member(member) is True

    # then the member climbed vip, then senior, with a history row each
    assert stats(member).tier == Tier.SENIOR
    assert actions.promote_member(member) is False
    history = list(TierChange.objects.order_by("id").values_list("previous", "tier", "changed_by"))
    assert history == [("member", "vip", None), ("vip", "senior", None)]
    changed = Activity.objects.filter(verb="tier.changed").order_by("id").last()
    assert changed.public and changed.data == {"tier": "senior", "previous": "vip"}


def test_promotion_needs_every_threshold(member):
    _qualify(member, **{**VIP, "posts": 19})

    assert actions.promote_member(member) is False
    assert not TierChange.objects.exists()


def test_promotion_respects_the_staff_lock(member, staff):
    _qualify(member, **VIP)
    actions.lock_tier(member, locked=True, actor=staff)

    assert actions.promote_member(member) is False
    assert stats(member).tier == Tier.MEMBER

    actions.lock_tier(member, locked=False, actor=staff)
    assert actions.promote_member(member) is True


def test_granted_tiers_are_never_earned_over(member):
    _qualify(member, tier=Tier.MODERATOR, **SENIOR)

    assert actions.promote_member(member) is False


def test_change_tier_by_staff_writes_history(member, staff):
    assert actions.change_tier(member, tier=Tier.CLUB_MEMBER, actor=staff, reason="Joined") is True
    assert actions.change_tier(member, tier=Tier.CLUB_MEMBER, actor=staff) is False

    change = TierChange.objects.get()
    assert (change.previous, change.tier, change.changed_by) == ("member", "club_member", staff)


def test_certification_request_approved_certifies_the_member(member, staff):
    request = actions.request_certification(member, message="I am me")

    assert actions.decide_certification(request, approve=True, actor=staff) is True
    assert actions.decide_certification(request, approve=False, actor=staff) is False

    assert stats(member).tier == Tier.CERTIFIED
    request.refresh_from_db()
    assert (request.status, request.decided_by) == ("approved", staff)


def test_certification_request_needs_a_verified_email(db):
    unverified = UserFactory(username="nobody", verified=False)

    with pytest.raises(actions.ValidationError, match="Verify"):
        actions.request_certification(unverified)


def test_certification_request_only_once_while_pending(member):
    actions.request_certification(member)

    with pytest.raises(actions.ValidationError, match="waiting"):
        actions.request_certification(member)


def test_medals_are_granted_once(member):
    _qualify(member, posts=1, likes_received=10)

    first = actions.award_earned_medals(member)
    again = actions.award_earned_medals(member)

    assert sorted(grant.medal.slug for grant in first) == ["first-post", "liked"]
    assert again == []
    assert MedalGrant.objects.filter(member=member).count() == 2
    assert Medal.objects.get(slug="liked").holder_count == 1
    assert stats(member).medals == 2
    awarded = Activity.objects.filter(verb="medal.awarded").order_by("id").first()
    assert awarded.public and awarded.data == {
        "title": "First post",
        "title_zh": "第一帖",
        "medal": "first-post",
    }


def test_medal_by_verb_count(member, activity):
    activity(member, "thread.created", title="t")

    grants = actions.award_earned_medals(member)

    assert [grant.medal.slug for grant in grants] == ["conversation-starter"]


def test_evaluation_after_points_promotes_and_grants_medals(member, staff, commit_and_work):
    _qualify(member, days_visited=10, posts=20, likes_received=10)

    with commit_and_work():
        actions.grant_points(member, points=400, reason="Event host", actor=staff)

    assert stats(member).tier == Tier.VIP
    assert MedalGrant.objects.filter(member=member, medal__slug="veteran").exists()
