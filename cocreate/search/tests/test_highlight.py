from cocreate.search.highlight import highlight, snippet
from cocreate.search.segment import Term


def test_highlight_escapes_the_text_and_marks_the_words():
    html = highlight("<b>Dark</b> mode & more", [Term("dark"), Term("mode", prefix=True)])

    assert html == "&lt;b&gt;<mark>Dark</mark>&lt;/b&gt; <mark>mode</mark> &amp; more"


def test_highlight_marks_plurals_and_prefixes_from_the_original_text():
    html = highlight("Cameras, batteries and cam", [Term("camera"), Term("battery")])

    assert html == "<mark>Cameras</mark>, <mark>batteries</mark> and cam"
    assert highlight("Camouflage", [Term("cam", prefix=True)]) == "<mark>Camouflage</mark>"


def test_highlight_does_not_mark_inside_other_words():
    assert highlight("scamera", [Term("camera")]) == "scamera"


def test_highlight_marks_chinese_words_and_full_width_letters():
    terms = [Term("息", han=True), Term("屏", han=True), Term("显示", han=True)]

    assert highlight("希望增加息屏显示功能", terms) == "希望增加<mark>息屏显示</mark>功能"
    assert highlight("ＤＡＲＫ", [Term("dark")]) == "<mark>ＤＡＲＫ</mark>"


def test_snippet_shows_the_text_around_the_first_word_found():
    text = "Lorem ipsum " * 20 + "the battery dies fast " + "dolor sit " * 30

    html = snippet(text, [Term("battery")])

    assert html.startswith("…")
    assert html.endswith("…")
    assert "<mark>battery</mark> dies fast" in html
    assert len(html) < 300


def test_snippet_starts_at_the_beginning_when_the_title_matched():
    html = snippet("Short text with nothing found.", [Term("camera")])

    assert html == "Short text with nothing found."


def test_snippet_never_lets_markup_through():
    html = snippet('<script>alert("x")</script> camera', [Term("camera")])

    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>camera</mark>" in html
