"""Reads of four-grid reports: a member's own report, a release's summary
(ranked entries, scores, trend, problem terms, feature of the week), every
report for the product team, and the releases due their award. No writes.

The summary reads the tallies kept on `Release` and `ChangelogEntry` by the
report actions, so it costs the same few queries for ten reports or ten
thousand; only the problem terms read the problems' text (and are cached
with the rest of the summary, see views.reports).
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from ..enums import ReleaseStatus
from ..models import (
    ChangelogEntry,
    ExperienceReport,
    FeatureAward,
    Release,
    ReportPick,
    ReportProblem,
)
from ..terms import top_terms

# The page-cache stamps of what a summary shows: the release (its changelog,
# published by the releases actions) and the reports on it.
REPORTS_CONTENT = "reports"
SUMMARY_CONTENT = ("releases", REPORTS_CONTENT)
TREND_RELEASES = 8
REPORTS_PER_PAGE = 20


def report_of(member: Any, release: Release) -> ExperienceReport | None:
    """The member's report on the release, with its picks and problems."""
    if not getattr(member, "is_authenticated", False):
        return None
    return (
        ExperienceReport.objects.filter(release=release, member=member)
        .select_related("want_next_idea")
        .prefetch_related(
            Prefetch("picks", queryset=ReportPick.objects.select_related("entry")),
            Prefetch("problems", queryset=ReportProblem.objects.order_by("position", "pk")),
        )
        .first()
    )


def entries_of(release: Release) -> list[ChangelogEntry]:
    """The release's changelog in its order, with the teams."""
    return list(release.entries.select_related("team").order_by("position", "pk"))


# The summary ------------------------------------------------------------------------


@dataclass(frozen=True)
class RankedEntry:
    entry: ChangelogEntry
    rank: int
    liked: int
    disliked: int
    net: int
    liked_percent: float
    disliked_percent: float


@dataclass(frozen=True)
class ScoreBar:
    score: int
    count: int
    percent: float


@dataclass(frozen=True)
class TrendPoint:
    release_id: int
    version: str
    average: float | None
    response_rate: float | None
    report_count: int
    current: bool


@dataclass(frozen=True)
class Feature:
    """The feature of the week: the award, or while the window is open the
    entry leading for now (`provisional`)."""

    entry: ChangelogEntry
    net: int
    liked: int
    provisional: bool


@dataclass(frozen=True)
class Summary:
    release: Release
    entries: list[RankedEntry]
    scores: list[ScoreBar]
    average: float | None
    response_rate: float | None
    trend: list[TrendPoint]
    terms: list[tuple[str, int]]
    feature: Feature | None

    @property
    def report_count(self) -> int:
        return self.release.report_count


def _percent(part: int, whole: int) -> float:
    return round(part * 100 / whole, 1) if whole else 0.0


def response_rate(release: Release) -> float | None:
    """Reports per member expected to report, as a percentage (None without
    an audience)."""
    if not release.audience_count:
        return None
    return round(release.report_count * 100 / release.audience_count, 1)


def ranked_entries(release: Release, entries: list[ChangelogEntry]) -> list[RankedEntry]:
    """Entries by net liking (most minus least), ties to the more liked, then
    the changelog's order: the order the feature of the week is chosen in."""
    ordered = sorted(
        entries, key=lambda e: (-(e.liked_count - e.disliked_count), -e.liked_count, e.position)
    )
    reports = release.report_count
    return [
        RankedEntry(
            entry=entry,
            rank=rank,
            liked=entry.liked_count,
            disliked=entry.disliked_count,
            net=entry.net_liking,
            liked_percent=_percent(entry.liked_count, reports),
            disliked_percent=_percent(entry.disliked_count, reports),
        )
        for rank, entry in enumerate(ordered, start=1)
    ]


def trend_of(release: Release) -> list[TrendPoint]:
    """The release and the published ones of its product and channel before
    it, the last TREND_RELEASES, oldest first (one query)."""
    published = Release.objects.filter(
        product_id=release.product_id,
        channel=release.channel,
        status=ReleaseStatus.PUBLISHED,
    )
    if release.published_at is not None:
        published = published.filter(published_at__lte=release.published_at)
    recent = list(
        published.exclude(pk=release.pk).order_by("-published_at", "-pk")[: TREND_RELEASES - 1]
    )
    points = [*reversed(recent), release]
    return [
        TrendPoint(
            release_id=point.pk,
            version=point.version,
            average=point.average_score,
            response_rate=response_rate(point),
            report_count=point.report_count,
            current=point.pk == release.pk,
        )
        for point in points
    ]


def problem_terms(release: Release) -> list[tuple[str, int]]:
    texts = ReportProblem.objects.filter(report__release=release).values_list("text", flat=True)
    return top_terms(texts.iterator(chunk_size=2000))


def leader(ranked: list[RankedEntry]) -> RankedEntry | None:
    """The entry the feature of the week goes to: the first of the ranking
    that someone liked most."""
    return next((item for item in ranked if item.liked), None)


def feature_of(release: Release, ranked: list[RankedEntry]) -> Feature | None:
    award = (
        FeatureAward.objects.filter(release=release).select_related("entry__team").first()
        if release.reports_close_at and release.reports_close_at <= timezone.now()
        else None
    )
    if award is not None:
        return Feature(
            entry=award.entry,
            net=award.net_liking,
            liked=award.entry.liked_count,
            provisional=False,
        )
    first = leader(ranked)
    if first is None:
        return None
    return Feature(entry=first.entry, net=first.net, liked=first.liked, provisional=True)


def summary_of(release: Release) -> Summary:
    """Everything the public summary shows (five queries)."""
    ranked = ranked_entries(release, entries_of(release))
    reports = release.report_count
    return Summary(
        release=release,
        entries=ranked,
        scores=[
            ScoreBar(score=score, count=count, percent=_percent(count, reports))
            for score, count in zip(range(5, 0, -1), reversed(release.score_counts), strict=True)
        ],
        average=release.average_score,
        response_rate=response_rate(release),
        trend=trend_of(release),
        terms=problem_terms(release),
        feature=feature_of(release, ranked),
    )


# Every report, for the product team -----------------------------------------------------


def reports_of(release: Release) -> QuerySet[ExperienceReport]:
    """The release's reports, newest first, with their members, picked
    entries, problems and linked ideas (a fixed number of queries a page)."""
    return (
        ExperienceReport.objects.filter(release=release)
        .select_related("member", "want_next_idea")
        .prefetch_related(
            Prefetch(
                "picks",
                queryset=ReportPick.objects.select_related("entry").order_by("entry__position"),
            ),
            Prefetch("problems", queryset=ReportProblem.objects.order_by("position", "pk")),
        )
        .order_by("-created_at", "-pk")
    )


# The award task ---------------------------------------------------------------------


def releases_due_award() -> QuerySet[Release]:
    """Published releases whose window has closed and that have no award yet."""
    return Release.objects.filter(
        status=ReleaseStatus.PUBLISHED,
        reports_close_at__lte=timezone.now(),
        award__isnull=True,
    ).order_by("reports_close_at", "pk")
