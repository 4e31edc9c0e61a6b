from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cocreate.core.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    "<iframe src=//evil.example></iframe>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    '"><script>alert(1)</script>',
    "<body onload=alert(1)>",
    "<object data=javascript:alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    '<a href="&#106;avascript:alert(1)">x</a>',
    '[x](" onmouseover="alert(1))',
    "<details open ontoggle=alert(1)>",
    "<style>*{display:none}</style>",
    "```\n</code><script>alert(1)</script>\n```",
    '<img src="x" style="x:expression(alert(1))">',
    "<input autofocus onfocus=alert(1)>",
    "<<script>script>alert(1)<</script>/script>",
]


class _Elements(HTMLParser):
    """Collects (tag, attributes) of every element in a fragment."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def assert_safe(html: str) -> None:
    for tag, attrs in _Elements(html).found:
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs.items():
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"}, (tag, name)
            if name in {"href", "src"}:
                assert urlsplit(value.strip()).scheme in {"", "http", "https", "mailto"}, value


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_render_markdown_neutralises_xss_payload(payload):
    assert_safe(render_markdown(payload))


def test_render_markdown_keeps_formatting_and_marks_links():
    html = render_markdown("**bold** and [a link](https://example.com)\n\n- item")

    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.com" rel="nofollow ugc noopener">a link</a>' in html
    assert "<li>item</li>" in html


def test_render_markdown_renders_chinese_and_tables():
    html = render_markdown("| 功能 | 票数 |\n|---|---|\n| 息屏显示 | 42 |")

    assert "<table>" in html
    assert "息屏显示" in html


@given(st.text(max_size=300))
def test_render_markdown_output_is_safe_for_any_text(text):
    assert_safe(render_markdown(text + "<script>x</script>[a](javascript:x)"))


@pytest.mark.parametrize(
    "source",
    [
        "![photo](/media/forum/2026/01/abc.webp)",
        "![photo](https://cdn.example.com/a.png)",
    ],
)
def test_render_markdown_keeps_images_from_our_media_and_https(source):
    html = render_markdown(source)

    assert "<img src=" in html and 'alt="photo"' in html


@pytest.mark.parametrize(
    "src",
    [
        "http://example.com/a.png",
        "//evil.example/a.png",
        "/forum/t/1/lock/",
        "/media/../admin/",
        "data:image/png;base64,iVBORw0KGgo=",
        "mailto:a@example.com",
        "ftp://example.com/a.png",
        "a.png",
    ],
)
def test_render_markdown_shows_an_image_from_elsewhere_as_its_alt_text(src):
    html = render_markdown(f"![a *cat*]({src})")

    assert "<img" not in html
    assert "a cat" in html


def test_render_markdown_follows_a_media_url_on_another_host(settings):
    settings.MEDIA_URL = "https://files.example.com/media/"

    assert "<img" in render_markdown("![x](https://files.example.com/media/a.webp)")
    assert "<img" not in render_markdown("![x](/media/a.webp)")


def test_sanitizer_drops_an_unsafe_image_source_whatever_made_the_tag():
    from cocreate.core.markdown import _filter_attribute

    assert _filter_attribute("img", "src", "http://example.com/a.png") is None
    assert _filter_attribute("img", "src", "/media/a.webp") == "/media/a.webp"
    assert _filter_attribute("a", "href", "http://example.com/") == "http://example.com/"
