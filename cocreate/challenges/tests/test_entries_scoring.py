"""Community scores: the window, who may score, exact sums when scores
change, the Bayesian order, weights by tier, flags, voiding, the counters
under concurrency."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cocreate.accounts.tests.factories import UserFactory
from cocreate.challenges import counters
from cocreate.challenges.actions import entries as entry_actions
from cocreate.challenges.actions import scoring
from cocreate.challenges.enums import ScoreFlag, TeamStatus
from cocreate.challenges.models import Challenge, Entry, Score
from cocreate.challenges.tests.fixtures import make_challenge, make_entry
from cocreate.challenges.tests.test_entries_actions import veteran
from cocreate.ideas.tests.test_concurrency import _in_parallel, shared_database  # noqa: F401
from cocreate.reputation.enums import Tier
from cocreate.reputation.models import MemberStats


@pytest.fixture
def scoring_contest(product):
    return make_challenge(product, phase="scoring")


@pytest.fixture
def entry(scoring_contest):
    return make_entry(scoring_contest, veteran("author"))


def fresh(entry):
    return Entry.objects.get(pk=entry.pk)


def mismatches():
    return {c.name: c.mismatches() for c in counters.COUNTERS if c.mismatches()}


def test_a_score_counts_and_moves_the_bayesian_average(entry):
    scoring.score_entry(entry, member=veteran("fan"), value=5)

    row = fresh(entry)
    assert (row.score_count, row.score_sum, row.score_weight) == (1, 500, 100)
    # (5·1 + 2.5·10) / (1 + 10)
    assert row.community_score == pytest.approx(30 / 11)
    assert Challenge.objects.get(pk=entry.challenge_id).score_count == 1
    assert not mismatches()


def test_changing_a_score_moves_the_sums_by_the_difference(entry):
    fan = veteran("fan")
    scoring.score_entry(entry, member=fan, value=5)
    scoring.score_entry(entry, member=fan, value=2)
    scoring.score_entry(entry, member=fan, value=2)

    row = fresh(entry)
    assert (row.score_count, row.score_sum, row.score_weight) == (1, 200, 100)
    assert Score.objects.get().value == 2
    assert not mismatches()


def test_three_fives_do_not_beat_three_hundred_scores_of_four_point_six(scoring_contest):
    few = make_entry(scoring_contest, veteran("few"), title="Few")
    many = make_entry(scoring_contest, veteran("many"), title="Many")
    Entry.objects.filter(pk=many.pk).update(
        **scoring.counter_update(scoring_contest, count=300, total=300 * 460, weight=30000)
    )
    for n in range(3):
        scoring.score_entry(few, member=veteran(f"fan{n}"), value=5)

    order = list(Entry.objects.order_by("-community_score", "-id").values_list("title", flat=True))
    assert order == ["Many", "Few"]


def test_scores_weigh_by_tier_when_the_challenge_says_so(scoring_contest, entry):
    senior = veteran("senior")
    MemberStats.objects.update_or_create(member=senior, defaults={"tier": Tier.SENIOR})
    Challenge.objects.filter(pk=scoring_contest.pk).update(weight_by_tier=True)
    entry = fresh(entry)

    scoring.score_entry(entry, member=senior, value=4)

    assert Score.objects.get().weight == 150
    assert (fresh(entry).score_sum, fresh(entry).score_weight) == (600, 150)


def test_scoring_is_refused_outside_the_window(product):
    open_contest = make_challenge(product, slug="open")
    entry = make_entry(open_contest, veteran("author"))
    with pytest.raises(ValidationError) as refused:
        scoring.score_entry(entry, member=veteran("fan"), value=3)
    assert refused.value.code == "closed"

    later = make_challenge(product, slug="later", phase="scoring")
    late_entry = make_entry(later, veteran("other"))
    with (
        time_machine.travel(later.scoring_closes_at + timedelta(seconds=1)),
        pytest.raises(ValidationError),
    ):
        scoring.score_entry(late_entry, member=veteran("fan"), value=3)
    assert not Score.objects.exists()


@pytest.mark.parametrize("status", [TeamStatus.INVITED, TeamStatus.CONFIRMED])
def test_nobody_scores_their_own_or_their_teams_entry(entry, status):
    mate = veteran("mate")
    entry.team.create(member=mate, share=10, status=status)
    for member in (entry.author, mate):
        with pytest.raises(PermissionDenied, match="own or your team"):
            scoring.score_entry(entry, member=member, value=5)
    assert not Score.objects.exists()


def test_withdrawn_entries_and_suspended_members_cannot_be_scored(entry):
    Entry.objects.filter(pk=entry.pk).update(status="withdrawn")
    with pytest.raises(ValidationError):
        scoring.score_entry(fresh(entry), member=veteran("fan"), value=5)
    Entry.objects.filter(pk=entry.pk).update(status="submitted")
    suspended = veteran("bad", suspended_until=timezone.now() + timedelta(days=1))
    with pytest.raises(PermissionDenied):
        scoring.score_entry(fresh(entry), member=suspended, value=5)


@pytest.mark.parametrize("value", [-1, 6, "x", None, "2.5"])
def test_a_score_is_a_whole_number_from_zero_to_five(entry, value):
    with pytest.raises(ValidationError):
        scoring.score_entry(entry, member=veteran("fan"), value=value)


def test_scores_from_new_accounts_are_flagged_but_count(entry):
    newcomer = UserFactory(username="newbie")
    scoring.score_entry(entry, member=newcomer, value=5)

    assert Score.objects.get().flag == ScoreFlag.NEW_ACCOUNT
    row = fresh(entry)
    assert (row.flagged_count, row.score_count) == (1, 1)


def test_a_burst_from_one_network_flags_the_scores_past_the_limit(scoring_contest):
    network = scoring.network_of("203.0.113.7")
    assert network == scoring.network_of("203.0.113.200") != scoring.network_of("203.0.114.7")
    assert scoring.network_of("2001:db8:1:2::1") == scoring.network_of("2001:db8:1:ffff::9")
    assert scoring.network_of("not an address") == ""
    entries = [make_entry(scoring_contest, veteran(f"a{n}"), title=f"E{n}") for n in range(2)]
    for n in range(scoring.BURST_LIMIT + 1):
        scoring.score_entry(entries[n % 2], member=veteran(f"fan{n}"), value=4, network=network)

    flags = list(Score.objects.order_by("id").values_list("flag", flat=True))
    assert flags == [""] * scoring.BURST_LIMIT + [ScoreFlag.NETWORK_BURST]
    assert not mismatches()


def test_staff_void_a_score_out_of_the_sums_and_clear_a_flag_that_is_sound(entry, staff):
    newcomers = [UserFactory(username=f"new{n}") for n in range(2)]
    first = scoring.score_entry(entry, member=newcomers[0], value=5)
    second = scoring.score_entry(entry, member=newcomers[1], value=1)
    with pytest.raises(PermissionDenied):
        scoring.void_score(first, actor=newcomers[1])

    assert scoring.void_score(first, actor=staff)
    assert not scoring.void_score(first, actor=staff)
    assert scoring.clear_flag(second, actor=staff)

    row = fresh(entry)
    assert (row.score_count, row.score_sum, row.flagged_count) == (1, 100, 0)
    assert Challenge.objects.get(pk=entry.challenge_id).score_count == 1
    with pytest.raises(ValidationError) as refused:
        scoring.score_entry(entry, member=newcomers[0], value=4)
    assert refused.value.code == "void"
    assert not mismatches()


def test_recount_finds_nothing_after_entering_withdrawing_and_scoring(product, staff):
    contest = make_challenge(product, slug="run")
    entries = [make_entry(contest, veteran(f"a{n}"), title=f"E{n}") for n in range(3)]
    entry_actions.withdraw_entry(entries[2], member=entries[2].author)
    Challenge.objects.filter(pk=contest.pk).update(
        submissions_close_at=timezone.now() - timedelta(hours=1)
    )
    for n in range(4):
        scoring.score_entry(fresh(entries[n % 2]), member=veteran(f"fan{n}"), value=n)
    scoring.void_score(Score.objects.first(), actor=staff)

    assert not mismatches()


@pytest.mark.django_db(transaction=True)
def test_parallel_scores_and_changes_end_with_exact_sums(shared_database):  # noqa: F811
    from cocreate.forum.models import Product

    with shared_database():
        product = Product.objects.create(slug="phone", name="Orange Phone")
        contest = make_challenge(product, phase="scoring")
        entry = make_entry(contest, veteran("author"))
        fans = [veteran(f"fan{n}") for n in range(10)]

    def score_twice_then_change(fan):
        row = Entry.objects.select_related("challenge").get(pk=entry.pk)
        for _ in range(2):  # a double click
            scoring.score_entry(row, member=fan, value=5)
        scoring.score_entry(row, member=fan, value=3)

    _in_parallel(shared_database, score_twice_then_change, fans)

    with shared_database():
        row = fresh(entry)
        assert (row.score_count, row.score_sum, row.score_weight) == (10, 3000, 1000)
        assert Challenge.objects.get(pk=contest.pk).score_count == 10
        assert not mismatches()
