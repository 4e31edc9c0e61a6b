from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone

from cocreate.accounts.tests.factories import UserFactory
from cocreate.forum.models import Product
from cocreate.ideas import actions, queries
from cocreate.ideas.models import Idea, Support
from cocreate.moderation import actions as moderation
from cocreate.search.actions import rebuild_index

pytestmark = pytest.mark.django_db


def _titles(ideas) -> list[str]:
    return [idea.title for idea in ideas]


@pytest.fixture
def three_ideas(product, member, other_member, camera_tag):
    """Old and popular, fresh and modest, and one supported this week."""
    old = actions.submit_idea(
        product, author=member, title="Old", description="o", tags=[camera_tag]
    )
    fresh = actions.submit_idea(product, author=other_member, title="Fresh", description="f")
    week = actions.submit_idea(product, author=other_member, title="Week", description="w")
    fans = [UserFactory() for _ in range(4)]
    for fan in fans:
        actions.support_idea(old, member=fan)
    actions.support_idea(week, member=fans[0])
    actions.support_idea(week, member=fans[1])
    long_ago = timezone.now() - timedelta(days=30)
    Idea.objects.filter(pk=old.pk).update(
        created_at=long_ago, hot_score=actions.hot_score(5, long_ago)
    )
    Support.objects.filter(idea=old).update(created_at=long_ago)
    return old, fresh, week


def test_sorts_hot_top_new_and_trending(three_ideas, member):
    anyone = AnonymousUser()
    assert _titles(queries.idea_list(anyone, sort="hot")) == ["Week", "Fresh", "Old"]
    assert _titles(queries.idea_list(anyone, sort="top")) == ["Old", "Week", "Fresh"]
    assert _titles(queries.idea_list(anyone, sort="new")) == ["Week", "Fresh", "Old"]
    trending = list(queries.idea_list(anyone, sort="trending"))
    assert [(idea.title, idea.week_supports) for idea in trending] == [("Week", 3), ("Fresh", 1)]


def test_filters_by_product_status_and_tag(three_ideas, staff, camera_tag, member):
    _old, fresh, _week = three_ideas
    actions.change_status(fresh, actor=staff, status="planned", response="Yes")
    elsewhere = actions.submit_idea(
        Product.objects.create(slug="watch", name="Watch"),
        author=member,
        title="W",
        description="w",
    )
    anyone = AnonymousUser()

    assert _titles(queries.idea_list(anyone, status="planned")) == ["Fresh"]
    assert _titles(queries.idea_list(anyone, tag=camera_tag)) == ["Old"]
    assert _titles(queries.idea_list(anyone, product=elsewhere.product)) == ["W"]


def test_mine_and_supported(three_ideas, member, other_member):
    assert _titles(queries.idea_list(member, sort="new", mine=True)) == ["Old"]
    actions.support_idea(three_ideas[2], member=member)
    assert _titles(queries.idea_list(member, sort="new", supported=True)) == ["Week", "Old"]


def test_duplicates_and_archived_leave_the_default_list_but_can_be_asked_for(three_ideas, staff):
    _old, fresh, week = three_ideas
    actions.merge_idea(fresh, into=week, actor=staff)

    assert "Fresh" not in _titles(queries.idea_list(AnonymousUser()))
    assert _titles(queries.idea_list(AnonymousUser(), status="duplicate")) == ["Fresh"]


def test_hidden_ideas_leave_lists_and_open_only_for_author_and_moderators(
    idea, staff, member, other_member, idea_moderator
):
    moderation.hide_post(idea.thread.posts.get(number=1), actor=staff, reason="Spam")

    assert not queries.idea_list(other_member).exists()
    assert _titles(queries.idea_list(member, mine=True)) == [idea.title]
    with pytest.raises(Http404):
        queries.get_idea_for(other_member, idea.pk)
    assert queries.get_idea_for(member, idea.pk) == idea
    assert queries.get_idea_for(idea_moderator, idea.pk) == idea


def test_list_page_costs_a_fixed_number_of_queries(
    product, member, camera_tag, battery_tag, django_assert_num_queries
):
    for number in range(30):
        found = actions.submit_idea(
            product,
            author=member,
            title=f"Idea {number}",
            description="d",
            tags=[camera_tag, battery_tag],
        )
    with django_assert_num_queries(3):  # ideas, tags, the member's supports
        page = list(queries.idea_list(member, sort="trending")[:25])
        [list(idea.tags.all()) for idea in page]
        queries.supported_idea_ids(member, [idea.pk for idea in page])
    assert found in page


def test_similar_ideas_match_chinese_and_english_words(idea, other_idea, product):
    anyone = AnonymousUser()
    rebuild_index()

    assert _titles(queries.similar_ideas(anyone, text="息屏显示")) == ["希望增加息屏显示功能"]
    assert _titles(queries.similar_ideas(anyone, text="息屏")) == ["希望增加息屏显示功能"]
    assert _titles(queries.similar_ideas(anyone, text="A night mod")) == [idea.title]
    assert queries.similar_ideas(anyone, text="!! a ?") == []
    other = Product.objects.create(slug="watch", name="Watch")
    assert queries.similar_ideas(anyone, text="night mode", product=other) == []


def test_similar_ideas_share_any_word_those_sharing_more_first(idea, product, member):
    brighter = actions.submit_idea(
        product, author=member, title="Brighter camera previews", description="In daylight."
    )
    rebuild_index()

    found = queries.similar_ideas(AnonymousUser(), text="camera night shots")

    assert found == [idea, brighter]


def test_similar_ideas_leave_out_duplicates_in_a_fixed_number_of_queries(
    product, member, staff, django_assert_max_num_queries
):
    one = actions.submit_idea(product, author=member, title="Camera speed", description="x")
    both = actions.submit_idea(product, author=member, title="Camera night speed", description="x")
    actions.merge_idea(one, into=both, actor=staff)
    rebuild_index()

    with django_assert_max_num_queries(4):  # matches, their documents, a count, the ideas
        found = queries.similar_ideas(AnonymousUser(), text="camera speed", limit=5)

    assert found == [both]
