"""The entry pages: entering, the entry, editing and the team, the gallery
and its orders, scoring, the review of flagged scores; who may do what,
and bad input answered with a 4xx and nothing changed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cocreate.accounts.tests.factories import UserFactory
from cocreate.accounts.tests.uploads import fake_image_upload, image_upload
from cocreate.challenges.actions import scoring
from cocreate.challenges.enums import EntryStatus, TeamStatus
from cocreate.challenges.models import Challenge, Entry, EntryImage, EntryMember, Score
from cocreate.challenges.queries.entries import PAGE_SIZE
from cocreate.challenges.tests.fixtures import make_challenge, make_entry
from cocreate.challenges.tests.test_entries_actions import enter, veteran
from conftest import logged_in


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def post_entry(client, challenge, **fields):
    data = {
        "title": "Ink waves",
        "description": "Waves in **ink**.",
        "accept_terms": "on",
        "images": [image_upload("art.png", "PNG", size=(800, 600))],
    } | fields
    return client.post(reverse("challenges:enter", args=[challenge.slug]), data)


def test_a_member_enters_with_an_image_and_lands_on_the_entry(client, contest, member):
    logged_in(client, member)
    assert client.get(reverse("challenges:enter", args=[contest.slug])).status_code == 200

    response = post_entry(client, contest)

    entry = Entry.objects.get()
    assert response.status_code == 302 and response.url == entry.get_absolute_url()
    page = client.get(entry.get_absolute_url())
    assert page.status_code == 200
    assert "<strong>ink</strong>" in page.content.decode()
    assert entry.images.count() == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"accept_terms": ""},
        {"images": [fake_image_upload("art.png")]},
        {"images": []},
        {"title": ""},
        {"description": "x" * 10001},
    ],
)
def test_bad_entries_are_refused_with_400_and_nothing_written(client, contest, member, fields):
    logged_in(client, member)
    response = post_entry(client, contest, **fields)
    assert response.status_code in (400, 409)
    assert not Entry.objects.exists()
    assert Challenge.objects.get(pk=contest.pk).entry_count == 0


def test_entering_after_the_deadline_or_as_a_judge_is_refused(client, product, member, make_judge):
    closed = make_challenge(product, phase="scoring")
    logged_in(client, member)
    assert post_entry(client, closed).status_code == 403
    open_contest = make_challenge(product, slug="open")
    logged_in(client, make_judge(open_contest))
    assert post_entry(client, open_contest).status_code == 403
    assert not Entry.objects.exists()


def test_visitors_are_sent_to_log_in_to_enter(client, contest):
    response = post_entry(client, contest)
    assert response.status_code == 302 and "login" in response.url
    assert not Entry.objects.exists()


# Permission matrix ------------------------------------------------------------

ROLES = ["visitor", "member", "author", "teammate", "judge", "staff"]


@pytest.fixture
def cast(contest, staff, make_judge):
    author = veteran("author")
    entry = make_entry(contest, author)
    mate = veteran("mate")
    EntryMember.objects.create(entry=entry, member=mate, share=20, status=TeamStatus.CONFIRMED)
    EntryImage.objects.create(entry=entry, image="a.webp", thumbnail="a.webp", width=8, height=6)
    return entry, {
        "visitor": None,
        "member": veteran("someone"),
        "author": author,
        "teammate": mate,
        "judge": make_judge(contest),
        "staff": staff,
    }


def as_role(client, users, role):
    if users[role] is not None:
        logged_in(client, users[role])
    return client


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_a_design_entry_and_its_shares(client, cast, role):
    entry, users = cast
    response = as_role(client, users, role).get(entry.get_absolute_url())
    assert response.status_code == 200
    shows_shares = "20 %" in response.content.decode()
    assert shows_shares == (role in ("author", "teammate", "staff"))


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_a_solution_entry(client, solution_challenge, make_judge, staff, role):
    author, mate = veteran("author"), veteran("mate")
    entry = make_entry(solution_challenge, author)
    EntryMember.objects.create(entry=entry, member=mate, share=20, status=TeamStatus.CONFIRMED)
    users = {
        "visitor": None,
        "member": veteran("someone"),
        "author": author,
        "teammate": mate,
        "judge": make_judge(solution_challenge),
        "staff": staff,
    }
    response = as_role(client, users, role).get(entry.get_absolute_url())
    assert response.status_code == (404 if role in ("visitor", "member") else 200)


EDITORS = {"author"}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_author_edits_and_withdraws(client, cast, role):
    entry, users = cast
    as_role(client, users, role)
    edit = client.post(
        reverse("challenges:entry_edit", args=[entry.pk]),
        {"title": "Changed", "description": "Changed"},
    )
    withdraw = client.post(reverse("challenges:entry_withdraw", args=[entry.pk]))
    entry.refresh_from_db()
    if role in EDITORS:
        assert edit.status_code == 302 and withdraw.status_code == 302
        assert entry.title == "Changed" and entry.status == EntryStatus.WITHDRAWN
    else:
        assert edit.status_code in (302, 403) and withdraw.status_code in (302, 403)
        if role != "visitor":
            assert edit.status_code == 403
        assert entry.title == "Ink waves" and entry.status == EntryStatus.SUBMITTED


@pytest.mark.parametrize("role", ROLES)
def test_who_may_score_during_the_scoring_window(client, cast, role):
    entry, users = cast
    Challenge.objects.filter(pk=entry.challenge_id).update(
        submissions_close_at=timezone.now() - timedelta(hours=1)
    )
    response = as_role(client, users, role).post(
        reverse("challenges:score", args=[entry.pk]), {"score": "4"}
    )
    scored = Score.objects.filter(entry=entry).exists()
    assert scored == (role in ("member", "judge", "staff"))
    if role in ("author", "teammate"):
        assert response.status_code == 302  # told why, on the entry page
    assert Entry.objects.get(pk=entry.pk).score_count == int(scored)


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_review_flagged_scores(client, cast, role):
    entry, users = cast
    Challenge.objects.filter(pk=entry.challenge_id).update(
        submissions_close_at=timezone.now() - timedelta(hours=1)
    )
    score = scoring.score_entry(
        Entry.objects.get(pk=entry.pk), member=UserFactory(username="newbie"), value=5
    )
    as_role(client, users, role)
    page = client.get(reverse("challenges:flagged", args=[entry.challenge.slug]))
    void = client.post(reverse("challenges:score_review", args=[score.pk]), {"decision": "void"})
    score.refresh_from_db()
    if role == "staff":
        assert page.status_code == 200 and "newbie" in page.content.decode()
        assert void.status_code == 302 and score.is_void
    else:
        assert page.status_code in (302, 403) and void.status_code in (302, 403)
        assert not score.is_void


def test_score_bad_input_is_refused_and_nothing_changes(client, product):
    contest = make_challenge(product, phase="scoring")
    entry = make_entry(contest, veteran("author"))
    logged_in(client, veteran("fan"))
    url = reverse("challenges:score", args=[entry.pk])
    for bad in ("6", "-1", "x", ""):
        response = client.post(url, {"score": bad}, HTTP_HX_REQUEST="true")
        assert response.status_code == 400
    assert not Score.objects.exists()
    response = client.post(url, {"score": "3"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'aria-pressed="true">3<' in response.content.decode()


def test_review_with_an_unknown_decision_is_a_bad_request(client, staff, product):
    contest = make_challenge(product, phase="scoring")
    entry = make_entry(contest, veteran("author"))
    score = scoring.score_entry(entry, member=UserFactory(username="newbie"), value=5)
    logged_in(client, staff)
    response = client.post(reverse("challenges:score_review", args=[score.pk]), {"decision": "x"})
    assert response.status_code == 400
    score.refresh_from_db()
    assert not score.is_void and score.flag


def test_the_author_invites_a_teammate_who_confirms(client, contest, member, other_member):
    entry = make_entry(contest, member)
    logged_in(client, member)
    bad = client.post(
        reverse("challenges:entry_invite", args=[entry.pk]), {"username": "grace", "share": "100"}
    )
    assert bad.status_code == 400 and entry.team.count() == 1
    client.post(
        reverse("challenges:entry_invite", args=[entry.pk]), {"username": "grace", "share": "25"}
    )
    invitation = entry.team.get(member=other_member)
    logged_in(client, other_member)
    assert "Join the team" in client.get(entry.get_absolute_url()).content.decode()
    client.post(reverse("challenges:team_answer", args=[invitation.pk]), {"answer": "confirm"})
    invitation.refresh_from_db()
    assert invitation.status == TeamStatus.CONFIRMED


# Gallery --------------------------------------------------------------------


def gallery(client, challenge, htmx=False, **params):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.get(reverse("challenges:gallery", args=[challenge.slug]), params, headers=headers)


def titles(response):
    return [entry.title for entry in response.context["page"].entries]


def test_the_gallery_sorts_new_and_by_score_once_scores_show(client, product):
    contest = make_challenge(product, phase="judging")
    entries = [make_entry(contest, veteran(f"a{n}"), title=f"E{n}") for n in range(3)]
    Entry.objects.filter(pk=entries[0].pk).update(community_score=4.5)
    Entry.objects.filter(pk=entries[2].pk).update(community_score=1)

    assert titles(gallery(client, contest)) == ["E2", "E1", "E0"]
    assert titles(gallery(client, contest, sort="score")) == ["E0", "E2", "E1"]


def test_sorting_by_score_falls_back_to_new_while_scores_are_hidden(client, product):
    contest = make_challenge(product, phase="scoring")
    make_entry(contest, veteran("a"))
    assert gallery(client, contest, sort="score").context["sort"] == "new"
    assert gallery(client, contest, sort="nonsense", page="x").status_code == 200


def test_the_shuffled_order_is_stable_per_member_and_differs_between_members(client, contest):
    for n in range(30):
        make_entry(contest, veteran(f"a{n}"), title=f"E{n:02}")
    first, second = veteran("first"), veteran("second")
    logged_in(client, first)
    mine = titles(gallery(client, contest, sort="random"))
    assert mine == titles(gallery(client, contest, sort="random"))
    assert sorted(mine) != mine
    logged_in(client, second)
    assert titles(gallery(client, contest, sort="random")) != mine
    client.logout()
    page = gallery(client, contest, sort="random")
    visitors = titles(page)
    assert sorted(visitors) != visitors and visitors not in (mine,)
    assert gallery(client, contest, sort="random").content == page.content  # from the cache


def test_visitors_see_a_new_entry_at_once_though_their_pages_are_cached(
    client, contest, django_capture_on_commit_callbacks
):
    make_entry(contest, veteran("a"), title="First")
    assert titles(gallery(client, contest)) == ["First"]
    assert gallery(client, contest).context is None  # served from the cache

    with django_capture_on_commit_callbacks(execute=True):
        enter(contest, veteran("entrant"), title="Second")

    assert titles(gallery(client, contest)) == ["Second", "First"]


def test_the_gallery_pages_by_htmx_with_a_fixed_number_of_queries(
    client, contest, django_assert_max_num_queries
):
    for n in range(PAGE_SIZE + 5):
        make_entry(contest, veteran(f"a{n}"), title=f"E{n}")
    fan = veteran("fan")
    logged_in(client, fan)
    with django_assert_max_num_queries(14):
        first = gallery(client, contest)
    assert len(titles(first)) == PAGE_SIZE
    assert 'hx-trigger="revealed"' in first.content.decode()
    with django_assert_max_num_queries(14):
        second = gallery(client, contest, htmx=True, page=2)
    assert len(titles(second)) == 5
    assert "<html" not in second.content.decode()


def test_a_solution_challenge_gallery_shows_a_team_only_its_own(client, solution_challenge, staff):
    mine = make_entry(solution_challenge, veteran("me"), title="Mine")
    make_entry(solution_challenge, veteran("them"), title="Theirs")
    logged_in(client, mine.author)
    assert titles(gallery(client, solution_challenge)) == ["Mine"]
    logged_in(client, staff)
    assert len(titles(gallery(client, solution_challenge))) == 2
    client.logout()
    assert titles(gallery(client, solution_challenge)) == []


def test_the_entry_page_has_a_fixed_number_of_queries(
    client, contest, django_assert_max_num_queries
):
    entry = make_entry(contest, veteran("author"))
    for n in range(4):
        EntryMember.objects.create(entry=entry, member=veteran(f"m{n}"), share=5)
    logged_in(client, veteran("fan"))
    with django_assert_max_num_queries(20):
        assert client.get(entry.get_absolute_url()).status_code == 200


def test_the_edit_page_shows_the_images_files_and_team(client, cast):
    entry, users = cast
    logged_in(client, users["author"])
    page = client.get(reverse("challenges:entry_edit", args=[entry.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'name="remove_images"' in body and "mate" in body and "20 %" in body


def test_an_edit_with_bad_input_is_400_and_changes_nothing(client, cast):
    entry, users = cast
    logged_in(client, users["author"])
    response = client.post(
        reverse("challenges:entry_edit", args=[entry.pk]),
        {"title": "", "description": "d", "image_order": "a,b"},
    )
    assert response.status_code == 400
    entry.refresh_from_db()
    assert entry.title == "Ink waves"


@pytest.mark.parametrize("role", ROLES)
def test_who_may_enter_the_challenge(client, cast, role):
    entry, users = cast
    response = post_entry(as_role(client, users, role), entry.challenge)
    made = Entry.objects.exclude(pk=entry.pk).exists()
    assert made == (role in ("member", "teammate", "staff"))
    expected = {"visitor": 302, "author": 403, "judge": 403}.get(role, 302)
    assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_disqualify_and_only_with_a_reason(client, cast, role):
    entry, users = cast
    url = reverse("challenges:entry_disqualify", args=[entry.pk])
    as_role(client, users, role)
    if role == "staff":
        assert client.post(url, {"reason": ""}).status_code == 400
        assert Entry.objects.get(pk=entry.pk).status == EntryStatus.SUBMITTED
    response = client.post(url, {"reason": "Copied"})
    disqualified = Entry.objects.get(pk=entry.pk).status == EntryStatus.DISQUALIFIED
    assert disqualified == (role == "staff")
    if role not in ("staff", "visitor"):
        assert response.status_code == 403
