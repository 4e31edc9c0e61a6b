"""A product's changelog as RSS and Atom feeds: its published releases of
the public channels, newest first, each item carrying the changelog."""

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from cocreate.core.pagecache import cache_anonymous_page
from cocreate.forum.models import Product

from .models import Release
from .queries import releases as queries
from .queries.releases import RELEASES_CONTENT


class ReleasesFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request: HttpRequest, product: str) -> Product:  # type: ignore[override]
        found = get_object_or_404(Product.objects.filter(is_active=True), slug=product)
        found.site = request.build_absolute_uri("/").rstrip("/")  # type: ignore[attr-defined]
        return found

    def title(self, product: Product) -> str:
        return _("%(product)s releases") % {"product": product.display_name}

    def link(self, product: Product) -> str:
        return f"{reverse('releases:index')}?product={product.slug}"

    def description(self, product: Product) -> str:
        return _("Every build of %(product)s and what changed in it.") % {
            "product": product.display_name
        }

    def items(self, product: Product) -> list[Release]:
        releases = queries.feed_releases(product)
        for release in releases:
            release.site = product.site  # type: ignore[attr-defined]
        return releases

    def item_title(self, release: Release) -> str:
        name = f" “{release.codename}”" if release.codename else ""
        channel = release.get_channel_display()
        return f"{release.product.display_name} {release.version}{name} ({channel})"

    def item_description(self, release: Release) -> str:
        entries = list(release.entries.all())
        context = {
            "release": release,
            "groups": queries.changelog_by_kind(entries),
            "base": release.site,  # type: ignore[attr-defined]
        }
        return render_to_string("releases/_feed_item.html", context)

    def item_pubdate(self, release: Release):
        return release.published_at

    def item_updateddate(self, release: Release):
        return release.updated_at

    def item_guid(self, release: Release) -> str:
        return f"release-{release.pk}"

    item_guid_is_permalink = False


class AtomReleasesFeed(ReleasesFeed):
    feed_type = Atom1Feed

    def subtitle(self, product: Product) -> str:
        return self.description(product)


rss = cache_anonymous_page(*RELEASES_CONTENT)(ReleasesFeed())
atom = cache_anonymous_page(*RELEASES_CONTENT)(AtomReleasesFeed())
