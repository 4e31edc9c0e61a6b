import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cocreate.ideas import actions
from cocreate.ideas.queries import SHIPPED_DAYS

pytestmark = pytest.mark.django_db


def _move(idea, staff, *path):
    for status in path:
        actions.change_status(idea, actor=staff, status=status, response=f"**{status}** & more")


def test_the_roadmap_has_its_three_columns_with_cards(api, idea, other_idea, staff, camera_tag):
    _move(idea, staff, "planned")
    _move(other_idea, staff, "planned", "shipped")

    body = api.get("/roadmap").json()

    assert body["product"] is None and body["shipped_days"] == SHIPPED_DAYS
    planned, in_progress, shipped = body["columns"]
    assert [column["status"] for column in body["columns"]] == [
        "planned",
        "in_progress",
        "shipped",
    ]
    assert planned["label"] == "Planned" and planned["count"] == 1
    card = planned["items"][0]
    assert card["id"] == idea.pk and card["url"] == f"/ideas/{idea.pk}/"
    assert card["tags"] == ["camera"] and card["support_count"] == 1
    assert card["response_excerpt"] == "planned & more"
    assert "<strong>planned</strong>" in card["response_html"]
    assert card["responded_at"] is not None and card["product"] == "phone"
    assert in_progress["items"] == [] and in_progress["count"] == 0
    assert [item["id"] for item in shipped["items"]] == [other_idea.pk]
    assert planned["more_url"] == "/ideas/?status=planned"


def test_one_product_roadmap_is_bounded_by_limit(api, product, member, staff):
    for number in range(3):
        idea = actions.submit_idea(product, author=member, title=f"I{number}", description="d")
        _move(idea, staff, "planned")

    body = api.get("/roadmap?product=phone&limit=2").json()

    planned = body["columns"][0]
    assert body["product"] == "phone"
    assert len(planned["items"]) == 2 and planned["count"] == 3
    assert planned["more_url"] == "/ideas/?status=planned&product=phone"


@pytest.mark.parametrize(
    ("query", "status"),
    [("product=nope", 422), ("limit=0", 422), ("limit=51", 422), ("limit=x", 422)],
)
def test_bad_roadmap_queries_are_refused(api, product, query, status):
    response = api.get(f"/roadmap?{query}")

    assert response.status_code == status
    assert response.json()["code"] == "invalid"


def test_the_roadmap_costs_the_same_queries_for_any_number_of_ideas(
    api, product, member, staff, camera_tag, django_assert_max_num_queries
):
    def make(count):
        for number in range(count):
            idea = actions.submit_idea(
                product, author=member, title=f"I{number}", description="d", tags=[camera_tag]
            )
            _move(idea, staff, "planned")

    make(1)
    with CaptureQueriesContext(connection) as few:
        api.get("/roadmap?product=phone")
    make(10)
    cache.clear()  # the test's transaction never commits, so no stamp moved
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get("/roadmap?product=phone").json()["columns"][0]["items"]) == 8
    with CaptureQueriesContext(connection) as again:
        api.get("/roadmap?product=phone")
    assert len(again.captured_queries) == 2  # the product and the stamps: the rest is kept
