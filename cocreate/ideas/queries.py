"""Reads shared by the ideas pages, the API, the notifications and the tasks.
Each returns with a fixed number of queries, whatever the page size.

An idea is as visible as its discussion's opening post: when moderators hide
it (or flags do), the idea leaves the lists, and only its author and the
board's moderators still open it.
"""

import time
from collections.abc import Collection
from dataclasses import dataclass
from datetime import timedelta
from hashlib import md5
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import (
    Count,
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.betas.enums import MembershipStatus
from cocreate.betas.models import BetaMembership, BetaProgram
from cocreate.core import fragments
from cocreate.core.queries import plain_rows
from cocreate.forum.models import Product
from cocreate.forum.queries import MEMBER_FIELDS
from cocreate.moderation.permissions import can_moderate_board
from cocreate.reputation.enums import Tier
from cocreate.reputation.models import MemberStats
from cocreate.search.queries import search

from .enums import LISTED, ROADMAP, IdeaSort, IdeaStatus
from .models import Idea, ProductIdeaSettings, StatusChange, Support, Tag

TRENDING_DAYS = 7
# Ideas' kind of document in the search index (cocreate.ideas.search).
SEARCH_KIND = "idea"
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

# The page-cache stamps of what idea lists show: rows show comment counts, and
# hiding an idea's discussion hides the idea.
IDEAS_CONTENT = ("ideas", "forum")


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


# What an idea's pages show with it.
IDEA_RELATED = ("product__idea_settings", "author", "thread__board", "duplicate_of")
# What supporting needs: the thread (is it shown?) and the product's settings
# (the threshold), not the long texts.
SUPPORT_RELATED = ("product__idea_settings", "thread")
LONG_TEXTS = ("description", "description_html", "response", "response_html")


def get_idea_for(
    user: Any, idea_id: int, *, to_support: bool = False, stamp: str | None = None
) -> Idea:
    """An idea whose discussion lives, with its product (and settings), author
    and thread — or only what supporting needs; 404 otherwise, and for a
    hidden one unless the user wrote it or moderates its board. With the
    ideas' `stamp` (`IDEAS_CONTENT`), the idea's page takes the row from the
    cache while nothing of the ideas or the forum changed."""

    def fetch() -> Idea:
        ideas = Idea.objects.filter(LIVE)
        if to_support:
            ideas = ideas.select_related(*SUPPORT_RELATED).defer(*LONG_TEXTS)
        else:
            ideas = ideas.select_related(*IDEA_RELATED)
        return get_object_or_404(ideas, pk=idea_id)

    idea = fetch() if stamp is None else fragments.cached(("idea", idea_id), stamp, fetch)
    if idea.thread.hidden_at and not (
        idea.author_id == getattr(user, "pk", None)
        or can_moderate_board(user, idea.thread.board_id)
    ):
        raise Http404
    return idea


def supported_idea_ids(user: Any, idea_ids: Collection[int]) -> set[int]:
    """Which of the ideas `idea_ids` the member supports (one query, none for
    visitors)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return {pk for (pk,) in plain_rows(Support, ["idea"], ("idea", idea_ids), member=user.pk)}


def refresh_tally(idea: Idea) -> None:
    """Read the idea's support count and status again, after a support (one
    lookup in plain SQL)."""
    ((idea.support_count, idea.status),) = plain_rows(Idea, ["support_count", "status"], id=idea.pk)


def timeline(idea: Idea) -> QuerySet[StatusChange]:
    """The idea's status changes, oldest first, with who made them."""
    return idea.status_changes.select_related("actor", "duplicate_of").order_by("created_at", "id")


def duplicates_of(idea: Idea) -> QuerySet[Idea]:
    """The live ideas merged into this one."""
    return idea.duplicates.filter(LIVE).only("title", "created_at").order_by("-created_at")


def supporter_ids(idea_id: int) -> QuerySet:
    return Support.objects.filter(idea_id=idea_id).values_list("member_id", flat=True)


def similar_ideas(user: Any, *, text: str, product: Product | None = None, limit: int = 5) -> list:
    """Ideas sharing words with `text` (Chinese and English alike; the last
    word may be half typed), those sharing the most first, leaving out
    duplicates and archived ideas. None when the text has no word to search
    for."""
    try:
        results = search(
            text,
            kind=SEARCH_KIND,
            product_id=product.pk if product else None,
            per_page=20,
            any_word=True,
        )
    except ValidationError:
        return []
    retired = {IdeaStatus.DUPLICATE, IdeaStatus.ARCHIVED}
    ids = [hit.object_id for hit in results.hits if hit.document.status not in retired][:limit]
    ideas = (
        ideas_visible_to(user)
        .select_related("product")
        .only(
            "title", "status", "support_count", "product__slug", "product__name", "product__name_zh"
        )
        .in_bulk(ids)
    )
    return [ideas[pk] for pk in ids if pk in ideas]


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


# Demand: who supports what (the product team's view) -----------------------------------

# Level bands: (lowest, highest) level, None for no upper bound.
LEVEL_BANDS: tuple[tuple[int, int | None], ...] = ((1, 2), (3, 4), (5, 6), (7, None))
TOP_CITIES = 10
RANKED_IDEAS = 50
# Demand figures may be this old: each report is computed once a period.
DEMAND_SECONDS = 60
OTHER_CITIES = "other"
NO_CITY = ""
NO_BETA = "none"


@dataclass(frozen=True)
class Slice:
    """One group of supports: `key` is stable (a tier value, "1-2", a city),
    `label` is for people."""

    key: str
    label: str
    count: int
    total: int

    @property
    def share(self) -> float:
        return self.count / self.total if self.total else 0.0

    @property
    def percent(self) -> float:
        return round(self.share * 100, 1)


@dataclass(frozen=True)
class Demand:
    supports: int
    tiers: list[Slice]
    levels: list[Slice]
    cities: list[Slice]
    # Each beta program with supporters among its active testers (a tester in
    # two programs counts in both), then the supporters in none.
    betas: list[Slice]


def demand_ideas(
    *, product: Product | None = None, status: str | None = None, tag: Tag | None = None
) -> QuerySet[Idea]:
    """The ideas an ideas list with these filters shows (in any order)."""
    ideas = ideas_visible_to(None)
    if product is not None:
        ideas = ideas.filter(product=product)
    ideas = ideas.filter(status=status) if status else ideas.filter(status__in=LISTED)
    if tag is not None:
        ideas = ideas.filter(tags=tag)
    return ideas


def demand_for(ideas: QuerySet[Idea] | Idea) -> Demand:
    """The supports of one idea, or of a set of ideas, broken down by the
    supporters' tier, level band, city (the TOP_CITIES most frequent, the
    rest as "other", no city as "") and beta programs. One query, whatever the
    number of supports (see DEMAND_SQL), at most once per DEMAND_SECONDS, and
    one for the names of the programs when testers support them."""
    scope, params = _support_scope(ideas)
    sql = DEMAND_SQL.format(
        support=_table(Support),
        user=_table(get_user_model()),
        stats=_table(MemberStats),
        membership=_table(BetaMembership),
        scope=scope,
        band=_BAND_SQL,
    )
    active = MembershipStatus.ACTIVE.value
    rows = _report(sql, [*params, Tier.MEMBER.value, TOP_CITIES, active, active])
    groups = [row[1:] for row in rows if row[0] == "group"]
    top = [(row[1], int(row[4])) for row in rows if row[0] == "city"]
    programs = [(row[1], int(row[4])) for row in rows if row[0] == "beta" and row[1]]
    untested = sum(int(row[4]) for row in rows if row[0] == "beta" and not row[1])
    total = sum(int(count) for *_key, count in groups)
    by_tier: dict[str, int] = {}
    by_band: dict[int, int] = {}
    without_city = 0
    for tier, band, has_city, count in groups:
        by_tier[tier] = by_tier.get(tier, 0) + int(count)
        by_band[band] = by_band.get(band, 0) + int(count)
        without_city += 0 if has_city else int(count)
    cities = [Slice(city, city, count, total) for city, count in sorted(top, key=_by_count)]
    other = total - without_city - sum(count for _city, count in top)
    if other:
        cities.append(Slice(OTHER_CITIES, _("Other cities"), other, total))
    if without_city:
        cities.append(Slice(NO_CITY, _("No city given"), without_city, total))
    return Demand(
        supports=total,
        tiers=[
            Slice(tier.value, str(tier.label), by_tier.get(tier.value, 0), total)
            for tier in reversed(Tier)
        ],
        levels=[
            Slice(_band_key(band), _band_label(band), by_band.get(index, 0), total)
            for index, band in enumerate(LEVEL_BANDS)
        ],
        cities=cities,
        betas=_beta_slices(programs, untested, total),
    )


def _beta_slices(programs: list[tuple[str, int]], untested: int, total: int) -> list[Slice]:
    names = BetaProgram.objects.in_bulk([int(pk) for pk, _count in programs]) if programs else {}
    slices = [
        Slice(names[int(pk)].slug, names[int(pk)].display_name, count, total)
        for pk, count in sorted(programs, key=_by_count)
        if int(pk) in names
    ]
    if untested:
        slices.append(Slice(NO_BETA, _("In no beta program"), untested, total))
    return slices


# The supports of the scope are counted per member first (one pass over the
# supports, using the (idea, member) unique index), so the members' tier,
# level and city are looked up once per supporter rather than once per
# support; both breakdowns then read that per-member table, which the CTE
# computes once. Rows: ("group", tier, band, has city, supports) for every
# combination, ("city", city, 0, 1, supports) for the top cities, ("beta",
# program id, 0, 1, supports) for each program whose active testers support
# the scope, and ("beta", "", 0, 1, supports) for the supporters in none.
DEMAND_SQL = """
WITH per_member AS (
    SELECT member_id, COUNT(*) AS supports FROM {support} WHERE {scope} GROUP BY member_id
), supporters AS (
    SELECT COALESCE(ms.tier, %s) AS tier, {band} AS band, u.city AS city, pm.supports AS supports
    FROM per_member pm
    INNER JOIN {user} u ON u.id = pm.member_id
    LEFT OUTER JOIN {stats} ms ON ms.member_id = pm.member_id
)
SELECT 'group', tier, band, CASE WHEN city = '' THEN 0 ELSE 1 END, CAST(SUM(supports) AS BIGINT)
FROM supporters
GROUP BY tier, band, CASE WHEN city = '' THEN 0 ELSE 1 END
UNION ALL
SELECT * FROM (
    SELECT 'city', city, 0, 1, CAST(SUM(supports) AS BIGINT) FROM supporters
    WHERE city <> '' GROUP BY city ORDER BY 5 DESC, 2 LIMIT %s
) top_cities
UNION ALL
SELECT 'beta', CAST(bm.program_id AS TEXT), 0, 1, CAST(SUM(pm.supports) AS BIGINT)
FROM per_member pm INNER JOIN {membership} bm ON bm.member_id = pm.member_id AND bm.status = %s
GROUP BY bm.program_id
UNION ALL
SELECT 'beta', '', 0, 1, CAST(COALESCE(SUM(pm.supports), 0) AS BIGINT) FROM per_member pm
WHERE NOT EXISTS (
    SELECT 1 FROM {membership} bm WHERE bm.member_id = pm.member_id AND bm.status = %s
)
"""
# The index in LEVEL_BANDS of the supporter's level; Lv.1 without a stats row.
_BAND_SQL = (
    "CASE "
    + " ".join(
        f"WHEN ms.level >= {int(low)} THEN {index}"
        for index, (low, _high) in reversed(list(enumerate(LEVEL_BANDS)))
        if index
    )
    + " ELSE 0 END"
)


def demand_generation() -> int:
    """Which DEMAND_SECONDS period of the clock we are in: a report's rows
    are computed at most once in it, for every process."""
    return int(time.time()) // DEMAND_SECONDS


def _report(sql: str, params: list[Any]) -> list[tuple]:
    """The rows of a demand query, from the cache while the period lasts (the
    page, its CSV and a second look cost one computation)."""
    digest = md5(repr((sql, params)).encode(), usedforsecurity=False).hexdigest()
    key = f"demand:{digest}:{demand_generation()}"
    rows = cache.get(key)
    if rows is None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        cache.set(key, rows, DEMAND_SECONDS)
    return rows


def _table(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _support_scope(ideas: QuerySet[Idea] | Idea) -> tuple[str, list[Any]]:
    """The condition on a support's idea, as SQL with its parameters."""
    if isinstance(ideas, Idea):
        return "idea_id = %s", [ideas.pk]
    sql, params = ideas.order_by().values("pk").query.sql_with_params()
    return f"idea_id IN ({sql})", list(params)


def _by_count(city: tuple[str, int]) -> tuple[int, str]:
    return (-city[1], city[0])


def _band_key(band: tuple[int, int | None]) -> str:
    low, high = band
    return f"{low}-{high}" if high else f"{low}+"


def _band_label(band: tuple[int, int | None]) -> str:
    low, high = band
    if high is None:
        return _("Lv.%(level)s and up") % {"level": low}
    return _("Lv.%(low)s–%(high)s") % {"low": low, "high": high}


def ideas_wanted_by(tier: Tier, ideas: QuerySet[Idea], *, limit: int = RANKED_IDEAS) -> list[Idea]:
    """The `ideas` ranked by how many members of `tier` support them (as
    `tier_supports`), then by all their supports. Two queries: the ranking
    (see WANTED_SQL, at most once per DEMAND_SECONDS), then the ideas."""
    scope, params = _support_scope(ideas)
    # Plain members are those in no other tier, with a stats row or without.
    members = "NOT IN" if tier is Tier.MEMBER else "IN"
    match = "<>" if tier is Tier.MEMBER else "="
    sql = WANTED_SQL.format(
        support=_table(Support),
        stats=_table(MemberStats),
        idea=_table(Idea),
        members=members,
        match=match,
        scope=scope,
    )
    ranking = {idea_id: int(count) for idea_id, count in _report(sql, [tier.value, *params, limit])}
    # Through `ideas` again: an idea hidden since the ranking was counted drops out.
    found = (
        ideas.filter(pk__in=ranking)
        .select_related("product")
        .only(
            "title", "status", "support_count", "product__slug", "product__name", "product__name_zh"
        )
        .in_bulk()
    )
    ranked = []
    for idea_id, count in ranking.items():
        if idea := found.get(idea_id):
            idea.tier_supports = count  # type: ignore[attr-defined]
            ranked.append(idea)
    return ranked


# The tier's members drive the search: for each of them, their supports are
# read from the (member, idea) index alone, so a small tier (VIPs) costs its
# own supports, not everyone's. The unary `+` keeps the idea condition from
# being used as an index lookup, so neither engine reads the supports idea by
# idea instead. Ties go to the most supported idea, then the newest.
WANTED_SQL = """
SELECT ranked.idea_id, ranked.supports FROM (
    SELECT idea_id, COUNT(*) AS supports FROM {support}
    WHERE member_id {members} (SELECT member_id FROM {stats} WHERE tier {match} %s)
    AND +{scope}
    GROUP BY idea_id
) ranked
INNER JOIN {idea} i ON i.id = ranked.idea_id
ORDER BY ranked.supports DESC, i.support_count DESC, i.id DESC
LIMIT %s
"""
