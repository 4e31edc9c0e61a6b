"""Challenge pages: the index (open, upcoming, in progress, past), one
challenge with its brief, timeline, prizes and where the member stands,
and the product team's tools: the challenge form, its prize table and
attachments, publishing and closing.

HTTP only: parse → query → check → action → render. Who may act is in
permissions/challenges.py, the writes in actions/challenges.py."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreate.core.htmx import render_page
from cocreate.reputation.eligibility import eligibility

from ..actions import challenges as actions
from ..enums import ChallengeStatus
from ..forms.challenges import (
    AttachmentForm,
    ChallengeForm,
    ChallengeListForm,
    PrizeForm,
    TransitionForm,
)
from ..models import Challenge, ChallengeAttachment, Prize
from ..permissions import challenges as permissions
from ..queries import challenges as queries

# The index ------------------------------------------------------------------------


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    form = ChallengeListForm(request.GET)
    context: dict[str, Any] = {
        "form": form,
        "tabs": queries.TABS,
        "products": queries.challenge_products(),
        "can_manage": permissions.can_manage_challenge(request.user),
    }
    if not form.is_valid():
        context.update(tab="open", product=None)
        return render_page(request, "challenges/challenges/index.html", context, status=400)
    data = form.cleaned_data
    now = timezone.now()
    challenges = queries.challenge_list(request.user, data["tab"], product=data["product"], now=now)
    page = Paginator(challenges, queries.PER_PAGE).get_page(data["page"])
    for challenge in page:
        challenge.phase = queries.phase_of(challenge, now)  # type: ignore[attr-defined]
        challenge.top_prize = queries.top_prize_label(challenge)  # type: ignore[attr-defined]
    product = data["product"]
    context.update(
        tab=data["tab"],
        product=product,
        page=page,
        query=urlencode({"tab": data["tab"], **({"product": product.slug} if product else {})}),
        product_query=f"product={product.slug}&" if product else "",
    )
    return render_page(request, "challenges/challenges/index.html", context)


# One challenge ----------------------------------------------------------------------


def _detail_context(request: HttpRequest, challenge: Challenge) -> dict[str, Any]:
    user = request.user
    now = timezone.now()
    can_manage = permissions.can_manage_challenge(user, challenge)
    status = challenge.current_status(now)
    conditions = eligibility(user, challenge)
    return {
        "challenge": challenge,
        "product": challenge.product,
        "phase": queries.phase_of(challenge, now),
        "timeline": queries.timeline_of(challenge, now),
        "prizes": queries.prizes_of(challenge),
        "attachments": queries.attachments_of(challenge),
        "conditions": conditions,
        "eligible": all(condition.met for condition in conditions),
        "takes_entries": challenge.takes_entries(now),
        "shows_gallery": challenge.is_design
        and status != ChallengeStatus.DRAFT
        and not challenge.is_upcoming(now),
        "shows_results": status.is_finished,
        "can_manage": can_manage,
        "publish_refusals": [
            message
            for refused in actions.publish_refusals(challenge, now)
            for message in refused.messages
        ]
        if can_manage and status == ChallengeStatus.DRAFT
        else [],
    }


@require_GET
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = queries.get_challenge_for(request.user, slug)
    return render_page(
        request, "challenges/challenges/detail.html", _detail_context(request, challenge)
    )


@login_required
@require_POST
def transition(request: HttpRequest, slug: str) -> HttpResponse:
    """Publish a draft or close an announced challenge."""
    challenge = _managed(request, slug)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return _detail_refused(request, challenge, _("Choose publish or close."), 400)
    act = (
        actions.publish_challenge
        if form.cleaned_data["action"] == "publish"
        else actions.close_challenge
    )
    try:
        act(challenge, actor=request.user)
    except ValidationError as refused:
        return _detail_refused(request, challenge, " ".join(refused.messages), 409)
    messages.success(
        request,
        _("Published: members see it now.")
        if challenge.status == ChallengeStatus.OPEN
        else _("Closed."),
    )
    return redirect(challenge)


def _detail_refused(request: HttpRequest, challenge: Challenge, error: str, status: int):
    context = {**_detail_context(request, challenge), "tool_error": error}
    return render_page(request, "challenges/challenges/detail.html", context, status=status)


# The team's tools -------------------------------------------------------------------


def _managed(request: HttpRequest, slug: str) -> Challenge:
    permissions.check_manage_challenge(request.user)
    return queries.get_challenge_for(request.user, slug)


def _form_page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render_page(request, "challenges/challenges/form.html", context, status=status)


def _refused_field(refused: ValidationError) -> str | None:
    code = refused.code or ""
    if code in ("reserved_slug", "duplicate_slug"):
        return "slug"
    if code in ("invalid_time_zone",):
        return "time_zone"
    if code in ("kind_locked", "invalid_kind", "scoring_not_allowed"):
        return "kind"
    return None


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    permissions.check_manage_challenge(request.user)
    posted = request.method == "POST"
    initial = {
        "time_zone": timezone.get_default_timezone_name(),
        "product": request.GET.get("product"),
    }
    form = ChallengeForm(
        request.POST if posted else None, request.FILES if posted else None, initial=initial
    )
    context: dict[str, Any] = {"form": form}
    if not form.is_valid():
        return _form_page(request, context, status=400 if posted else 200)
    try:
        challenge = actions.create_challenge(
            form.cleaned_data["product"],
            actor=request.user,
            cover=form.cleaned_data["cover"],
            **form.values(),
        )
    except ValidationError as refused:
        form.add_error(_refused_field(refused), refused)
        return _form_page(request, context, status=400)
    messages.success(request, _("Draft saved: add its prizes, then publish it."))
    return redirect("challenges:edit", challenge.slug)


def _edit_context(challenge: Challenge, **extra: Any) -> dict[str, Any]:
    return {
        "challenge": challenge,
        "prizes": queries.prizes_of(challenge),
        "attachments": queries.attachments_of(challenge),
        "prize_form": PrizeForm(),
        "attachment_form": AttachmentForm(),
        "prizes_locked": challenge.status_choice.is_finished,
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = _managed(request, slug)
    posted = request.method == "POST"
    form = ChallengeForm(
        request.POST if posted else None, request.FILES if posted else None, challenge=challenge
    )
    context = _edit_context(challenge, form=form)
    if not form.is_valid():
        return _form_page(request, context, status=400 if posted else 200)
    try:
        actions.update_challenge(
            challenge, actor=request.user, cover=form.cleaned_data["cover"], **form.values()
        )
    except ValidationError as refused:
        form.add_error(_refused_field(refused), refused)
        return _form_page(request, context, status=400)
    messages.success(request, _("Saved."))
    return redirect(challenge)


def _tools_refused(
    request: HttpRequest, challenge: Challenge, status: int, **forms: Any
) -> HttpResponse:
    context = _edit_context(challenge, form=ChallengeForm(challenge=challenge), **forms)
    return _form_page(request, context, status=status)


STATE_CODES = frozenset({"prizes_locked"})


@login_required
@require_POST
def prize_add(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = _managed(request, slug)
    form = PrizeForm(request.POST)
    if not form.is_valid():
        return _tools_refused(request, challenge, 400, prize_form=form)
    try:
        actions.add_prize(challenge, actor=request.user, prize=form.prize_data())
    except ValidationError as refused:
        form.add_error("rank" if refused.code == "duplicate_rank" else None, refused)
        status = 409 if refused.code in STATE_CODES else 400
        return _tools_refused(request, challenge, status, prize_form=form)
    return redirect(f"{_edit_url(challenge)}#prizes")


def _edit_url(challenge: Challenge) -> str:
    return reverse("challenges:edit", args=[challenge.slug])


@login_required
@require_http_methods(["GET", "POST"])
def prize_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    challenge = _managed(request, slug)
    prize = get_object_or_404(Prize.objects.filter(challenge=challenge), pk=pk)
    prize.challenge = challenge
    posted = request.method == "POST"
    form = PrizeForm(request.POST if posted else None, prize=prize)
    context = {"challenge": challenge, "prize": prize, "form": form}
    template = "challenges/challenges/prize_form.html"
    if not form.is_valid():
        return render_page(request, template, context, status=400 if posted else 200)
    try:
        actions.edit_prize(prize, actor=request.user, data=form.prize_data())
    except ValidationError as refused:
        form.add_error("rank" if refused.code == "duplicate_rank" else None, refused)
        status = 409 if refused.code in STATE_CODES else 400
        return render_page(request, template, context, status=status)
    return redirect(f"{_edit_url(challenge)}#prizes")


@login_required
@require_POST
def prize_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    challenge = _managed(request, slug)
    prize = get_object_or_404(Prize.objects.filter(challenge=challenge), pk=pk)
    prize.challenge = challenge
    try:
        actions.remove_prize(prize, actor=request.user)
    except ValidationError as refused:
        return _tools_refused(request, challenge, 409, prizes_error=" ".join(refused.messages))
    return redirect(f"{_edit_url(challenge)}#prizes")


@login_required
@require_POST
def attachment_add(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = _managed(request, slug)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _tools_refused(request, challenge, 400, attachment_form=form)
    try:
        actions.add_attachment(challenge, actor=request.user, upload=form.cleaned_data["file"])
    except ValidationError as refused:
        form.add_error("file", refused)
        status = 413 if refused.code == "too_large" else 400
        return _tools_refused(request, challenge, status, attachment_form=form)
    return redirect(f"{_edit_url(challenge)}#attachments")


@login_required
@require_POST
def attachment_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    challenge = _managed(request, slug)
    attachment = get_object_or_404(ChallengeAttachment.objects.filter(challenge=challenge), pk=pk)
    attachment.challenge = challenge
    actions.remove_attachment(attachment, actor=request.user)
    return redirect(f"{_edit_url(challenge)}#attachments")
