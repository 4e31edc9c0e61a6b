from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from cocreate.accounts.tests.factories import UserFactory
from cocreate.core.models import Activity, SiteSettings
from cocreate.forum import actions as forum
from cocreate.forum.models import Thread
from cocreate.moderation import actions
from cocreate.moderation.enums import FlagReason, LogAction, Outcome, ReviewStatus
from cocreate.moderation.models import LogEntry, ModeratorAssignment, Review
from cocreate.reputation.actions import change_tier
from cocreate.reputation.enums import Tier
from cocreate.reputation.models import MemberStats, PointsEntry

pytestmark = pytest.mark.django_db


def _flags_agreed(member) -> int:
    return MemberStats.objects.get(member=member).flags_agreed


def _flaggers(count, tier=Tier.MEMBER):
    members = [UserFactory() for _ in range(count)]
    for member in members:
        if tier is not Tier.MEMBER:
            change_tier(member, tier=tier)
    return members


def test_flags_on_one_post_gather_on_one_pending_review(reply):
    first, second = _flaggers(2)

    actions.flag_post(reply, reporter=first, reason=FlagReason.SPAM)
    actions.flag_post(reply, reporter=second, reason=FlagReason.OTHER, text="Ads")

    review = Review.objects.get()
    assert (review.flag_count, review.weight, review.status) == (2, 2, ReviewStatus.PENDING)
    assert review.board_id == reply.thread.board_id
    assert Activity.objects.filter(verb="flag.created", public=False).count() == 2


def test_a_member_flags_a_post_once(reply, member):
    actions.flag_post(reply, reporter=member, reason=FlagReason.SPAM)
    with pytest.raises(IntegrityError):
        actions.flag_post(reply, reporter=member, reason=FlagReason.SPAM)


def test_flags_weigh_by_tier_and_hide_the_post_past_the_threshold(reply):
    (moderator_tier,) = _flaggers(1, Tier.MODERATOR)  # weight 5 = the default threshold
    (plain,) = _flaggers(1)

    actions.flag_post(reply, reporter=plain, reason=FlagReason.SPAM)
    reply.refresh_from_db()
    assert reply.hidden_at is None

    actions.flag_post(reply, reporter=moderator_tier, reason=FlagReason.SPAM)
    reply.refresh_from_db()
    review = Review.objects.get()
    assert reply.hidden_at is not None and review.auto_hidden and review.weight == 6
    hidden = Activity.objects.get(verb="post.hidden")
    assert hidden.actor is None and hidden.data["by_flags"] is True
    assert hidden.data["member"] == reply.author_id


def test_the_threshold_is_a_site_setting(reply, member):
    SiteSettings.objects.update_or_create(pk=1, defaults={"flag_hide_threshold": 1})
    SiteSettings.forget()

    actions.flag_post(reply, reporter=member, reason=FlagReason.ABUSIVE)

    reply.refresh_from_db()
    assert reply.hidden_at is not None


def test_hiding_the_opening_post_hides_the_thread_from_lists(first_post, staff):
    assert actions.hide_post(first_post, actor=staff, reason="Spam thread")

    thread = Thread.objects.get(pk=first_post.thread_id)
    assert thread.hidden_at is not None
    assert not Thread.objects.filter(pk=thread.pk, hidden_at__isnull=True).exists()
    assert actions.hide_post(first_post, actor=staff, reason="again") is False

    assert actions.restore_post(first_post, actor=staff, reason="Not spam after all")
    thread.refresh_from_db()
    assert thread.hidden_at is None


def test_agreeing_keeps_the_post_hidden_and_credits_the_reporters(
    reply, moderator, commit_and_work
):
    reporters = _flaggers(3, Tier.CLUB_MEMBER)  # 2 + 2 + 2 ≥ 5
    for reporter in reporters:
        actions.flag_post(reply, reporter=reporter, reason=FlagReason.SPAM)
    review = Review.objects.get()

    with commit_and_work():
        assert actions.resolve_review(review, actor=moderator, outcome=Outcome.HIDE, reason="Ads")

    review.refresh_from_db()
    reply.refresh_from_db()
    assert review.status == ReviewStatus.AGREED and review.resolved_by == moderator
    assert review.outcome == Outcome.HIDE and review.reason == "Ads"
    assert reply.hidden_at is not None
    assert [_flags_agreed(r) for r in reporters] == [1, 1, 1]
    assert PointsEntry.objects.filter(verb="flag.agreed").count() == 3
    entry = LogEntry.objects.get(action=LogAction.AGREE)
    assert (entry.actor, entry.member, entry.reason) == (moderator, reply.author, "Ads")
    assert (
        actions.resolve_review(review, actor=moderator, outcome=Outcome.KEEP, reason="x") is False
    )


def test_declining_shows_the_post_again_without_credit(reply, moderator, commit_and_work):
    (reporter,) = _flaggers(1, Tier.MODERATOR)
    actions.flag_post(reply, reporter=reporter, reason=FlagReason.ABUSIVE)
    review = Review.objects.get()

    with commit_and_work():
        actions.resolve_review(
            review, actor=moderator, outcome=Outcome.KEEP, reason="Fair criticism"
        )

    reply.refresh_from_db()
    assert reply.hidden_at is None
    assert Review.objects.get().status == ReviewStatus.DISAGREED
    assert _flags_agreed(reporter) == 0
    assert Activity.objects.filter(verb="post.restored").exists()
    assert LogEntry.objects.filter(action=LogAction.DISAGREE).count() == 1


def test_agreeing_with_delete_deletes_the_post_and_counts(reply, moderator):
    actions.flag_post(reply, reporter=UserFactory(), reason=FlagReason.SPAM)

    actions.resolve_review(
        Review.objects.get(), actor=moderator, outcome=Outcome.DELETE, reason="Spam"
    )

    reply.refresh_from_db()
    thread = Thread.objects.get(pk=reply.thread_id)
    assert reply.deleted_at is not None and thread.reply_count == 0
    deleted = Activity.objects.get(verb="post.deleted")
    assert deleted.data["reason"] == "Spam" and deleted.data["member"] == reply.author_id


def test_hiding_from_the_post_tools_settles_a_pending_review(
    reply, moderator, member, commit_and_work
):
    actions.flag_post(reply, reporter=member, reason=FlagReason.SPAM)

    with commit_and_work():
        actions.hide_post(reply, actor=moderator, reason="Ads")

    review = Review.objects.get()
    assert review.status == ReviewStatus.AGREED and review.outcome == Outcome.HIDE
    assert _flags_agreed(member) == 1
    assert list(LogEntry.objects.values_list("action", flat=True)) == [
        LogAction.HIDE,
        LogAction.APPOINT,
    ]


def test_a_post_flagged_after_a_review_opens_a_new_one(reply, moderator, member, staff):
    actions.flag_post(reply, reporter=member, reason=FlagReason.SPAM)
    actions.resolve_review(Review.objects.get(), actor=moderator, outcome=Outcome.KEEP, reason="ok")

    actions.flag_post(reply, reporter=staff, reason=FlagReason.ABUSIVE)

    assert Review.objects.filter(status=ReviewStatus.PENDING).count() == 1
    assert Review.objects.count() == 2


def test_thread_tools_log_with_the_reason(thread, moderator):
    assert actions.lock_thread(thread, actor=moderator, reason="Heated")
    assert actions.lock_thread(thread, actor=moderator, reason="Heated") is False
    assert actions.pin_thread(thread, actor=moderator, reason="FAQ")
    assert actions.lock_thread(thread, actor=moderator, reason="Calm", locked=False)

    thread.refresh_from_db()
    assert thread.is_pinned and not thread.is_locked
    actions_logged = list(
        LogEntry.objects.filter(thread=thread).order_by("id").values_list("action", "reason")
    )
    assert actions_logged == [
        (LogAction.LOCK, "Heated"),
        (LogAction.PIN, "FAQ"),
        (LogAction.UNLOCK, "Calm"),
    ]
    locked = Activity.objects.filter(verb="thread.locked").order_by("id").first()
    assert locked.data["reason"] == "Heated" and locked.data["member"] == thread.author_id


def test_moving_a_thread_moves_its_counts_and_pending_flags(
    thread, reply, board, other_board, staff, member
):
    actions.flag_post(reply, reporter=member, reason=FlagReason.SPAM)

    assert actions.move_thread(thread, actor=staff, board=other_board, reason="Camera topic")

    board.refresh_from_db()
    other_board.refresh_from_db()
    assert (board.thread_count, board.post_count) == (0, 0)
    assert (other_board.thread_count, other_board.post_count) == (1, 2)
    assert other_board.last_post_at == Thread.objects.get(pk=thread.pk).last_post_at
    assert Review.objects.get().board == other_board
    entry = LogEntry.objects.get(action=LogAction.MOVE)
    assert entry.board == board and entry.data["to_board"] == other_board.pk


def test_merging_appends_posts_and_leaves_a_pointer(
    board, other_board, member, other_member, staff
):

    target = forum.create_thread(board, author=member, title="Battery", body="Drains fast")
    forum.reply_to_thread(target, author=other_member, body="Same here")
    source = forum.create_thread(other_board, author=other_member, title="Battery!", body="Dies")
    forum.reply_to_thread(source, author=member, body="+1")

    assert actions.merge_threads(source, into=target, actor=staff, reason="Duplicate")

    target.refresh_from_db()
    source.refresh_from_db()
    board.refresh_from_db()
    other_board.refresh_from_db()
    numbers = list(target.posts.order_by("number").values_list("number", "body"))
    assert numbers == [(1, "Drains fast"), (2, "Same here"), (3, "Dies"), (4, "+1")]
    assert (target.last_number, target.reply_count) == (4, 3)
    assert source.deleted_at is not None and source.merged_into == target
    assert (board.thread_count, board.post_count) == (1, 4)
    assert (other_board.thread_count, other_board.post_count) == (0, 0)
    assert LogEntry.objects.get(action=LogAction.MERGE).data["merged"] == source.pk
    assert actions.merge_threads(source, into=target, actor=staff, reason="again") is False


def test_suspension_makes_a_member_read_only_until_it_ends(member, staff):
    actions.suspend_member(member, actor=staff, reason="Insults", days=3)

    member.refresh_from_db()
    assert member.is_suspended and member.suspension_reason == "Insults"
    assert member.suspended_until > timezone.now() + timedelta(days=2)
    # A shorter suspension never cuts a longer one short.
    actions.suspend_member(member, actor=staff, reason="Again", days=1)
    member.refresh_from_db()
    assert member.suspended_until > timezone.now() + timedelta(days=2)

    assert actions.lift_suspension(member, actor=staff, reason="Apologised")
    member.refresh_from_db()
    assert not member.is_suspended
    assert actions.lift_suspension(member, actor=staff, reason="again") is False
    assert list(
        LogEntry.objects.filter(member=member).order_by("id").values_list("action", flat=True)
    ) == [LogAction.SUSPEND, LogAction.SUSPEND, LogAction.UNSUSPEND]


def test_a_warning_is_logged_with_its_post(reply, moderator):
    entry = actions.warn_member(reply.author, actor=moderator, reason="Keep it civil", post=reply)

    assert (entry.board, entry.thread, entry.post) == (
        reply.thread.board,
        reply.thread,
        reply,
    )
    warned = Activity.objects.get(verb="member.warned")
    assert warned.data == {"member": reply.author_id, "reason": "Keep it civil"}


def test_appointing_and_dismissing_board_moderators(board, member, staff):
    assert actions.appoint_moderator(board, member=member, actor=staff)
    assert actions.appoint_moderator(board, member=member, actor=staff) is False
    assert ModeratorAssignment.objects.get().appointed_by == staff

    assert actions.dismiss_moderator(board, member=member, actor=staff)
    assert actions.dismiss_moderator(board, member=member, actor=staff) is False
    assert list(LogEntry.objects.order_by("id").values_list("action", flat=True)) == [
        LogAction.APPOINT,
        LogAction.DISMISS,
    ]


def test_publishing_guidelines_numbers_versions_and_asks_again(member, staff):
    first = actions.publish_guidelines(actor=staff, body="Be kind.", body_zh="友善。")
    assert SiteSettings.get().guidelines_version == 1

    assert actions.accept_guidelines(member, version=first.version)
    assert actions.accept_guidelines(member, version=first.version) is False

    second = actions.publish_guidelines(actor=staff, body="Be kind. No ads.", changes="No ads")
    assert second.version == 2 and SiteSettings.get().guidelines_version == 2
    member.refresh_from_db()
    assert member.guidelines_accepted == 1
    assert LogEntry.objects.filter(action=LogAction.GUIDELINES).count() == 2
