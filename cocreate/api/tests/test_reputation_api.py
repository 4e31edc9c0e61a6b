import pytest

from cocreate.forum.models import Product
from cocreate.reputation import actions
from cocreate.reputation.models import Medal, PointsEntry

pytestmark = pytest.mark.django_db


def test_member_reputation(api, member):
    actions.award_points(member.pk, points=70, verb="post.created")
    actions.award_medal(member, medal=Medal.objects.get(slug="first-post"))

    response = api.get("/users/ada")

    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "ada"
    assert body["display_name"] == "Ada Lovelace"
    assert (body["level"], body["points"], body["tier"]) == (3, 70, "member")
    assert [medal["slug"] for medal in body["medals"]] == ["first-post"]


def test_member_reputation_of_a_new_member(api, member):
    body = api.get("/users/ada").json()

    assert (body["level"], body["points"], body["tier"], body["medals"]) == (1, 0, "member", [])


def test_unknown_member_is_404(api, db):
    response = api.get("/users/nobody")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_leaderboard(api, member, other_member):
    product = Product.objects.create(slug="phone", name="Phone")
    actions.award_points(member.pk, points=5, verb="post.created", product=product)
    actions.award_points(other_member.pk, points=9, verb="post.created")

    overall = api.get("/leaderboard?window=month").json()
    for_product = api.get("/leaderboard?window=all&product=phone").json()

    assert [(row["rank"], row["username"], row["points"]) for row in overall] == [
        (1, "grace", 9),
        (2, "ada", 5),
    ]
    assert [row["username"] for row in for_product] == ["ada"]


def test_leaderboard_bad_window_is_422(api, db):
    response = api.get("/leaderboard?window=decade")

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "window"


def test_leaderboard_unknown_product_is_404(api, db):
    assert api.get("/leaderboard?product=nope").status_code == 404


def test_medals(api, db):
    body = api.get("/medals").json()

    assert [medal["slug"] for medal in body][:2] == ["first-post", "conversation-starter"]
    assert set(body[0]) == {"slug", "name", "description", "icon", "holders"}


def test_staff_grants_points(api, staff, member, token_for):
    response = api.post(
        "/users/ada/points", {"points": 25, "reason": "Hosted a meetup"}, token=token_for(staff)
    )

    assert response.status_code == 201
    assert response.json() | {"id": 0} == {
        "id": 0,
        "points": 25,
        "reason": "Hosted a meetup",
        "total": 25,
        "level": 2,
    }


def test_granting_points_needs_authentication(api, member):
    response = api.post("/users/ada/points", {"points": 25, "reason": "x"})

    assert response.status_code == 401
    assert not PointsEntry.objects.exists()


def test_members_cannot_grant_points(api, member, token_for):
    response = api.post("/users/ada/points", {"points": 25, "reason": "x"}, token=token_for(member))

    assert response.status_code == 403
    assert response.json()["detail"] == "Only staff can grant or deduct points."
    assert not PointsEntry.objects.exists()


def test_granting_to_unknown_member_is_404(api, staff, token_for):
    response = api.post(
        "/users/nobody/points", {"points": 5, "reason": "x"}, token=token_for(staff)
    )

    assert response.status_code == 404


@pytest.mark.parametrize(
    "payload",
    [
        {"points": 5, "reason": ""},
        {"points": 5, "reason": "   "},
        {"points": 5},
        {"points": 10**9, "reason": "oops"},
        {"points": 0, "reason": "nothing"},
        {"points": "many", "reason": "x"},
        {"points": 5, "reason": "x" * 301},
    ],
)
def test_bad_grants_are_422_and_write_nothing(api, staff, member, token_for, payload):
    response = api.post("/users/ada/points", payload, token=token_for(staff))

    assert response.status_code == 422
    assert not PointsEntry.objects.exists()
