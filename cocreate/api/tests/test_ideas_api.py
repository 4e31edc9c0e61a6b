import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cocreate.accounts.tests.factories import UserFactory
from cocreate.forum.models import Product
from cocreate.ideas import actions
from cocreate.ideas.enums import IdeaStatus
from cocreate.ideas.models import Idea, StatusChange, Support
from cocreate.moderation import actions as moderation
from cocreate.search.actions import rebuild_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def token_of(token_for, member, other_member, idea_moderator, other_moderator, staff):
    """`token_of(role)` → a token for that role's member; None for a visitor.
    The author of `idea` is `member`."""
    users = {
        "member": other_member,
        "author": member,
        "moderator": idea_moderator,
        "other_moderator": other_moderator,
        "staff": staff,
    }
    return lambda role: token_for(users[role]) if role in users else None


# Reading -----------------------------------------------------------------------------------


def test_list_ideas_with_their_counts_and_tags(api, idea, other_idea, member, token_for):
    body = api.get("/ideas?sort=new", token=token_for(member)).json()

    assert body["count"] == 2
    first, second = body["items"]
    assert (first["id"], second["id"]) == (other_idea.pk, idea.pk)
    assert second["tags"] == ["camera"] and second["supported"] is True
    assert first["supported"] is False and first["status"] == "new"
    assert second["author"] == {"username": "ada", "name": "Ada Lovelace"}
    assert second["url"] == f"/ideas/{idea.pk}/" and second["thread"] == idea.thread_id


def test_list_ideas_for_a_visitor_filtered(api, idea, other_idea, staff):
    actions.change_status(other_idea, actor=staff, status="planned", response="Yes")

    planned = api.get("/ideas?status=planned").json()
    tagged = api.get("/ideas?tag=camera&product=phone&sort=top").json()

    assert [item["id"] for item in planned["items"]] == [other_idea.pk]
    assert planned["items"][0]["supported"] is None
    assert planned["items"][0]["response"] == "Yes"
    assert [item["id"] for item in tagged["items"]] == [idea.pk]


def test_mine_and_supported_need_a_member(api, idea, other_idea, member, token_for):
    assert api.get("/ideas?show=mine").status_code == 401
    mine = api.get("/ideas?show=mine", token=token_for(member)).json()
    supported = api.get("/ideas?show=supported", token=token_for(member)).json()

    assert [item["id"] for item in mine["items"]] == [idea.pk]
    assert [item["id"] for item in supported["items"]] == [idea.pk]


@pytest.mark.parametrize(
    "query",
    [
        "sort=best",
        "status=lost",
        "product=nope",
        "tag=nope",
        "show=all",
        "limit=0",
        "limit=101",
        "offset=-1",
    ],
)
def test_list_ideas_refuses_bad_filters(api, idea, query):
    response = api.get(f"/ideas?{query}")

    assert response.status_code == 422 and response.json()["code"] == "invalid"


def test_the_list_costs_the_same_queries_for_few_or_many(api, product, member, camera_tag):
    def make(count):
        for number in range(count):
            actions.submit_idea(
                product, author=member, title=f"I{number}", description="d", tags=[camera_tag]
            )

    make(2)
    with CaptureQueriesContext(connection) as few:
        api.get("/ideas?sort=trending")
    make(20)
    cache.clear()  # the test's transaction never commits, so no stamp moved
    with CaptureQueriesContext(connection) as many:
        body = api.get("/ideas?sort=trending&limit=20").json()
    with CaptureQueriesContext(connection) as again:
        api.get("/ideas?sort=trending&limit=20")
    assert len(body["items"]) == 20 and body["count"] == 22
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(again.captured_queries) == 1  # only the stamps: the page is kept whole


def test_a_shared_list_shows_each_caller_their_own_supports(
    api, idea, other_idea, member, other_member, token_for
):
    visitor = api.get("/ideas?sort=new").json()
    others = api.get("/ideas?sort=new", token=token_for(other_member)).json()
    authors = api.get("/ideas?sort=new", token=token_for(member)).json()

    assert [item["supported"] for item in visitor["items"]] == [None, None]
    assert [item["supported"] for item in others["items"]] == [True, False]
    assert [item["supported"] for item in authors["items"]] == [False, True]
    assert visitor["items"][1] == {**authors["items"][1], "supported": None}


def test_get_an_idea_with_its_timeline(api, idea, staff):
    actions.change_status(idea, actor=staff, status="under_review", response="Looking")

    body = api.get(f"/ideas/{idea.pk}").json()

    assert body["status"] == "under_review" and body["status_label"] == "Under review"
    assert body["description_html"] == "<p>Make <strong>night</strong> photos brighter.</p>\n"
    [change] = body["timeline"]
    assert change["from_status"] == "new" and change["actor"] == "admin"
    assert change["response"] == "Looking"


def test_a_hidden_or_unknown_idea_is_404(api, idea, staff, other_member, token_for):
    moderation.hide_post(idea.thread.posts.get(number=1), actor=staff, reason="Spam")

    assert api.get(f"/ideas/{idea.pk}", token=token_for(other_member)).status_code == 404
    assert api.get(f"/ideas/{idea.pk}", token=token_for(idea.author)).status_code == 200
    assert api.get("/ideas/999999").json()["code"] == "not_found"
    assert api.get("/ideas/0").status_code == 422


def test_similar_ideas_in_chinese_and_english(api, idea, other_idea):
    rebuild_index()
    chinese = api.get("/ideas/similar?q=息屏").json()
    english = api.get("/ideas/similar?q=night%20mode&product=phone").json()

    assert [item["title"] for item in chinese] == ["希望增加息屏显示功能"]
    assert [item["id"] for item in english] == [idea.pk]
    assert english[0]["support_count"] == 1


@pytest.mark.parametrize("query", ["", "q=", "q=" + "x" * 201, "q=a&limit=21", "q=a&product=no"])
def test_similar_refuses_bad_input(api, query):
    assert api.get(f"/ideas/similar?{query}").status_code == 422


# Submitting ----------------------------------------------------------------------------------


def test_submit_an_idea(api, product, camera_tag, member, token_for):
    response = api.post(
        "/ideas",
        {"product": "phone", "title": "Battery", "description": "Longer", "tags": ["camera"]},
        token=token_for(member),
    )

    assert response.status_code == 201
    body = response.json()
    idea = Idea.objects.get()
    assert body["id"] == idea.pk and body["support_count"] == 1 and body["supported"] is True
    assert body["tags"] == ["camera"] and body["timeline"] == []


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"title": "T", "description": "d"}, "product"),
        ({"product": "nope", "title": "T", "description": "d"}, "product"),
        ({"product": "phone", "title": " ", "description": "d"}, "title"),
        ({"product": "phone", "title": "x" * 151, "description": "d"}, "title"),
        ({"product": "phone", "title": "T", "description": ""}, "description"),
        ({"product": "phone", "title": "T", "description": "x" * 10001}, "description"),
        ({"product": "phone", "title": "T", "description": "d", "tags": ["nope"]}, "tags"),
        ({"product": "phone", "title": "T", "description": "d", "tags": "camera"}, "tags"),
    ],
)
def test_submit_refuses_bad_input_and_creates_nothing(
    api, product, camera_tag, member, token_for, payload, field
):
    response = api.post("/ideas", payload, token=token_for(member))

    assert response.status_code == 422
    assert field in [error["field"] for error in response.json()["errors"]]
    assert not Idea.objects.exists()


def test_submit_refuses_a_body_that_is_not_json(api, member, token_for):
    response = api.post("/ideas", raw="{not json", token=token_for(member))

    assert response.status_code == 400 and not Idea.objects.exists()


def test_submit_refuses_links_without_the_privilege(api, product, member, token_for):
    response = api.post(
        "/ideas",
        {"product": "phone", "title": "T", "description": "[x](https://example.com)"},
        token=token_for(member),
    )

    assert response.status_code == 403 and "post links" in response.json()["detail"]


# Supporting ----------------------------------------------------------------------------------


def test_support_and_withdraw(api, idea, other_member, token_for):
    token = token_for(other_member)

    first = api.post(f"/ideas/{idea.pk}/support", token=token)
    again = api.post(f"/ideas/{idea.pk}/support", token=token)
    withdrawn = api.delete(f"/ideas/{idea.pk}/support", token=token)

    assert (first.status_code, again.status_code, withdrawn.status_code) == (201, 200, 200)
    assert first.json() == {"id": idea.pk, "supported": True, "support_count": 2, "status": "new"}
    assert withdrawn.json()["support_count"] == 1 and not withdrawn.json()["supported"]


def test_support_of_a_closed_idea_is_refused(api, idea, staff, other_member, token_for):
    actions.change_status(idea, actor=staff, status="declined", response="No")

    response = api.post(f"/ideas/{idea.pk}/support", token=token_for(other_member))

    assert response.status_code == 403 and "supports are closed" in response.json()["detail"]
    assert Support.objects.count() == 1


# The team's tools ----------------------------------------------------------------------------


def test_staff_change_the_status(api, idea, staff, token_for):
    response = api.post(
        f"/ideas/{idea.pk}/status", {"status": "planned", "response": "Yes"}, token=token_for(staff)
    )

    assert response.status_code == 200
    assert response.json()["status"] == "planned" and response.json()["response"] == "Yes"


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"status": "shipped", "response": "Done"}, 400, "invalid_transition"),
        ({"status": "duplicate", "response": "Dup"}, 400, "invalid_status"),
        ({"status": "whatever", "response": "?"}, 400, "invalid_status"),
        ({"status": "planned", "response": "   "}, 400, "response_required"),
        ({"status": "planned", "response": "x" * 5001}, 422, "invalid"),
        ({"status": "planned"}, 422, "invalid"),
        ({"status": "", "response": "x"}, 422, "invalid"),
    ],
)
def test_a_refused_status_change_changes_nothing(
    api, idea, staff, token_for, payload, status, code
):
    response = api.post(f"/ideas/{idea.pk}/status", payload, token=token_for(staff))

    assert (response.status_code, response.json()["code"]) == (status, code)
    assert Idea.objects.get(pk=idea.pk).status == IdeaStatus.NEW
    assert not StatusChange.objects.exists()


def test_merge_by_a_moderator(api, idea, other_idea, idea_moderator, token_for):
    response = api.post(
        f"/ideas/{other_idea.pk}/merge", {"into": idea.pk}, token=token_for(idea_moderator)
    )

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "duplicate" and body["duplicate_of"] == idea.pk
    assert body["support_count"] == 0
    assert Idea.objects.get(pk=idea.pk).support_count == 2


def test_merge_refusals(api, idea, other_idea, staff, member, token_for):
    token = token_for(staff)
    elsewhere = actions.submit_idea(
        Product.objects.create(slug="watch", name="Watch"),
        author=member,
        title="W",
        description="w",
    )
    third = actions.submit_idea(idea.product, author=member, title="Third", description="3")
    actions.merge_idea(third, into=idea, actor=staff)

    def merge(source, into):
        response = api.post(f"/ideas/{source.pk}/merge", {"into": into}, token=token)
        return response.status_code, response.json()["code"]

    assert merge(other_idea, other_idea.pk) == (400, "same_idea")
    assert merge(other_idea, elsewhere.pk) == (400, "other_product")
    assert merge(other_idea, third.pk) == (409, "target_duplicate")
    assert merge(third, idea.pk) == (400, "invalid_transition")
    assert merge(other_idea, 999999) == (422, "invalid")
    assert merge(other_idea, 0) == (422, "invalid")
    assert Idea.objects.get(pk=other_idea.pk).status == IdeaStatus.NEW


# Who may do what -----------------------------------------------------------------------------

ROLES = ("anonymous", "member", "author", "moderator", "other_moderator", "staff")
EXPECTED = {
    "anonymous": {"submit": 401, "support": 401, "withdraw": 401, "status": 401, "merge": 401},
    "member": {"submit": 201, "support": 201, "withdraw": 200, "status": 403, "merge": 403},
    "author": {"submit": 201, "support": 200, "withdraw": 200, "status": 403, "merge": 403},
    "moderator": {"submit": 201, "support": 201, "withdraw": 200, "status": 403, "merge": 200},
    "other_moderator": {
        "submit": 201,
        "support": 201,
        "withdraw": 200,
        "status": 403,
        "merge": 403,
    },
    "staff": {"submit": 201, "support": 201, "withdraw": 200, "status": 200, "merge": 200},
}


@pytest.mark.parametrize("role", ROLES)
def test_authorization_matrix(api, role, token_of, idea, other_idea):
    token = token_of(role)
    got = {
        "submit": api.post(
            "/ideas", {"product": "phone", "title": "New", "description": "d"}, token=token
        ),
        "support": api.post(f"/ideas/{idea.pk}/support", token=token),
        "withdraw": api.delete(f"/ideas/{idea.pk}/support", token=token),
        "status": api.post(
            f"/ideas/{idea.pk}/status", {"status": "planned", "response": "Y"}, token=token
        ),
        "merge": api.post(f"/ideas/{other_idea.pk}/merge", {"into": idea.pk}, token=token),
    }
    assert {action: response.status_code for action, response in got.items()} == EXPECTED[role]
    refused = [r for r in got.values() if r.status_code in (401, 403)]
    assert all(r.json()["detail"] for r in refused)


def test_many_members_support_through_the_api(api, idea, token_for):
    for member in [UserFactory() for _ in range(5)]:
        assert api.post(f"/ideas/{idea.pk}/support", token=token_for(member)).status_code == 201

    assert Idea.objects.get(pk=idea.pk).support_count == 6


# The demand (the product team's view) ----------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"), [(None, 401), ("member", 403), ("moderator", 403), ("staff", 200)]
)
def test_only_the_team_sees_the_demand(api, idea, token_of, role, status):
    for path in ("/ideas/demand", f"/ideas/{idea.pk}/demand"):
        assert api.get(path, token=token_of(role)).status_code == status


def test_the_demand_of_a_list_and_of_one_idea(api, idea, other_idea, member, staff, token_for):
    actions.support_idea(idea, member=UserFactory(city="Shanghai"))

    listed = api.get("/ideas/demand?product=phone", token=token_for(staff)).json()
    one = api.get(f"/ideas/{idea.pk}/demand", token=token_for(staff)).json()

    assert listed["supports"] == 3 and one["supports"] == 2
    assert {"key": "member", "label": "Member", "count": 2, "percent": 100.0} in one["tiers"]
    assert (one["cities"][0]["key"], one["cities"][0]["count"]) == ("London", 1)
    assert one["betas"] == [
        {"key": "none", "label": "In no beta program", "count": 2, "percent": 100.0}
    ]


@pytest.mark.parametrize("query", ["product=nope", "status=lost", "tag=nope"])
def test_bad_demand_filters_are_refused(api, idea, staff, token_for, query):
    response = api.get(f"/ideas/demand?{query}", token=token_for(staff))

    assert response.status_code == 422 and response.json()["code"] == "invalid"
