"""Reads shared by the moderation pages and the API, each with a fixed
number of queries whatever the page size."""

from datetime import timedelta
from statistics import median
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cocreate.forum.models import Board, Post
from cocreate.forum.queries import MEMBER_FIELDS

from .enums import ReviewStatus
from .models import Flag, Guidelines, LogEntry, ModeratorAssignment, Review
from .permissions import moderated_board_ids

STATS_DAYS = 30


def review_queue_for(user: Any, *, board: Board | None = None) -> QuerySet[Review]:
    """Pending reviews the user may see, heaviest first: every board for staff
    and seniors, their own boards for board moderators. Posts, authors,
    threads and flags come joined (two queries); staff also get who flagged."""
    reviews = Review.objects.filter(status=ReviewStatus.PENDING)
    boards = moderated_board_ids(user)
    if boards and not user.is_staff:
        reviews = reviews.filter(board__in=boards)
    if board is not None:
        reviews = reviews.filter(board=board)
    return (
        reviews.select_related("board", "post__thread", "post__author")
        .prefetch_related(_flags_for(user))
        .order_by("-weight", "created_at", "pk")
    )


def reviews_of(user: Any, post: Post) -> QuerySet[Review]:
    """Every review of one post, newest first, with its flags (two queries)."""
    return (
        Review.objects.filter(post=post)
        .select_related("resolved_by", "board", "post__thread", "post__author")
        .prefetch_related(_flags_for(user))
        .order_by("-created_at", "-pk")
    )


def _flags_for(user: Any) -> Prefetch:
    """A review's flags, oldest first; with their reporters for staff only."""
    flags = Flag.objects.order_by("created_at")
    if getattr(user, "is_staff", False):
        flags = flags.select_related("reporter")
    return Prefetch("flags", queryset=flags)


def get_review(user: Any, review_id: int) -> Review:
    return get_object_or_404(
        Review.objects.select_related(
            "board", "post__thread__board", "post__author"
        ).prefetch_related(_flags_for(user)),
        pk=review_id,
    )


def log_entries(*, board: Board | None = None) -> QuerySet[LogEntry]:
    """The public moderation log, newest first (one query a page)."""
    entries = LogEntry.objects.all()
    if board is not None:
        entries = entries.filter(board=board)
    return entries.select_related("actor", "member", "board", "thread").only(
        "action",
        "reason",
        "data",
        "created_at",
        "board__slug",
        "board__name",
        "board__name_zh",
        "thread__title",
        "thread__deleted_at",
        "thread__hidden_at",
        "post_id",
        *[f"actor__{field}" for field in MEMBER_FIELDS],
        *[f"member__{field}" for field in MEMBER_FIELDS],
    )


def log_about(member: Any) -> QuerySet[LogEntry]:
    """Warnings, suspensions and other actions concerning one member."""
    return log_entries().filter(member=member)


def moderation_stats(*, days: int = STATS_DAYS) -> dict[str, Any]:
    """Flags handled in the last `days` days, how they ended and how long
    they waited (three queries)."""
    since = timezone.now() - timedelta(days=days)
    resolved = Review.objects.filter(resolved_at__gte=since)
    outcomes = dict(resolved.values_list("status").annotate(n=Count("pk")).order_by())
    flags = resolved.aggregate(flags=Sum("flag_count"))["flags"] or 0
    waits = [
        (done - flagged).total_seconds()
        for flagged, done in resolved.values_list("created_at", "resolved_at")
        if done is not None
    ]
    return {
        "days": days,
        "reviews": len(waits),
        "flags": flags,
        "agreed": outcomes.get(ReviewStatus.AGREED, 0),
        "disagreed": outcomes.get(ReviewStatus.DISAGREED, 0),
        "pending": Review.objects.filter(status=ReviewStatus.PENDING).count(),
        "median_wait": timedelta(seconds=median(waits)) if waits else None,
    }


def current_guidelines() -> Guidelines | None:
    return Guidelines.objects.order_by("-version").first()


def guidelines_history() -> QuerySet[Guidelines]:
    return Guidelines.objects.select_related("published_by").order_by("-version")


def get_guidelines(version: int) -> Guidelines:
    return get_object_or_404(Guidelines, version=version)


def assignments() -> QuerySet[ModeratorAssignment]:
    """Every board moderator with their board (one query)."""
    return ModeratorAssignment.objects.select_related("board", "member").order_by(
        "board__position", "board__name", "member__username"
    )


def moderators_of(board: Board) -> QuerySet:
    return get_user_model().objects.filter(moderated_boards__board=board).order_by("username")
