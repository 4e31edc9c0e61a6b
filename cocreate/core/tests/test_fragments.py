from django.utils import translation

from cocreate.core import fragments
from cocreate.core.pagecache import _bump_now, stamps


def test_fill_puts_each_value_in_its_hole_and_removes_the_rest():
    html = f"<p>a{fragments.hole('n', 1)}</p><p>b{fragments.hole('n', 2)}</p>"

    assert fragments.fill(html, {"n": {"1": "<b>1</b>"}}) == "<p>a<b>1</b></p><p>b</p>"


def test_fill_fills_the_holes_of_the_values_it_puts_in():
    button = f"<form>{fragments.hole('csrf', 'token')}</form>"
    html = f"{fragments.hole('n', 1)}{fragments.hole('n', 2)}"

    filled = fragments.fill(html, {"n": {"1": button, "2": "x"}, "csrf": {"token": "<i>t</i>"}})

    assert filled == "<form><i>t</i></form>x"


def test_fill_keeps_the_holes_of_other_names():
    html = f"{fragments.hole('n', 1)}{fragments.hole('m', 1)}"

    assert fragments.fill(html, {"m": {"1": "m"}}) == f"{fragments.hole('n', 1)}m"


def test_text_a_member_writes_cannot_forge_a_hole():
    written = "<!--n:1--> <!--x:n:1-->"

    assert fragments.fill(written, {"n": {"1": "<b>forged</b>"}}) == written


def test_the_marker_is_derived_from_the_secret_key(settings):
    marker = fragments.hole("n", 1)
    settings.SECRET_KEY = "another secret for another site"
    fragments._token.cache_clear()
    try:
        assert fragments.hole("n", 1) != marker
    finally:
        fragments._token.cache_clear()


def test_cached_computes_once_per_stamp_and_language(db):
    calls = []

    def compute():
        calls.append(translation.get_language())
        return len(calls)

    assert fragments.cached(("k",), stamps(("things",)), compute) == 1
    assert fragments.cached(("k",), stamps(("things",)), compute) == 1
    with translation.override("zh-hans"):
        assert fragments.cached(("k",), stamps(("things",)), compute) == 2
    _bump_now(["things"])

    assert fragments.cached(("k",), stamps(("things",)), compute) == 3
