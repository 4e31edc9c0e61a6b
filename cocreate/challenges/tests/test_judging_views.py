"""The jury's pages: who may open and post them, bad input, the query
counts, and each page as its people see it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from cocreate.accounts.tests.factories import UserFactory
from cocreate.challenges.actions import judging as actions
from cocreate.challenges.enums import ChallengeKind, ChallengeStatus
from cocreate.challenges.models import (
    Award,
    Challenge,
    Criterion,
    Entry,
    EntryMember,
    Judge,
    Judgement,
)
from conftest import logged_in

from .fixtures import add_criteria, add_prizes, make_challenge, make_entry
from .test_judging_actions import full_marks

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(product, member, other_member, staff, make_judge):
    """A design contest in judging: criteria, prizes, a judge, a judge with a
    conflict (invited to the entry's team), two shortlisted entries, one
    not shortlisted. `member` wrote the first entry, `other_member` is a
    plain member."""
    challenge = make_challenge(product, phase="judging")
    add_criteria(challenge)
    add_prizes(challenge)
    entry = make_entry(challenge, member, is_shortlisted=True, title="Ink waves")
    make_entry(challenge, UserFactory(username="zoe"), is_shortlisted=True, title="Tide")
    make_entry(challenge, UserFactory(username="olly"), title="Not shortlisted")
    judge = make_judge(challenge)
    conflicted = make_judge(challenge, username="connie")
    EntryMember.objects.create(entry=entry, member=conflicted, share=Decimal(10), status="invited")
    return {
        "challenge": challenge,
        "entry": entry,
        "visitor": None,
        "member": other_member,
        "entrant": member,
        "judge": judge,
        "conflicted": conflicted,
        "staff": staff,
    }


def as_(client, user):
    return logged_in(client, user) if user is not None else client


def judge_post(challenge, score=8, comment="Fine"):
    first, second = challenge.criteria.all()
    return {
        f"score_{first.pk}": score,
        f"comment_{first.pk}": comment,
        f"score_{second.pk}": score,
        f"comment_{second.pk}": comment,
    }


# The permission matrix ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("visitor", 302),
        ("member", 403),
        ("entrant", 403),
        ("judge", 302),
        ("conflicted", 403),
        ("staff", 403),
    ],
)
def test_who_may_judge_an_entry(client, world, role, status):
    url = reverse("challenges:judge_entry", args=[world["entry"].pk])

    response = as_(client, world[role]).post(url, judge_post(world["challenge"]))

    assert response.status_code == status
    assert Judgement.objects.exists() is (role == "judge")


def test_a_conflicted_judge_reads_why(client, world):
    url = reverse("challenges:judge_entry", args=[world["entry"].pk])

    response = as_(client, world["conflicted"]).get(url)

    assert response.status_code == 403
    assert "yours or your team" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("visitor", 302),
        ("member", 403),
        ("entrant", 403),
        ("judge", 403),
        ("conflicted", 403),
        ("staff", 302),
    ],
)
def test_who_may_set_the_shortlist(client, world, role, status):
    url = reverse("challenges:judging", args=[world["challenge"].slug])
    tide = Entry.objects.get(title="Tide")

    response = as_(client, world[role]).post(url, {"do": "shortlist", "entries": [tide.pk]})

    assert response.status_code == status
    assert Entry.objects.get(title="Ink waves").is_shortlisted is (role != "staff")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("visitor", 302),
        ("member", 403),
        ("entrant", 403),
        ("judge", 403),
        ("conflicted", 403),
        ("staff", 302),
    ],
)
def test_who_may_confirm_the_winners(client, world, role, status):
    url = reverse("challenges:ranking", args=[world["challenge"].slug])

    response = as_(client, world[role]).post(url, {"despite_missing": "on"})

    assert response.status_code == status
    assert Award.objects.exists() is (role == "staff")


@pytest.mark.parametrize("role", ["visitor", "member", "entrant", "judge", "conflicted", "staff"])
def test_results_are_hidden_until_announced_but_from_staff(client, world, role):
    url = reverse("challenges:results", args=[world["challenge"].slug])

    before = as_(client, world[role]).get(url).status_code
    actions.confirm_winners(world["challenge"], actor=world["staff"], despite_missing=True)
    after = client.get(url).status_code

    assert before == (200 if role == "staff" else 404)
    assert after == 200


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("visitor", 302),
        ("member", 403),
        ("entrant", 403),
        ("judge", 200),
        ("conflicted", 200),
        ("staff", 200),
    ],
)
def test_who_may_open_the_judging_page(client, world, role, status):
    url = reverse("challenges:judging", args=[world["challenge"].slug])

    assert as_(client, world[role]).get(url).status_code == status


def test_a_draft_challenges_jury_pages_are_not_found_for_its_judge(client, product, make_judge):
    draft = make_challenge(product, slug="draft", phase="draft")
    judge = make_judge(draft)

    response = as_(client, judge).get(reverse("challenges:judging", args=[draft.slug]))

    assert response.status_code == 404


# The judging page -------------------------------------------------------------------


def test_a_judge_sees_their_queue_with_done_and_conflicts(client, world):
    actions.judge_entry(
        world["entry"], judge=world["judge"], marks=full_marks(world["challenge"], 7, 7)
    )

    page = as_(client, world["judge"]).get(
        reverse("challenges:judging", args=[world["challenge"].slug])
    )
    conflicted = as_(client, world["conflicted"]).get(
        reverse("challenges:judging", args=[world["challenge"].slug])
    )

    html = page.content.decode()
    assert "1 of 2 judged" in html and "Tide" in html and "Not shortlisted" not in html
    assert "Set-up" not in html
    assert "the other judges score it" in conflicted.content.decode()


def test_staff_see_the_set_up_panels(client, world):
    page = as_(client, world["staff"]).get(
        reverse("challenges:judging", args=[world["challenge"].slug])
    )

    html = page.content.decode()
    assert "Originality" in html and "connie" in html and "Not shortlisted" in html
    assert page.context["proposed"] == {e.pk for e in Entry.objects.filter(is_shortlisted=True)}


def test_staff_add_move_edit_and_remove_criteria_by_form(client, world):
    url = reverse("challenges:judging", args=[world["challenge"].slug])
    staff = as_(client, world["staff"])

    assert staff.post(url, {"do": "add_criterion", "name": "Craft", "weight": 5}).status_code == 302
    craft = Criterion.objects.get(name="Craft")
    assert (
        staff.post(
            url, {"do": "move_criterion", "criterion": craft.pk, "direction": "up"}
        ).status_code
        == 302
    )
    edit = {"do": "edit_criterion", "criterion": craft.pk, "name": "Craft!", "weight": 7}
    assert staff.post(url, edit).status_code == 302
    assert [(c.name, c.weight) for c in world["challenge"].criteria.all()][1] == ("Craft!", 7)
    assert staff.post(url, {"do": "remove_criterion", "criterion": craft.pk}).status_code == 302
    assert not Criterion.objects.filter(pk=craft.pk).exists()


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"do": "add_criterion", "name": "Craft", "weight": 0}, 400),
        ({"do": "add_criterion", "name": "", "weight": 5}, 400),
        ({"do": "add_criterion", "name": "Craft", "weight": "many"}, 400),
        ({"do": "edit_criterion", "criterion": "x", "name": "Craft", "weight": 5}, 404),
        ({"do": "edit_criterion", "criterion": "CRITERION", "name": "Craft", "weight": 500}, 400),
        ({"do": "add_judge", "username": "nobody"}, 400),
        ({"do": "add_judge", "username": "ada"}, 409),
        ({"do": "remove_judge", "judge": "999999"}, 404),
        ({"do": "shortlist", "entries": ["abc"]}, 400),
        ({"do": "shortlist", "entries": ["999999"]}, 400),
        ({"do": "explode"}, 400),
    ],
)
def test_bad_set_up_input_is_refused_and_nothing_changes(client, world, data, status):
    url = reverse("challenges:judging", args=[world["challenge"].slug])
    data = {
        key: (Criterion.objects.first().pk if value == "CRITERION" else value)
        for key, value in data.items()
    }
    before = (
        list(Criterion.objects.values_list("name", "weight", "position")),
        Judge.objects.count(),
        list(Entry.objects.filter(is_shortlisted=True).values_list("pk", flat=True)),
    )

    response = as_(client, world["staff"]).post(url, data)

    assert response.status_code == status
    assert before == (
        list(Criterion.objects.values_list("name", "weight", "position")),
        Judge.objects.count(),
        list(Entry.objects.filter(is_shortlisted=True).values_list("pk", flat=True)),
    )


def test_locked_criteria_answer_409(client, world):
    actions.judge_entry(
        world["entry"], judge=world["judge"], marks=full_marks(world["challenge"], 7, 7)
    )
    url = reverse("challenges:judging", args=[world["challenge"].slug])
    criterion = Criterion.objects.first()

    response = as_(client, world["staff"]).post(
        url, {"do": "remove_criterion", "criterion": criterion.pk}
    )

    assert response.status_code == 409 and Criterion.objects.filter(pk=criterion.pk).exists()


def test_staff_assign_a_judge_by_form(client, world):
    UserFactory(username="newjudge")
    url = reverse("challenges:judging", args=[world["challenge"].slug])

    response = as_(client, world["staff"]).post(url, {"do": "add_judge", "username": "newjudge"})

    assert response.status_code == 302 and Judge.objects.count() == 3


def test_the_judging_page_holds_its_query_count(client, world, django_assert_max_num_queries):
    for number in range(6):
        make_entry(world["challenge"], UserFactory(), is_shortlisted=True, title=f"More {number}")
    url = reverse("challenges:judging", args=[world["challenge"].slug])

    staff = as_(client, world["staff"])
    with django_assert_max_num_queries(14):
        assert staff.get(url).status_code == 200
    judge = as_(client, world["judge"])
    with django_assert_max_num_queries(12):
        assert judge.get(url).status_code == 200


# Judging one entry ------------------------------------------------------------------


def test_a_judge_scores_an_entry_and_goes_to_the_next(client, world):
    url = reverse("challenges:judge_entry", args=[world["entry"].pk])
    tide = Entry.objects.get(title="Tide")
    judge = as_(client, world["judge"])

    page = judge.get(url)
    response = judge.post(url, {**judge_post(world["challenge"], 9), "next": tide.pk})

    assert page.status_code == 200 and "Ink waves" in page.content.decode()
    assert response.status_code == 302 and response.url == reverse(
        "challenges:judge_entry", args=[tide.pk]
    )
    world["entry"].refresh_from_db()
    assert world["entry"].jury_score == 9


@pytest.mark.parametrize(
    ("score", "comment"), [(11, "x"), (-2, "x"), ("high", "x"), (2, ""), (5, "x" * 2001)]
)
def test_bad_judgements_are_refused_with_400_and_nothing_saved(client, world, score, comment):
    url = reverse("challenges:judge_entry", args=[world["entry"].pk])

    response = as_(client, world["judge"]).post(url, judge_post(world["challenge"], score, comment))

    assert response.status_code == 400 and not Judgement.objects.exists()


def test_an_entry_off_the_shortlist_answers_409(client, world):
    entry = Entry.objects.get(title="Not shortlisted")
    url = reverse("challenges:judge_entry", args=[entry.pk])

    page = as_(client, world["judge"]).get(url)
    response = client.post(url, judge_post(world["challenge"]))

    assert "Only shortlisted entries are judged." in page.content.decode()
    assert response.status_code == 409 and not Judgement.objects.exists()


def test_judging_is_closed_outside_the_judging_phase(client, world):
    Challenge.objects.filter(pk=world["challenge"].pk).update(status=ChallengeStatus.ANNOUNCED)
    url = reverse("challenges:judge_entry", args=[world["entry"].pk])

    response = as_(client, world["judge"]).post(url, judge_post(world["challenge"]))

    assert response.status_code == 409 and not Judgement.objects.exists()


def test_the_judge_entry_page_holds_its_query_count(client, world, django_assert_max_num_queries):
    url = reverse("challenges:judge_entry", args=[world["entry"].pk])
    judge = as_(client, world["judge"])

    with django_assert_max_num_queries(19):
        assert judge.get(url).status_code == 200


# Ranking and results ----------------------------------------------------------------


def test_the_ranking_shows_progress_scores_and_the_tie_rule(client, world):
    actions.judge_entry(
        world["entry"], judge=world["judge"], marks=full_marks(world["challenge"], 9, 6)
    )

    page = as_(client, world["staff"]).get(
        reverse("challenges:ranking", args=[world["challenge"].slug])
    )

    html = page.content.decode()
    assert page.status_code == 200
    assert "1 of 1" in html and "0 of 2" in html and "8.00" in html
    assert "then the higher community score" in html
    assert [row.entry.title for row in page.context["ranked"]] == ["Ink waves", "Tide"]


def test_confirming_with_missing_judgements_needs_the_tick(client, world):
    url = reverse("challenges:ranking", args=[world["challenge"].slug])
    staff = as_(client, world["staff"])

    refused = staff.post(url, {})
    confirmed = staff.post(url, {"despite_missing": "on"})

    assert refused.status_code == 409
    assert confirmed.status_code == 302
    assert Award.objects.count() == 2


def test_staff_pick_the_winners_by_form(client, world):
    url = reverse("challenges:ranking", args=[world["challenge"].slug])
    tide = Entry.objects.get(title="Tide")

    response = as_(client, world["staff"]).post(
        url, {"despite_missing": "on", "prize_1": tide.pk, "prize_2": "", "prize_3": ""}
    )

    assert response.status_code == 302
    assert list(Award.objects.values_list("prize__rank", "entry__title")) == [(1, "Tide")]


@pytest.mark.parametrize(
    "data",
    [
        {"despite_missing": "on", "prize_1": "abc"},
        {"despite_missing": "on", "prize_1": "999999"},
        {"despite_missing": "on", "prize_1": "SAME", "prize_2": "SAME"},
    ],
)
def test_bad_confirmations_are_refused_and_nothing_changes(client, world, data):
    url = reverse("challenges:ranking", args=[world["challenge"].slug])
    data = {k: (world["entry"].pk if v == "SAME" else v) for k, v in data.items()}

    response = as_(client, world["staff"]).post(url, data)

    assert response.status_code == 400
    assert not Award.objects.exists()
    assert Challenge.objects.get(pk=world["challenge"].pk).status == ChallengeStatus.JUDGING


def test_the_ranking_page_holds_its_query_count(client, world, django_assert_max_num_queries):
    for number in range(6):
        make_entry(world["challenge"], UserFactory(), is_shortlisted=True, title=f"More {number}")
    url = reverse("challenges:ranking", args=[world["challenge"].slug])
    staff = as_(client, world["staff"])

    with django_assert_max_num_queries(13):
        assert staff.get(url).status_code == 200


@pytest.fixture
def announced(world):
    tess = UserFactory(username="tess", display_name="Tess Teammate")
    EntryMember.objects.create(
        entry=world["entry"], member=tess, share=Decimal(40), status="confirmed"
    )
    actions.judge_entry(
        world["entry"], judge=world["judge"], marks=full_marks(world["challenge"], 9, 8)
    )
    actions.confirm_winners(world["challenge"], actor=world["staff"], despite_missing=True)
    return world


def test_the_results_credit_winners_and_mentions(client, announced):
    url = reverse("challenges:results", args=[announced["challenge"].slug])

    html = client.get(url).content.decode()

    assert "First prize" in html and "10,000.00 CNY" in html and "Tess Teammate" in html
    assert "Second prize" in html and "Tide" in html
    assert "Not shortlisted" not in html
    assert "Originality" in html  # the jury's averages per criterion


def test_a_solution_challenges_results_show_titles_and_teams_only(
    client, product, member, staff, make_judge
):
    challenge = make_challenge(
        product, slug="battery", kind=ChallengeKind.SOLUTION, phase="judging"
    )
    add_criteria(challenge)
    add_prizes(challenge)
    entry = make_entry(challenge, member, is_shortlisted=True, title="Graphene cell")
    actions.judge_entry(entry, judge=make_judge(challenge), marks=full_marks(challenge, 9, 9))
    actions.confirm_winners(challenge, actor=staff)

    html = client.get(reverse("challenges:results", args=[challenge.slug])).content.decode()

    assert "Graphene cell" in html and "Ada Lovelace" in html
    assert (
        "Waves in ink" not in html
        and "jury-averages" not in html
        and "jury-winner-image" not in html
    )


def test_the_results_page_holds_its_query_count(client, announced, django_assert_max_num_queries):
    url = reverse("challenges:results", args=[announced["challenge"].slug])

    with django_assert_max_num_queries(9):
        assert client.get(url).status_code == 200


def test_a_solution_entry_is_not_found_for_a_stranger(
    client, product, member, other_member, make_judge
):
    challenge = make_challenge(
        product, slug="battery", kind=ChallengeKind.SOLUTION, phase="judging"
    )
    entry = make_entry(challenge, member, is_shortlisted=True)
    make_judge(challenge)
    url = reverse("challenges:judge_entry", args=[entry.pk])

    assert as_(client, other_member).get(url).status_code == 404


def test_htmx_gets_the_ranking_as_a_partial(client, world):
    url = reverse("challenges:ranking", args=[world["challenge"].slug])

    response = as_(client, world["staff"]).get(url, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and 'id="ranking"' in html
