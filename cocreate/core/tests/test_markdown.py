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
