"""The entries API: enter with images (multipart), list with orders and
visibility, read one, score within the window with the refusals' codes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cocreate.accounts.tests.uploads import fake_image_upload, image_upload
from cocreate.challenges.enums import TeamStatus
from cocreate.challenges.models import Challenge, Entry, EntryMember, Score
from cocreate.challenges.tests.fixtures import make_challenge, make_entry
from cocreate.challenges.tests.test_entries_actions import veteran

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def post_entry(client, challenge, token, **fields):
    data = {
        "title": "Ink waves",
        "description": "Waves in **ink**.",
        "accept_terms": "true",
        "images": [image_upload("art.png", "PNG", size=(800, 600))],
    } | fields
    return client.post(
        f"/api/v1/challenges/{challenge.pk}/entries",
        data,
        headers={"Authorization": f"Bearer {token}"},
    )


def test_enter_with_an_image_and_read_it_back(client, api, contest, member, token_for):
    token = token_for(member)
    response = post_entry(client, contest, token)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["title"] == "Ink waves" and "<strong>ink</strong>" in body["description_html"]
    assert len(body["images"]) == 1 and body["images"][0]["width"] == 800
    assert float(body["team"][0]["share"]) == 100
    assert api.get(f"/entries/{body['id']}").json()["team"][0]["share"] is None
    assert Challenge.objects.get(pk=contest.pk).entry_count == 1


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"accept_terms": "false"}, 422),
        ({"images": [fake_image_upload("art.png")]}, 422),
        ({"images": []}, 422),
        ({"title": ""}, 422),
    ],
)
def test_bad_entries_are_422_and_nothing_is_written(
    client, contest, member, token_for, fields, status
):
    response = post_entry(client, contest, token_for(member), **fields)
    assert response.status_code == status
    assert "code" in response.json()
    assert not Entry.objects.exists()


def test_entering_after_the_deadline_is_409_and_a_judge_403(
    client, product, member, token_for, make_judge
):
    closed = make_challenge(product, phase="scoring")
    response = post_entry(client, closed, token_for(member))
    assert response.status_code == 409 and response.json()["code"] == "closed"
    open_contest = make_challenge(product, slug="open")
    judge = make_judge(open_contest)
    assert post_entry(client, open_contest, token_for(judge)).status_code == 403
    assert client.post(f"/api/v1/challenges/{open_contest.pk}/entries").status_code == 401


def test_list_entries_with_hidden_scores_and_your_own(api, product, token_for):
    contest = make_challenge(product, phase="scoring")
    entries = [make_entry(contest, veteran(f"a{n}"), title=f"E{n}") for n in range(3)]
    fan = veteran("fan")
    Score.objects.create(entry=entries[0], member=fan, challenge=contest, value=4)

    body = api.get(f"/challenges/{contest.pk}/entries?sort=score", token=token_for(fan)).json()
    assert body["sort"] == "new" and [i["title"] for i in body["items"]] == ["E2", "E1", "E0"]
    assert body["items"][0]["community_score"] is None
    assert body["items"][2]["my_score"] == 4
    assert api.get(f"/challenges/{contest.pk}/entries?page=0").status_code == 422


def test_list_entries_of_a_solution_challenge_shows_only_your_team(
    api, solution_challenge, token_for
):
    mine = make_entry(solution_challenge, veteran("me"), title="Mine")
    make_entry(solution_challenge, veteran("them"), title="Theirs")
    body = api.get(f"/challenges/{solution_challenge.pk}/entries", token=token_for(mine.author))
    assert [i["title"] for i in body.json()["items"]] == ["Mine"]
    assert api.get(f"/challenges/{solution_challenge.pk}/entries").json()["items"] == []
    assert api.get(f"/entries/{mine.pk}").status_code == 404


def test_a_draft_challenge_is_not_found(api, product):
    draft = make_challenge(product, phase="draft")
    assert api.get(f"/challenges/{draft.pk}/entries").status_code == 404


def test_score_within_the_window_and_change_it(api, product, token_for):
    contest = make_challenge(product, phase="scoring")
    entry = make_entry(contest, veteran("author"))
    token = token_for(veteran("fan"))

    first = api.post(f"/entries/{entry.pk}/score", {"score": 5}, token=token)
    second = api.post(f"/entries/{entry.pk}/score", {"score": 2}, token=token)

    assert first.status_code == second.status_code == 200
    assert second.json()["score"] == 2 and second.json()["score_count"] is None
    row = Entry.objects.get(pk=entry.pk)
    assert (row.score_count, row.score_sum) == (1, 200)


@pytest.mark.parametrize("bad", [{"score": 6}, {"score": -1}, {"score": "x"}, {}])
def test_a_score_out_of_range_is_422(api, product, token_for, bad):
    contest = make_challenge(product, phase="scoring")
    entry = make_entry(contest, veteran("author"))
    response = api.post(f"/entries/{entry.pk}/score", bad, token=token_for(veteran("fan")))
    assert response.status_code == 422
    assert not Score.objects.exists()


def test_scoring_refusals_carry_their_codes(api, product, token_for):
    open_contest = make_challenge(product, slug="open")
    early = make_entry(open_contest, veteran("early"))
    fan = token_for(veteran("fan"))
    response = api.post(f"/entries/{early.pk}/score", {"score": 3}, token=fan)
    assert response.status_code == 409 and response.json()["code"] == "closed"

    contest = make_challenge(product, phase="scoring")
    entry = make_entry(contest, veteran("author"))
    mate = veteran("mate")
    EntryMember.objects.create(entry=entry, member=mate, share=10, status=TeamStatus.INVITED)
    for who in (entry.author, mate):
        response = api.post(f"/entries/{entry.pk}/score", {"score": 3}, token=token_for(who))
        assert response.status_code == 409 and response.json()["code"] == "own_entry"
    assert api.post(f"/entries/{entry.pk}/score", {"score": 3}).status_code == 401
    Challenge.objects.filter(pk=contest.pk).update(
        scoring_closes_at=timezone.now() - timedelta(minutes=1)
    )
    response = api.post(f"/entries/{entry.pk}/score", {"score": 3}, token=fan)
    assert response.status_code == 409 and response.json()["code"] == "closed"
    assert not Score.objects.exists()
