"""Every moderation write: flags and their review, hiding and restoring posts,
thread tools, warnings and suspensions, board moderators and guidelines.

Each runs in one transaction and writes one line of the public moderation
log beside its Activity. They trust their caller: the checks are in
permissions.py. Forum data changes (pin, lock, move, merge, delete) are the
forum's own actions; these add the moderator's reason and the log line.
"""

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cocreate.core.activity import record
from cocreate.core.models import SiteSettings
from cocreate.core.pagecache import bump
from cocreate.forum import actions as forum
from cocreate.forum.models import Board, Post, Thread
from cocreate.reputation.privileges import flag_weight

from .enums import LogAction, Outcome, ReviewStatus
from .models import Flag, Guidelines, LogEntry, ModeratorAssignment, Review

User = get_user_model()


def _log(
    action: LogAction,
    *,
    actor: Any,
    reason: str = "",
    board: Board | None = None,
    thread: Thread | None = None,
    post: Post | None = None,
    member: Any = None,
    **data: Any,
) -> LogEntry:
    entry = LogEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        board=board,
        thread=thread,
        post=post,
        member=member,
        reason=reason,
        data=data,
    )
    bump("moderation")
    return entry


# Flags and the review queue ------------------------------------------------


@transaction.atomic
def flag_post(post: Post, *, reporter: Any, reason: str, text: str = "") -> Flag:
    """File a flag on its post's pending review (opened if needed); past the
    site's threshold the post is hidden until a moderator decides."""
    review, _created = Review.objects.get_or_create(
        post=post,
        status=ReviewStatus.PENDING,
        defaults={"board_id": post.thread.board_id},
    )
    weight = flag_weight(reporter)
    flag = Flag.objects.create(
        review=review, post=post, reporter=reporter, reason=reason, text=text, weight=weight
    )
    Review.objects.filter(pk=review.pk).update(
        weight=F("weight") + weight, flag_count=F("flag_count") + 1
    )
    review.refresh_from_db(fields=["weight", "flag_count"])
    record(
        actor=reporter,
        verb="flag.created",
        target=post,
        reason=reason,
        board=review.board_id,
        weight=weight,
    )
    threshold = SiteSettings.get().flag_hide_threshold
    if review.weight >= threshold and _set_hidden(
        post, True, actor=None, reason="", by_flags=True, flag_reason=reason
    ):
        Review.objects.filter(pk=review.pk).update(auto_hidden=True)
    bump("moderation")
    return flag


@transaction.atomic
def resolve_review(review: Review, *, actor: Any, outcome: Outcome, reason: str) -> bool:
    """Decide on a flagged post: keep it hidden, delete it, or decline the
    flags and show it again. Returns whether the review was still pending."""
    outcome = Outcome(outcome)
    if not Review.objects.select_for_update().filter(pk=review.pk, status=ReviewStatus.PENDING):
        return False
    post = review.post
    if outcome is Outcome.HIDE:
        _set_hidden(post, True, actor=actor, reason=reason)
    elif outcome is Outcome.DELETE:
        forum.delete_post(post, actor=actor, reason=reason)
    else:
        _set_hidden(post, False, actor=actor, reason=reason)
    _close_reviews(post, actor=actor, outcome=outcome, reason=reason)
    review.refresh_from_db()
    _log(
        LogAction.AGREE if outcome.status is ReviewStatus.AGREED else LogAction.DISAGREE,
        actor=actor,
        reason=reason,
        board=review.board,
        thread=post.thread,
        post=post,
        member=post.author,
        outcome=str(outcome),
        flags=review.flag_count,
    )
    return True


def _close_reviews(post: Post, *, actor: Any, outcome: Outcome, reason: str) -> None:
    """Take the post's pending review out of the queue with the decision;
    reporters whose flags were agreed with earn it on their stats."""
    now = timezone.now()
    for review in Review.objects.select_for_update().filter(post=post, status=ReviewStatus.PENDING):
        Review.objects.filter(pk=review.pk).update(
            status=outcome.status,
            resolved_at=now,
            resolved_by=actor,
            outcome=outcome,
            reason=reason,
        )
        if outcome.status is ReviewStatus.AGREED:
            # Each agreed flag counts on its reporter's stats (and earns the
            # points the "flag.agreed" rule gives).
            for flag in review.flags.filter(reporter__isnull=False).select_related("reporter"):
                record(actor=flag.reporter, verb="flag.agreed", target=post, flag=flag.pk)
        record(
            actor=actor,
            verb="review.resolved",
            target=review,
            outcome=str(outcome),
            board=review.board_id,
            waited=(now - review.created_at).total_seconds(),
        )
        bump("moderation")


# Posts -----------------------------------------------------------------------


def _set_hidden(post: Post, hidden: bool, *, actor: Any, reason: str, **data: Any) -> bool:
    """Hide or show a post (and its thread, for an opening post), telling its
    author; returns whether it changed. Counters do not move: a hidden post
    still counts."""
    now = timezone.now() if hidden else None
    if not Post.objects.filter(pk=post.pk, hidden_at__isnull=hidden).update(hidden_at=now):
        return False
    post.hidden_at = now
    if post.is_first:
        Thread.objects.filter(pk=post.thread_id).update(hidden_at=now)
        post.thread.hidden_at = now
    record(
        actor=actor,
        verb="post.hidden" if hidden else "post.restored",
        target=post,
        thread=post.thread_id,
        title=post.thread.title,
        member=post.author_id,
        reason=reason,
        **data,
    )
    bump("forum")
    return True


@transaction.atomic
def hide_post(post: Post, *, actor: Any, reason: str) -> bool:
    """Hide a post from everyone but its author and the moderators; a
    pending review of it is settled as agreed."""
    if not _set_hidden(post, True, actor=actor, reason=reason):
        return False
    _close_reviews(post, actor=actor, outcome=Outcome.HIDE, reason=reason)
    _log_post(LogAction.HIDE, post, actor=actor, reason=reason)
    return True


@transaction.atomic
def restore_post(post: Post, *, actor: Any, reason: str) -> bool:
    """Show a hidden post again; a pending review of it is declined."""
    if not _set_hidden(post, False, actor=actor, reason=reason):
        return False
    _close_reviews(post, actor=actor, outcome=Outcome.KEEP, reason=reason)
    _log_post(LogAction.RESTORE, post, actor=actor, reason=reason)
    return True


@transaction.atomic
def delete_post(post: Post, *, actor: Any, reason: str) -> bool:
    """Delete a post as a moderator (the opening post deletes its thread)."""
    if not forum.delete_post(post, actor=actor, reason=reason):
        return False
    _close_reviews(post, actor=actor, outcome=Outcome.DELETE, reason=reason)
    _log_post(LogAction.DELETE, post, actor=actor, reason=reason)
    return True


def _log_post(action: LogAction, post: Post, *, actor: Any, reason: str) -> None:
    _log(
        action,
        actor=actor,
        reason=reason,
        board=post.thread.board,
        thread=post.thread,
        post=post,
        member=post.author,
        number=post.number,
    )


# Threads ---------------------------------------------------------------------


@transaction.atomic
def lock_thread(thread: Thread, *, actor: Any, reason: str, locked: bool = True) -> bool:
    if not forum.lock_thread(thread, actor=actor, locked=locked, reason=reason):
        return False
    _log_thread(LogAction.LOCK if locked else LogAction.UNLOCK, thread, actor=actor, reason=reason)
    return True


@transaction.atomic
def pin_thread(thread: Thread, *, actor: Any, reason: str, pinned: bool = True) -> bool:
    if not forum.pin_thread(thread, actor=actor, pinned=pinned, reason=reason):
        return False
    _log_thread(LogAction.PIN if pinned else LogAction.UNPIN, thread, actor=actor, reason=reason)
    return True


@transaction.atomic
def move_thread(thread: Thread, *, actor: Any, board: Board, reason: str) -> bool:
    previous = thread.board
    if not forum.move_thread(thread, board=board, actor=actor, reason=reason):
        return False
    # Pending flags follow the thread to its new board's moderators.
    Review.objects.filter(post__thread=thread, status=ReviewStatus.PENDING).update(board=board)
    _log_thread(
        LogAction.MOVE,
        thread,
        actor=actor,
        reason=reason,
        board=previous,
        to_board=board.pk,
        to_board_name=board.name,
    )
    return True


@transaction.atomic
def merge_threads(thread: Thread, *, into: Thread, actor: Any, reason: str) -> bool:
    if not forum.merge_threads(thread, into=into, actor=actor, reason=reason):
        return False
    Review.objects.filter(post__thread=into, status=ReviewStatus.PENDING).update(
        board=into.board_id
    )
    _log_thread(
        LogAction.MERGE,
        into,
        actor=actor,
        reason=reason,
        board=into.board,
        merged=thread.pk,
        merged_title=thread.title,
    )
    return True


def _log_thread(
    action: LogAction,
    thread: Thread,
    *,
    actor: Any,
    reason: str,
    board: Board | None = None,
    **data: Any,
) -> None:
    _log(
        action,
        actor=actor,
        reason=reason,
        board=board or thread.board,
        thread=thread,
        member=thread.author,
        **data,
    )


# Members ---------------------------------------------------------------------


@transaction.atomic
def warn_member(member: Any, *, actor: Any, reason: str, post: Post | None = None) -> LogEntry:
    """A formal warning: the member is told why, and the log keeps it."""
    record(actor=actor, verb="member.warned", target=member, member=member.pk, reason=reason)
    return _log(
        LogAction.WARN,
        actor=actor,
        reason=reason,
        member=member,
        **_context_of(post),
    )


@transaction.atomic
def suspend_member(
    member: Any, *, actor: Any, reason: str, days: int, post: Post | None = None
) -> LogEntry:
    """Make the member read-only for `days` days (a longer running suspension
    is kept). They can read everything and write nothing."""
    until = timezone.now() + timedelta(days=days)
    if member.suspended_until and member.suspended_until > until:
        until = member.suspended_until
    User.objects.filter(pk=member.pk).update(suspended_until=until, suspension_reason=reason)
    member.suspended_until, member.suspension_reason = until, reason
    record(
        actor=actor,
        verb="member.suspended",
        target=member,
        member=member.pk,
        reason=reason,
        until=until.isoformat(),
        days=days,
    )
    return _log(
        LogAction.SUSPEND,
        actor=actor,
        reason=reason,
        member=member,
        days=days,
        until=until.isoformat(),
        **_context_of(post),
    )


@transaction.atomic
def lift_suspension(member: Any, *, actor: Any, reason: str) -> bool:
    if not member.is_suspended:
        return False
    User.objects.filter(pk=member.pk).update(suspended_until=None, suspension_reason="")
    member.suspended_until, member.suspension_reason = None, ""
    record(actor=actor, verb="member.unsuspended", target=member, member=member.pk, reason=reason)
    _log(LogAction.UNSUSPEND, actor=actor, reason=reason, member=member)
    return True


def _context_of(post: Post | None) -> dict[str, Any]:
    if post is None:
        return {}
    return {"board": post.thread.board, "thread": post.thread, "post": post}


# Board moderators ------------------------------------------------------------


@transaction.atomic
def appoint_moderator(board: Board, *, member: Any, actor: Any) -> bool:
    """Give the member the tools for one board; returns whether it is new."""
    _assignment, created = ModeratorAssignment.objects.get_or_create(
        board=board, member=member, defaults={"appointed_by": actor}
    )
    if created:
        record(actor=actor, verb="moderator.appointed", target=member, board=board.pk)
        _log(LogAction.APPOINT, actor=actor, board=board, member=member)
    return created


@transaction.atomic
def dismiss_moderator(board: Board, *, member: Any, actor: Any) -> bool:
    deleted, _rows = ModeratorAssignment.objects.filter(board=board, member=member).delete()
    if deleted:
        record(actor=actor, verb="moderator.dismissed", target=member, board=board.pk)
        _log(LogAction.DISMISS, actor=actor, board=board, member=member)
    return bool(deleted)


# Guidelines ------------------------------------------------------------------


@transaction.atomic
def publish_guidelines(
    *, actor: Any, body: str, body_zh: str = "", changes: str = "", changes_zh: str = ""
) -> Guidelines:
    """Put a new version in force: every member accepts it before posting again."""
    latest = Guidelines.objects.select_for_update().order_by("-version").first()
    guidelines = Guidelines.objects.create(
        version=(latest.version if latest else 0) + 1,
        body=body,
        body_zh=body_zh,
        changes=changes,
        changes_zh=changes_zh,
        published_by=actor,
    )
    SiteSettings.objects.get_or_create(pk=1)
    SiteSettings.objects.filter(pk=1).update(guidelines_version=guidelines.version)
    # Forget the cached settings now for this process, and again after commit
    # in case another request cached the old version in between.
    SiteSettings.forget()
    transaction.on_commit(SiteSettings.forget)
    record(actor=actor, verb="guidelines.published", target=guidelines, public=True)
    _log(LogAction.GUIDELINES, actor=actor, reason=changes, version=guidelines.version)
    return guidelines


@transaction.atomic
def accept_guidelines(member: Any, *, version: int) -> bool:
    """Record that the member accepted `version`; returns whether it is news."""
    changed = User.objects.filter(pk=member.pk, guidelines_accepted__lt=version).update(
        guidelines_accepted=version
    )
    if changed:
        member.guidelines_accepted = version
        record(actor=member, verb="guidelines.accepted", target=member, version=version)
    return bool(changed)
