"""Parts of a page rendered once for every member, with holes for what is theirs.

A logged-in page cannot be cached whole: it shows the member's unread counts,
likes and buttons. But most of its HTML (titles, names, avatars, post bodies,
dates) is the same for everybody, and rendering it is most of the page's cost.
`cached()` keeps such a part in the cache under the page-cache stamps it
depends on (the same ones the anonymous page cache uses, so an action that
bumps them invalidates both, in every process) and the language. Where the
part shows something of the member's, its template leaves a hole
(``{% hole "unread" thread.pk %}``), and the view fills the holes with the
member's values (`fill()`): one string replacement pass, not a template render.

Markers carry a token derived from the secret key, so no text a member writes
can forge one. A cached part must never contain anything per member or per
session, such as a CSRF token.
"""

import re
from collections.abc import Callable, Mapping
from functools import cache
from hashlib import md5
from typing import Any

from django.core.cache import cache as django_cache
from django.http import HttpRequest
from django.template.backends.utils import csrf_input
from django.template.loader import get_template
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

TIMEOUT = 600  # seconds; like the anonymous pages, relative dates may be this old


@cache
def _token() -> str:
    return salted_hmac("cocreate.core.fragments", "hole").hexdigest()[:16]


def hole(name: str, key: object) -> SafeString:
    """The marker that `fill(html, name, …)` replaces with the value for `key`."""
    return mark_safe(f"<!--{_token()}:{name}:{key}-->")  # noqa: S308  # no outside text in it


@cache
def _pattern() -> re.Pattern:
    return re.compile(f"<!--{_token()}:([^:>]*):([^>]*?)-->")


def fill(html: str, holes: Mapping[str, Mapping[str, str]]) -> SafeString:
    """Replace, in one pass, every hole of each name in `holes` with the (safe
    HTML) value for its key (as a string), whose own holes are filled alike
    (a cached button's CSRF field); holes of those names without a value are
    removed, holes of other names stay."""
    pattern = _pattern()

    def value(match: re.Match) -> str:
        values = holes.get(match.group(1))
        if values is None:
            return match.group(0)
        return pattern.sub(value, values.get(match.group(2), ""))

    return mark_safe(pattern.sub(value, html))  # noqa: S308  # values are safe HTML, the rest was rendered escaped


def csrf(request: HttpRequest) -> dict[str, dict[str, str]]:
    """The value of the ``{% hole "csrf" "token" %}`` of cached forms: the
    request's CSRF token field, for `fill`."""
    return {"csrf": {"token": csrf_input(request)}}


def cached(key: tuple, stamp: str, compute: Callable[[], Any], timeout: int = TIMEOUT) -> Any:
    """`compute()`'s value, from the cache while `stamp` (the page-cache
    `stamps()` of what the part shows, read once per request) and the language
    are the same."""
    parts = ":".join([*map(str, key), get_language(), stamp])
    full_key = f"fragment:{md5(parts.encode(), usedforsecurity=False).hexdigest()}"
    value = django_cache.get(full_key)
    if value is None:
        value = compute()
        django_cache.set(full_key, value, timeout)
    return value


def rendered_each(
    key: tuple, stamp: str, template_name: str, context: dict, items: Mapping[str, dict]
) -> dict[str, str]:
    """`template_name` rendered once for each item (its own context on top of
    `context`), by item key: the values for the holes of a cached part. They
    come from the cache under `key`, which must name everything the renders
    depend on (e.g. what the member may do with each item)."""

    def render() -> dict[str, str]:
        template = get_template(template_name)
        return {name: template.render({**context, **own}) for name, own in items.items()}

    return cached(key, stamp, render)
