"""Releases fixtures, shared by the releases', betas' and API tests
(registered in the root conftest): a published development build of the
product with three changelog entries, a team, and a beta build."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cocreate.releases.enums import Channel, EntryKind, ReleaseStatus
from cocreate.releases.models import ChangelogEntry, ProductReleaseSettings, Release, Team


def make_release(product, *, version, channel=Channel.DEVELOPMENT, published=True, entries=3):
    """A release of `product`, published a day ago with its report window
    open for six more days (or a draft), with `entries` changelog entries."""
    ProductReleaseSettings.objects.get_or_create(product=product)
    now = timezone.now()
    release = Release.objects.create(
        product=product,
        channel=channel,
        version=version,
        release_date=(now - timedelta(days=1)).date(),
        status=ReleaseStatus.PUBLISHED if published else ReleaseStatus.DRAFT,
        published_at=now - timedelta(days=1) if published else None,
        reports_close_at=now + timedelta(days=6) if published else None,
    )
    kinds = [EntryKind.FEATURE, EntryKind.IMPROVEMENT, EntryKind.FIX]
    for position in range(entries):
        ChangelogEntry.objects.create(
            release=release,
            kind=kinds[position % 3],
            title=f"Change {position + 1} of {version}",
            title_zh=f"{version} 的第 {position + 1} 项改动",
            position=position,
        )
    return release


@pytest.fixture
def camera_team(product):
    return Team.objects.create(product=product, slug="camera", name="Camera", name_zh="相机组")


@pytest.fixture
def release(product):
    return make_release(product, version="3.2.1")


@pytest.fixture
def beta_release(product):
    return make_release(product, version="3.3.0-beta.1", channel=Channel.BETA)
