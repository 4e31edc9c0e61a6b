"""The jury's writes: criteria, judges, shortlist, judgements, the jury
score, the ranking with its tie rule, and confirming the winners."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from cocreate.accounts.tests.factories import UserFactory
from cocreate.challenges.actions import judging as actions
from cocreate.challenges.actions.judging import Mark
from cocreate.challenges.enums import ChallengeKind, ChallengeStatus
from cocreate.challenges.models import (
    Award,
    Challenge,
    Criterion,
    Entry,
    EntryMember,
    Judge,
    Judgement,
    LedgerEntry,
)
from cocreate.challenges.queries import judging as queries
from cocreate.core.models import Activity
from cocreate.notifications.models import Notification
from cocreate.reputation.models import MedalGrant, MemberStats

from .fixtures import DAY, add_criteria, add_prizes, make_challenge, make_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def judging(product):
    """A design contest in judging, with two criteria (weights 2 and 1)."""
    challenge = make_challenge(product, phase="judging")
    add_criteria(challenge)
    return challenge


def shortlisted(challenge, author, **fields):
    return make_entry(challenge, author, is_shortlisted=True, **fields)


def full_marks(challenge, originality, feasibility, comment="ok"):
    first, second = queries.criteria_of(challenge)
    return [Mark(first.pk, originality, comment), Mark(second.pk, feasibility, comment)]


# Criteria ---------------------------------------------------------------------------


def test_criteria_are_added_in_order_moved_edited_and_removed(product, staff):
    challenge = make_challenge(product, phase="judging")
    first = actions.add_criterion(challenge, actor=staff, name="Originality", weight=3)
    second = actions.add_criterion(challenge, actor=staff, name=" Craft ", weight=1)

    assert [c.name for c in queries.criteria_of(challenge)] == ["Originality", "Craft"]
    assert actions.move_criterion(second, actor=staff, up=True)
    assert [c.name for c in queries.criteria_of(challenge)] == ["Craft", "Originality"]
    assert not actions.move_criterion(second, actor=staff, up=True)

    actions.edit_criterion(first, actor=staff, name="Idea", weight=100)
    actions.remove_criterion(second, actor=staff)
    assert [(c.name, c.weight) for c in queries.criteria_of(challenge)] == [("Idea", 100)]


@pytest.mark.parametrize("weight", [0, 101, -1])
def test_a_weight_outside_1_to_100_is_refused(product, staff, weight):
    challenge = make_challenge(product, phase="judging")

    with pytest.raises(ValidationError) as refused:
        actions.add_criterion(challenge, actor=staff, name="Craft", weight=weight)

    assert refused.value.code == "weight"
    assert not Criterion.objects.exists()


def test_criteria_lock_once_a_judge_has_scored(judging, member, staff, make_judge):
    entry = shortlisted(judging, member)
    judge = make_judge(judging)
    actions.judge_entry(entry, judge=judge, marks=full_marks(judging, 8, 7)[:1])
    criterion = queries.criteria_of(judging)[0]

    for attempt in (
        lambda: actions.add_criterion(judging, actor=staff, name="New", weight=1),
        lambda: actions.edit_criterion(criterion, actor=staff, name="X", weight=5),
        lambda: actions.remove_criterion(criterion, actor=staff),
        lambda: actions.move_criterion(criterion, actor=staff, up=False),
    ):
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert refused.value.code == "criteria_locked"
    assert Criterion.objects.get(pk=criterion.pk).weight == 2


# Judges -----------------------------------------------------------------------------


def test_a_judge_is_assigned_by_username_and_told(
    judging, staff, django_capture_on_commit_callbacks
):
    judy = UserFactory(username="judy")

    with django_capture_on_commit_callbacks(execute=True):
        actions.assign_judge(judging, actor=staff, username="Judy")

    assert Judge.objects.filter(challenge=judging, member=judy).exists()
    assert Notification.objects.get(recipient=judy).kind == "judging"


@pytest.mark.parametrize("status", ["invited", "confirmed"])
def test_a_member_with_an_entry_is_refused_as_judge(judging, member, staff, status):
    teammate = UserFactory(username="tess")
    entry = make_entry(judging, member)
    EntryMember.objects.create(entry=entry, member=teammate, share=Decimal(10), status=status)

    for username in ("ada", "tess"):
        with pytest.raises(ValidationError) as refused:
            actions.assign_judge(judging, actor=staff, username=username)
        assert refused.value.code == "conflict"
    assert not Judge.objects.exists()


def test_a_teammate_who_declined_may_judge(judging, member, staff):
    declined = UserFactory(username="dee")
    EntryMember.objects.create(
        entry=make_entry(judging, member), member=declined, share=Decimal(10), status="declined"
    )

    actions.assign_judge(judging, actor=staff, username="dee")

    assert Judge.objects.filter(member=declined).exists()


@pytest.mark.parametrize(
    ("username", "code"), [("nobody", "unknown_member"), ("judy", "already_judge")]
)
def test_assigning_an_unknown_or_seated_judge_is_refused(
    judging, staff, make_judge, username, code
):
    make_judge(judging)

    with pytest.raises(ValidationError) as refused:
        actions.assign_judge(judging, actor=staff, username=username)

    assert refused.value.code == code and Judge.objects.count() == 1


def test_removing_a_judge_takes_their_judgements_and_recomputes(judging, member, staff, make_judge):
    entry = shortlisted(judging, member)
    judy, june = make_judge(judging), make_judge(judging, username="june")
    actions.judge_entry(entry, judge=judy, marks=full_marks(judging, 10, 10))
    actions.judge_entry(entry, judge=june, marks=full_marks(judging, 4, 4))

    actions.remove_judge(Judge.objects.get(member=judy), actor=staff)

    entry.refresh_from_db()
    assert entry.jury_score == 4 and entry.judgement_count == 2


# Shortlist --------------------------------------------------------------------------


def test_the_shortlist_is_set_and_judges_are_told(
    judging, member, other_member, staff, make_judge, django_capture_on_commit_callbacks
):
    first, second = make_entry(judging, member), make_entry(judging, other_member)
    judy = make_judge(judging)

    with django_capture_on_commit_callbacks(execute=True):
        assert actions.set_shortlist(judging, actor=staff, entry_ids=[first.pk]) == 1

    assert list(queries.shortlist(judging)) == [first]
    assert Notification.objects.filter(recipient=judy, kind="judging").count() == 1
    actions.set_shortlist(judging, actor=staff, entry_ids=[second.pk])
    assert list(queries.shortlist(judging)) == [second]


def test_a_design_contest_proposes_its_top_entries_by_community_score(
    judging, member, other_member
):
    low = make_entry(judging, member, community_score=2.0)
    high = make_entry(judging, other_member, community_score=4.5)

    candidates = queries.shortlist_candidates(judging)

    assert candidates == [high, low]
    assert queries.proposed_shortlist(judging, candidates) == {high.pk, low.pk}


def test_the_shortlist_waits_for_entries_to_close(product, member, staff):
    challenge = make_challenge(product, phase="open")
    entry = make_entry(challenge, member)

    with pytest.raises(ValidationError) as refused:
        actions.set_shortlist(challenge, actor=staff, entry_ids=[entry.pk])

    assert refused.value.code == "phase" and not Entry.objects.get(pk=entry.pk).is_shortlisted


def test_only_submitted_entries_of_the_challenge_are_shortlisted(judging, product, member, staff):
    withdrawn = make_entry(judging, member, status="withdrawn")
    elsewhere = make_entry(make_challenge(product, slug="other", phase="judging"), member)

    for entry in (withdrawn, elsewhere):
        with pytest.raises(ValidationError) as refused:
            actions.set_shortlist(judging, actor=staff, entry_ids=[entry.pk])
        assert refused.value.code == "entries"
    assert not Entry.objects.filter(is_shortlisted=True).exists()


def test_a_judged_entry_stays_on_the_shortlist(judging, member, staff, make_judge):
    entry = shortlisted(judging, member)
    actions.judge_entry(entry, judge=make_judge(judging), marks=full_marks(judging, 5, 5))

    with pytest.raises(ValidationError) as refused:
        actions.set_shortlist(judging, actor=staff, entry_ids=[])

    assert refused.value.code == "judged" and Entry.objects.get(pk=entry.pk).is_shortlisted


# Judgements and the jury score ------------------------------------------------------


def test_the_jury_score_is_the_mean_of_finished_judges_weighted_marks(judging, member, make_judge):
    entry = shortlisted(judging, member)
    judy, june, jim = (make_judge(judging, username=name) for name in ("judy", "june", "jim"))

    actions.judge_entry(entry, judge=judy, marks=full_marks(judging, 9, 6))  # (18+6)/3 = 8
    entry.refresh_from_db()
    assert entry.jury_score == 8 and entry.judgement_count == 2

    actions.judge_entry(entry, judge=june, marks=full_marks(judging, 4, 7))  # (8+7)/3 = 5
    actions.judge_entry(entry, judge=jim, marks=full_marks(judging, 0, 0)[:1])  # unfinished
    entry.refresh_from_db()
    assert entry.jury_score == pytest.approx(6.5) and entry.judgement_count == 5


def test_a_judge_changes_their_scores_without_adding_judgements(judging, member, make_judge):
    entry = shortlisted(judging, member)
    judy = make_judge(judging)
    actions.judge_entry(entry, judge=judy, marks=full_marks(judging, 9, 6))

    actions.judge_entry(entry, judge=judy, marks=full_marks(judging, 10, 10, "Superb"))

    entry.refresh_from_db()
    assert entry.jury_score == 10 and entry.judgement_count == 2
    assert set(Judgement.objects.values_list("comment", flat=True)) == {"Superb"}


def test_nobody_finished_means_no_jury_score(judging, member, make_judge):
    entry = shortlisted(judging, member)

    actions.judge_entry(entry, judge=make_judge(judging), marks=full_marks(judging, 9, 6)[1:])

    entry.refresh_from_db()
    assert entry.jury_score is None and entry.judgement_count == 1


@pytest.mark.parametrize(
    ("score", "comment", "field"),
    [
        (11, "x", "criterion_{}"),
        (-1, "x", "criterion_{}"),
        (3, "  ", "criterion_{}"),
        (8, "x" * 2001, "criterion_{}"),
    ],
)
def test_bad_marks_are_refused_and_nothing_changes(
    judging, member, make_judge, score, comment, field
):
    entry = shortlisted(judging, member)
    criterion = queries.criteria_of(judging)[0]

    with pytest.raises(ValidationError) as refused:
        actions.judge_entry(
            entry, judge=make_judge(judging), marks=[Mark(criterion.pk, score, comment)]
        )

    assert field.format(criterion.pk) in refused.value.message_dict
    assert not Judgement.objects.exists()


def test_a_low_score_with_a_reason_is_taken(judging, member, make_judge):
    entry = shortlisted(judging, member)

    actions.judge_entry(
        entry, judge=make_judge(judging), marks=full_marks(judging, 0, 3, "Off brief")
    )

    assert Judgement.objects.count() == 2


def test_another_challenges_criterion_is_refused(judging, product, member, make_judge):
    other = make_challenge(product, slug="other", phase="judging")
    foreign = add_criteria(other)[0]
    entry = shortlisted(judging, member)

    with pytest.raises(ValidationError) as refused:
        actions.judge_entry(entry, judge=make_judge(judging), marks=[Mark(foreign.pk, 5, "")])

    assert "criterion" in refused.value.message_dict and not Judgement.objects.exists()


def test_an_entry_off_the_shortlist_is_not_judged(judging, member, make_judge):
    entry = make_entry(judging, member)

    with pytest.raises(ValidationError) as refused:
        actions.judge_entry(entry, judge=make_judge(judging), marks=full_marks(judging, 5, 5))

    assert refused.value.code == "not_shortlisted"


def test_judging_follows_the_judging_window(product, member, make_judge):
    challenge = make_challenge(product, phase="scoring")
    add_criteria(challenge)
    entry = shortlisted(challenge, member)
    judy = make_judge(challenge)

    with pytest.raises(ValidationError) as refused:
        actions.judge_entry(entry, judge=judy, marks=full_marks(challenge, 5, 5))
    assert refused.value.code == "phase"

    with time_machine.travel(challenge.scoring_closes_at + timedelta(minutes=1)):
        actions.judge_entry(entry, judge=judy, marks=full_marks(challenge, 5, 5))
    assert Judgement.objects.count() == 2


def test_judging_ends_when_the_winners_are_announced(judging, member, staff, make_judge):
    add_prizes(judging)
    entry = shortlisted(judging, member)
    judy = make_judge(judging)
    actions.judge_entry(entry, judge=judy, marks=full_marks(judging, 5, 5))
    actions.confirm_winners(judging, actor=staff)

    with pytest.raises(ValidationError) as refused:
        actions.judge_entry(entry, judge=judy, marks=full_marks(judging, 9, 9))

    assert refused.value.code == "phase"
    assert set(Judgement.objects.values_list("value", flat=True)) == {5}


# Ranking ----------------------------------------------------------------------------


def test_the_final_score_combines_jury_and_community_by_their_shares(judging, product):
    solution = make_challenge(product, slug="s", kind=ChallengeKind.SOLUTION, phase="judging")

    assert queries.final_score(judging, 8.0, 4.0) == pytest.approx(70 * 0.8 + 30 * 0.8)
    assert queries.final_score(judging, None, 5.0) == 30
    assert queries.final_score(solution, 8.0, 4.0) == 80


def ranked_titles(challenge):
    return [row.entry.title for row in queries.ranking(challenge)]


def test_ties_go_to_the_higher_jury_score(judging, member):
    # 70·j/10 + 30·c/5: jury 8, community 2.5 → 71; jury 7.5, community 3.0833… → 71
    shortlisted(judging, member, title="A", jury_score=7.5, community_score=3.5 - 5 / 12)
    shortlisted(judging, member, title="B", jury_score=8.0, community_score=2.5)

    assert ranked_titles(judging) == ["B", "A"]


def test_then_the_higher_community_score(judging, member):
    judging.jury_share = 100
    judging.save()
    shortlisted(judging, member, title="A", jury_score=8.0, community_score=3.0)
    shortlisted(judging, member, title="B", jury_score=8.0, community_score=4.0)

    assert ranked_titles(judging) == ["B", "A"]


def test_then_more_community_scores_then_the_earlier_submission(judging, member):
    now = timezone.now()
    shortlisted(judging, member, title="late", jury_score=8.0, score_count=5, created_at=now)
    shortlisted(judging, member, title="few", jury_score=8.0, score_count=3, created_at=now - DAY)
    shortlisted(judging, member, title="early", jury_score=8.0, score_count=5, created_at=now - DAY)

    assert ranked_titles(judging) == ["early", "late", "few"]


def test_judges_progress_leaves_out_a_conflicted_judge(judging, member, make_judge):
    entry = shortlisted(judging, member)
    judy, june = make_judge(judging), make_judge(judging, username="june")
    EntryMember.objects.create(entry=entry, member=june, share=Decimal(5), status="invited")
    actions.judge_entry(entry, judge=judy, marks=full_marks(judging, 5, 5))

    row = queries.ranking(judging)[0]

    assert (row.judges_done, row.judges_total, row.is_complete) == (1, 1, True)


# Confirming the winners -------------------------------------------------------------


@pytest.fixture
def jury(judging, member, other_member, make_judge):
    """Three judged shortlisted entries; the winner's team has three
    confirmed members of odd shares (and one who declined)."""
    add_prizes(judging)
    tess, tom, dee = (UserFactory(username=name) for name in ("tess", "tom", "dee"))
    winner = shortlisted(judging, member, title="Winner")
    EntryMember.objects.filter(entry=winner, member=member).update(share=Decimal("33.33"))
    EntryMember.objects.create(
        entry=winner, member=tess, share=Decimal("33.33"), status="confirmed"
    )
    EntryMember.objects.create(entry=winner, member=tom, share=Decimal("33.34"), status="confirmed")
    EntryMember.objects.create(entry=winner, member=dee, share=Decimal("10"), status="declined")
    second = shortlisted(judging, other_member, title="Second")
    third = shortlisted(judging, UserFactory(username="zoe"), title="Third")
    out = make_entry(judging, UserFactory(username="olly"), title="Not shortlisted")
    judy = make_judge(judging)
    for entry, score in ((winner, 9), (second, 7), (third, 5)):
        actions.judge_entry(entry, judge=judy, marks=full_marks(judging, score, score))
    return judging, winner, second, third, out, (member, tess, tom)


def test_confirming_the_winners_announces_awards_ranks_and_pays(
    jury, staff, django_capture_on_commit_callbacks
):
    challenge, winner, second, third, _out, team = jury
    first_prize = challenge.prizes.get(rank=1)
    first_prize.cash = Decimal("1000.01")
    first_prize.save()

    with django_capture_on_commit_callbacks(execute=True):
        awards = actions.confirm_winners(challenge, actor=staff)

    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.ANNOUNCED and challenge.announced_at
    assert [(a.prize.rank, a.entry_id) for a in awards] == [
        (1, winner.pk),
        (2, second.pk),
        (3, third.pk),
    ]
    ranks = dict(Entry.objects.values_list("title", "rank"))
    assert ranks == {"Winner": 1, "Second": 2, "Third": 3, "Not shortlisted": None}
    assert Entry.objects.get(pk=winner.pk).final_score == pytest.approx(63)
    rows = LedgerEntry.objects.filter(award__entry=winner)
    assert sorted(rows.values_list("member__username", "share", "amount")) == [
        ("ada", Decimal("33.33"), Decimal("333.30")),
        ("tess", Decimal("33.33"), Decimal("333.30")),
        ("tom", Decimal("33.34"), Decimal("333.41")),  # the largest remainder takes the cent
    ]
    assert sum(rows.values_list("amount", flat=True)) == first_prize.cash
    assert {row.kind for row in rows} == {"prize"} and {row.currency for row in rows} == {"CNY"}
    assert set(MemberStats.objects.filter(member__in=team).values_list("points", flat=True)) == {
        500
    }
    assert MedalGrant.objects.filter(medal__slug="challenge-winner", member__in=team).count() == 3
    assert Activity.objects.filter(verb="challenge.won", actor__in=team, public=True).count() == 3
    told = set(
        Notification.objects.filter(kind="challenge").values_list("recipient__username", flat=True)
    )
    assert told == {"ada", "tess", "tom", "grace", "zoe", "olly"}


def test_winners_are_confirmed_once(jury, staff):
    challenge = jury[0]
    actions.confirm_winners(challenge, actor=staff)

    with pytest.raises(ValidationError) as refused:
        actions.confirm_winners(challenge, actor=staff)

    assert refused.value.code == "announced"
    assert Award.objects.count() == 3 and LedgerEntry.objects.count() == 5


def test_staff_may_assign_prizes_against_the_proposed_ranking(jury, staff):
    challenge, winner, _second, third, *_ = jury

    actions.confirm_winners(challenge, actor=staff, assignments={1: third.pk, 2: winner.pk})

    ranks = dict(Entry.objects.filter(is_shortlisted=True).values_list("title", "rank"))
    assert ranks == {"Third": 1, "Winner": 2, "Second": 3}
    assert not Award.objects.filter(prize__rank=3).exists()


@pytest.mark.parametrize(
    "assignments",
    [{9: 1}, {1: "out"}, {1: "winner", 2: "winner"}],
)
def test_bad_assignments_are_refused_and_nothing_changes(jury, staff, assignments):
    challenge, winner, _second, _third, out, _ = jury
    ids = {"winner": winner.pk, "out": out.pk, 1: winner.pk}
    assignments = {rank: ids[value] for rank, value in assignments.items()}

    with pytest.raises(ValidationError) as refused:
        actions.confirm_winners(challenge, actor=staff, assignments=assignments)

    assert refused.value.code == "assignments"
    assert not Award.objects.exists() and not LedgerEntry.objects.exists()
    assert Challenge.objects.get(pk=challenge.pk).status == ChallengeStatus.JUDGING


def test_missing_judgements_hold_the_confirmation_unless_staff_insist(jury, staff, make_judge):
    challenge = jury[0]
    make_judge(challenge, username="late")

    with pytest.raises(ValidationError) as refused:
        actions.confirm_winners(challenge, actor=staff)
    assert refused.value.code == "judging_incomplete" and not Award.objects.exists()

    assert len(actions.confirm_winners(challenge, actor=staff, despite_missing=True)) == 3


def test_winners_wait_for_the_judging_phase(product, member, staff):
    challenge = make_challenge(product, phase="scoring")
    add_prizes(challenge)
    shortlisted(challenge, member)

    with pytest.raises(ValidationError) as refused:
        actions.confirm_winners(challenge, actor=staff)

    assert refused.value.code == "phase" and not Award.objects.exists()
