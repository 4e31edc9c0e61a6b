"""The releases part of the dataset on a small scale: weekly builds, four-grid
reports and their tallies, awards, credits and the submitters. One build for
the module, rolled back at its end."""

import random
from datetime import timedelta
from itertools import pairwise

import pytest
import time_machine
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from bench.dataset import build, report_tallies, submitter_ids
from bench.dataset.base import END, SEED
from bench.dataset.releases import (
    SUBMITTER_TOKEN,
    newest_release,
    plan_releases,
    recount_release,
    refresh_report_window,
    release_targets,
    remove_report_writes,
    report_counts,
    submitter_keys,
)
from cocreate.accounts.models import ApiToken
from cocreate.core.models import Activity
from cocreate.forum.models import Product
from cocreate.releases.models import (
    ChangelogEntry,
    ExperienceReport,
    FeatureAward,
    Release,
    ReleaseCredit,
    ReportPick,
    ReportProblem,
    Team,
)
from cocreate.reputation.models import PointsEntry

from .test_dataset import SMALL

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def dataset(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        build(SMALL)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def members():
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(username__startswith="bench0")
    return list(users.order_by("pk").values_list("pk", "date_joined"))


def test_the_busiest_product_has_weekly_published_builds_on_fridays():
    releases = list(Release.objects.order_by("published_at"))
    assert len(releases) == SMALL.releases
    assert {release.product.slug for release in releases} == {"aurora"}
    assert [release.version for release in releases[:3]] == ["1.0.0", "1.0.1", "1.0.2"]
    assert all(release.status == "published" for release in releases)
    assert all(release.release_date.weekday() == 4 for release in releases)
    for earlier, later in pairwise(releases):
        assert later.release_date - earlier.release_date == timedelta(weeks=1)
    assert releases[-1].published_at <= END < releases[-1].reports_close_at
    assert all(release.reports_close_at <= END for release in releases[:-1])
    settings = releases[0].product.release_settings
    assert (settings.time_zone, settings.release_weekday) == ("Asia/Shanghai", 4)


def test_windows_close_at_the_end_of_the_following_tuesday_in_the_products_time_zone():
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Asia/Shanghai")
    for release in Release.objects.all():
        published = release.published_at.astimezone(zone)
        closes = release.reports_close_at.astimezone(zone)
        assert (published.weekday(), published.hour) == (4, 18)
        assert (closes.weekday(), closes.hour, closes.minute) == (2, 0, 0)
        assert closes - published == timedelta(days=4, hours=6)


def test_each_build_has_five_to_ten_entries_by_the_teams_some_shipping_ideas():
    counts = Release.objects.annotate(n=Count("entries")).values_list("n", flat=True)
    assert all(5 <= n <= 10 for n in counts)
    assert Team.objects.count() == 4
    assert not ChangelogEntry.objects.filter(team__isnull=True).exists()
    linked = ChangelogEntry.objects.filter(ideas__isnull=False)
    assert linked.exists()
    for entry in linked.prefetch_related("ideas"):
        for idea in entry.ideas.all():
            assert idea.status == "shipped"
            assert idea.product_id == entry.release.product_id
            assert idea.status_changed_at <= entry.release.published_at


def test_reports_add_up_and_stay_one_per_member_per_build():
    assert ExperienceReport.objects.count() == SMALL.reports
    twice = ExperienceReport.objects.values("release", "member").annotate(n=Count("id"))
    assert not twice.filter(n__gt=1).exists()
    assert not ExperienceReport.objects.filter(created_at__lt=F("release__published_at")).exists()
    assert not ExperienceReport.objects.filter(
        created_at__gt=F("release__reports_close_at")
    ).exists()
    assert not ExperienceReport.objects.filter(created_at__gt=END).exists()
    assert not ExperienceReport.objects.filter(created_at__lt=F("member__date_joined")).exists()
    assert not ExperienceReport.objects.exclude(score__range=(1, 5)).exists()
    counts = list(Release.objects.order_by("published_at").values_list("report_count", flat=True))
    assert counts[-2] > 2 * counts[0]  # more on recent builds


def test_picks_are_of_the_reports_own_build_liked_or_disliked_once():
    assert not ReportPick.objects.exclude(entry__release=F("report__release")).exists()
    per_report = ExperienceReport.objects.annotate(
        liked=Count("picks", filter=Q(picks__liked=True)),
        disliked=Count("picks", filter=Q(picks__liked=False)),
    )
    assert not per_report.exclude(liked__range=(1, 3)).exists()
    assert not per_report.exclude(disliked__range=(0, 2)).exists()
    twice = ReportPick.objects.values("report", "entry").annotate(n=Count("id"))
    assert not twice.filter(n__gt=1).exists()


def test_about_a_third_of_the_reports_list_problems_in_chinese_and_english():
    with_problems = ExperienceReport.objects.filter(problems__isnull=False).distinct().count()
    assert 0.2 < with_problems / SMALL.reports < 0.4
    texts = list(ReportProblem.objects.values_list("text", flat=True))
    assert all(any("\u4e00" <= c <= "\u9fff" for c in text) for text in texts)
    assert all(any(c.isascii() and c.isalpha() for c in text) for text in texts)
    assert set(ReportProblem.objects.values_list("severity", flat=True)) <= {
        "low",
        "medium",
        "high",
        "critical",
    }


def test_every_release_tally_equals_what_its_rows_add_up_to():
    releases = Release.objects.annotate(
        reports_=Count("reports", distinct=True),
        total_=Sum("reports__score"),
        **{
            f"s{n}_": Count("reports", filter=Q(reports__score=n), distinct=True)
            for n in range(1, 6)
        },
    )
    for release in releases:
        assert release.report_count == release.reports_
        assert release.score_total == (release.total_ or 0)
        assert release.score_counts == [getattr(release, f"s{n}_") for n in range(1, 6)]
        problems = ReportProblem.objects.filter(report__release=release).count()
        assert release.problem_count == problems
    for release in Release.objects.all():
        assert report_tallies(release.pk, [])["misreported"] == 0


def test_every_entry_tally_and_team_award_count_equals_its_rows():
    entries = ChangelogEntry.objects.annotate(
        likes=Count("picks", filter=Q(picks__liked=True)),
        dislikes=Count("picks", filter=Q(picks__liked=False)),
    )
    assert not entries.exclude(liked_count=F("likes"), disliked_count=F("dislikes")).exists()
    assert ChangelogEntry.objects.filter(disliked_count__gt=0).exists()
    teams = Team.objects.annotate(awards_=Count("awards"))
    assert not teams.exclude(award_count=F("awards_")).exists()


def test_audiences_count_the_reporters_of_the_previous_four_builds():
    releases = list(Release.objects.order_by("published_at"))
    assert releases[0].audience_count == 0
    for index, release in enumerate(releases):
        previous = releases[max(0, index - 4) : index]
        reporters = ExperienceReport.objects.filter(release__in=previous)
        assert release.audience_count == reporters.values("member").distinct().count()


def test_each_closed_window_has_its_feature_of_the_week_the_open_one_none():
    releases = list(Release.objects.order_by("published_at").prefetch_related("entries"))
    assert not FeatureAward.objects.filter(release=releases[-1]).exists()
    for release in releases[:-1]:
        award = FeatureAward.objects.get(release=release)
        ranked = sorted(
            release.entries.all(), key=lambda e: (-e.net_liking, -e.liked_count, e.position)
        )
        leader = next(entry for entry in ranked if entry.liked_count)
        assert award.entry_id == leader.pk
        assert award.team_id == leader.team_id
        assert award.net_liking == leader.net_liking
        assert award.awarded_at == release.reports_close_at


def test_score_averages_drift_from_build_to_build():
    averages = [release.average_score for release in Release.objects.order_by("published_at")]
    assert max(averages) - min(averages) > 0.3


def test_shipped_ideas_credit_their_authors_and_first_supporters():
    entry = ChangelogEntry.objects.filter(ideas__isnull=False).first()
    idea = entry.ideas.get()
    credits = ReleaseCredit.objects.filter(release=entry.release)
    assert credits.filter(role="idea_author", member=idea.author).exists()
    early = (
        idea.supports.exclude(member=idea.author)
        .order_by("created_at", "id")
        .values_list("member", flat=True)[:5]
    )
    assert set(credits.filter(role="early_supporter").values_list("member", flat=True)) >= set(
        early
    )


def test_filing_reports_earns_points_in_the_ledger():
    filed = PointsEntry.objects.filter(verb="report.filed")
    assert filed.exists()
    assert filed.values("member").distinct().count() > 10


def test_the_plan_is_the_same_from_the_same_seed_and_matches_the_rows(members):
    product = Product.objects.get(slug="aurora").pk
    first = plan_releases(random.Random(f"{SEED}-releases"), members, product, SMALL)
    again = plan_releases(random.Random(f"{SEED}-releases"), members, product, SMALL)
    assert first == again
    stored = list(Release.objects.order_by("published_at").values_list("version", "report_count"))
    assert stored == [(r.version, len(r.reports)) for r in first.releases]


def test_report_counts_add_up_to_the_total_and_grow_towards_the_newest_closed_build():
    class Stub:
        pass

    counts = report_counts([Stub() for _ in range(100)], 50_000)
    assert sum(counts) == 50_000
    assert counts[98] > 2.5 * counts[0]
    assert counts[-1] < counts[98] / 2


def test_submitters_have_tokens_and_no_report_on_the_newest_build():
    tokens = ApiToken.objects.filter(name=SUBMITTER_TOKEN)
    assert tokens.count() == SMALL.report_submitters
    keys = submitter_keys()
    assert len(keys) == len(set(keys)) == SMALL.report_submitters
    assert set(tokens.values_list("key_hash", flat=True)) == {ApiToken.hash(k) for k in keys}
    members = submitter_ids()
    assert not ExperienceReport.objects.filter(
        release=newest_release(), member_id__in=members
    ).exists()


def test_targets_name_the_newest_closed_build_and_a_valid_report_for_the_newest():
    targets = release_targets()
    newest = newest_release()
    assert targets["report_release"] == newest.pk
    summary = Release.objects.get(pk=targets["summary_release"])
    assert summary.reports_close_at <= END
    assert FeatureAward.objects.filter(release=summary).exists()
    body = targets["report_body"]
    entries = set(newest.entries.values_list("pk", flat=True))
    assert set(body["liked"]) | set(body["disliked"]) <= entries
    assert not set(body["liked"]) & set(body["disliked"])
    assert 1 <= body["score"] <= 5


def test_the_newest_window_is_kept_open_whatever_the_day_of_the_run():
    newest = newest_release()
    with time_machine.travel(END, tick=False):
        assert not refresh_report_window()  # at END it is open for days
    later = END + timedelta(days=40)
    with time_machine.travel(later, tick=False):
        assert refresh_report_window()
        newest.refresh_from_db()
        assert newest.reports_close_at > timezone.now() + timedelta(days=1)
        assert not refresh_report_window()


def test_runs_reports_are_removed_and_the_tallies_recounted():
    newest = newest_release()
    member = submitter_ids()[0]
    entry = newest.entries.order_by("position").first()
    before = report_tallies(newest.pk, [member])
    report = ExperienceReport.objects.create(release=newest, member_id=member, score=5)
    ReportPick.objects.create(report=report, entry=entry, liked=True)
    ReportProblem.objects.create(report=report, text="Bluetooth 断开")
    Activity.objects.create(actor_id=member, verb="report.filed")
    Release.objects.filter(pk=newest.pk).update(
        report_count=F("report_count") + 1, score_total=F("score_total") + 5
    )
    ChangelogEntry.objects.filter(pk=entry.pk).update(liked_count=F("liked_count") + 1)
    tallies = report_tallies(newest.pk, [member])
    assert tallies["misreported"] == 2  # score_5 and problem_count not moved
    assert tallies["member_writes"] == before["member_writes"] + 1
    assert remove_report_writes() >= 2
    assert report_tallies(newest.pk, [member]) == before


def test_recount_release_fixes_drifted_tallies():
    release = Release.objects.order_by("published_at").first()
    Release.objects.filter(pk=release.pk).update(report_count=0, problem_count=0)
    ChangelogEntry.objects.filter(release=release).update(liked_count=0)
    assert report_tallies(release.pk, [])["miscounted_entries"] > 0
    recount_release(release.pk)
    tallies = report_tallies(release.pk, [])
    assert tallies["misreported"] == tallies["miscounted_entries"] == 0
