"""Reads shared by the ideas pages, the API, the notifications and the tasks.
Each returns with a fixed number of queries, whatever the page size.

An idea is as visible as its discussion's opening post: when moderators hide
it (or flags do), the idea leaves the lists, and only its author and the
board's moderators still open it.
"""

from dataclasses import dataclass
from datetime import timedelta
from functools import reduce
from operator import or_
from typing import Any

import jieba
from django.db.models import (
    Case,
    Count,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    prefetch_related_objects,
)
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cocreate.forum.models import Product
from cocreate.forum.queries import MEMBER_FIELDS
from cocreate.moderation.permissions import can_moderate_board

from .enums import LISTED, ROADMAP, IdeaSort, IdeaStatus
from .models import Idea, ProductIdeaSettings, StatusChange, Support, Tag

TRENDING_DAYS = 7
# Words of the similar-ideas text matched at most, the longest first.
SIMILAR_TOKENS = 8
ORDERINGS = {
    IdeaSort.HOT: ("-hot_score", "-id"),
    IdeaSort.TOP: ("-support_count", "-id"),
    IdeaSort.NEW: ("-created_at", "-id"),
    IdeaSort.TRENDING: ("-week_supports", "-support_count", "-id"),
}
LIVE = Q(thread__deleted_at__isnull=True)
SHOWN = LIVE & Q(thread__hidden_at__isnull=True)
LIST_FIELDS = (
    "product__slug",
    "product__name",
    "product__name_zh",
    "title",
    "status",
    "support_count",
    "created_at",
    "status_changed_at",
    "response",
    "duplicate_of_id",
    "thread_id",
    "thread__reply_count",
    "thread__hidden_at",
    *(f"author__{field}" for field in MEMBER_FIELDS),
)
# What the API shows of each idea in a list, beyond what pages show.
FULL_FIELDS = (*LIST_FIELDS, "description", "description_html", "updated_at", "response_html")


def active_products() -> QuerySet[Product]:
    return Product.objects.filter(is_active=True)


def tags() -> QuerySet[Tag]:
    return Tag.objects.all()


def ideas_visible_to(user: Any) -> QuerySet[Idea]:
    """Ideas anyone may list: their discussion is neither deleted nor hidden."""
    return Idea.objects.filter(SHOWN, product__is_active=True)


def idea_list(
    user: Any,
    *,
    sort: str = IdeaSort.HOT,
    product: Product | None = None,
    status: str | None = None,
    tag: Tag | None = None,
    mine: bool = False,
    supported: bool = False,
) -> QuerySet[Idea]:
    """One page's worth of ideas in the order of `sort`, filtered; `mine`
    and `supported` narrow to the member's own ideas or those they support.
    Without a `status`, duplicates and archived ideas are left out."""
    ideas = Idea.objects.filter(LIVE, author=user) if mine else ideas_visible_to(user)
    if sort == IdeaSort.TRENDING:
        since = timezone.now() - timedelta(days=TRENDING_DAYS)
        # Filtering the join before counting counts only this week's supports.
        ideas = ideas.filter(supports__created_at__gte=since).annotate(
            week_supports=Count("supports")
        )
    if supported:
        ideas = ideas.filter(pk__in=Support.objects.filter(member=user).values("idea_id"))
    if product is not None:
        ideas = ideas.filter(product=product)
    ideas = ideas.filter(status=status) if status else ideas.filter(status__in=LISTED)
    if tag is not None:
        ideas = ideas.filter(tags=tag)
    return (
        ideas.select_related("product", "author", "thread")
        .only(*LIST_FIELDS)
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("position", "name")))
        .order_by(*ORDERINGS[IdeaSort(sort)])
    )


def get_idea_for(user: Any, idea_id: int) -> Idea:
    """An idea whose discussion lives, with its product (and settings), author
    and thread; 404 otherwise, and for a hidden one unless the user wrote it
    or moderates its board."""
    idea = get_object_or_404(
        Idea.objects.select_related(
            "product__idea_settings", "author", "thread__board", "duplicate_of"
        ).filter(LIVE),
        pk=idea_id,
    )
    if idea.thread.hidden_at and not (
        idea.author_id == getattr(user, "pk", None)
        or can_moderate_board(user, idea.thread.board_id)
    ):
        raise Http404
    return idea


def supported_idea_ids(user: Any, ideas: list[Idea]) -> set[int]:
    """Which of `ideas` the member supports (one query, none for visitors)."""
    if not getattr(user, "is_authenticated", False) or not ideas:
        return set()
    return set(
        Support.objects.filter(member=user, idea__in=[idea.pk for idea in ideas]).values_list(
            "idea_id", flat=True
        )
    )


def supports(user: Any, idea: Idea) -> bool:
    return bool(supported_idea_ids(user, [idea]))


def timeline(idea: Idea) -> QuerySet[StatusChange]:
    """The idea's status changes, oldest first, with who made them."""
    return idea.status_changes.select_related("actor", "duplicate_of").order_by("created_at", "id")


def duplicates_of(idea: Idea) -> QuerySet[Idea]:
    """The live ideas merged into this one."""
    return idea.duplicates.filter(LIVE).only("title", "created_at").order_by("-created_at")


def supporter_ids(idea_id: int) -> QuerySet:
    return Support.objects.filter(idea_id=idea_id).values_list("member_id", flat=True)


def similar_ideas(user: Any, *, text: str, product: Product | None = None, limit: int = 5) -> list:
    """Ideas whose title shares words with `text` (segmented with jieba, so
    Chinese titles match by word), the most words matched first, then the
    most supported. One query; none when the text has no usable word."""
    words = _words(text)
    if not words:
        return []
    matches = [Q(title__icontains=word) for word in words]
    ideas = (
        ideas_visible_to(user)
        .filter(reduce(or_, matches))
        .exclude(status__in=[IdeaStatus.DUPLICATE, IdeaStatus.ARCHIVED])
    )
    if product is not None:
        ideas = ideas.filter(product=product)
    score = sum(
        (
            Case(When(match, then=Value(1)), default=Value(0), output_field=IntegerField())
            for match in matches
        ),
        Value(0),
    )
    return list(
        ideas.annotate(matched=score)
        .select_related("product")
        .only(
            "title", "status", "support_count", "product__slug", "product__name", "product__name_zh"
        )
        .order_by("-matched", "-support_count", "-id")[:limit]
    )


def _words(text: str) -> list[str]:
    """The distinct words of `text` worth matching: two characters or more
    (a lone Chinese character or letter matches too much), longest first."""
    words = {
        word.strip().lower()
        for word in jieba.cut_for_search((text or "")[:200])
        if len(word.strip()) >= 2 and any(character.isalnum() for character in word)
    }
    return sorted(words, key=lambda word: (-len(word), word))[:SIMILAR_TOKENS]


def unreached_ideas(settings: ProductIdeaSettings) -> QuerySet[Idea]:
    """New ideas of the product whose time to reach the threshold is over."""
    deadline = timezone.now() - timedelta(days=settings.threshold_days)
    return Idea.objects.filter(
        product_id=settings.product_id,
        status=IdeaStatus.NEW,
        created_at__lt=deadline,
        support_count__lt=settings.threshold_supports,
    )


def archiving_settings() -> QuerySet[ProductIdeaSettings]:
    """Products whose unreached ideas are archived."""
    return ProductIdeaSettings.objects.filter(
        archive_unreached=True, threshold_supports__gt=0, threshold_days__gt=0
    ).select_related("product")


# The roadmap --------------------------------------------------------------------------

# Cards shown in each column; the rest are behind the column's "more" link.
ROADMAP_CARDS = 8
# How long a shipped idea stays in the "recently shipped" column.
SHIPPED_DAYS = 90
ROADMAP_FIELDS = (
    "product__slug",
    "product__name",
    "product__name_zh",
    "title",
    "status",
    "support_count",
    "status_changed_at",
    "response_html",
)
# Planned and in-progress ideas by demand; shipped ones newest first.
ROADMAP_ORDER = {
    IdeaStatus.PLANNED: ("-support_count", "-id"),
    IdeaStatus.IN_PROGRESS: ("-support_count", "-id"),
    IdeaStatus.SHIPPED: ("-status_changed_at", "-id"),
}


@dataclass(frozen=True)
class RoadmapColumn:
    status: IdeaStatus
    ideas: list[Idea]
    count: int

    @property
    def more(self) -> int:
        """How many ideas of the column are not shown."""
        return max(0, self.count - len(self.ideas))


def roadmap(product: Product | None = None, *, limit: int = ROADMAP_CARDS) -> list[RoadmapColumn]:
    """The planned, in-progress and recently shipped ideas of a product (or of
    every active product), at most `limit` a column, with each column's full
    count. Five queries whatever the sizes: the counts, a page per column, the
    tags of all cards."""
    ideas = ideas_visible_to(None)
    if product is not None:
        ideas = ideas.filter(product=product)
    shipped_since = timezone.now() - timedelta(days=SHIPPED_DAYS)
    in_column = {
        IdeaStatus.PLANNED: Q(status=IdeaStatus.PLANNED),
        IdeaStatus.IN_PROGRESS: Q(status=IdeaStatus.IN_PROGRESS),
        IdeaStatus.SHIPPED: Q(status=IdeaStatus.SHIPPED, status_changed_at__gte=shipped_since),
    }
    counts = ideas.filter(status__in=ROADMAP).aggregate(
        **{status.value: Count("pk", filter=in_column[status]) for status in ROADMAP}
    )
    cards = {
        status: list(
            ideas.filter(in_column[status])
            .select_related("product")
            .only(*ROADMAP_FIELDS)
            .order_by(*ROADMAP_ORDER[status])[:limit]
        )
        for status in ROADMAP
    }
    prefetch_related_objects(
        [idea for column in cards.values() for idea in column],
        Prefetch("tags", queryset=Tag.objects.order_by("position", "name")),
    )
    return [
        RoadmapColumn(status=status, ideas=cards[status], count=counts[status.value])
        for status in ROADMAP
    ]
