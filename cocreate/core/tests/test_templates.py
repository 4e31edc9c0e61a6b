from pathlib import Path

import cocreate

TEMPLATES = sorted(Path(cocreate.__file__).parent.glob("**/templates/**/*.html"))


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 50


def test_no_template_comment_spans_lines():
    """`{# … #}` ends at the line's end: a longer one shows on the page."""
    unclosed = [
        f"{path.relative_to(Path(cocreate.__file__).parent)}:{number}"
        for path in TEMPLATES
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if line.count("{#") > line.count("#}")
    ]

    assert unclosed == []


def test_every_stylesheet_closes_what_it_opens():
    """An unclosed block swallows every rule after it, without any error."""
    for path in Path(cocreate.__file__).parent.glob("static/**/*.css"):
        depth = 0
        for number, line in enumerate(path.read_text().splitlines(), 1):
            depth += line.count("{") - line.count("}")
            assert depth >= 0, f"{path.name}:{number} closes a block it never opened"
        assert depth == 0, f"{path.name} leaves {depth} block(s) open"
