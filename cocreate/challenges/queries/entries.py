"""Reads of entries shared by the pages and the API: one entry for a
member, a gallery page in any of its orders, flagged scores for review.

The random order is stable per member and challenge: entries are ordered
by ((id · m + seed) mod 1000003), where the multiplier m (1 … 1000002) comes
from a seed derived from the member and the challenge: modulo a prime, each
m gives its own permutation of the entries (not a rotation of one order), so nobody's first page is
always the same entries and nobody sees a reshuffle while scrolling.
Visitors share one order per challenge and day: it needs no session, and
their pages can be cached.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import BigIntegerField, QuerySet
from django.db.models.functions import Cast, Mod
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ..enums import ChallengeStatus, EntryStatus
from ..models import Challenge, Entry, Score
from ..permissions.visibility import can_see_challenge, is_staff, visible_entries

SORTS = ("new", "score", "random")
PAGE_SIZE = 24
# The cache stamp of visitors' gallery pages, bumped by every entry action.
GALLERY_CONTENT = "challenge-entries"
RANDOM_PRIME = 1000003


def get_challenge_for(user: Any, slug: str) -> Challenge:
    challenge = get_object_or_404(Challenge.objects.select_related("product"), slug=slug)
    if not can_see_challenge(user, challenge):
        raise Http404
    return challenge


def get_entry_for(user: Any, pk: int) -> Entry:
    """The entry, if `user` may see it; else 404."""
    entry = get_object_or_404(Entry.objects.select_related("challenge__product", "author"), pk=pk)
    if not visible_entries(user, entry.challenge).filter(pk=pk).exists():
        raise Http404
    return entry


def scores_shown(user: Any, challenge: Challenge, now: datetime | None = None) -> bool:
    """Scores are hidden while entries come in and while scoring runs, if
    the challenge says so (to prevent herding); staff always see them."""
    if is_staff(user) or not challenge.hide_scores_until_closed:
        return True
    return challenge.current_status(now) not in (ChallengeStatus.OPEN, ChallengeStatus.SCORING)


def random_seed(user: Any, challenge: Challenge) -> int:
    """The member's seed for the challenge; a visitor's changes every day."""
    if getattr(user, "is_authenticated", False):
        who = f"member {user.pk}"
    else:
        who = f"visitors {timezone.localdate().isoformat()}"
    digest = hashlib.sha256(f"{who}:{challenge.pk}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % RANDOM_PRIME


def clean_sort(raw: str, user: Any, challenge: Challenge) -> str:
    """An unknown sort is the newest first; by score only where scores show."""
    if raw == "score" and not scores_shown(user, challenge):
        return "new"
    return raw if raw in SORTS else "new"


def gallery_entries(user: Any, challenge: Challenge, *, sort: str, seed: int) -> QuerySet[Entry]:
    entries = (
        visible_entries(user, challenge)
        .filter(status=EntryStatus.SUBMITTED)
        .select_related("author")
        .only(
            "id",
            "title",
            "thumbnail",
            "status",
            "challenge_id",
            "community_score",
            "score_count",
            "created_at",
            "author__id",
            "author__username",
            "author__display_name",
            "author__deleted_at",
        )
    )
    if sort == "score":
        return entries.order_by("-community_score", "-id")
    if sort == "random":
        multiplier = 1 + seed % (RANDOM_PRIME - 1)
        position = Mod(Cast("id", BigIntegerField()) * multiplier + seed, RANDOM_PRIME)
        return entries.annotate(shuffle=position).order_by("shuffle", "id")
    return entries.order_by("-created_at", "-id")


@dataclass(frozen=True)
class GalleryPage:
    entries: list[Entry]
    number: int
    has_next: bool


def gallery_page(entries: QuerySet[Entry], number: int) -> GalleryPage:
    """One page without counting the whole gallery: a row more tells if
    there is a next page."""
    start = (number - 1) * PAGE_SIZE
    rows = list(entries[start : start + PAGE_SIZE + 1])
    return GalleryPage(rows[:PAGE_SIZE], number, len(rows) > PAGE_SIZE)


def my_scores(user: Any, entries: list[Entry]) -> dict[int, int]:
    if not getattr(user, "is_authenticated", False) or not entries:
        return {}
    rows = Score.objects.filter(member=user, entry_id__in=[e.pk for e in entries], is_void=False)
    return dict(rows.values_list("entry_id", "value"))


def flagged_scores(challenge: Challenge) -> QuerySet[Score]:
    """Flagged scores still counted, grouped by network then member."""
    return (
        Score.objects.filter(challenge=challenge, is_void=False)
        .exclude(flag="")
        .select_related("member", "entry")
        .order_by("network", "member_id", "-created_at")
    )
