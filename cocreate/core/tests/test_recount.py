"""The `recount` command: every denormalised counter against its truth."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cocreate.accounts.models import User
from cocreate.betas.actions import apply_to_program
from cocreate.betas.models import BetaProgram
from cocreate.betas.tests.fixtures import eligible, join, make_program
from cocreate.challenges.actions.scoring import score_entry
from cocreate.challenges.models import Challenge, Entry
from cocreate.challenges.tests.fixtures import make_challenge, make_entry
from cocreate.core.counters import all_counters
from cocreate.forum import actions
from cocreate.forum.models import Board, Post, Thread
from cocreate.ideas.actions import submit_idea, support_idea
from cocreate.ideas.models import Idea
from cocreate.moderation.actions import flag_post
from cocreate.moderation.enums import FlagReason
from cocreate.moderation.models import Review
from cocreate.releases.actions.reports import ProblemIn, ReportIn, file_report
from cocreate.releases.models import ChangelogEntry, FeatureAward, Release, Team
from cocreate.releases.tests.fixtures import make_release
from cocreate.reputation.actions import award_medal
from cocreate.reputation.models import Medal, MemberStats

pytestmark = pytest.mark.django_db


def recount(*args: str) -> str:
    out = StringIO()
    call_command("recount", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def forum_life(board, member, other_member, commit_and_work):
    """A little of everything the counters count, made through actions and
    fanned out by the worker."""
    with commit_and_work():
        thread = actions.create_thread(board, author=member, title="Battery", body="How long?")
        reply = actions.reply_to_thread(thread, author=other_member, body="Two days @ada")
        gone = actions.reply_to_thread(thread, author=other_member, body="Oops")
        actions.delete_post(gone, actor=other_member)
        actions.add_reaction(thread.posts.get(number=1), user=other_member)
        actions.add_reaction(reply, user=member)
        deleted = actions.create_thread(board, author=other_member, title="Spam", body="x")
        actions.delete_post(deleted.posts.get(), actor=other_member)
        award_medal(member, medal=Medal.objects.create(slug="first", name="First", icon="*"))
        flag_post(reply, reporter=member, reason=FlagReason.SPAM)
        idea = submit_idea(board.product, author=member, title="Dark mode", description="d")
        support_idea(idea, member=other_member)
        release = make_release(board.product, version="1.0.0")
        liked = release.entries.first()
        file_report(
            release,
            member=member,
            data=ReportIn(score=4, liked=[liked.pk], problems=[ProblemIn("Hot")]),
        )
        team = Team.objects.create(product=board.product, slug="camera", name="Camera")
        FeatureAward.objects.create(release=release, entry=liked, team=team, net_liking=1)
        # Challenge entries: an entry with a flagged score (other_member is new).
        contest = make_challenge(board.product, phase="scoring")
        score_entry(make_entry(contest, member), member=other_member, value=4)
        Team.objects.update(award_count=1)
        program = make_program(board.product)
        join(program, eligible(member))
        apply_to_program(program, member=eligible(other_member), risk_version=1)
    return thread


def test_a_consistent_database_passes(forum_life):
    output = recount()

    assert f"All {len(all_counters())} counters match." in output
    assert "forum.Board.thread_count: ok" in output


CORRUPTIONS = [
    ("forum.Board.thread_count", lambda t: Board.objects.update(thread_count=9)),
    ("forum.Board.post_count", lambda t: Board.objects.update(post_count=0)),
    ("forum.Thread.reply_count", lambda t: Thread.objects.filter(pk=t.pk).update(reply_count=7)),
    ("forum.Thread.like_count", lambda t: Thread.objects.filter(pk=t.pk).update(like_count=0)),
    ("forum.Thread.last_number", lambda t: Thread.objects.filter(pk=t.pk).update(last_number=1)),
    ("forum.Post.like_count", lambda t: Post.objects.update(like_count=5)),
    (
        "accounts.User.unread_notifications",
        lambda t: User.objects.update(unread_notifications=3),
    ),
    ("reputation.MemberStats.points", lambda t: MemberStats.objects.update(points=1000)),
    ("reputation.MemberStats.threads", lambda t: MemberStats.objects.update(threads=0)),
    ("reputation.MemberStats.posts", lambda t: MemberStats.objects.update(posts=4)),
    ("reputation.MemberStats.likes_given", lambda t: MemberStats.objects.update(likes_given=2)),
    (
        "reputation.MemberStats.likes_received",
        lambda t: MemberStats.objects.update(likes_received=0),
    ),
    ("reputation.MemberStats.medals", lambda t: MemberStats.objects.update(medals=0)),
    ("reputation.Medal.holder_count", lambda t: Medal.objects.update(holder_count=4)),
    (
        "reputation.MemberStats.flags_agreed",
        lambda t: MemberStats.objects.update(flags_agreed=2),
    ),
    ("moderation.Review.flag_count", lambda t: Review.objects.update(flag_count=9)),
    ("moderation.Review.weight", lambda t: Review.objects.update(weight=9)),
    ("ideas.Idea.support_count", lambda t: Idea.objects.update(support_count=0)),
    ("releases.Release.report_count", lambda t: Release.objects.update(report_count=3)),
    ("releases.Release.score_total", lambda t: Release.objects.update(score_total=0)),
    *(
        (f"releases.Release.score_{n}", lambda t, n=n: Release.objects.update(**{f"score_{n}": 9}))
        for n in range(1, 6)
    ),
    ("releases.Release.problem_count", lambda t: Release.objects.update(problem_count=0)),
    ("releases.ChangelogEntry.liked_count", lambda t: ChangelogEntry.objects.update(liked_count=2)),
    (
        "releases.ChangelogEntry.disliked_count",
        lambda t: ChangelogEntry.objects.update(disliked_count=1),
    ),
    ("releases.Team.award_count", lambda t: Team.objects.update(award_count=0)),
    ("betas.BetaProgram.member_count", lambda t: BetaProgram.objects.update(member_count=0)),
    ("betas.BetaProgram.waitlist_count", lambda t: BetaProgram.objects.update(waitlist_count=2)),
    ("betas.BetaProgram.pending_count", lambda t: BetaProgram.objects.update(pending_count=0)),
    # Challenge entries.
    ("challenges.Challenge.entry_count", lambda t: Challenge.objects.update(entry_count=5)),
    ("challenges.Challenge.score_count", lambda t: Challenge.objects.update(score_count=0)),
    ("challenges.Entry.score_count", lambda t: Entry.objects.update(score_count=0)),
    ("challenges.Entry.score_sum", lambda t: Entry.objects.update(score_sum=7)),
    ("challenges.Entry.score_weight", lambda t: Entry.objects.update(score_weight=0)),
    ("challenges.Entry.flagged_count", lambda t: Entry.objects.update(flagged_count=0)),
]


def test_every_counter_is_checked():
    assert sorted(c.name for c in all_counters()) == sorted(name for name, _ in CORRUPTIONS)


@pytest.mark.parametrize(("name", "corrupt"), CORRUPTIONS, ids=[n for n, _ in CORRUPTIONS])
def test_recount_reports_a_wrong_counter_and_fix_corrects_it(forum_life, name, corrupt):
    # given
    corrupt(forum_life)

    # when checked, the command fails and names the counter
    with pytest.raises(CommandError) as failure:
        recount()
    assert failure.value.returncode == 1

    # then --fix corrects it and succeeds
    output = recount("--fix")
    assert f"{name}: " in output and " wrong (" in output and "fixed" in output
    assert "All" in recount()


def test_recount_output_names_the_rows_and_values(forum_life, board):
    Board.objects.filter(pk=board.pk).update(thread_count=9)
    out = StringIO()

    with pytest.raises(CommandError, match="1 wrong values"):
        call_command("recount", "--only", "forum.Board", stdout=out)

    assert f"forum.Board.thread_count: 1 wrong (#{board.pk} 9→1)" in out.getvalue()
    assert "forum.Board.post_count: ok" in out.getvalue()
    assert "reputation" not in out.getvalue()


def test_fix_writes_exactly_the_truth(forum_life, board, member, other_member):
    Board.objects.update(thread_count=0, post_count=0)
    MemberStats.objects.update(points=0, posts=0)

    recount("--fix")

    board.refresh_from_db()
    assert (board.thread_count, board.post_count) == (1, 2)
    assert MemberStats.objects.get(member=other_member).posts == 2  # the deleted reply counts
    assert MemberStats.objects.get(member=member).points == sum(
        member.points_entries.values_list("points", flat=True)
    )


def test_fix_creates_a_missing_stats_row(forum_life, other_member):
    MemberStats.objects.filter(member=other_member).delete()

    recount("--fix")

    stats = MemberStats.objects.get(member=other_member)
    assert (stats.threads, stats.posts, stats.likes_given) == (1, 2, 1)


def test_members_without_anything_need_no_stats_row(db, member):
    assert "All" in recount()
    assert not MemberStats.objects.exists()


def test_only_refuses_an_unknown_counter(db):
    with pytest.raises(CommandError, match="No counter matches"):
        recount("--only", "nowhere")


def test_recount_query_count_does_not_grow_with_the_rows(
    forum_life, make_threads, django_assert_max_num_queries
):
    make_threads(5)
    Thread.objects.update(reply_count=0)
    Post.objects.update(like_count=3)

    with django_assert_max_num_queries(len(all_counters())), pytest.raises(CommandError):
        recount()
