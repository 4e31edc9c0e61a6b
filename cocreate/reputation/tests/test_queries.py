from datetime import timedelta

import pytest
from django.utils import timezone

from cocreate.accounts.tests.factories import UserFactory
from cocreate.forum.models import Product
from cocreate.reputation import actions, queries
from cocreate.reputation.enums import Tier
from cocreate.reputation.models import PointsEntry

pytestmark = pytest.mark.django_db


def earn(member, points, *, days_ago=0, product=None):
    entry = actions.award_points(member.pk, points=points, verb="post.created", product=product)
    PointsEntry.objects.filter(pk=entry.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )


def names(board):
    return [(member.username, member.score) for member in board]


def test_leaderboard_windows(member, other_member):
    earn(member, 10)
    earn(other_member, 30, days_ago=10)
    earn(other_member, 100, days_ago=60)

    assert names(queries.leaderboard("week")) == [("ada", 10)]
    assert names(queries.leaderboard("month")) == [("grace", 30), ("ada", 10)]
    assert names(queries.leaderboard("all")) == [("grace", 130), ("ada", 10)]


def test_leaderboard_per_product(member, other_member, product):
    other = Product.objects.create(slug="os", name="OS")
    earn(member, 5, product=product)
    earn(other_member, 50, product=other)

    assert names(queries.leaderboard("all", product)) == [("ada", 5)]
    assert names(queries.leaderboard("week", other)) == [("grace", 50)]


def test_leaderboard_leaves_out_deactivated_members(member, other_member):
    earn(member, 5)
    earn(other_member, 50)
    other_member.is_active = False
    other_member.save()

    assert names(queries.leaderboard("week")) == [("ada", 5)]
    assert names(queries.leaderboard("all")) == [("ada", 5)]


@pytest.mark.parametrize("window", ["week", "month", "all"])
def test_leaderboard_query_count_is_fixed(window, product, django_assert_num_queries):
    for n in range(30):
        earn(UserFactory(username=f"m{n}"), n + 1, product=product)

    with django_assert_num_queries(2):
        board = queries.leaderboard(window)
        [member.tier for member in board]
    with django_assert_num_queries(0):
        queries.leaderboard(window)
    assert len(board) == 30 and board[0].score == 30


def test_tier_counts(member, other_member, staff):
    actions.change_tier(other_member, tier=Tier.VIP, actor=staff)

    counts = dict(queries.tier_counts())

    assert counts[Tier.VIP] == 1
    assert counts[Tier.MEMBER] == 2
    assert counts[Tier.MODERATOR] == 0


def test_standing_of_a_new_member(member):
    standing = queries.standing_of(member)

    assert (standing.stats.level, standing.stats.tier, standing.grants) == (1, "member", [])
    assert (standing.progress.percent, standing.progress.to_next) == (0, 20)
