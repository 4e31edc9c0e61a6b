import sys
from types import SimpleNamespace

import pytest

from cocreate.search import registry


def test_the_forum_describes_threads_and_replies_and_ideas_theirs():
    sources = registry.sources()

    assert list(sources) == ["thread", "post", "idea", "challenge", "entry"]
    assert (str(sources["thread"].label), str(sources["post"].label_plural)) == (
        "Thread",
        "Replies",
    )
    assert registry.status_choices()[0] == ("official", "Official reply")
    assert ("planned", "Planned") in registry.status_choices()
    assert "thread.merged" in registry.verbs()


def test_plain_text_of_a_rendered_post():
    html = "<p>Fish &amp; <strong>chips</strong></p>\n<ul><li>one</li><li>two</li></ul>"

    assert registry.plain_text(html) == "Fish & chips one two"


def test_plain_text_keeps_emphasis_and_links_inside_their_run():
    html = (
        '<p>息屏时显示<strong>时间、电量</strong>，<a href="/x">和通知</a>。</p>'
        "<p>Dark<em>er</em></p>"
    )

    assert registry.plain_text(html) == "息屏时显示时间、电量，和通知。 Darker"


@pytest.mark.parametrize("name", ["Ideas", "in-progress", "idea kind", "", "1idea"])
def test_kinds_and_statuses_must_be_lowercase_names(monkeypatch, name):
    source = registry.Source(
        kind="idea",
        label="Idea",
        label_plural="Ideas",
        documents=lambda ids: [],
        dated_ids=list,
        statuses=[(name, "Status")],
    )
    monkeypatch.setitem(sys.modules, "tests_search_source", SimpleNamespace(SOURCES=[source]))
    monkeypatch.setattr(registry, "SOURCE_MODULES", ["tests_search_source"])
    registry.sources.cache_clear()
    try:
        with pytest.raises(ValueError, match="lowercase name"):
            registry.sources()
    finally:
        registry.sources.cache_clear()
