"""Markdown in, safe HTML out: markdown-it-py parses, nh3 (ammonia) sanitises.

Raw HTML in the source is not rendered; whatever the parser emits is passed
through an allow-list of tags, attributes and URL schemes. Links get
rel="nofollow ugc noopener". Images load only from our own media or over
https: an image from anywhere else is shown as its alt text.
"""

from functools import lru_cache

import nh3
from django.conf import settings
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "code": {"class"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def is_safe_image_source(src: str) -> bool:
    """Whether an <img> may load `src`: our uploads (MEDIA_URL) or any https
    address. Never plain http (mixed content), data: or other paths of the site."""
    if src.startswith("https://"):
        return True
    media = settings.MEDIA_URL
    return (
        media.startswith("/")
        and not src.startswith("//")
        and src.startswith(media)
        and ".." not in src
        and "\\" not in src
    )


def _render_image(renderer, tokens, idx, options, env) -> str:
    token = tokens[idx]
    if is_safe_image_source(str(token.attrGet("src") or "")):
        return renderer.image(tokens, idx, options, env)
    return escapeHtml(renderer.renderInlineAsText(token.children or [], options, env))


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    """The sanitizer's own check of image sources, whatever produced the tag."""
    if element == "img" and attribute == "src" and not is_safe_image_source(value):
        return None
    return value


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    parser = MarkdownIt(
        "commonmark", {"html": False, "linkify": False, "typographer": False}
    ).enable(["table", "strikethrough"])
    parser.add_render_rule("image", _render_image)
    return parser


def render_markdown(source: str) -> str:
    """Return sanitised HTML for a Markdown source text."""
    html = _parser().render(source or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_filter_attribute,
        link_rel="nofollow ugc noopener",
        strip_comments=True,
    )
