"""Moderation pages: flagging, the review queue, the post, thread and member
tools, board moderators, the public log and the community guidelines.

HTTP only: parse → query → check → action → render. The rules are in
permissions.py, the writes in actions.py.
"""

from collections import Counter
from datetime import timedelta
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreate.core.htmx import render_page
from cocreate.core.markdown import render_markdown
from cocreate.core.pagecache import cache_anonymous_page
from cocreate.core.permissions import answers
from cocreate.forum import queries as forum_queries
from cocreate.forum.models import Post

from . import actions, permissions, queries
from .enums import FlagReason, Outcome
from .forms import (
    AcceptGuidelinesForm,
    BoardFilterForm,
    FlagForm,
    MemberActionForm,
    ModeratorForm,
    PostContextForm,
    PostToolsForm,
    PublishGuidelinesForm,
    ResolveForm,
    ThreadToolsForm,
)
from .models import Review

REVIEWS_PER_PAGE = 25
LOG_PER_PAGE = 50
MEMBER_LOG_PER_PAGE = 20
THREAD_LOG_LENGTH = 20
MEMBER_ACTIONS = ("warn", "suspend", "lift")


def _bad_request(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    return render_page(request, template, context, status=400)


# Flags -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def flag(request: HttpRequest, post_id: int) -> HttpResponse:
    post = forum_queries.get_post_for(request.user, post_id)
    permissions.check_flag_post(request.user, post)
    form = FlagForm(
        request.POST if request.method == "POST" else None, auto_id=f"flag-{post.pk}-%s"
    )
    context = {"post": post, "thread": post.thread, "form": form}
    if not form.is_valid():
        status = 400 if form.is_bound else 200
        return render_page(request, "moderation/flag.html", context, status=status)
    actions.flag_post(post, reporter=request.user, **form.cleaned_data)
    if request.htmx:
        return TemplateResponse(request, "moderation/_flagged.html", context)
    messages.success(request, _("Thanks — moderators will look at it."))
    return redirect(post.get_absolute_url())


# The review queue --------------------------------------------------------------


def _queue_boards(user: Any) -> Any:
    """The boards whose flags the user sees, for the queue's filter."""
    moderated = permissions.moderated_board_ids(user)
    listed = forum_queries.boards().order_by("position", "name")
    if moderated and not user.is_staff:
        listed = listed.filter(pk__in=moderated)
    return listed


def _prepare_review(review: Review, user: Any, *, form: ResolveForm | None = None) -> Review:
    """Attach what a queue item shows: its flags by reason, and the resolve
    form when the user can act on the review's board."""
    flags = list(review.flags.all())
    counts = Counter(flag.reason for flag in flags)
    review.reason_counts = [(FlagReason(reason).label, n) for reason, n in counts.most_common()]  # type: ignore[attr-defined]
    review.flag_texts = [flag for flag in flags if flag.text]  # type: ignore[attr-defined]
    review.acts = permissions.can_moderate_board(user, review.board_id)  # type: ignore[attr-defined]
    if review.acts:  # type: ignore[attr-defined]
        review.form = form or ResolveForm(auto_id=f"review-{review.pk}-%s")  # type: ignore[attr-defined]
    return review


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    permissions.check_see_review_queue(request.user)
    form = BoardFilterForm(request.GET, boards=_queue_boards(request.user))
    context: dict[str, Any] = {"form": form}
    if not form.is_valid():
        return _bad_request(request, "moderation/queue.html", context)
    board = form.cleaned_data["board"]
    reviews = queries.review_queue_for(request.user, board=board)
    page = Paginator(reviews, REVIEWS_PER_PAGE).get_page(form.cleaned_data["page"])
    items = list(page.object_list)
    for review in items:
        _prepare_review(review, request.user)
    context.update(
        page=page,
        reviews=items,
        board=board,
        acts_anywhere=permissions.is_moderator(request.user),
    )
    return render_page(request, "moderation/queue.html", context)


@login_required
@require_POST
def resolve(request: HttpRequest, review_id: int) -> HttpResponse:
    review = queries.get_review(request.user, review_id)
    permissions.check_resolve_review(request.user, review)
    form = ResolveForm(request.POST, auto_id=f"review-{review.pk}-%s")
    if not form.is_valid():
        _prepare_review(review, request.user, form=form)
        return _bad_request(request, "moderation/review.html", {"review": review})
    outcome = Outcome(form.cleaned_data["outcome"])
    actions.resolve_review(
        review, actor=request.user, outcome=outcome, reason=form.cleaned_data["reason"]
    )
    if request.htmx:
        context = {"review": review, "outcome": outcome, "reason": form.cleaned_data["reason"]}
        return TemplateResponse(request, "moderation/_resolved.html", context)
    messages.success(request, _("Decision recorded: %(outcome)s.") % {"outcome": outcome.label})
    return redirect("moderation:queue")


# Posts -----------------------------------------------------------------------


def _reviews_of(post: Post, user: Any) -> list[Review]:
    """Every review of the post, newest first, with its flags."""
    reviews = list(queries.reviews_of(user, post))
    for review in reviews:
        _prepare_review(review, user)
    return reviews


@login_required
@require_http_methods(["GET", "POST"])
def post_tools(request: HttpRequest, post_id: int) -> HttpResponse:
    post = forum_queries.get_post_for(request.user, post_id)
    permissions.check_moderate_board(request.user, post.thread.board)
    form = PostToolsForm(post, request.POST if request.method == "POST" else None)
    if form.is_valid():
        action = {
            "hide": actions.hide_post,
            "restore": actions.restore_post,
            "delete": actions.delete_post,
        }[form.cleaned_data["action"]]
        action(post, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Done. The public moderation log shows it with your reason."))
        if post.deleted_at and post.is_first:
            return redirect("forum:board", post.thread.board.slug)
        return redirect(post.get_absolute_url())
    context = {
        "post": post,
        "thread": post.thread,
        "board": post.thread.board,
        "form": form,
        "reviews": _reviews_of(post, request.user),
        "can_discipline": answers(
            partial(permissions.check_discipline_member, board=post.thread.board),
            request.user,
            post.author,
        ),
    }
    status = 400 if form.is_bound else 200
    return render_page(request, "moderation/post.html", context, status=status)


# Threads ---------------------------------------------------------------------


def _boards_to_move_to(user: Any, thread: Any) -> Any:
    listed = forum_queries.boards().exclude(pk=thread.board_id).order_by("position", "name")
    moderated = permissions.moderated_board_ids(user)
    return listed if moderated is None else listed.filter(pk__in=moderated)


@login_required
@require_http_methods(["GET", "POST"])
def thread_tools(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = forum_queries.get_thread_for(request.user, thread_id)
    permissions.check_moderate_board(request.user, thread.board)
    form = ThreadToolsForm(
        thread,
        request.POST if request.method == "POST" else None,
        movable_to=list(_boards_to_move_to(request.user, thread)),
    )
    if form.is_valid():
        return _apply_thread_tool(request, thread, form.cleaned_data)
    context = {
        "thread": thread,
        "board": thread.board,
        "form": form,
        "entries": list(queries.log_entries().filter(thread=thread)[:THREAD_LOG_LENGTH]),
    }
    status = 400 if form.is_bound else 200
    return render_page(request, "moderation/thread.html", context, status=status)


def _apply_thread_tool(request: HttpRequest, thread: Any, data: dict) -> HttpResponse:
    user, action, reason = request.user, data["action"], data["reason"]
    target = thread
    if action in ("pin", "unpin"):
        actions.pin_thread(thread, actor=user, reason=reason, pinned=action == "pin")
    elif action in ("lock", "unlock"):
        actions.lock_thread(thread, actor=user, reason=reason, locked=action == "lock")
    elif action == "move":
        permissions.check_move_thread(user, thread, data["board"])
        actions.move_thread(thread, actor=user, board=data["board"], reason=reason)
    else:
        target = data["into"]
        permissions.check_merge_threads(user, thread, target)
        actions.merge_threads(thread, into=target, actor=user, reason=reason)
    messages.success(request, _("Done. The public moderation log shows it with your reason."))
    return redirect("forum:thread", target.pk)


# Members ---------------------------------------------------------------------


def _context_post(request: HttpRequest, member: Any) -> tuple[Post | None, str]:
    """The `?post=` the moderator came from: one of the member's posts, or an
    error message."""
    form = PostContextForm(request.GET)
    if not form.is_valid():
        return None, _("The post number is not valid.")
    pk = form.cleaned_data["post"]
    if pk is None:
        return None, ""
    post = Post.objects.select_related("thread__board").filter(pk=pk, author=member).first()
    if post is None:
        return None, _("That post is not by this member.")
    return post, ""


@login_required
@require_http_methods(["GET", "POST"])
def member(request: HttpRequest, username: str) -> HttpResponse:
    member = get_object_or_404(get_user_model(), username=username)
    post, error = _context_post(request, member)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    board = post.thread.board if post else None
    user = request.user
    permissions.check_see_member_record(user, board=board)
    posted = request.POST if request.method == "POST" else None
    form = MemberActionForm(posted, auto_id=f"{_posted_action(posted)}-%s")
    if form.is_valid():
        return _apply_member_action(request, member, post, form.cleaned_data)
    max_days = (
        permissions.MAX_SUSPENSION_DAYS
        if user.is_staff
        else permissions.MODERATOR_MAX_SUSPENSION_DAYS
    )
    member_forms = {}
    for action in MEMBER_ACTIONS:
        shown = form if form.is_bound and _posted_action(posted) == action else None
        shown = shown or MemberActionForm(auto_id=f"{action}-%s", initial={"action": action})
        shown.fields["days"].widget.attrs["max"] = max_days
        member_forms[action] = shown
    page = Paginator(queries.log_about(member), MEMBER_LOG_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "member": member,
        "post": post,
        "board": board,
        "form": form,
        "member_forms": member_forms,
        "page": page,
        "max_days": max_days,
        "can_discipline": answers(
            partial(permissions.check_discipline_member, board=board), user, member
        ),
        "can_lift": answers(permissions.check_lift_suspension, user, member),
        "query": f"?post={post.pk}" if post else "",
        "page_query": f"post={post.pk}&" if post else "",
    }
    status = 400 if form.is_bound else 200
    return render_page(request, "moderation/member.html", context, status=status)


def _posted_action(posted: Any) -> str:
    action = posted.get("action") if posted else None
    return action if action in MEMBER_ACTIONS else "member"


def _apply_member_action(
    request: HttpRequest, member: Any, post: Post | None, data: dict
) -> HttpResponse:
    user, action, reason = request.user, data["action"], data["reason"]
    board = post.thread.board if post else None
    if action == "warn":
        permissions.check_discipline_member(user, member, board=board)
        actions.warn_member(member, actor=user, reason=reason, post=post)
        messages.success(request, _("%(name)s was warned.") % {"name": member.name})
    elif action == "suspend":
        days = data["days"]
        permissions.check_discipline_member(user, member, board=board, days=days)
        actions.suspend_member(member, actor=user, reason=reason, days=days, post=post)
        messages.success(request, _("%(name)s is suspended.") % {"name": member.name})
    else:
        permissions.check_lift_suspension(user, member)
        actions.lift_suspension(member, actor=user, reason=reason)
        messages.success(request, _("%(name)s can write again.") % {"name": member.name})
    url = reverse("moderation:member", args=[member.username])
    return redirect(f"{url}?post={post.pk}" if post else url)


# The public log --------------------------------------------------------------


def _humanize(span: timedelta | None) -> str:
    if span is None:
        return "—"
    if span < timedelta(minutes=1):
        return _("under a minute")
    start = timezone.now()
    return timesince(start, start + span, depth=2)


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@require_GET
@cache_anonymous_page("moderation")
def log(request: HttpRequest) -> HttpResponse:
    form = BoardFilterForm(request.GET, boards=forum_queries.boards().order_by("position", "name"))
    context: dict[str, Any] = {"form": form}
    if not form.is_valid():
        return _bad_request(request, "moderation/log.html", context)
    board = form.cleaned_data["board"]
    page = Paginator(queries.log_entries(board=board), LOG_PER_PAGE).get_page(
        form.cleaned_data["page"]
    )
    stats = queries.moderation_stats()
    stats["agreed_percent"] = _percent(stats["agreed"], stats["reviews"])
    stats["disagreed_percent"] = _percent(stats["disagreed"], stats["reviews"])
    stats["median_wait_text"] = _humanize(stats["median_wait"])
    context.update(page=page, board=board, stats=stats)
    return render_page(request, "moderation/log.html", context)


# Board moderators ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def moderators(request: HttpRequest) -> HttpResponse:
    permissions.check_manage_moderators(request.user)
    form = ModeratorForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        board, someone = form.cleaned_data["board"], form.cleaned_data["username"]
        names = {"name": someone.name, "board": board.display_name}
        if form.cleaned_data["action"] == "appoint":
            changed = actions.appoint_moderator(board, member=someone, actor=request.user)
            text = (
                _("%(name)s now moderates %(board)s.")
                if changed
                else _("%(name)s already moderates %(board)s.")
            )
        else:
            changed = actions.dismiss_moderator(board, member=someone, actor=request.user)
            text = (
                _("%(name)s no longer moderates %(board)s.")
                if changed
                else _("%(name)s did not moderate %(board)s.")
            )
        messages.success(request, text % names)
        return redirect("moderation:moderators")
    by_board: dict[int, list] = {}
    for assignment in queries.assignments():
        by_board.setdefault(assignment.board_id, []).append(assignment)
    boards = list(forum_queries.boards().select_related("product").order_by("position", "name"))
    for board in boards:
        board.assignments = by_board.get(board.pk, [])  # type: ignore[attr-defined]
    context = {"form": form, "boards": boards}
    status = 400 if form.is_bound else 200
    return render_page(request, "moderation/moderators.html", context, status=status)


# Guidelines ------------------------------------------------------------------


def _safe_next(request: HttpRequest, url: str) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("forum:index")


@require_http_methods(["GET", "POST"])
@cache_anonymous_page("moderation")
def guidelines(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    current = queries.current_guidelines()
    posted = request.POST if request.method == "POST" else None
    publishing = bool(posted and posted.get("action") == "publish")
    accept_form = AcceptGuidelinesForm(
        None if publishing else posted,
        initial={"version": current.version if current else 0, "next": request.GET.get("next")},
    )
    publish_form = PublishGuidelinesForm(
        posted if publishing else None,
        initial={
            "body": current.body if current else "",
            "body_zh": current.body_zh if current else "",
        },
    )
    if publishing:
        permissions.check_publish_guidelines(request.user)
        if publish_form.is_valid():
            published = actions.publish_guidelines(actor=request.user, **publish_form.cleaned_data)
            messages.success(
                request,
                _("Version %(version)d is in force: members accept it before they post again.")
                % {"version": published.version},
            )
            return redirect("guidelines")
    elif posted is not None and accept_form.is_valid():
        if current is None or accept_form.cleaned_data["version"] != current.version:
            accept_form.add_error(
                None, _("The guidelines changed while you read them: read the new version.")
            )
        else:
            actions.accept_guidelines(request.user, version=current.version)
            messages.success(request, _("Thank you for accepting the community guidelines."))
            return redirect(_safe_next(request, accept_form.cleaned_data["next"]))
    context = {
        "guidelines": current,
        "body_html": render_markdown(current.display_body) if current else "",
        "history": list(queries.guidelines_history()[:20]) if current else [],
        "needs_guidelines": permissions.needs_guidelines(request.user),
        "accept_form": accept_form,
        "publish_form": publish_form,
        "can_publish": answers(permissions.check_publish_guidelines, request.user),
        "publishing": publishing,
    }
    status = 400 if posted is not None else 200
    return render_page(request, "moderation/guidelines.html", context, status=status)


@require_GET
@cache_anonymous_page("moderation")
def guidelines_version(request: HttpRequest, version: int) -> HttpResponse:
    shown = queries.get_guidelines(version)
    context = {
        "guidelines": shown,
        "body_html": render_markdown(shown.display_body),
        "current_version": permissions.guidelines_version(),
    }
    return render_page(request, "moderation/guidelines_version.html", context)
