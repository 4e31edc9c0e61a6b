"""The parts every other one stands on: the timeline's phases by the
deadlines, the Bayesian community score, and exact money splits."""

from decimal import Decimal

import pytest
from django.utils import timezone

from cocreate.challenges import ledger, scoring
from cocreate.challenges.enums import ChallengeKind, ChallengeStatus
from cocreate.challenges.models import Entry

from .fixtures import DAY, make_challenge, make_entry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("phase", "status", "takes_entries"),
    [
        ("draft", ChallengeStatus.DRAFT, False),
        ("upcoming", ChallengeStatus.OPEN, False),
        ("open", ChallengeStatus.OPEN, True),
        ("scoring", ChallengeStatus.SCORING, False),
        ("judging", ChallengeStatus.JUDGING, False),
        ("announced", ChallengeStatus.ANNOUNCED, False),
    ],
)
def test_the_deadlines_decide_the_phase(product, phase, status, takes_entries):
    challenge = make_challenge(product, phase=phase)

    assert challenge.current_status() is status
    assert challenge.takes_entries() is takes_entries


def test_a_phase_follows_the_clock_before_the_stored_status_catches_up(product):
    challenge = make_challenge(product, phase="open")
    later = challenge.submissions_close_at + DAY

    assert challenge.status == ChallengeStatus.OPEN
    assert challenge.current_status(later) is ChallengeStatus.SCORING
    assert not challenge.takes_entries(later)


def test_a_solution_challenge_goes_from_entries_to_judging(product):
    challenge = make_challenge(product, kind=ChallengeKind.SOLUTION, phase="open")

    assert challenge.current_status(challenge.submissions_close_at) is ChallengeStatus.JUDGING
    assert challenge.community_share == 0


def test_transitions_follow_the_timeline():
    assert ChallengeStatus.DRAFT.can_become(ChallengeStatus.OPEN)
    assert ChallengeStatus.OPEN.can_become(ChallengeStatus.JUDGING)
    assert not ChallengeStatus.JUDGING.can_become(ChallengeStatus.OPEN)
    assert not ChallengeStatus.CLOSED.can_become(ChallengeStatus.ANNOUNCED)


def test_three_fives_do_not_beat_three_hundred_scores_of_four_point_six(product):
    challenge = make_challenge(product, phase="scoring")

    few = scoring.community_score(challenge, 3 * 5 * 100, 3 * 100)
    many = scoring.community_score(challenge, 300 * 46 * 10, 300 * 100)

    assert few < many
    assert many == pytest.approx((138000 + 2500) / (30000 + 1000))


def test_counter_update_moves_the_row_and_its_score_in_one_statement(product, member):
    challenge = make_challenge(product, phase="scoring", weight_by_tier=True)
    entry = make_entry(challenge, member)

    Entry.objects.filter(pk=entry.pk).update(
        **scoring.counter_update(challenge, count=1, total=5 * 150, weight=150)
    )
    Entry.objects.filter(pk=entry.pk).update(
        **scoring.counter_update(challenge, count=1, total=4 * 100, weight=100)
    )
    entry.refresh_from_db()

    assert (entry.score_count, entry.score_sum, entry.score_weight) == (2, 1150, 250)
    assert entry.community_score == pytest.approx(scoring.community_score(challenge, 1150, 250))
    assert scoring.weight_for(challenge, "senior") == 150


def test_a_split_adds_up_and_gives_the_odd_cents_by_remainder_then_order():
    parts = ledger.split_amount(
        Decimal("100.00"), [("ada", Decimal(1)), ("bo", Decimal(1)), ("cy", Decimal(1))]
    )

    assert parts == {"ada": Decimal("33.34"), "bo": Decimal("33.33"), "cy": Decimal("33.33")}
    assert sum(parts.values()) == Decimal("100.00")


def test_a_split_follows_shares():
    parts = ledger.split_amount(
        Decimal("10000.00"), [("ada", Decimal("60")), ("bo", Decimal("25")), ("cy", Decimal("15"))]
    )

    assert parts == {"ada": Decimal("6000.00"), "bo": Decimal("2500.00"), "cy": Decimal("1500.00")}


def test_a_royalty_is_one_percent_of_revenue_to_the_cent():
    assert ledger.royalty_for(Decimal("123456.78"), Decimal("0.0100")) == Decimal("1234.57")
    assert ledger.royalty_for(Decimal("0.50"), Decimal("0.0100")) == Decimal("0.01")


def test_an_entry_fixture_puts_its_author_on_the_team(contest, member):
    entry = make_entry(contest, member)

    assert list(entry.team.values_list("member", "is_author", "status")) == [
        (member.pk, True, "confirmed")
    ]
    assert entry.terms_accepted_at <= timezone.now()


def test_who_sees_which_entries(product, member, other_member, staff, make_judge):
    from cocreate.challenges.permissions.visibility import can_see_entry, visible_entries

    contest = make_challenge(product)
    solution = make_challenge(product, slug="battery", kind=ChallengeKind.SOLUTION)
    design_entry = make_entry(contest, member)
    withdrawn = make_entry(contest, member, title="Old", status="withdrawn")
    private = make_entry(solution, member)
    judge = make_judge(solution)

    assert set(visible_entries(other_member, contest)) == {design_entry}
    assert set(visible_entries(member, contest)) == {design_entry, withdrawn}
    assert not can_see_entry(other_member, private)
    assert can_see_entry(member, private)
    assert can_see_entry(judge, private)
    assert can_see_entry(staff, private)
    assert not visible_entries(other_member, make_challenge(product, slug="d", phase="draft"))
