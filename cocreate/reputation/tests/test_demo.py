import pytest

from cocreate.accounts.tests.factories import UserFactory
from cocreate.reputation import demo
from cocreate.reputation.models import MedalGrant, MemberStats, PointsEntry, TierChange

pytestmark = pytest.mark.django_db

NAMES = ["admin", "moderator", "alice", "bob", "lilei", "hanmeimei", "carlos", "wangfang"]


def test_demo_builds_a_pyramid_once():
    members = {name: UserFactory(username=name, is_staff=name == "admin") for name in NAMES}

    demo.load(members)
    counts = (PointsEntry.objects.count(), TierChange.objects.count(), MedalGrant.objects.count())
    demo.load(members)

    assert (
        PointsEntry.objects.count(),
        TierChange.objects.count(),
        MedalGrant.objects.count(),
    ) == counts
    tiers = dict(MemberStats.objects.values_list("member__username", "tier"))
    assert tiers["moderator"] == "moderator"
    assert tiers["lilei"] == "senior"
    assert tiers["bob"] == "certified"
    assert MemberStats.objects.get(member__username="lilei").points == 1500
