"""Ideas pages: the lists, an idea with its timeline and discussion, the
submit form with similar ideas while typing, supporting, and the team's and
moderators' tools.

HTTP only: parse → query → check → action → render. The rules are in
permissions.py, the writes in actions.py; the discussion's replies go
through the forum's own checks and actions.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreate.core import fragments
from cocreate.core.htmx import render_page
from cocreate.core.pagecache import cache_anonymous_page, stamps
from cocreate.core.permissions import refusal
from cocreate.forum import actions as forum
from cocreate.forum import permissions as forum_permissions
from cocreate.forum import queries as forum_queries
from cocreate.forum import rendering
from cocreate.forum.forms import PostForm, ThreadPageForm, quote_text
from cocreate.forum.models import Post
from cocreate.moderation import permissions as moderation
from cocreate.reputation.enums import Tier

from . import actions, exports, permissions, queries
from .enums import IdeaSort, IdeaStatus
from .forms import (
    IDEA_FORM_ID,
    DemandForm,
    IdeaForm,
    IdeaListForm,
    MergeForm,
    RoadmapForm,
    SimilarForm,
    StatusForm,
    SupportForm,
)
from .models import IDEAS_PER_PAGE, Idea
from .queries import IDEAS_CONTENT

# Lists -------------------------------------------------------------------------


@require_GET
@cache_anonymous_page(*IDEAS_CONTENT)
def index(request: HttpRequest) -> HttpResponse:
    form = IdeaListForm(request.GET)
    if not form.is_valid():
        html = render_to_string("ideas/_index_content.html", {"form": form}, request)
        return render_page(request, "ideas/index.html", {"content": html}, status=400)
    data = form.cleaned_data
    show = data["show"]
    user = request.user
    if show and not user.is_authenticated:
        return redirect(
            f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}"
        )
    staff = permissions.can_see_demand(user)

    query = _query(data, exclude=("page",))

    def content() -> tuple[str, list[tuple[int, str, int]]]:
        ideas = queries.idea_list(
            user,
            sort=data["sort"],
            product=data["product"],
            status=data["status"] or None,
            tag=data["tag"],
            mine=show == "mine",
            supported=show == "supported",
        )
        page = Paginator(ideas, IDEAS_PER_PAGE).get_page(data["page"])
        context = {
            **_index_choices(),
            "form": form,
            "page": page,
            "sort": data["sort"],
            "show": show,
            "query": query,
            "filters": _query(data, exclude=("page", "sort")),
            "tabs": _query(data, exclude=("page", "show")),
            # The page is the same for every member, and for every member of the team.
            "member": user.is_authenticated,
            "can_see_demand": staff,
            "demand_query": _filters_query(data),
        }
        html = render_to_string("ideas/_index_content.html", context)
        return html, [(idea.pk, idea.status, idea.support_count) for idea in page.object_list]

    stamp = stamps(IDEAS_CONTENT)
    # Everyone's lists are rendered once; a member's own ("mine", "supported") for them.
    key = ("ideas", query, data["page"], user.is_authenticated, staff)
    html, rows = content() if show else fragments.cached(key, stamp, content)
    buttons = _support_buttons(request, stamp, rows)
    filled = fragments.fill(html, {"support": buttons, **fragments.csrf(request)})
    return render_page(request, "ideas/index.html", {"content": filled})


def _index_choices() -> dict[str, Any]:
    return {
        "sorts": IdeaSort.choices,
        "statuses": IdeaStatus.choices,
        "products": queries.active_products(),
        "tags": queries.tags(),
    }


def _query(data: dict, *, exclude: tuple[str, ...]) -> str:
    """The list's other parameters as a query string ending with "&" (or empty)."""
    values = {}
    for name in ("sort", "product", "status", "tag", "show"):
        value = data.get(name)
        if name in exclude or not value:
            continue
        values[name] = getattr(value, "slug", value)
    return f"{urlencode(values)}&" if values else ""


def _mark_supported(user: Any, ideas: Any) -> None:
    """Set `supported` and `cannot_support` on each idea (one query)."""
    supported = queries.supported_idea_ids(user, [idea.pk for idea in ideas])
    refusals = permissions.support_refusals(user, {idea.status for idea in ideas})
    for idea in ideas:
        idea.supported = idea.pk in supported
        idea.cannot_support = refusals[idea.status]


def _support_buttons(
    request: HttpRequest, stamp: str, rows: list[tuple[int, str, int]], *, compact: bool = True
) -> dict[str, str]:
    """Each listed idea's support button for this member (the "support" holes
    of a cached list): shared from the cache by everyone who supports the
    same ones and may do the same; the CSRF field is a hole of its own."""
    user = request.user
    supported = queries.supported_idea_ids(user, [pk for pk, _status, _count in rows])
    refusals = permissions.support_refusals(user, {status for _pk, status, _count in rows})
    key = (
        "idea-support",
        compact,
        *((pk, pk in supported, refusals[status]) for pk, status, _ in rows),
    )
    context = {"user": user, "request": request, "compact": compact}
    items = {
        str(pk): {
            "idea": {"pk": pk, "supported": pk in supported, "support_count": count},
            "cannot_support": refusals[status],
        }
        for pk, status, count in rows
    }
    return fragments.rendered_each(key, stamp, "ideas/_support.html", context, items)


# The roadmap ------------------------------------------------------------------------


@require_GET
@cache_anonymous_page(*IDEAS_CONTENT)
def roadmap(request: HttpRequest) -> HttpResponse:
    """Planned, in progress and recently shipped, for one product or all.
    The board is the same for every reader: members get it from the cache
    too, under the same stamps as the anonymous page."""
    form = RoadmapForm(request.GET)
    if not form.is_valid():
        return render_page(request, "ideas/roadmap.html", {"form": form}, status=400)
    product = form.cleaned_data["product"]
    board = fragments.cached(
        ("roadmap", product.slug if product else ""),
        stamps(IDEAS_CONTENT),
        lambda: _roadmap_board(product),
    )
    context = {"form": form, "product": product, "board": board}
    return render_page(request, "ideas/roadmap.html", context)


def _roadmap_board(product: Any) -> str:
    context = {
        "product": product,
        "products": queries.active_products(),
        "columns": queries.roadmap(product),
        "shipped_days": queries.SHIPPED_DAYS,
    }
    return render_to_string("ideas/_roadmap_board.html", context)


# One idea ---------------------------------------------------------------------------


@require_GET
@cache_anonymous_page(*IDEAS_CONTENT)
def detail(request: HttpRequest, idea_id: int) -> HttpResponse:
    stamp = stamps(IDEAS_CONTENT)
    idea = queries.get_idea_for(request.user, idea_id, stamp=stamp)
    form = ThreadPageForm(request.GET)
    if not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
    number = form.cleaned_data["page"] or 1
    if number > forum_queries.page_count(idea.thread):
        raise Http404
    reply_form = PostForm(idea.thread, initial=_quote_initial(idea, form.cleaned_data["quote"]))
    return _render_detail(request, idea, number, reply_form, stamp, count_visit=True)


def _quote_initial(idea: Idea, quote: int | None) -> dict:
    post = quote and idea.thread.posts.filter(pk=quote, deleted_at__isnull=True).first()
    return {"body": quote_text(post), "quote": post.pk} if post else {}


def _render_detail(
    request: HttpRequest,
    idea: Idea,
    number: int,
    reply_form: PostForm,
    stamp: str,
    status: int = 200,
    *,
    count_visit: bool = False,
) -> HttpResponse:
    """The idea's page. Its HTML is rendered once for every member who may
    do the same things with it, and comes from the cache until the ideas or
    the forum change; the member's own parts fill its holes. A comment form
    with the member's text in it (a quote, or errors) is theirs alone: that
    page is rendered for them."""
    user = request.user
    thread = idea.thread
    page = rendering.post_page(request, thread, number, with_opening=False)
    if count_visit:  # the discussion is read here, not in the forum
        rendering.count_visit(request, thread, page.posts, page.read_to)
    opening = next((post for post in page.posts if post.number == 1), None)
    allowed = {
        "member": user.is_authenticated,
        "cannot_support": permissions.reason_cannot_support_idea(user, idea),
        "can_edit": permissions.can_edit_idea(user, idea),
        "can_change_status": permissions.can_change_status(user, idea),
        "can_merge": permissions.can_merge_idea(user, idea),
        "can_see_demand": permissions.can_see_demand(user),
        "moderates": page.moderates,
        "cannot_reply": page.cannot_reply,
        "needs_guidelines": moderation.needs_guidelines(user),
        "cannot_upload": forum_permissions.reason_cannot_upload_image(user),
        "can_flag": bool(opening and opening.can_flag),  # type: ignore[attr-defined]
        "opening_like": opening and (opening.liked, opening.can_react),  # type: ignore[attr-defined]
    }

    def content() -> str:
        pages = forum_queries.page_count(thread)
        context = {
            **allowed,
            "idea": idea,
            "thread": thread,
            "opening": opening,
            "has_replies": any(post.number > 1 for post in page.posts),
            "page_number": number,
            "pages": range(1, pages + 1) if pages > 1 else [],
            "timeline": queries.timeline(idea),
            "duplicates": queries.duplicates_of(idea),
            "tags": idea.tags.all(),
            "reply_form": reply_form,
            "path": request.path,
        }
        return render_to_string("ideas/_detail_content.html", context)

    own_form = reply_form.is_bound or bool(reply_form.initial)
    key = ("idea-page", idea.pk, number, *allowed.values())
    html = content() if own_form else fragments.cached(key, stamp, content)
    rows = [(idea.pk, idea.status, idea.support_count)]
    holes = {
        "posts": {str(idea.pk): page.html},
        "support": _support_buttons(request, stamp, rows, compact=False),
        **fragments.csrf(request),
    }
    context = {"idea": idea, "content": fragments.fill(html, holes)}
    return render_page(request, "ideas/detail.html", context, status=status)


@login_required
@require_POST
def reply(request: HttpRequest, idea_id: int) -> HttpResponse:
    """A reply in the idea's discussion, by the forum's rules."""
    idea = queries.get_idea_for(request.user, idea_id)
    thread = idea.thread
    forum_permissions.check_reply(request.user, thread)
    form = PostForm(thread, request.POST)
    last_page = forum_queries.page_count(thread)
    if not form.is_valid():
        return _render_detail(request, idea, last_page, form, stamps(IDEAS_CONTENT), status=400)
    body = form.cleaned_data["body"]
    if refused := refusal(forum_permissions.check_post_content, request.user, body):
        form.add_error("body", refused)
        return _render_detail(request, idea, last_page, form, stamps(IDEAS_CONTENT), status=403)
    post = forum.reply_to_thread(
        thread,
        author=request.user,
        body=form.cleaned_data["body"],
        quoted_post=form.cleaned_data["quote"],
    )
    return redirect(_post_url(idea, post))


def _post_url(idea: Idea, post: Post) -> str:
    query = f"?page={post.page}" if post.page > 1 else ""
    return f"{idea.get_absolute_url()}{query}#post-{post.number}"


# Submitting and editing -------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    posted = request.POST if request.method == "POST" else None
    initial = {"product": request.GET.get("product")} if posted is None else None
    form = IdeaForm(posted, initial=initial)
    context = {"form": form, "form_id": IDEA_FORM_ID, "cannot_upload": _cannot_upload(request)}
    if not form.is_valid():
        return render_page(request, "ideas/submit.html", context, status=400 if posted else 200)
    product = form.cleaned_data["product"]
    permissions.check_submit_idea(request.user, product, _board_of(product))
    description = form.cleaned_data["description"]
    if refused := refusal(permissions.check_idea_content, request.user, description):
        form.add_error("description", refused)
        return render_page(request, "ideas/submit.html", context, status=403)
    idea = actions.submit_idea(
        product,
        author=request.user,
        title=form.cleaned_data["title"],
        description=form.cleaned_data["description"],
        tags=form.cleaned_data["tags"],
    )
    messages.success(request, _("Your idea is up, and your support is its first."))
    return redirect(idea)


def _board_of(product: Any) -> Any:
    """The product's ideas board, if it has one yet."""
    settings = getattr(product, "idea_settings", None)
    return settings.board if settings else None


def _cannot_upload(request: HttpRequest) -> str:
    return forum_permissions.reason_cannot_upload_image(request.user)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, idea_id: int) -> HttpResponse:
    idea = queries.get_idea_for(request.user, idea_id)
    permissions.check_edit_idea(request.user, idea)
    posted = request.POST if request.method == "POST" else None
    initial = {
        "title": idea.title,
        "description": idea.description,
        "tags": list(idea.tags.all()),
    }
    form = IdeaForm(posted, initial=initial, editing=True)
    context = {
        "idea": idea,
        "form": form,
        "form_id": IDEA_FORM_ID,
        "cannot_upload": _cannot_upload(request),
    }
    if not form.is_valid():
        return render_page(request, "ideas/edit.html", context, status=400 if posted else 200)
    description = form.cleaned_data["description"]
    if refused := refusal(permissions.check_idea_content, request.user, description):
        form.add_error("description", refused)
        return render_page(request, "ideas/edit.html", context, status=403)
    actions.edit_idea(idea, editor=request.user, **form.cleaned_data)
    return redirect(idea)


@require_GET
def similar(request: HttpRequest) -> HttpResponse:
    """Ideas like the title being typed (the submit form asks as you type)."""
    form = SimilarForm(request.GET)
    if not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
    found = queries.similar_ideas(
        request.user, text=form.cleaned_data["text"], product=form.cleaned_data["product"]
    )
    _mark_supported(request.user, found)
    context = {"similar": found, "text": form.cleaned_data["text"]}
    return TemplateResponse(request, "ideas/_similar.html", context)


# Supporting ------------------------------------------------------------------------


@login_required
@require_POST
def support(request: HttpRequest, idea_id: int) -> HttpResponse:
    idea = queries.get_idea_for(request.user, idea_id, to_support=True)
    permissions.check_support_idea(request.user, idea)
    form = SupportForm(request.POST)
    if not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
    wanted = form.cleaned_data["supported"]
    try:
        if wanted:
            actions.support_idea(idea, member=request.user)
        else:
            actions.withdraw_support(idea, member=request.user)
    except ValidationError as refused:
        return HttpResponse(" ".join(refused.messages), status=409, content_type="text/plain")
    if not request.htmx:
        return redirect(_safe_next(request, form.cleaned_data["next"], idea))
    queries.refresh_tally(idea)
    idea.supported = wanted  # type: ignore[attr-defined]
    context = {"idea": idea, "cannot_support": "", "compact": request.POST.get("compact")}
    return TemplateResponse(request, "ideas/_support.html", context)


def _safe_next(request: HttpRequest, url: str, idea: Idea) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return idea.get_absolute_url()


# The team's and the moderators' tools ---------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def change_status(request: HttpRequest, idea_id: int) -> HttpResponse:
    idea = queries.get_idea_for(request.user, idea_id)
    permissions.check_change_status(request.user, idea)
    posted = request.POST if request.method == "POST" else None
    form = StatusForm(posted, idea=idea)
    context = {"idea": idea, "form": form}
    if not form.is_valid():
        return render_page(request, "ideas/status.html", context, status=400 if posted else 200)
    try:
        actions.change_status(idea, actor=request.user, **form.cleaned_data)
    except ValidationError as refused:
        field = "response" if refused.code.startswith("response") else "status"  # type: ignore[union-attr]
        form.add_error(field, refused)
        return render_page(request, "ideas/status.html", context, status=400)
    messages.success(
        request, _("The idea is now %(status)s.") % {"status": idea.status_choice.label}
    )
    return redirect(idea)


@login_required
@require_http_methods(["GET", "POST"])
def merge(request: HttpRequest, idea_id: int) -> HttpResponse:
    idea = queries.get_idea_for(request.user, idea_id)
    permissions.check_merge_idea(request.user, idea)
    posted = request.POST if request.method == "POST" else None
    form = MergeForm(posted)
    context = {
        "idea": idea,
        "form": form,
        "similar": [
            other
            for other in queries.similar_ideas(
                request.user, text=idea.title, product=idea.product, limit=6
            )
            if other.pk != idea.pk
        ],
    }
    if not form.is_valid():
        return render_page(request, "ideas/merge.html", context, status=400 if posted else 200)
    into = (
        queries.ideas_visible_to(request.user)
        .select_related("thread")
        .filter(pk=form.cleaned_data["into"])
        .first()
    )
    if into is None:
        form.add_error("into", _("There is no idea with this number."))
        return render_page(request, "ideas/merge.html", context, status=400)
    permissions.check_merge_idea(request.user, idea, into)
    try:
        actions.merge_idea(
            idea, into=into, actor=request.user, response=form.cleaned_data["response"]
        )
    except ValidationError as refused:
        form.add_error("into", refused)
        return render_page(request, "ideas/merge.html", context, status=400)
    messages.success(
        request, _("Merged: its supports now count on “%(title)s”.") % {"title": into.title}
    )
    return redirect(idea)


# Demand: who supports what, for the product team --------------------------------
# Staff only: anyone else, visitors included, is refused (403) with the reason.


def _demand_form(request: HttpRequest) -> DemandForm:
    """The query string of a demand page, once the reader may see it."""
    permissions.check_see_demand(request.user)
    return DemandForm(request.GET)


def _filters_query(data: dict, **extra: str) -> str:
    """The filters (and `extra`) as a query string, "" when there are none."""
    values = {
        name: getattr(data.get(name), "slug", data.get(name))
        for name in ("product", "status", "tag")
        if data.get(name)
    }
    values.update(extra)
    return urlencode(values)


def _scope_name(data: dict) -> str:
    """The filters in words, for titles and CSV files."""
    parts = [data["product"].display_name if data["product"] else _("All products")]
    if data["status"]:
        parts.append(IdeaStatus(data["status"]).label)
    if data["tag"]:
        parts.append(f"#{data['tag'].display_name}")
    return " · ".join(str(part) for part in parts)


def _filename(*parts: str) -> str:
    words = [part for part in parts if part]
    return "-".join([*words, timezone.localdate().isoformat()]) + ".csv"


def _filter_slugs(data: dict) -> tuple[str, ...]:
    return tuple(
        getattr(data[name], "slug", data[name]) or "" for name in ("product", "status", "tag")
    )


@require_GET
def demand(request: HttpRequest) -> HttpResponse:
    """The supports of the ideas a list shows, by tier, level, city and beta program."""
    form = _demand_form(request)
    context: dict[str, Any] = {
        "form": form,
        "statuses": IdeaStatus.choices,
        "products": queries.active_products(),
        "tags": queries.tags(),
    }
    if not form.is_valid():
        return render_page(request, "ideas/demand.html", context, status=400)
    data = form.cleaned_data
    context.update(
        demand=queries.demand_for(queries.demand_ideas(**_list_filters(data))),
        scope=_scope_name(data),
        filters=_filters_query(data),
        tiers=_tier_links(data),
    )
    return render_page(request, "ideas/demand.html", context)


def _list_filters(data: dict) -> dict[str, Any]:
    return {"product": data["product"], "status": data["status"] or None, "tag": data["tag"]}


def _tier_links(data: dict) -> list[tuple[str, str, str]]:
    """(tier value, label, query string of its ranked list), the top tier first."""
    return [(t.value, str(t.label), _filters_query(data, tier=t.value)) for t in reversed(Tier)]


@require_GET
def demand_csv(request: HttpRequest) -> HttpResponse:
    form = _demand_form(request)
    if not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
    data = form.cleaned_data
    result = queries.demand_for(queries.demand_ideas(**_list_filters(data)))
    return exports.csv_response(
        _filename("demand", *_filter_slugs(data)),
        exports.demand_rows(result, _scope_name(data)),
    )


@require_GET
def idea_demand(request: HttpRequest, idea_id: int) -> HttpResponse:
    """One idea's supports, by tier, level, city and beta program."""
    permissions.check_see_demand(request.user)
    idea = queries.get_idea_for(request.user, idea_id)
    context = {"idea": idea, "demand": queries.demand_for(idea), "tiers": None}
    return render_page(request, "ideas/idea_demand.html", context)


@require_GET
def idea_demand_csv(request: HttpRequest, idea_id: int) -> HttpResponse:
    permissions.check_see_demand(request.user)
    idea = queries.get_idea_for(request.user, idea_id)
    scope = _("Idea %(number)s: %(title)s") % {"number": idea.pk, "title": idea.title}
    return exports.csv_response(
        _filename("demand", "idea", str(idea.pk)),
        exports.demand_rows(queries.demand_for(idea), scope),
    )


@require_GET
def wanted(request: HttpRequest) -> HttpResponse:
    """What one tier wants: the ideas ranked by its members' supports."""
    form = _demand_form(request)
    context: dict[str, Any] = {"form": form}
    if not form.is_valid():
        return render_page(request, "ideas/wanted.html", context, status=400)
    data = form.cleaned_data
    context.update(
        tier=data["tier"],
        ideas=queries.ideas_wanted_by(data["tier"], queries.demand_ideas(**_list_filters(data))),
        scope=_scope_name(data),
        filters=_filters_query(data),
        tiers=_tier_links(data),
        limit=queries.RANKED_IDEAS,
    )
    return render_page(request, "ideas/wanted.html", context)


@require_GET
def wanted_csv(request: HttpRequest) -> HttpResponse:
    form = _demand_form(request)
    if not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
    data = form.cleaned_data
    tier = data["tier"]
    ideas = queries.ideas_wanted_by(tier, queries.demand_ideas(**_list_filters(data)))
    return exports.csv_response(
        _filename("wanted", tier.value, *_filter_slugs(data)),
        exports.wanted_rows(tier, ideas, request.build_absolute_uri("/").rstrip("/")),
    )
