from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cocreate.accounts.tests.factories import UserFactory
from cocreate.forum import demo as forum_demo
from cocreate.ideas import demo as ideas_demo
from cocreate.ideas.models import Idea
from cocreate.moderation import demo as moderation_demo
from cocreate.releases.demo import releases as demo
from cocreate.releases.enums import Channel, ReleaseStatus
from cocreate.releases.models import ChangelogEntry, Release, ReleaseCredit
from cocreate.reputation import demo as reputation_demo

pytestmark = pytest.mark.django_db

NAMES = ["admin", "moderator", "alice", "bob", "lilei", "hanmeimei", "carlos", "wangfang"]


@pytest.fixture
def members():
    members = {name: UserFactory(username=name, is_staff=name == "admin") for name in NAMES}
    for load in (reputation_demo.load, forum_demo.load, moderation_demo.load, ideas_demo.load):
        load(members)
    return members


def test_demo_loads_twelve_weekly_builds_the_betas_and_a_scheduled_one_once(members, client):
    demo.load(members)
    first = (Release.objects.count(), ChangelogEntry.objects.count(), ReleaseCredit.objects.count())
    demo.load(members)

    assert (
        Release.objects.count(),
        ChangelogEntry.objects.count(),
        ReleaseCredit.objects.count(),
    ) == first
    weekly = Release.objects.filter(channel=Channel.DEVELOPMENT, status=ReleaseStatus.PUBLISHED)
    assert weekly.count() == 12
    assert {release.release_date.weekday() for release in weekly} == {4}
    assert all(release.published_at < timezone.now() for release in weekly)
    assert all(3 <= release.entries.count() <= 7 for release in weekly)
    betas = Release.objects.filter(channel=Channel.BETA).order_by("published_at")
    assert [b.version for b in betas] == ["3.3.0-beta.1", "3.3.0-beta.2"]
    assert timezone.now() - betas[0].published_at > timedelta(days=9)
    scheduled = Release.objects.get(status=ReleaseStatus.SCHEDULED)
    assert scheduled.publish_at > timezone.now()
    shipped = Idea.objects.filter(changelog_entries__release__in=weekly, status="shipped")
    assert shipped.count() == 2 and ReleaseCredit.objects.filter(role="idea_author").exists()
    assert client.get(reverse("releases:index")).status_code == 200
    assert client.get(reverse("releases:calendar")).status_code == 200
