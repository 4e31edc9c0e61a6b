"""The demo reports, on twelve weekly releases built like the releases demo's."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cocreate.accounts.tests.factories import UserFactory
from cocreate.releases.demo import reports as demo
from cocreate.releases.models import ExperienceReport, FeatureAward, Release
from cocreate.releases.queries.reports import summary_of
from cocreate.releases.tests.fixtures import make_release

pytestmark = pytest.mark.django_db

NAMES = ["admin", "moderator", "alice", "bob", "lilei", "hanmeimei", "carlos", "wangfang"]


@pytest.fixture
def members():
    return {name: UserFactory(username=name, is_staff=name == "admin") for name in NAMES}


@pytest.fixture
def weekly(members):
    from cocreate.forum.models import Product

    for number in range(1, 13):
        UserFactory(username=f"fan{number:02d}")
    phone = Product.objects.create(slug=demo.PHONE, name="Orange Phone 14")
    now = timezone.now()
    releases = []
    for week in range(12):
        release = make_release(phone, version=f"3.{week}.0", entries=4)
        published = now - timedelta(days=7 * (11 - week) + 1)
        Release.objects.filter(pk=release.pk).update(
            published_at=published,
            reports_close_at=published + timedelta(days=4),
            audience_count=20 if week else 0,
        )
        releases.append(release)
    return releases


def test_the_demo_does_nothing_without_releases(members):
    demo.load(members)
    assert not ExperienceReport.objects.exists()


def test_the_demo_reports_on_every_week_with_a_rising_trend_once(members, weekly):
    demo.load(members)
    count = ExperienceReport.objects.count()
    demo.load(members)

    assert ExperienceReport.objects.count() == count
    releases = list(Release.objects.filter(pk__in=[r.pk for r in weekly]).order_by("published_at"))
    assert all(release.report_count for release in releases)
    assert releases[-1].report_count > releases[0].report_count
    assert releases[-1].average_score > releases[0].average_score + 0.7
    # a build published before anyone reported counts the crowd as its audience
    assert releases[0].audience_count == len(NAMES) - 1 + 12
    assert releases[1].audience_count == 20
    # every closed week has its feature; the open one's is provisional
    assert FeatureAward.objects.count() == 11
    summary = summary_of(releases[-1])
    assert summary.feature.provisional
    assert any("\u4e00" <= term[0] <= "\u9fff" for term, _count in summary.terms)
    # reports were filed inside each window
    first = ExperienceReport.objects.filter(release=releases[0]).order_by("created_at")
    assert releases[0].published_at < first.first().created_at < releases[0].reports_close_at
