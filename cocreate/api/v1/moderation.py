"""Moderation: flags and the review queue, tools for posts, threads and
members, the public log and the community guidelines.

Every endpoint calls the same queries, `check_*` permissions and actions as
the moderation pages. A board moderator's rights come from the board of the
post or thread concerned.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StringConstraints, model_validator

from cocreate.accounts.models import User
from cocreate.forum import queries as forum_queries
from cocreate.forum.models import Board, Post, Thread
from cocreate.moderation import actions, permissions, queries
from cocreate.moderation.enums import FlagReason, LogAction, Outcome
from cocreate.moderation.models import LogEntry, Review
from cocreate.moderation.permissions import MAX_SUSPENSION_DAYS

from ..auth import token_or_session
from ..errors import ApiError
from ..schemas import ERRORS, ErrorOut, Pagination

router = Router(tags=["moderation"])

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
ObjectId = Annotated[int, Field(ge=1, le=2**63 - 1)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Username = Annotated[str, Path(min_length=1, max_length=150)]
FlagText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]

CONFLICT = {409: ErrorOut}


def _anonymous(request) -> AnonymousUser:
    """The last resort of an endpoint open to all that still wants to know
    who calls: a visitor without credentials."""
    return AnonymousUser()


# Anyone, but a token or session is read when sent (a wrong token is still 401).
token_session_or_anonymous = [*token_or_session, _anonymous]


# Schemas ---------------------------------------------------------------------


class FlagIn(Schema):
    post: ObjectId
    reason: FlagReason
    text: FlagText = Field("", description="What is wrong; required when `reason` is `other`.")

    @model_validator(mode="after")
    def text_for_other(self) -> "FlagIn":
        if self.reason == FlagReason.OTHER and not self.text:
            raise ValueError(_("Say what is wrong with the post."))
        return self


class ReviewSummaryOut(Schema):
    id: int
    weight: int
    flag_count: int
    hidden: bool = Field(description="Whether the post is now hidden until a moderator decides.")


class FlagOut(Schema):
    id: int
    post: int
    reason: str
    review: ReviewSummaryOut


class QueuePostOut(Schema):
    id: int
    number: int
    thread: int
    title: str
    author: str | None = Field(description="The author's username; null once deleted.")
    body_html: str = Field(description="Empty when the post is hidden from you or deleted.")
    hidden: bool
    deleted: bool


class QueueFlagOut(Schema):
    reason: str
    text: str
    created_at: datetime
    reporter: str | None = Field(None, description="The reporter's username, shown to staff only.")


class QueueItemOut(Schema):
    id: int
    board: str
    post: QueuePostOut
    weight: int
    flag_count: int
    auto_hidden: bool
    created_at: datetime
    flags: list[QueueFlagOut]
    can_resolve: bool = Field(description="Whether you may decide on it.")

    @staticmethod
    def resolve_board(review: Review) -> str:
        return review.board.slug

    @staticmethod
    def resolve_post(review: Review, context) -> dict[str, Any]:
        user = context["request"].auth
        post = review.post
        visible = not post.deleted_at and post.is_visible_to(
            user, moderates=permissions.can_moderate_board(user, review.board_id)
        )
        return {
            "id": post.pk,
            "number": post.number,
            "thread": post.thread_id,
            "title": post.thread.title,
            "author": None if post.deleted_at else post.author.username,
            "body_html": post.body_html if visible else "",
            "hidden": post.hidden_at is not None,
            "deleted": post.deleted_at is not None,
        }

    @staticmethod
    def resolve_flags(review: Review, context) -> list[dict[str, Any]]:
        staff = context["request"].auth.is_staff
        return [
            {
                "reason": flag.reason,
                "text": flag.text,
                "created_at": flag.created_at,
                "reporter": (flag.reporter.username if flag.reporter else None) if staff else None,
            }
            for flag in review.flags.all()
        ]

    @staticmethod
    def resolve_can_resolve(review: Review, context) -> bool:
        return permissions.can_moderate_board(context["request"].auth, review.board_id)


class QueueQuery(Schema):
    board: str | None = Field(None, max_length=50, description="Only this board's reviews.")


class ResolveIn(Schema):
    outcome: Outcome
    reason: Reason


class ReviewOut(Schema):
    id: int
    board: str
    post: int
    status: str
    outcome: str
    reason: str
    weight: int
    flag_count: int
    auto_hidden: bool
    created_at: datetime
    resolved_at: datetime | None
    resolved_by: str | None

    @staticmethod
    def resolve_board(review: Review) -> str:
        return review.board.slug

    @staticmethod
    def resolve_post(review: Review) -> int:
        return review.post_id

    @staticmethod
    def resolve_resolved_by(review: Review) -> str | None:
        return review.resolved_by.username if review.resolved_by else None


class ReasonIn(Schema):
    reason: Reason


class MoveIn(ReasonIn):
    board: str = Field(min_length=1, max_length=50, description="The slug of the board to move to.")


class MergeIn(ReasonIn):
    into: ObjectId = Field(description="The id of the thread that receives the posts.")


class PostToolOut(Schema):
    id: int
    thread: int
    number: int
    changed: bool = Field(description="False when the post was already in that state.")
    hidden: bool
    deleted: bool


class ThreadToolOut(Schema):
    id: int
    board: str
    title: str
    changed: bool = Field(description="False when the thread was already in that state.")
    is_pinned: bool
    is_locked: bool
    deleted: bool


class WarnIn(ReasonIn):
    post: ObjectId | None = Field(
        None, description="The member's post the warning is about (needed by board moderators)."
    )


class SuspendIn(WarnIn):
    days: int = Field(ge=1, le=MAX_SUSPENSION_DAYS)


class MemberToolOut(Schema):
    username: str
    action: str
    reason: str
    suspended_until: datetime | None
    log_entry: int | None = Field(description="The line of the public moderation log.")


class LogThreadOut(Schema):
    id: int
    title: str = Field(description="Empty once the thread is deleted.")
    deleted: bool


class LogEntryOut(Schema):
    id: int
    action: str
    description: str = Field(description="What was done, in the request's language.")
    actor: str | None = Field(description="The moderator's username; null for the site itself.")
    board: str | None
    thread: LogThreadOut | None
    post: int | None
    member: str | None = Field(description="The username of the member concerned.")
    reason: str
    data: dict
    created_at: datetime

    @staticmethod
    def resolve_description(entry: LogEntry) -> str:
        return str(LogAction(entry.action).label)

    @staticmethod
    def resolve_actor(entry: LogEntry) -> str | None:
        return entry.actor.username if entry.actor else None

    @staticmethod
    def resolve_board(entry: LogEntry) -> str | None:
        return entry.board.slug if entry.board else None

    @staticmethod
    def resolve_thread(entry: LogEntry) -> dict[str, Any] | None:
        thread = entry.thread
        if thread is None:
            return None
        deleted = thread.deleted_at is not None
        return {"id": thread.pk, "title": "" if deleted else thread.title, "deleted": deleted}

    @staticmethod
    def resolve_post(entry: LogEntry) -> int | None:
        return entry.post_id

    @staticmethod
    def resolve_member(entry: LogEntry) -> str | None:
        return entry.member.username if entry.member else None


class LogQuery(Schema):
    board: str | None = Field(None, max_length=50, description="Only this board's entries.")


class StatsOut(Schema):
    days: int
    reviews: int = Field(description="Reviews decided in the period.")
    flags: int = Field(description="Flags those reviews gathered.")
    agreed: int
    disagreed: int
    pending: int = Field(description="Reviews waiting now.")
    median_wait_seconds: float | None


class GuidelinesOut(Schema):
    version: int
    body: str = Field(description="Markdown.")
    body_zh: str = Field(description="Markdown, Simplified Chinese.")
    changes: str
    changes_zh: str
    published_at: datetime
    accepted: bool | None = Field(
        description="Whether you accepted this version; null for a visitor."
    )


class AcceptIn(Schema):
    version: int = Field(ge=1, le=2**31 - 1)


class AcceptOut(Schema):
    version: int
    accepted: bool


# Helpers ---------------------------------------------------------------------


def _board_or_422(slug: str, field: str) -> Board:
    board = forum_queries.boards().filter(slug=slug).first()
    if board is None:
        raise ValidationError({field: [_("No board is called “%(slug)s”.") % {"slug": slug}]})
    return board


def _board_filter(slug: str | None) -> Board | None:
    return None if slug is None else forum_queries.get_board(slug)


def _member(username: str) -> User:
    return get_object_or_404(
        User.objects.filter(is_active=True, deleted_at__isnull=True), username=username
    )


def _post_of(member: User, post_id: int | None) -> Post | None:
    """The member's post a warning or suspension is about; its board is the
    context a board moderator acts in."""
    if post_id is None:
        return None
    post = (
        Post.objects.select_related("thread__board")
        .filter(pk=post_id, author=member, deleted_at__isnull=True)
        .first()
    )
    if post is None:
        raise ValidationError({"post": [_("This member wrote no such post.")]})
    return post


def _post_out(post: Post, *, changed: bool) -> dict[str, Any]:
    return {
        "id": post.pk,
        "thread": post.thread_id,
        "number": post.number,
        "changed": changed,
        "hidden": post.hidden_at is not None,
        "deleted": post.deleted_at is not None,
    }


def _thread_out(thread: Thread, *, changed: bool) -> dict[str, Any]:
    return {
        "id": thread.pk,
        "board": thread.board.slug,
        "title": thread.title,
        "changed": changed,
        "is_pinned": thread.is_pinned,
        "is_locked": thread.is_locked,
        "deleted": thread.deleted_at is not None,
    }


def _member_out(member: User, action: LogAction, reason: str, entry: LogEntry | None) -> dict:
    return {
        "username": member.username,
        "action": action.value,
        "reason": reason,
        "suspended_until": member.suspended_until if member.is_suspended else None,
        "log_entry": entry.pk if entry else None,
    }


# Flags and the review queue --------------------------------------------------


@router.post("/flags", response={201: FlagOut, **ERRORS})
def flag(request, payload: FlagIn):
    """Report a post to the moderators. Flags gather on the post's review;
    past the site's threshold their weight hides the post until a decision."""
    post = forum_queries.get_post_for(request.auth, payload.post)
    permissions.check_flag_post(request.auth, post)
    try:
        created = actions.flag_post(
            post, reporter=request.auth, reason=payload.reason, text=payload.text
        )
    except IntegrityError:  # a second request from the same member won the race
        raise PermissionDenied(
            _("You already flagged this post; moderators will look at it.")
        ) from None
    review = created.review
    return Status(
        201,
        {
            "id": created.pk,
            "post": post.pk,
            "reason": created.reason,
            "review": {
                "id": review.pk,
                "weight": review.weight,
                "flag_count": review.flag_count,
                "hidden": post.hidden_at is not None,
            },
        },
    )


@router.get("/moderation/queue", response={200: list[QueueItemOut], **ERRORS})
@paginate(Pagination)
def review_queue(request, filters: Query[QueueQuery]):
    """Flagged posts waiting for a decision, heaviest first: every board for
    staff and seniors, their own boards for board moderators."""
    permissions.check_see_review_queue(request.auth)
    return queries.review_queue_for(request.auth, board=_board_filter(filters.board))


@router.post("/moderation/reviews/{review_id}", response={200: ReviewOut, **ERRORS, **CONFLICT})
def resolve_review(request, review_id: Id, payload: ResolveIn):
    """Decide on a flagged post: `hide` or `delete` it (flags agreed), or
    `keep` it (flags declined, the post is shown again). A review already
    decided answers 409 `already_handled`."""
    review = queries.get_review(request.auth, review_id)
    permissions.check_moderate_board(request.auth, review.board)
    if not review.is_pending or not actions.resolve_review(
        review, actor=request.auth, outcome=payload.outcome, reason=payload.reason
    ):
        raise ApiError(409, "already_handled", _("These flags were already handled."))
    review.refresh_from_db()
    return review


# Posts -----------------------------------------------------------------------


def _post_tool(request, post_id: int, payload: ReasonIn, act: Callable[..., bool]) -> dict:
    post = _moderated_post(request.auth, post_id)
    changed = act(post, actor=request.auth, reason=payload.reason)
    return _post_out(post, changed=changed)


def _moderated_post(user: Any, post_id: int) -> Post:
    post = forum_queries.get_post_for(user, post_id)
    permissions.check_moderate_board(user, post.thread.board)
    return post


@router.post("/moderation/posts/{post_id}/hide", response={200: PostToolOut, **ERRORS})
def hide_post(request, post_id: Id, payload: ReasonIn):
    """Hide a post from everyone but its author and the moderators."""
    return _post_tool(request, post_id, payload, actions.hide_post)


@router.post("/moderation/posts/{post_id}/restore", response={200: PostToolOut, **ERRORS})
def restore_post(request, post_id: Id, payload: ReasonIn):
    """Show a hidden post again."""
    return _post_tool(request, post_id, payload, actions.restore_post)


@router.post("/moderation/posts/{post_id}/delete", response={200: PostToolOut, **ERRORS})
def delete_post(request, post_id: Id, payload: ReasonIn):
    """Delete a post (an opening post deletes its thread)."""
    return _post_tool(request, post_id, payload, actions.delete_post)


# Threads ---------------------------------------------------------------------


def _moderated_thread(user: Any, thread_id: int) -> Thread:
    thread = forum_queries.get_thread_for(user, thread_id)
    permissions.check_moderate_board(user, thread.board)
    return thread


def _thread_flag(request, thread_id: int, payload: ReasonIn, act: Callable, **value: bool):
    thread = _moderated_thread(request.auth, thread_id)
    changed = act(thread, actor=request.auth, reason=payload.reason, **value)
    return _thread_out(thread, changed=changed)


@router.post("/moderation/threads/{thread_id}/pin", response={200: ThreadToolOut, **ERRORS})
def pin_thread(request, thread_id: Id, payload: ReasonIn):
    return _thread_flag(request, thread_id, payload, actions.pin_thread, pinned=True)


@router.post("/moderation/threads/{thread_id}/unpin", response={200: ThreadToolOut, **ERRORS})
def unpin_thread(request, thread_id: Id, payload: ReasonIn):
    return _thread_flag(request, thread_id, payload, actions.pin_thread, pinned=False)


@router.post("/moderation/threads/{thread_id}/lock", response={200: ThreadToolOut, **ERRORS})
def lock_thread(request, thread_id: Id, payload: ReasonIn):
    """Lock a thread against new replies."""
    return _thread_flag(request, thread_id, payload, actions.lock_thread, locked=True)


@router.post("/moderation/threads/{thread_id}/unlock", response={200: ThreadToolOut, **ERRORS})
def unlock_thread(request, thread_id: Id, payload: ReasonIn):
    return _thread_flag(request, thread_id, payload, actions.lock_thread, locked=False)


@router.post("/moderation/threads/{thread_id}/move", response={200: ThreadToolOut, **ERRORS})
def move_thread(request, thread_id: Id, payload: MoveIn):
    """Move a thread to another board; you need to moderate both."""
    thread = _moderated_thread(request.auth, thread_id)
    board = _board_or_422(payload.board, "board")
    permissions.check_move_thread(request.auth, thread, board)
    changed = actions.move_thread(thread, actor=request.auth, board=board, reason=payload.reason)
    return _thread_out(thread, changed=changed)


@router.post("/moderation/threads/{thread_id}/merge", response={200: ThreadToolOut, **ERRORS})
def merge_thread(request, thread_id: Id, payload: MergeIn):
    """Append this thread's posts to the thread `into`; this one then points
    there. Answers with the thread that received the posts."""
    thread = _moderated_thread(request.auth, thread_id)
    into = (
        Thread.objects.select_related("board")
        .filter(pk=payload.into, deleted_at__isnull=True)
        .first()
    )
    if into is None:
        raise ValidationError({"into": [_("There is no such thread to merge into.")]})
    permissions.check_merge_threads(request.auth, thread, into)
    changed = actions.merge_threads(thread, into=into, actor=request.auth, reason=payload.reason)
    into.refresh_from_db()
    return _thread_out(into, changed=changed)


# Members ---------------------------------------------------------------------


@router.post("/moderation/members/{username}/warn", response={201: MemberToolOut, **ERRORS})
def warn_member(request, username: Username, payload: WarnIn):
    """A formal warning, told to the member and kept in the public log. Board
    moderators warn about a `post` on a board they moderate."""
    member = _member(username)
    post = _post_of(member, payload.post)
    permissions.check_discipline_member(
        request.auth, member, board=post.thread.board if post else None
    )
    entry = actions.warn_member(member, actor=request.auth, reason=payload.reason, post=post)
    return Status(201, _member_out(member, LogAction.WARN, payload.reason, entry))


@router.post("/moderation/members/{username}/suspend", response={201: MemberToolOut, **ERRORS})
def suspend_member(request, username: Username, payload: SuspendIn):
    """Make a member read-only for `days` days. Board moderators suspend for
    at most a week, about a `post` on a board they moderate."""
    member = _member(username)
    post = _post_of(member, payload.post)
    permissions.check_discipline_member(
        request.auth, member, board=post.thread.board if post else None, days=payload.days
    )
    entry = actions.suspend_member(
        member, actor=request.auth, reason=payload.reason, days=payload.days, post=post
    )
    return Status(201, _member_out(member, LogAction.SUSPEND, payload.reason, entry))


@router.post("/moderation/members/{username}/unsuspend", response={200: MemberToolOut, **ERRORS})
def lift_suspension(request, username: Username, payload: ReasonIn):
    """Staff: end a suspension early."""
    member = _member(username)
    permissions.check_lift_suspension(request.auth, member)
    actions.lift_suspension(member, actor=request.auth, reason=payload.reason)
    return _member_out(member, LogAction.UNSUSPEND, payload.reason, None)


# The public log and statistics -------------------------------------------------


@router.get("/moderation/log", auth=None, response={200: list[LogEntryOut], **ERRORS})
@paginate(Pagination)
def moderation_log(request, filters: Query[LogQuery]):
    """Every moderation action with its reason, newest first. Reporters never
    appear."""
    return queries.log_entries(board=_board_filter(filters.board))


@router.get("/moderation/stats", auth=None, response=StatsOut)
def moderation_stats(request):
    """How flags were handled in the last 30 days."""
    stats = queries.moderation_stats()
    wait = stats.pop("median_wait")
    return {**stats, "median_wait_seconds": wait.total_seconds() if wait else None}


# Guidelines ------------------------------------------------------------------


@router.get("/guidelines", auth=token_session_or_anonymous, response={200: GuidelinesOut, **ERRORS})
def guidelines(request):
    """The community guidelines in force, and whether you accepted them."""
    current = queries.current_guidelines()
    if current is None:
        raise Http404
    user = request.auth
    return {
        "version": current.version,
        "body": current.body,
        "body_zh": current.body_zh,
        "changes": current.changes,
        "changes_zh": current.changes_zh,
        "published_at": current.published_at,
        "accepted": user.guidelines_accepted >= current.version if user.is_authenticated else None,
    }


@router.post("/guidelines/accept", response={200: AcceptOut, 400: ErrorOut, **ERRORS})
def accept_guidelines(request, payload: AcceptIn):
    """Accept the guidelines in force; send the `version` you read. Any
    other version answers 400 `stale_guidelines`."""
    current = permissions.guidelines_version()
    if payload.version != current:
        raise ApiError(
            400,
            "stale_guidelines",
            _("Version %(version)d is not the guidelines in force; read version %(current)d.")
            % {"version": payload.version, "current": current}
            if current
            else _("No community guidelines are in force."),
        )
    actions.accept_guidelines(request.auth, version=current)
    return {"version": current, "accepted": True}
