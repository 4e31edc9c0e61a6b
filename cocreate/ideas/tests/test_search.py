import pytest

from cocreate.forum import actions as forum
from cocreate.ideas import actions, queries
from cocreate.moderation.actions import hide_post, restore_post
from cocreate.search.actions import rebuild_index
from cocreate.search.consumers import CONSUMERS
from cocreate.search.queries import search


def found(text: str, **filters) -> list[tuple[str, int]]:
    return [(hit.kind, hit.object_id) for hit in search(text, **filters).hits]


def work(activity_verb: str) -> None:
    """Hand the latest activity of this verb to the search consumers, as the worker does."""
    from cocreate.core.models import Activity

    activity = Activity.objects.filter(verb=activity_verb).latest("pk")
    for consume in CONSUMERS[activity_verb]:
        consume(activity)


@pytest.fixture
def screen(product, member):
    return actions.submit_idea(
        product, author=member, title="希望增加息屏显示功能", description="屏幕常亮太耗电。"
    )


def test_an_idea_is_found_by_its_chinese_title_and_a_part_of_it(screen, product, member):
    dark = actions.submit_idea(
        product, author=member, title="Dark mode for the camera app", description="Night."
    )
    rebuild_index()

    assert found("息屏显示") == [("idea", screen.pk)]
    assert found("息屏", kind="idea") == [("idea", screen.pk)]
    assert found("dark mode") == [("idea", dark.pk)]
    # Its discussion thread is not a second result.
    assert found("息屏", kind="thread") == []


def test_an_idea_follows_its_status_and_its_discussions_visibility(screen, staff, db):
    rebuild_index()
    actions.change_status(screen, actor=staff, status="planned", response="Soon.")
    work("idea.planned")
    assert found("息屏", status="planned") == [("idea", screen.pk)]

    opening = screen.thread.posts.get(number=1)
    hide_post(opening, actor=staff, reason="Checking")
    work("post.hidden")
    assert found("息屏") == []

    restore_post(opening, actor=staff, reason="Fine")
    work("post.restored")
    assert found("息屏") == [("idea", screen.pk)]


def test_a_comment_on_an_idea_is_found_as_a_reply(screen, other_member):
    post = forum.reply_to_thread(screen.thread, author=other_member, body="夜间模式也要有")
    rebuild_index()

    assert found("夜间模式") == [("post", post.pk)]


def test_similar_ideas_come_from_the_search(screen, product, member, other_member):
    rebuild_index()

    similar = queries.similar_ideas(other_member, text="息屏显示", product=product)

    assert [idea.pk for idea in similar] == [screen.pk]
