"""A post's text: Markdown in, safe HTML out, with @mentions linked.

Mentions are found in the sanitised HTML's text, outside links and code, so
`@name` in a code sample stays code and a mention can never inject markup.
"""

import re
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import format_html

from cocreate.core.markdown import render_markdown

# Characters that would end or change an image's alt text in Markdown.
ALT_UNSAFE = re.compile(r"[\[\]()\\!*_`<>#|~\s]+")
ALT_LENGTH = 100
MENTION = re.compile(r"(?<![\w@./-])@([A-Za-z0-9_.-]{1,30})")
TAG = re.compile(r"(<[^>]+>)")
# Inside these elements text is left alone.
VERBATIM = {"a", "code", "pre"}


def mentioned_usernames(source: str) -> set[str]:
    """Every `@name` written in the source, without its trailing dot."""
    return {name.rstrip(".") for name in MENTION.findall(source or "")}


def mentioned_members(source: str) -> list:
    """The existing, active members mentioned in `source` (one query, none
    when nobody is mentioned)."""
    names = mentioned_usernames(source)
    if not names:
        return []
    return list(
        get_user_model()
        .objects.filter(username__in=names, is_active=True, deleted_at__isnull=True)
        .order_by("pk")
        .only("pk", "username")
    )


def has_links(html: str) -> bool:
    return "<a " in html


def has_images(html: str) -> bool:
    return "<img " in html


def image_markdown(url: str, alt: str) -> str:
    """The Markdown that shows an uploaded image: `![alt](url)`, the alt text
    reduced to words so it cannot break out of its brackets."""
    words = ALT_UNSAFE.sub(" ", alt).strip()[:ALT_LENGTH].strip()
    return f"![{words}]({url})"


@lru_cache(maxsize=16)
def _markdown(source: str, media_url: str) -> str:
    return render_markdown(source)


def post_markdown(source: str) -> str:
    """`render_markdown(source)`, remembered for the last few texts: a write
    renders the text once for its permission check and again for the post
    itself, and the second time is free."""
    return _markdown(source or "", settings.MEDIA_URL)


def render_post(source: str, mentions: Iterable) -> str:
    """Sanitised HTML for a post, each of `mentions` linked to their profile."""
    html = post_markdown(source)
    usernames = {member.username for member in mentions}
    if not usernames:
        return html
    parts, depth = [], 0
    for part in TAG.split(html):
        if part.startswith("<"):
            name = part.strip("</>").split()[0].lower() if part.strip("</>") else ""
            if name in VERBATIM:
                depth += -1 if part.startswith("</") else 1
            parts.append(part)
        elif depth or "@" not in part:
            parts.append(part)
        else:
            parts.append(MENTION.sub(lambda m: _link(m, usernames), part))
    return "".join(parts)


def _link(match: re.Match, usernames: set[str]) -> str:
    name = match.group(1).rstrip(".")
    if name not in usernames:
        return match.group(0)
    rest = match.group(1)[len(name) :]
    url = reverse("profile", args=[name])
    return format_html('<a class="mention" href="{}">@{}</a>{}', url, name, rest)
