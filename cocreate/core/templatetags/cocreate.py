"""Template helpers shared by every page: ``{% load cocreate %}``."""

from datetime import datetime, timedelta

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from cocreate.core import fragments
from cocreate.core.bilingual import localized
from cocreate.core.navigation import NavItem, main_nav, reverse_or_none, settings_nav

register = template.Library()


@register.simple_tag(takes_context=True)
def main_navigation(context: template.Context) -> list[NavItem]:
    """``{% main_navigation as items %}`` — the main nav entries that exist."""
    request = context.get("request")
    return main_nav(request.path if request is not None else "")


@register.simple_tag(takes_context=True)
def settings_navigation(context: template.Context) -> list[NavItem]:
    """``{% settings_navigation as items %}`` — the account settings pages that exist."""
    request = context.get("request")
    return settings_nav(request.path if request is not None else "")


@register.simple_tag
def avatar(member: object, size: str = "", decorative: bool = False) -> str:
    """``{% avatar member size="sm" decorative=True %}`` — the member's picture,
    or their initial on a stable colour. `size`: "sm", "lg" (full-size image) or
    ""; `decorative` hides it from screen readers (the name is next to it)."""
    classes = f"avatar avatar-{size}" if size else "avatar"
    name = getattr(member, "name", "")
    if url := getattr(member, "avatar_url", None):  # a plain row, e.g. a leaderboard's
        return format_html(
            '<img class="{}" src="{}" alt="{}" loading="lazy" width="40" height="40">',
            classes,
            url,
            "" if decorative else name,
        )
    if getattr(member, "avatar_thumbnail", None) and not getattr(member, "deleted_at", None):
        image, pixels = (member.avatar, 128) if size == "lg" else (member.avatar_thumbnail, 40)
        return format_html(
            '<img class="{}" src="{}" alt="{}" loading="lazy" width="{}" height="{}">',
            classes,
            image.url,
            "" if decorative else name,
            pixels,
            pixels,
        )
    tone = sum((getattr(member, "username", "") or "").encode()) % 6
    label = (
        mark_safe(' aria-hidden="true"')
        if decorative
        else format_html(' role="img" aria-label="{}"', name)
    )
    initial = getattr(member, "initial", "") or "?"
    return format_html('<span class="{} tone-{}"{}>{}</span>', classes, tone, label, initial)


@register.simple_tag
def member_link(member: object) -> str:
    """The member's name, linked to their profile when profiles exist.

    Safe HTML, so it can go into ``{% blocktranslate %}`` sentences::

        {% member_link activity.actor as who %}
        {% blocktranslate %}{{ who }} joined{% endblocktranslate %}
    """
    if member is None:
        return format_html('<span class="member-name">{}</span>', _("A former member"))
    name = getattr(member, "name", "") or getattr(member, "username", "")
    url = None
    if not getattr(member, "deleted_at", None):
        url = reverse_or_none("profile", member.username)
    if url:
        return format_html('<a class="member-name" href="{}">{}</a>', url, name)
    return format_html('<span class="member-name">{}</span>', name)


@register.filter(name="localized")
def localized_filter(data: dict, key: str) -> str:
    """``{{ activity.data|localized:"title" }}`` — the reader's language's version."""
    return localized(data or {}, key)


# Django's own units, under the same messages, so that our catalogue words them
# (in Chinese "3 天前", "2 个月前", where Django's says "3 日", "2 月").
TIME_STRINGS = {
    "year": ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    "month": ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    "week": ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    "day": ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    "hour": ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    "minute": ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
}


@register.filter
def ago(value: datetime | None) -> str:
    """ "just now", "5 minutes ago", "2 days ago" — the largest unit only."""
    if not value:
        return ""
    if timezone.now() - value < timedelta(minutes=1):
        return _("just now")
    return _("%(time)s ago") % {"time": timesince(value, depth=1, time_strings=TIME_STRINGS)}


@register.simple_tag
def hole(name: str, key: object) -> str:
    """``{% hole "unread" thread.pk %}`` — where a cached part takes the
    member's own value (see `cocreate.core.fragments`)."""
    return fragments.hole(name, key)


@register.simple_tag(takes_context=True)
def csrf_field(context: template.Context) -> str:
    """A form's CSRF token field: ``{% csrf_token %}`` in a page rendered for a
    request, a hole (filled per request with `fragments.csrf`) in a part
    rendered once for the cache."""
    if "csrf_token" in context:
        return CsrfTokenNode().render(context)
    return fragments.hole("csrf", "token")
