"""The jury's API: judging an entry, and a challenge's results."""

from decimal import Decimal

import pytest

from cocreate.accounts.tests.factories import UserFactory
from cocreate.challenges.actions import judging as actions
from cocreate.challenges.models import EntryMember, Judge, Judgement
from cocreate.challenges.tests.fixtures import add_criteria, add_prizes, make_challenge, make_entry
from cocreate.challenges.tests.test_judging_actions import full_marks

pytestmark = pytest.mark.django_db


@pytest.fixture
def jury(product, member, make_judge):
    challenge = make_challenge(product, phase="judging")
    originality, feasibility = add_criteria(challenge)
    add_prizes(challenge)
    entry = make_entry(challenge, member, is_shortlisted=True)
    judge = make_judge(challenge)
    return challenge, entry, judge, originality, feasibility


def url(entry):
    return f"/entries/{entry.pk}/judgements"


def test_a_judge_scores_one_criterion_then_all(api, jury, token_for):
    _challenge, entry, judge, originality, feasibility = jury
    token = token_for(judge)

    one = api.post(
        url(entry), {"criterion": originality.pk, "score": 9, "comment": "Bold"}, token=token
    )
    both = api.post(
        url(entry),
        [
            {"criterion": originality.pk, "score": 8, "comment": "Bold"},
            {"criterion": feasibility.pk, "score": 5},
        ],
        token=token,
    )

    assert one.status_code == 200 and one.json()["judgement_count"] == 1
    assert both.status_code == 200
    assert [(j["criterion"], j["score"]) for j in both.json()["judgements"]] == [
        (originality.pk, 8),
        (feasibility.pk, 5),
    ]
    entry.refresh_from_db()
    assert entry.jury_score == pytest.approx(7)


def test_a_conflicted_judge_and_a_non_judge_get_403(api, jury, token_for, other_member):
    _challenge, entry, judge, originality, _ = jury
    EntryMember.objects.create(entry=entry, member=judge, share=Decimal(5), status="invited")
    body = {"criterion": originality.pk, "score": 9}

    conflicted = api.post(url(entry), body, token=token_for(judge))
    stranger = api.post(url(entry), body, token=token_for(other_member))
    visitor = api.post(url(entry), body)

    assert conflicted.status_code == 403 and "your team" in conflicted.json()["detail"]
    assert stranger.status_code == 403
    assert visitor.status_code == 401
    assert not Judgement.objects.exists()


def test_wrong_phase_or_off_the_shortlist_is_409(api, jury, token_for, product):
    challenge, _entry, judge, originality, _ = jury
    off = make_entry(challenge, UserFactory(), title="Off")
    scoring = make_challenge(product, slug="early", phase="scoring")
    early = make_entry(scoring, UserFactory(), is_shortlisted=True)
    early_criterion = add_criteria(scoring)[0]
    Judge.objects.create(challenge=scoring, member=judge)
    token = token_for(judge)

    not_listed = api.post(url(off), {"criterion": originality.pk, "score": 5}, token=token)
    too_early = api.post(url(early), {"criterion": early_criterion.pk, "score": 5}, token=token)

    assert not_listed.status_code == 409 and not_listed.json()["code"] == "not_shortlisted"
    assert too_early.status_code == 409 and too_early.json()["code"] == "phase"
    assert not Judgement.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"criterion": "ORIGINALITY", "score": 11},
        {"criterion": "ORIGINALITY", "score": -1},
        {"criterion": "ORIGINALITY", "score": "nine"},
        {"criterion": "ORIGINALITY", "score": 2},
        {"criterion": "ORIGINALITY", "score": 5, "comment": "x" * 2001},
        {"criterion": 999999, "score": 5},
        {"score": 5},
        [],
    ],
)
def test_bad_input_is_422_and_nothing_changes(api, jury, token_for, body):
    _challenge, entry, judge, originality, _ = jury
    if isinstance(body, dict) and body.get("criterion") == "ORIGINALITY":
        body["criterion"] = originality.pk

    response = api.post(url(entry), body, token=token_for(judge))

    assert response.status_code == 422
    assert not Judgement.objects.exists()


def test_an_unknown_entry_is_404(api, jury, token_for):
    response = api.post(
        "/entries/999999/judgements", {"criterion": 1, "score": 5}, token=token_for(jury[2])
    )

    assert response.status_code == 404


def test_results_are_404_until_announced_except_for_staff(api, jury, token_for, staff, member):
    challenge = jury[0]

    assert api.get(f"/challenges/{challenge.pk}/results").status_code == 404
    assert (
        api.get(f"/challenges/{challenge.pk}/results", token=token_for(member)).status_code == 404
    )
    assert api.get(f"/challenges/{challenge.pk}/results", token=token_for(staff)).status_code == 200


def test_results_list_winners_prizes_ranks_scores_and_teams(api, jury, staff):
    challenge, entry, judge, *_ = jury
    tess = UserFactory(username="tess")
    EntryMember.objects.create(entry=entry, member=tess, share=Decimal(40), status="confirmed")
    second = make_entry(challenge, UserFactory(username="zoe"), is_shortlisted=True, title="Tide")
    actions.judge_entry(entry, judge=judge, marks=full_marks(challenge, 9, 9))
    actions.judge_entry(second, judge=judge, marks=full_marks(challenge, 6, 6))
    actions.confirm_winners(challenge, actor=staff)

    body = api.get(f"/challenges/{challenge.pk}/results").json()

    first = body["results"][0]
    assert first["rank"] == 1 and first["title"] == "Ink waves"
    assert first["prize"] == {
        "rank": 1,
        "label": "First prize",
        "cash": "10000.00",
        "currency": "CNY",
        "points": 500,
        "medal": "challenge-winner",
    }
    assert first["final_score"] == pytest.approx(63) and first["jury_score"] == 9
    assert [t["username"] for t in first["team"]] == ["ada", "tess"]
    assert body["results"][1]["prize"]["rank"] == 2
    assert "earlier submission" in body["tie_rule"]


def test_results_of_a_draft_are_not_found(api, product):
    draft = make_challenge(product, slug="d", phase="draft")

    assert api.get(f"/challenges/{draft.pk}/results").status_code == 404


def test_results_hold_their_query_count(api, jury, staff, django_assert_max_num_queries):
    challenge, _entry, _judge, *_ = jury
    for number in range(5):
        make_entry(challenge, UserFactory(), is_shortlisted=True, title=f"More {number}")
    actions.confirm_winners(challenge, actor=staff, despite_missing=True)

    with django_assert_max_num_queries(7):
        assert api.get(f"/challenges/{challenge.pk}/results").status_code == 200
