from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreate.core import fragments
from cocreate.core.htmx import render_page
from cocreate.core.pagecache import cache_anonymous_page, stamps
from cocreate.core.permissions import refusal
from cocreate.moderation import permissions as moderation

from . import actions, permissions, queries, rendering, visits
from .content import image_markdown
from .forms import (
    BoardListForm,
    EditPostForm,
    ImageUploadForm,
    LikeForm,
    PostForm,
    ThreadForm,
    ThreadPageForm,
    WatchForm,
    quote_text,
)
from .models import Board, Thread
from .rendering import FORUM_CONTENT


@require_GET
@cache_anonymous_page(*FORUM_CONTENT)
def index(request: HttpRequest) -> HttpResponse:
    products, general = queries.forum_index()
    return render_page(request, "forum/index.html", {"products": products, "general": general})


@require_GET
@cache_anonymous_page(*FORUM_CONTENT)
def board(request: HttpRequest, slug: str) -> HttpResponse:
    board = queries.get_board(slug)
    form = BoardListForm(request.GET)
    context = {
        "board": board,
        "form": form,
        "watch_level": queries.board_watch_level(request.user, board),
        "cannot_create": permissions.reason_cannot_create_thread(request.user, board),
        "needs_guidelines": moderation.needs_guidelines(request.user),
    }
    if not form.is_valid():
        return render_page(request, "forum/board.html", context, status=400)
    sort, period = form.cleaned_data["sort"], form.cleaned_data["period"]
    number = form.cleaned_data["page"]
    html, last_numbers = fragments.cached(
        ("board", board.pk, sort, period, number),
        stamps(FORUM_CONTENT),
        lambda: _thread_list(board, sort, period, number),
    )
    unread = queries.unread_counts(request.user, last_numbers)
    badges = {str(pk): _unread_badge(count) for pk, count in unread.items()}
    context.update(sort=sort, period=period, thread_list=fragments.fill(html, {"unread": badges}))
    return render_page(request, "forum/board.html", context)


def _thread_list(board: Board, sort: str, period: str, number: int) -> tuple[str, dict[int, int]]:
    """A page of the board's threads as every member sees it, and each
    thread's last post number (for the member's unread counts)."""
    threads = queries.board_threads(board, sort=sort, period=period)
    page = Paginator(threads, queries.THREADS_PER_PAGE).get_page(number)
    html = render_to_string(
        "forum/_thread_list.html", {"page": page, "sort": sort, "period": period}
    )
    return html, {thread.pk: thread.last_number for thread in page.object_list}


def _unread_badge(count: int) -> str:
    text = ngettext("%(counter)s new", "%(counter)s new", count) % {"counter": count}
    return format_html('<span class="badge badge-primary">{}</span>', text)


@login_required
@require_http_methods(["GET", "POST"])
def new_thread(request: HttpRequest, slug: str) -> HttpResponse:
    board = queries.get_board(slug)
    permissions.check_create_thread(request.user, board)
    form = ThreadForm(request.POST if request.method == "POST" else None)
    if not form.is_valid():
        status = 400 if form.is_bound else 200
        return _render_new_thread(request, board, form, status)
    if not _content_allowed(request.user, form):
        return _render_new_thread(request, board, form, 403)
    thread = actions.create_thread(board, author=request.user, **form.cleaned_data)
    return redirect("forum:thread", thread.pk)


def _render_new_thread(request, board, form, status):
    context = {
        "board": board,
        "form": form,
        "cannot_upload": permissions.reason_cannot_upload_image(request.user),
    }
    return render_page(request, "forum/new_thread.html", context, status=status)


def _counts_anonymous_views(view):
    """Count an anonymous visit before the page cache can answer it; a
    member's visit is counted by the view, with their read position."""

    def wrapped(request: HttpRequest, thread_id: int) -> HttpResponse:
        if not request.user.is_authenticated:
            visits.visit(thread_id)
        return view(request, thread_id)

    return wrapped


@require_GET
@_counts_anonymous_views
@cache_anonymous_page(*FORUM_CONTENT)
def thread(request: HttpRequest, thread_id: int) -> HttpResponse:
    try:
        thread = queries.get_thread_for(request.user, thread_id)
    except Http404:
        if into := queries.merged_into(thread_id):
            return redirect("forum:thread", into, permanent=True)
        raise
    if thread.discussion_of:  # type: ignore[attr-defined]
        # An idea's discussion is read (and its opening post edited) on the idea's page.
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        url = reverse("ideas:detail", args=[thread.discussion_of])  # type: ignore[attr-defined]
        return redirect(f"{url}{query}")
    form = ThreadPageForm(request.GET)
    if not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
    number = form.cleaned_data["page"] or 1
    if number > queries.page_count(thread):
        raise Http404
    reply_form = PostForm(thread, initial=_quote_initial(thread, form.cleaned_data["quote"]))
    response = _render_thread(request, thread, number, reply_form)
    context = response.context_data
    rendering.count_visit(request, thread, context["posts"], context["read_to"])
    return response


def _quote_initial(thread: Thread, quote: int | None) -> dict:
    post = quote and thread.posts.filter(pk=quote, deleted_at__isnull=True).first()
    return {"body": quote_text(post), "quote": post.pk} if post else {}


def _render_thread(
    request: HttpRequest, thread: Thread, number: int, reply_form: PostForm, status: int = 200
) -> TemplateResponse:
    user = request.user
    page = rendering.post_page(request, thread, number)
    pages = queries.page_count(thread)
    context = {
        "thread": thread,
        "board": thread.board,
        "posts": page.posts,
        "post_list": page.html,
        "page_number": number,
        "pages": range(1, pages + 1) if pages > 1 else [],
        "reply_form": reply_form,
        "cannot_reply": page.cannot_reply,
        "moderates": page.moderates,
        "needs_guidelines": moderation.needs_guidelines(user),
        "watch": queries.watch_levels(user, thread),
        "read_to": page.read_to,
        "cannot_upload": permissions.reason_cannot_upload_image(user),
    }
    return render_page(request, "forum/thread.html", context, status=status)  # type: ignore[return-value]


@login_required
@require_POST
def reply(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = queries.get_thread_for(request.user, thread_id)
    permissions.check_reply(request.user, thread)
    form = PostForm(thread, request.POST)
    last_page = queries.page_count(thread)
    if not form.is_valid():
        return _render_thread(request, thread, last_page, form, status=400)
    if not _content_allowed(request.user, form):
        return _render_thread(request, thread, last_page, form, status=403)
    post = actions.reply_to_thread(
        thread,
        author=request.user,
        body=form.cleaned_data["body"],
        quoted_post=form.cleaned_data["quote"],
    )
    return redirect(post.get_absolute_url())


def _content_allowed(user, form, post=None) -> bool:
    """Links and images need privileges, and spam is refused: with the
    reason, on the form."""
    body = form.cleaned_data["body"]
    if refused := refusal(permissions.check_post_content, user, body, post=post):
        form.add_error("body", refused)
        return False
    return True


@login_required
@require_POST
def like(request: HttpRequest, post_id: int) -> HttpResponse:
    post = queries.get_post_for(request.user, post_id)
    permissions.check_react(request.user, post)
    form = LikeForm(request.POST)
    form.is_valid()
    if form.cleaned_data["liked"]:
        actions.add_reaction(post, user=request.user)
    else:
        actions.remove_reaction(post, user=request.user)
    if not request.htmx:
        return redirect(post.get_absolute_url())
    post.refresh_from_db(fields=["like_count"])
    post.liked = form.cleaned_data["liked"]  # type: ignore[attr-defined]
    post.can_react = True  # type: ignore[attr-defined]
    return TemplateResponse(request, "forum/_like.html", {"post": post})


@login_required
@require_http_methods(["GET", "POST"])
def edit_post(request: HttpRequest, post_id: int) -> HttpResponse:
    post = queries.get_post_for(request.user, post_id)
    permissions.check_edit_post(request.user, post)
    form = EditPostForm(
        request.POST if request.method == "POST" else None, initial={"body": post.body}
    )
    if form.is_valid() and _content_allowed(request.user, form, post):
        actions.edit_post(post, editor=request.user, body=form.cleaned_data["body"])
        return redirect(post.get_absolute_url())
    status = 200 if not form.is_bound else 403 if form.is_valid() else 400
    context = {
        "post": post,
        "thread": post.thread,
        "form": form,
        "cannot_upload": permissions.reason_cannot_upload_image(request.user),
    }
    return render_page(request, "forum/edit_post.html", context, status=status)


@login_required
@require_POST
def delete_post(request: HttpRequest, post_id: int) -> HttpResponse:
    post = queries.get_post_for(request.user, post_id)
    permissions.check_delete_post(request.user, post)
    actions.delete_post(post, actor=request.user)
    if post.is_first:
        return redirect("forum:board", post.thread.board.slug)
    return redirect(post.get_absolute_url())


@require_GET
def revisions(request: HttpRequest, post_id: int) -> HttpResponse:
    post = queries.get_post_for(request.user, post_id)
    context = {"post": post, "thread": post.thread, "revisions": queries.revisions_of(post)}
    return render_page(request, "forum/revisions.html", context)


@login_required
@require_POST
def watch_thread(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = queries.get_thread_for(request.user, thread_id)
    return _set_watch(request, thread, reverse("forum:thread", args=[thread.pk]))


@login_required
@require_POST
def watch_board(request: HttpRequest, slug: str) -> HttpResponse:
    board = queries.get_board(slug)
    return _set_watch(request, board, reverse("forum:board", args=[board.slug]))


def _set_watch(request: HttpRequest, target, url: str) -> HttpResponse:
    permissions.check_watch(request.user)
    form = WatchForm(request.POST)
    if not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
    change = {"watching": actions.watch, "muted": actions.mute, "none": actions.unwatch}
    change[form.cleaned_data["level"]](target, user=request.user)
    return redirect(url)


@login_required
@require_http_methods(["GET", "POST"])
def upload_image(request: HttpRequest) -> HttpResponse:
    """Upload an image for a post and get its Markdown. Pages with a post
    form upload through the API from a script; this is the same without one."""
    permissions.check_upload_image(request.user)
    form = ImageUploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    context: dict = {"form": form}
    if not form.is_valid():
        return render_page(
            request, "forum/upload_image.html", context, status=400 if form.is_bound else 200
        )
    upload = form.cleaned_data["image"]
    try:
        image = actions.upload_image(uploader=request.user, file=upload)
    except ValidationError as invalid:
        form.add_error("image", invalid)
        return render_page(request, "forum/upload_image.html", context, status=400)
    alt = form.cleaned_data["alt"] or upload.name.rsplit(".", 1)[0]
    context.update(image=image, markdown=image_markdown(image.file.url, alt))
    return render_page(request, "forum/upload_image.html", context)
