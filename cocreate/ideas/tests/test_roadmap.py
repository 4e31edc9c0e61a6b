"""The roadmap: its read (columns, order, counts, the shipped window), the
page (switcher, cards, more links, caching for visitors and members) and
its fixed query count."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cocreate.accounts.tests.factories import UserFactory
from cocreate.forum.models import Product
from cocreate.ideas import actions, queries
from cocreate.ideas.models import Idea
from cocreate.moderation import actions as moderation
from conftest import logged_in

pytestmark = pytest.mark.django_db

URL = reverse("ideas:roadmap")


def _make(product, author, title, *path, tags=(), supporters=0):
    """An idea moved along `path` (statuses) by the team, with supporters."""
    idea = actions.submit_idea(
        product, author=author, title=title, description="d", tags=list(tags)
    )
    for _ in range(supporters):
        actions.support_idea(idea, member=UserFactory())
    team = UserFactory(is_staff=True)
    for status in path:
        actions.change_status(idea, actor=team, status=status, response=f"{title}: {status}")
    return idea


def _titles(column) -> list[str]:
    return [idea.title for idea in column.ideas]


@pytest.fixture
def board_ideas(product, member, camera_tag):
    """Two planned (the more supported first), one in progress, one shipped
    lately, one shipped long ago, one still new."""
    few = _make(product, member, "Planned few", "planned", supporters=1)
    many = _make(product, member, "Planned many", "planned", supporters=3, tags=[camera_tag])
    building = _make(product, member, "Building", "planned", "in_progress")
    shipped = _make(product, member, "Shipped", "planned", "shipped")
    old = _make(product, member, "Shipped long ago", "planned", "shipped")
    Idea.objects.filter(pk=old.pk).update(status_changed_at=timezone.now() - timedelta(days=91))
    _make(product, member, "Still new")
    return few, many, building, shipped, old


def test_the_roadmap_has_three_columns_in_order(board_ideas):
    planned, in_progress, shipped = queries.roadmap()

    assert _titles(planned) == ["Planned many", "Planned few"]
    assert _titles(in_progress) == ["Building"]
    assert _titles(shipped) == ["Shipped"]  # the one shipped 91 days ago left the column
    assert [column.count for column in (planned, in_progress, shipped)] == [2, 1, 1]


def test_recently_shipped_ideas_come_newest_first(product, member):
    first = _make(product, member, "First", "planned", "shipped")
    _make(product, member, "Second", "planned", "shipped")
    Idea.objects.filter(pk=first.pk).update(status_changed_at=timezone.now() - timedelta(days=3))

    assert _titles(queries.roadmap()[2]) == ["Second", "First"]


def test_columns_are_bounded_and_count_what_they_leave_out(product, member):
    for number in range(4):
        _make(product, member, f"P{number}", "planned")

    planned = queries.roadmap(limit=3)[0]

    assert len(planned.ideas) == 3 and planned.count == 4 and planned.more == 1


def test_a_product_roadmap_leaves_other_products_and_hidden_ideas_out(board_ideas, member, staff):
    watch = Product.objects.create(slug="watch", name="Watch")
    _make(watch, member, "Watch face", "planned")
    hidden = board_ideas[1]
    moderation.hide_post(hidden.thread.posts.get(number=1), actor=staff, reason="Spam")

    phone = queries.roadmap(board_ideas[0].product)[0]
    everything = queries.roadmap()[0]

    assert _titles(phone) == ["Planned few"] and phone.count == 1
    assert "Watch face" in _titles(everything)


# The page --------------------------------------------------------------------------------


def test_the_page_shows_cards_with_supports_tags_and_the_latest_response(client, board_ideas):
    response = client.get(URL)

    text = response.content.decode()
    assert response.status_code == 200
    assert "Planned many" in text and "Building" in text and "Shipped" in text
    assert "Recently shipped" in text and "Still new" not in text
    assert "4 supports" in text and "#Camera" in text
    assert "Planned many: planned" in text  # the response excerpt
    assert 'aria-current="page">All products' in text


def test_the_page_shows_one_product_with_its_switcher(client, board_ideas, member):
    Product.objects.create(slug="watch", name="Watch")

    text = client.get(URL, {"product": "phone"}).content.decode()

    assert "Orange Phone roadmap" in text
    assert f'href="{URL}?product=watch"' in text
    assert f"{reverse('ideas:submit')}?product=phone" in text


def test_a_full_column_links_to_the_list_of_its_status(client, product, member):
    for number in range(queries.ROADMAP_CARDS + 2):
        _make(product, member, f"P{number}", "planned")

    text = client.get(URL, {"product": "phone"}).content.decode()

    assert "2 more" in text
    assert f"{reverse('ideas:index')}?status=planned&amp;product=phone&amp;sort=top" in text


def test_an_empty_roadmap_says_so(client, product):
    text = client.get(URL).content.decode()

    assert "Nothing planned yet" in text and "Nothing shipped lately" in text


@pytest.mark.parametrize("query", [{"product": "nope"}, {"product": "phone'<"}])
def test_an_unknown_product_answers_400(client, product, query):
    response = client.get(URL, query)

    assert response.status_code == 400
    assert "Show the whole roadmap" in response.content.decode()


def test_the_page_answers_htmx_with_the_roadmap_alone(client, board_ideas):
    response = client.get(URL, {"product": "phone"}, headers={"HX-Request": "true"})

    text = response.content.decode()
    assert response.status_code == 200 and "<html" not in text and 'id="roadmap"' in text


def test_visitors_get_the_cached_page_until_an_idea_changes(
    client, board_ideas, staff, django_capture_on_commit_callbacks
):
    client.get(URL)
    with CaptureQueriesContext(connection) as hit:
        cached = client.get(URL)
    with django_capture_on_commit_callbacks(execute=True):
        actions.change_status(board_ideas[0], actor=staff, status="in_progress", response="Now")

    after = client.get(URL).content.decode()

    assert len(hit.captured_queries) <= 1  # the stamps at most
    assert cached.status_code == 200
    building = after.split('id="roadmap-in_progress"')[1].split("</section>")[0]
    assert "Planned few" in building


def test_members_share_the_rendered_board_and_see_a_change_at_once(
    board_ideas, member, staff, django_capture_on_commit_callbacks
):
    reader = logged_in(Client(), member)
    reader.get(URL)
    with CaptureQueriesContext(connection) as hit:
        reader.get(URL)
    with django_capture_on_commit_callbacks(execute=True):
        actions.change_status(board_ideas[0], actor=staff, status="declined", response="No")

    after = reader.get(URL).content.decode()

    assert not any("ideas_idea" in query["sql"] for query in hit.captured_queries)
    assert "Planned few" not in after


def test_the_page_costs_the_same_queries_for_few_or_many_ideas(
    product, member, camera_tag, django_assert_max_num_queries
):
    _make(product, member, "One", "planned", tags=[camera_tag])
    with CaptureQueriesContext(connection) as few:
        Client().get(URL, {"product": "phone"})
    for number in range(12):
        _make(product, member, f"N{number}", "planned", "in_progress", tags=[camera_tag])
        _make(product, member, f"S{number}", "planned", "shipped", tags=[camera_tag])
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = Client().get(URL, {"product": "phone"})
    assert response.content.decode().count('class="roadmap-card"') == 1 + 2 * queries.ROADMAP_CARDS
