"""Drafting, the changelog, scheduling and publishing releases."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from cocreate.accounts.tests.factories import UserFactory
from cocreate.betas.enums import BugStatus
from cocreate.betas.models import BetaMembership, BetaProgram, BugReport
from cocreate.core.models import Activity, CacheStamp
from cocreate.ideas import actions as ideas
from cocreate.ideas.models import Idea, StatusChange
from cocreate.notifications.models import Notification
from cocreate.notifications.text import describe
from cocreate.releases import calendar
from cocreate.releases.actions import releases as actions
from cocreate.releases.enums import Channel, CreditRole, EntryKind, ReleaseStatus
from cocreate.releases.models import (
    ChangelogEntry,
    ExperienceReport,
    ProductReleaseSettings,
    Release,
)
from cocreate.releases.tasks import publish_scheduled_releases
from cocreate.releases.tests.fixtures import make_release

pytestmark = pytest.mark.django_db


@pytest.fixture
def beta_program(product):
    return BetaProgram.objects.create(
        product=product,
        channel=Channel.BETA,
        slug="phone-beta",
        name="Phone beta",
        name_zh="手机内测",
    )


@pytest.fixture
def beta_member(beta_program):
    member = UserFactory(username="tester")
    BetaMembership.objects.create(program=beta_program, member=member)
    return member


@pytest.fixture
def draft(product, staff):
    return actions.draft_release(
        product,
        actor=staff,
        channel=Channel.DEVELOPMENT,
        version="3.2.2",
        release_date=date(2025, 3, 7),
    )


def _entry(**extra):
    return actions.EntryData(kind=EntryKind.FEATURE, title="Night mode", **extra)


# Drafting and the changelog -------------------------------------------------------------


def test_draft_release_records_an_activity_and_renders_its_notes(product, staff):
    release = actions.draft_release(
        product,
        actor=staff,
        channel=Channel.BETA,
        version="3.3.0-beta.1",
        release_date=date(2025, 3, 7),
        notes="**Bold** move",
        entries=[_entry(), actions.EntryData(kind=EntryKind.FIX, title="Crash")],
    )

    assert release.status == ReleaseStatus.DRAFT and "<strong>Bold</strong>" in release.notes_html
    assert [e.title for e in release.entries.all()] == ["Night mode", "Crash"]
    assert Activity.objects.filter(verb="release.drafted", target_id=release.pk).exists()
    assert ProductReleaseSettings.objects.filter(product=product).exists()


def test_draft_release_refuses_a_version_the_channel_has_and_writes_nothing(product, staff, draft):
    with pytest.raises(ValidationError) as refused:
        actions.draft_release(
            product,
            actor=staff,
            channel=Channel.DEVELOPMENT,
            version="3.2.2",
            release_date=date.today(),
        )

    assert refused.value.code == "duplicate_version"
    assert Release.objects.count() == 1


def test_the_same_version_may_exist_on_another_channel(product, staff, draft):
    other = actions.draft_release(
        product, actor=staff, channel=Channel.STABLE, version="3.2.2", release_date=date.today()
    )
    assert other.pk != draft.pk


def test_linking_a_closed_idea_is_refused_and_nothing_is_written(draft, staff, idea):
    ideas.change_status(idea, actor=staff, status="declined", response="No")

    with pytest.raises(ValidationError) as refused:
        actions.add_entry(draft, actor=staff, entry=_entry(ideas=[idea]))

    assert refused.value.code == "idea_closed"
    assert not ChangelogEntry.objects.exists()


def test_linking_an_idea_of_another_product_is_refused(draft, staff, other_product_idea):
    with pytest.raises(ValidationError) as refused:
        actions.add_entry(draft, actor=staff, entry=_entry(ideas=[other_product_idea]))
    assert refused.value.code == "other_product"


@pytest.fixture
def other_product_idea(member):
    from cocreate.forum.models import Product

    other = Product.objects.create(slug="watch", name="Watch", name_zh="手表")
    return ideas.submit_idea(other, author=member, title="Watch faces", description="More")


def test_entries_are_added_edited_moved_and_removed(draft, staff, idea, camera_team):
    first = actions.add_entry(draft, actor=staff, entry=_entry(team=camera_team, ideas=[idea]))
    second = actions.add_entry(draft, actor=staff, entry=actions.EntryData(kind="fix", title="B"))
    actions.edit_entry(first, actor=staff, entry=_entry(title_zh="夜景", ideas=[]))
    moved = actions.move_entry(second, actor=staff, offset=-1)
    unmoved = actions.move_entry(second, actor=staff, offset=-1)

    assert moved and not unmoved
    assert [e.pk for e in draft.entries.order_by("position")] == [second.pk, first.pk]
    first.refresh_from_db()
    assert first.title_zh == "夜景" and first.team is None and not first.ideas.exists()
    actions.remove_entry(second, actor=staff)
    assert list(draft.entries.all()) == [first]


def test_a_published_changelog_is_final(release, staff):
    with pytest.raises(ValidationError) as refused:
        actions.add_entry(release, actor=staff, entry=_entry())
    assert refused.value.code == "published"


def test_edit_release_keeps_a_published_version(release, staff):
    with pytest.raises(ValidationError):
        actions.edit_release(
            release,
            actor=staff,
            channel=release.channel,
            version="9.9.9",
            release_date=release.release_date,
            codename="",
            notes="",
        )
    changed = actions.edit_release(
        release,
        actor=staff,
        channel=release.channel,
        version=release.version,
        release_date=release.release_date,
        codename="Tangerine",
        notes="Hello",
    )
    release.refresh_from_db()
    assert changed and release.codename == "Tangerine" and release.notes_html


# Scheduling -------------------------------------------------------------------------------


def test_schedule_and_unschedule_go_through_the_status_transitions(draft, staff):
    moment = timezone.now() + timedelta(days=2)
    actions.schedule_release(draft, actor=staff, publish_at=moment)
    draft.refresh_from_db()
    assert draft.status == ReleaseStatus.SCHEDULED and draft.publish_at == moment

    actions.unschedule_release(draft, actor=staff)
    draft.refresh_from_db()
    assert draft.status == ReleaseStatus.DRAFT and draft.publish_at is None
    with pytest.raises(ValidationError) as refused:
        actions.unschedule_release(draft, actor=staff)
    assert refused.value.code == "not_scheduled"


def test_a_publish_time_in_the_past_is_refused(draft, staff):
    with pytest.raises(ValidationError) as refused:
        actions.schedule_release(
            draft, actor=staff, publish_at=timezone.now() - timedelta(minutes=1)
        )
    assert refused.value.code == "past_publish_at"
    draft.refresh_from_db()
    assert draft.status == ReleaseStatus.DRAFT


def test_a_published_release_cannot_be_scheduled_or_published_again(release, staff):
    for act in (
        lambda: actions.publish_release(release, actor=staff),
        lambda: actions.schedule_release(
            release, actor=staff, publish_at=timezone.now() + timedelta(days=1)
        ),
    ):
        with pytest.raises(ValidationError) as refused:
            act()
        assert refused.value.code == "published"


# Publishing -------------------------------------------------------------------------------


def test_publishing_ships_the_linked_ideas_and_tells_their_supporters_the_version(
    draft, staff, idea, other_member, commit_and_work
):
    ideas.support_idea(idea, member=other_member)
    actions.add_entry(draft, actor=staff, entry=_entry(ideas=[idea]))

    with commit_and_work():
        actions.publish_release(draft, actor=staff)

    idea.refresh_from_db()
    assert idea.status == "shipped" and "3.2.2" in idea.response
    change = StatusChange.objects.get(idea=idea, to_status="shipped")
    assert change.from_status == "new" and change.actor == staff
    shipped = Activity.objects.get(verb="idea.shipped", target_id=idea.pk)
    assert shipped.data["version"] == "3.2.2" and shipped.data["release"] == draft.pk
    author_news = Notification.objects.get(recipient=idea.author, kind="idea_status")
    supporter_news = Notification.objects.get(recipient=other_member, kind="idea_supported")
    assert author_news.data["version"] == supporter_news.data["version"] == "3.2.2"
    assert describe(author_news) == "Your idea “Night mode for the camera app” shipped in 3.2.2"
    assert "shipped in 3.2.2" in describe(supporter_news)


def test_publishing_credits_authors_early_supporters_and_bug_reporters(
    draft, staff, idea, member, commit_and_work
):
    supporters = [UserFactory(username=f"fan{n}") for n in range(7)]
    for supporter in supporters:
        ideas.support_idea(idea, member=supporter)
    actions.add_entry(draft, actor=staff, entry=_entry(ideas=[idea]))
    tester = UserFactory(username="bugfinder")
    BugReport.objects.create(
        release=draft,
        reporter=tester,
        title="Crash",
        steps="s",
        expected="e",
        actual="a",
        status=BugStatus.FIXED,
        fixed_in=draft,
    )

    actions.publish_release(draft, actor=staff)

    credits = set(draft.credits.values_list("member__username", "role"))
    assert ("ada", CreditRole.IDEA_AUTHOR) in credits
    early = {name for name, role in credits if role == CreditRole.EARLY_SUPPORTER}
    assert early == {f"fan{n}" for n in range(5)}
    assert ("bugfinder", CreditRole.BUG_REPORTER) in credits


def test_publishing_tells_the_channels_beta_members_and_counts_them_as_audience(
    product, staff, beta_member, other_member, commit_and_work
):
    beta = make_release(product, version="3.3.0-beta.9", channel=Channel.BETA, published=False)

    with commit_and_work():
        actions.publish_release(beta, actor=staff)

    beta.refresh_from_db()
    assert beta.audience_count == 1
    news = Notification.objects.get(kind="release")
    assert news.recipient == beta_member and news.data["version"] == "3.3.0-beta.9"
    assert "3.3.0-beta.9 of Orange Phone is out" in describe(news)
    assert not Notification.objects.filter(recipient=other_member).exists()
    activity = Activity.objects.get(verb="release.published")
    assert activity.public is False and activity.data["audience"] == 1


def test_audience_without_beta_members_is_the_recent_reporters(
    product, staff, member, other_member
):
    old = [make_release(product, version=f"3.1.{n}") for n in range(5)]
    for release in old:
        Release.objects.filter(pk=release.pk).update(
            published_at=timezone.now() - timedelta(days=30 - release.pk)
        )
    ExperienceReport.objects.create(release=old[-1], member=member, score=4)
    ExperienceReport.objects.create(release=old[-2], member=member, score=3)
    ExperienceReport.objects.create(release=old[0], member=other_member, score=3)  # fifth back
    draft = make_release(product, version="3.2.0", published=False)

    actions.publish_release(draft, actor=staff)

    draft.refresh_from_db()
    assert draft.audience_count == 1


def test_publishing_sets_the_report_window_and_bumps_the_page_cache(
    draft, staff, django_capture_on_commit_callbacks
):
    friday = datetime(2025, 3, 7, 10, 0, tzinfo=UTC)  # 18:00 in Shanghai
    ProductReleaseSettings.objects.update_or_create(
        product=draft.product, defaults={"time_zone": "Asia/Shanghai"}
    )
    with time_machine.travel(friday, tick=False), django_capture_on_commit_callbacks(execute=True):
        actions.publish_release(draft, actor=staff)

    draft.refresh_from_db()
    assert draft.published_at == friday
    # Tuesday 11 March, 24:00 in Shanghai = Tuesday 16:00 UTC.
    assert draft.reports_close_at == datetime(2025, 3, 11, 16, 0, tzinfo=UTC)
    assert CacheStamp.objects.get(name="releases").version >= 2


def test_publishing_rolls_back_whole_when_it_fails(draft, staff, idea, monkeypatch):
    actions.add_entry(draft, actor=staff, entry=_entry(ideas=[idea]))

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(actions, "_credit", broken)
    with pytest.raises(RuntimeError):
        actions.publish_release(draft, actor=staff)

    draft.refresh_from_db()
    idea.refresh_from_db()
    assert draft.status == ReleaseStatus.DRAFT and idea.status == "new"
    assert not Activity.objects.filter(verb="release.published").exists()


# The report window across time zones --------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "published", "closes"),
    [
        # Friday evening in Shanghai (no DST): the following Tuesday 24:00 local.
        (
            "Asia/Shanghai",
            datetime(2025, 3, 7, 10, 0, tzinfo=UTC),
            datetime(2025, 3, 11, 16, 0, tzinfo=UTC),
        ),
        # Friday 23:30 UTC is already Saturday in Shanghai: still that Tuesday.
        (
            "Asia/Shanghai",
            datetime(2025, 3, 7, 23, 30, tzinfo=UTC),
            datetime(2025, 3, 11, 16, 0, tzinfo=UTC),
        ),
        # Berlin across the start of summer time (30 March 2025): Tuesday 24:00 CEST = 22:00 UTC.
        (
            "Europe/Berlin",
            datetime(2025, 3, 28, 17, 0, tzinfo=UTC),
            datetime(2025, 4, 1, 22, 0, tzinfo=UTC),
        ),
        # New York before its own change: Tuesday 24:00 EST = 05:00 UTC on Wednesday.
        (
            "America/New_York",
            datetime(2025, 2, 28, 23, 0, tzinfo=UTC),
            datetime(2025, 3, 5, 5, 0, tzinfo=UTC),
        ),
        # A Tuesday build closes a week later.
        (
            "Asia/Shanghai",
            datetime(2025, 3, 11, 2, 0, tzinfo=UTC),
            datetime(2025, 3, 18, 16, 0, tzinfo=UTC),
        ),
    ],
)
def test_report_window_closes_at_the_end_of_the_next_closing_weekday(zone, published, closes):
    settings = ProductReleaseSettings(time_zone=zone, report_closes_weekday=1)
    assert calendar.reports_close_at(settings, published) == closes


def test_weekly_slots_are_release_weekdays_around_the_coming_build():
    settings = ProductReleaseSettings(
        time_zone="Asia/Shanghai", release_weekday=4, release_time=time(18)
    )
    # Friday 7 March 2025, 19:00 in Shanghai: this week's build is out.
    slots = calendar.weekly_slots(settings, datetime(2025, 3, 7, 11, 0, tzinfo=UTC))

    assert len(slots) == calendar.PAST_WEEKS + calendar.NEXT_WEEKS
    assert all(day.weekday() == 4 for day in slots)
    assert slots[calendar.PAST_WEEKS] == date(2025, 3, 14)
    before = calendar.coming_slot(settings, datetime(2025, 3, 7, 9, 0, tzinfo=UTC))
    assert before == date(2025, 3, 7)


def test_an_unknown_time_zone_falls_back_to_the_sites():
    assert calendar.zone(ProductReleaseSettings(time_zone="Mars/Olympus")).key


# The scheduled task -----------------------------------------------------------------------------


def test_the_task_publishes_scheduled_releases_when_due_once(draft, staff, idea):
    actions.add_entry(draft, actor=staff, entry=_entry(ideas=[idea]))
    due = timezone.now() + timedelta(hours=1)
    actions.schedule_release(draft, actor=staff, publish_at=due)

    assert publish_scheduled_releases.call() == 0
    with time_machine.travel(due + timedelta(seconds=30), tick=False):
        assert publish_scheduled_releases.call() == 1
        assert publish_scheduled_releases.call() == 0

    draft.refresh_from_db()
    assert draft.status == ReleaseStatus.PUBLISHED
    assert Idea.objects.get(pk=idea.pk).status == "shipped"
    published = Activity.objects.get(verb="release.published")
    assert published.actor is None and published.data["scheduled"] is True
