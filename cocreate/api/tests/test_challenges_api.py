"""The challenges API: lists by phase, one challenge, drafting one."""

import pytest

from cocreate.challenges.models import Challenge, Prize
from cocreate.challenges.tests.fixtures import add_criteria, add_prizes, make_challenge

pytestmark = pytest.mark.django_db


@pytest.fixture
def phases(product):
    made = {}
    for phase in ("draft", "upcoming", "open", "scoring", "judging", "announced"):
        made[phase] = make_challenge(product, slug=f"c-{phase}", phase=phase)
        add_prizes(made[phase])
    return made


def slugs(response):
    return [item["slug"] for item in response.json()["items"]]


@pytest.mark.parametrize(
    ("phase", "expected"),
    [
        ("open", ["c-open"]),
        ("upcoming", ["c-upcoming"]),
        ("in_progress", ["c-judging", "c-scoring"]),
        ("past", ["c-announced"]),
    ],
)
def test_list_challenges_by_phase(api, phases, phase, expected):
    response = api.get(f"/challenges?phase={phase}")
    assert response.status_code == 200
    assert slugs(response) == expected
    item = response.json()["items"][0]
    assert item["top_prize"] == {"label": "First prize", "cash": "10000.00", "currency": "CNY"}


def test_list_challenges_shows_drafts_to_staff_only(api, phases, staff, token_for):
    assert "c-draft" not in slugs(api.get("/challenges"))
    assert "c-draft" in slugs(api.get("/challenges", token=token_for(staff)))
    assert api.get("/challenges").json()["count"] == 5


def test_list_challenges_filters_by_product_and_kind(api, phases, solution_challenge):
    assert slugs(api.get("/challenges?phase=open&kind=solution")) == ["battery-life"]
    assert len(slugs(api.get("/challenges?product=phone&limit=2"))) == 2


@pytest.mark.parametrize(
    "query", ["phase=soon", "product=nope", "kind=lottery", "limit=0", "offset=-1"]
)
def test_list_challenges_refuses_bad_filters(api, phases, query):
    assert api.get(f"/challenges?{query}").status_code == 422


@pytest.mark.parametrize("count", [1, 10])
def test_list_challenges_takes_a_fixed_number_of_queries(
    api, product, count, django_assert_max_num_queries
):
    for number in range(count):
        add_prizes(make_challenge(product, slug=f"open-{number}"))
    api.get("/challenges")
    with django_assert_max_num_queries(3):
        assert len(slugs(api.get("/challenges"))) == count


def test_get_a_challenge_with_prizes_timeline_criteria_and_your_standing(
    api, contest, member, token_for
):
    add_prizes(contest)
    add_criteria(contest)
    Challenge.objects.filter(pk=contest.pk).update(min_level=3)

    visitor = api.get(f"/challenges/{contest.pk}").json()
    mine = api.get(f"/challenges/{contest.pk}", token=token_for(member)).json()

    assert visitor["phase"] == "open" and visitor["takes_entries"] is True
    assert [prize["rank"] for prize in visitor["prizes"]] == [1, 2, 3]
    assert visitor["prizes"][0]["medal"] == "challenge-winner"
    assert visitor["criteria"] == ["Originality", "Feasibility"]
    assert [step["label"] for step in visitor["timeline"]][:2] == ["Opens", "Entries close"]
    assert "<strong>back</strong>" in visitor["brief_html"]
    assert visitor["eligible"] is None and visitor["eligibility"] == []
    assert mine["eligible"] is False and not mine["eligibility"][0]["met"]


def test_a_draft_is_not_found_but_by_staff(api, product, member, staff, token_for):
    draft = make_challenge(product, phase="draft")
    assert api.get(f"/challenges/{draft.pk}").status_code == 404
    assert api.get(f"/challenges/{draft.pk}", token=token_for(member)).status_code == 404
    assert api.get(f"/challenges/{draft.pk}", token=token_for(staff)).status_code == 200
    assert api.get("/challenges/999").status_code == 404


def payload(**overrides):
    data = {
        "product": "phone",
        "kind": "design",
        "slug": "mascot",
        "name": "Mascot contest",
        "name_zh": "吉祥物大赛",
        "brief": "Draw *our* mascot.",
        "ip_terms": "You license it.",
        "time_zone": "Asia/Shanghai",
        "opens_at": "2030-01-01T09:00:00",
        "submissions_close_at": "2030-02-01T18:00:00",
        "scoring_closes_at": "2030-02-10T18:00:00",
        "judging_closes_at": "2030-03-01T18:00:00+00:00",
        "prizes": [
            {
                "rank": 1,
                "label": "Gold",
                "cash": "500.50",
                "currency": "USD",
                "medal": "challenge-winner",
            },
            {"rank": 2, "label": "Silver", "points": 50},
        ],
    }
    data.update(overrides)
    return data


def test_staff_draft_a_challenge_with_prizes(api, product, staff, token_for):
    response = api.post("/challenges", payload(), token=token_for(staff))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft" and body["phase"] == "draft"
    assert body["submissions_close_at"].startswith("2030-02-01T10:00")  # 18:00 in Shanghai
    assert body["judging_closes_at"].startswith("2030-03-01T18:00")
    assert [prize["cash"] for prize in body["prizes"]] == ["500.50", "0.00"]
    assert body["prizes"][0]["medal"] == "challenge-winner"


@pytest.mark.parametrize(
    ("overrides", "status", "code"),
    [
        ({"slug": "new"}, 400, "reserved_slug"),
        ({"judging_closes_at": "2030-01-05T00:00:00"}, 400, "timeline_order"),
        ({"kind": "solution"}, 400, "scoring_not_allowed"),
        ({"time_zone": "Mars/Base"}, 400, "invalid_time_zone"),
        ({"prizes": [{"rank": 1, "label": "A"}, {"rank": 1, "label": "B"}]}, 400, "duplicate_rank"),
        ({"prizes": [{"rank": 1, "label": "A", "cash": "-1"}]}, 422, "invalid"),
        ({"prizes": [{"rank": 1, "label": "A", "currency": "usd"}]}, 422, "invalid"),
        ({"prizes": [{"rank": 1, "label": "A", "medal": "nope"}]}, 422, "invalid"),
        ({"product": "nope"}, 422, "invalid"),
        ({"opens_at": "soon"}, 422, "invalid"),
    ],
)
def test_bad_drafts_are_refused_and_nothing_is_written(
    api, product, staff, token_for, overrides, status, code
):
    response = api.post("/challenges", payload(**overrides), token=token_for(staff))
    assert response.status_code == status, response.json()
    assert response.json()["code"] == code
    assert not Challenge.objects.exists() and not Prize.objects.exists()


def test_only_staff_draft_challenges(api, product, member, token_for):
    assert api.post("/challenges", payload()).status_code == 401
    assert api.post("/challenges", payload(), token=token_for(member)).status_code == 403
    assert not Challenge.objects.exists()
