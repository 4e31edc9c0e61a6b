"""Who sees which release. Published releases of the public channels are for
everyone; those of a restricted channel (beta) only for the active members of
a beta program of that product and channel; drafts and scheduled releases,
and everything else, for staff."""

from dataclasses import dataclass, field
from datetime import date
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from cocreate.accounts.models import User
from cocreate.betas.enums import MembershipStatus
from cocreate.betas.models import BetaMembership, BugReport
from cocreate.betas.queries import member_channels
from cocreate.forum.models import Product
from cocreate.ideas.enums import OPEN, IdeaStatus
from cocreate.ideas.models import Idea, Support

from ..enums import Channel, CreditRole, EntryKind, ReleaseStatus
from ..models import ChangelogEntry, ProductReleaseSettings, Release, ReleaseCredit

PUBLIC_CHANNELS = tuple(channel for channel in Channel if not channel.is_restricted)


def visible_filter(user: Any) -> Q:
    """The condition on releases that `user` may see."""
    if getattr(user, "is_staff", False):
        return Q()
    seen = Q(channel__in=PUBLIC_CHANNELS)
    pairs = [Q(product_id=product, channel=channel) for product, channel in member_channels(user)]
    return Q(status=ReleaseStatus.PUBLISHED) & reduce(or_, pairs, seen)


def releases_visible_to(user: Any) -> QuerySet[Release]:
    return Release.objects.filter(visible_filter(user))


def get_release_for(user: Any, release_id: int) -> Release:
    """A release `user` may see, with its product and the product's release
    settings; 404 otherwise."""
    return get_object_or_404(
        releases_visible_to(user).select_related("product__release_settings"), pk=release_id
    )


# What the release pages show, for the page cache and fragments: releases,
# the ideas their changelogs link (titles and statuses), and their report
# counts.
RELEASES_CONTENT = ("releases", "ideas", "reports")
RELEASES_PER_PAGE = 10
# Products' channels in the order of the index's tabs.
CHANNEL_ORDER = (Channel.DEVELOPMENT, Channel.BETA, Channel.STABLE)
# The entries' kinds in the order a changelog lists them.
KIND_ORDER = (EntryKind.FEATURE, EntryKind.IMPROVEMENT, EntryKind.FIX)
# Early supporters listed per shipped idea on the credits page.
SUPPORTERS_SHOWN = 5
FEED_ITEMS = 20
IDEA_CHOICES = 20
# Co-created releases listed on a member's profile.
PROFILE_RELEASES = 20


def release_products() -> QuerySet[Product]:
    """The active products that have a release rhythm (or releases)."""
    return (
        Product.objects.filter(is_active=True)
        .filter(Q(release_settings__isnull=False) | Q(releases__isnull=False))
        .distinct()
        .order_by("position", "name")
    )


def visible_channels(user: Any, product: Product) -> list[Channel]:
    """The channels whose tabs `user` sees for `product`: restricted ones
    only for staff and their beta members."""
    if getattr(user, "is_staff", False):
        return list(CHANNEL_ORDER)
    mine = {channel for product_id, channel in member_channels(user) if product_id == product.pk}
    return [c for c in CHANNEL_ORDER if not c.is_restricted or c.value in mine]


def release_list(user: Any, product: Product, channel: str | None = None) -> QuerySet[Release]:
    """The releases of `product` that `user` sees (drafts and scheduled ones
    for staff), newest first, each with its changelog's count per kind."""
    releases = releases_visible_to(user).filter(product=product)
    if channel:
        releases = releases.filter(channel=channel)
    counts = {
        f"{kind.value}_count": Count("entries", filter=Q(entries__kind=kind)) for kind in KIND_ORDER
    }
    return releases.select_related("product").annotate(**counts).order_by("-release_date", "-id")


def changelog(release: Release) -> list[ChangelogEntry]:
    """The release's entries in order, with their teams and linked ideas
    (three queries whatever their number)."""
    return list(
        release.entries.select_related("team").prefetch_related(
            Prefetch("ideas", queryset=Idea.objects.only("pk", "title", "status").order_by("pk"))
        )
    )


def changelog_by_kind(entries: list[ChangelogEntry]) -> list[tuple[EntryKind, list]]:
    """The entries grouped by kind (features, improvements, fixes), each
    group in changelog order; kinds without entries left out."""
    groups = [(kind, [entry for entry in entries if entry.kind == kind]) for kind in KIND_ORDER]
    return [(kind, group) for kind, group in groups if group]


def previous_release(release: Release) -> Release | None:
    """The release published before this one on its product and channel."""
    published = Release.objects.filter(
        product_id=release.product_id,
        channel=release.channel,
        status=ReleaseStatus.PUBLISHED,
    ).exclude(pk=release.pk)
    if release.published_at is not None:
        published = published.filter(published_at__lt=release.published_at)
    return published.order_by("-published_at", "-id").first()


@dataclass
class Credits:
    """Who co-created a release: the shipped ideas' authors with their ideas,
    each idea's first supporters, the testers whose bugs it fixes, and the
    four-grid reports on the previous release that shaped it."""

    ideas: list[Idea]  # each with `early_supporters`, a list of members
    bug_reporters: list[tuple[User, list[BugReport]]]
    previous: Release | None
    member_count: int = 0
    roles: dict[str, int] = field(default_factory=dict)

    @property
    def report_count(self) -> int:
        return self.previous.report_count if self.previous else 0


def credits_of(release: Release) -> Credits:
    """The credits page's content in a fixed number of queries."""
    rows = list(ReleaseCredit.objects.filter(release=release).values_list("member_id", "role"))
    credited = {role: {m for m, r in rows if r == role} for role in CreditRole.values}
    ideas = list(
        Idea.objects.filter(changelog_entries__release=release, status=IdeaStatus.SHIPPED)
        .select_related("author")
        .distinct()
        .order_by("pk")
    )
    early = credited[CreditRole.EARLY_SUPPORTER]
    supports = (
        Support.objects.filter(idea__in=ideas, member_id__in=early)
        .select_related("member")
        .order_by("idea_id", "created_at", "id")
    )
    supporters: dict[int, list[User]] = {idea.pk: [] for idea in ideas}
    for support in supports:
        shown = supporters[support.idea_id]
        if len(shown) < SUPPORTERS_SHOWN:
            shown.append(support.member)
    for idea in ideas:
        idea.early_supporters = supporters[idea.pk]  # type: ignore[attr-defined]
    bugs = (
        BugReport.objects.filter(
            fixed_in=release, reporter_id__in=credited[CreditRole.BUG_REPORTER]
        )
        .select_related("reporter")
        .order_by("reporter_id", "created_at")
    )
    reporters: dict[int, tuple[User, list[BugReport]]] = {}
    for bug in bugs:
        reporters.setdefault(bug.reporter_id, (bug.reporter, []))[1].append(bug)
    return Credits(
        ideas=ideas,
        bug_reporters=list(reporters.values()),
        previous=previous_release(release),
        member_count=len({member for member, _role in rows}),
        roles={role: len(members) for role, members in credited.items()},
    )


def calendar_releases(user: Any, product: Product, first: date, last: date) -> list[Release]:
    """The releases of `product` that `user` sees dated between `first` and
    `last` (inclusive), oldest first."""
    return list(
        releases_visible_to(user)
        .filter(product=product, release_date__range=(first, last))
        .order_by("release_date", "channel", "id")
    )


def feed_releases(product: Product) -> list[Release]:
    """The newest published releases of `product`'s public channels, with
    their changelogs, for its feeds."""
    entries = Prefetch(
        "entries",
        queryset=ChangelogEntry.objects.select_related("team").prefetch_related(
            Prefetch("ideas", queryset=Idea.objects.only("pk", "title", "status").order_by("pk"))
        ),
    )
    return list(
        Release.objects.filter(
            product=product, status=ReleaseStatus.PUBLISHED, channel__in=PUBLIC_CHANNELS
        )
        .select_related("product")
        .prefetch_related(entries)
        .order_by("-published_at", "-id")[:FEED_ITEMS]
    )


def co_created_releases(member: Any, viewer: Any) -> list[Release]:
    """The releases `member` is credited on that `viewer` may see, newest
    first, each with `credit_roles` (the member's roles on it)."""
    credits = (
        ReleaseCredit.objects.filter(member=member)
        .filter(_visible_in_one_query(viewer))
        .select_related("release__product")
        .order_by("-release__release_date", "-release_id", "role")
    )
    releases: dict[int, Release] = {}
    for credit in credits[: PROFILE_RELEASES * len(CreditRole)]:
        release = releases.setdefault(credit.release_id, credit.release)
        roles = release.__dict__.setdefault("credit_roles", [])
        roles.append(CreditRole(credit.role).label)
    return list(releases.values())[:PROFILE_RELEASES]


def _visible_in_one_query(viewer: Any) -> Q:
    """`visible_filter` on credits' releases, with the viewer's beta
    channels as a subquery instead of a query of their own."""
    if getattr(viewer, "is_staff", False):
        return Q()
    public = Q(release__channel__in=PUBLIC_CHANNELS)
    if getattr(viewer, "is_authenticated", False):
        public |= Q(
            Exists(
                BetaMembership.objects.filter(
                    member=viewer,
                    status=MembershipStatus.ACTIVE,
                    program__product=OuterRef("release__product"),
                    program__channel=OuterRef("release__channel"),
                )
            )
        )
    return Q(release__status=ReleaseStatus.PUBLISHED) & public


def idea_choices(product: Product, text: str = "") -> list[Idea]:
    """Open ideas of `product` to link to a changelog entry, matching `text`
    (a number or words of the title), most supported first."""
    ideas = Idea.objects.filter(product=product, status__in=OPEN).only(
        "pk", "title", "status", "support_count", "product_id"
    )
    text = text.strip().lstrip("#")
    if text.isdigit():
        ideas = ideas.filter(pk=int(text))
    elif text:
        for word in text.split()[:5]:
            ideas = ideas.filter(title__icontains=word)
    return list(ideas.order_by("-support_count", "-pk")[:IDEA_CHOICES])


def settings_of(product: Product) -> ProductReleaseSettings:
    """The product's release rhythm (joined by `get_release_for`, else one
    query); the defaults, unsaved, for a product without one yet."""
    try:
        return product.release_settings
    except ProductReleaseSettings.DoesNotExist:
        return ProductReleaseSettings(product=product)
