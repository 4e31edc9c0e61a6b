"""Entering a challenge, an entry's page and its changes, the gallery,
community scores and the staff's review of flagged ones. HTTP only: the
rules are in permissions.entries, the writes in actions."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreate.core.htmx import render_page
from cocreate.core.pagecache import cache_anonymous_page
from cocreate.core.permissions import refusal

from ..actions import entries as actions
from ..actions import scoring
from ..enums import ChallengeStatus, TeamStatus
from ..forms.entries import EditEntryForm, EnterForm, InviteForm, ReasonForm, ScoreForm
from ..models import EntryMember, Score
from ..permissions import entries as permissions
from ..permissions.visibility import is_staff
from ..queries import entries as queries


def _score_context(user: Any, entry: Any, now: Any, *, my_score: Any, refused: str) -> dict:
    """What the score panel shows: the entry's score (when shown) and the
    member's own, the 0–5 buttons while scoring is open, or why not."""
    challenge = entry.challenge
    scoring_open = challenge.current_status(now) == ChallengeStatus.SCORING and entry.is_active
    return {
        "entry": entry,
        "challenge": challenge,
        "shows_scores": queries.scores_shown(user, challenge, now),
        "scoring_open": scoring_open and challenge.is_design,
        "score_refusal": refused,
        "my_score": my_score,
        "scores_range": range(6),
    }


def _entry_context(request: HttpRequest, entry: Any, **extra: Any) -> dict[str, Any]:
    user, challenge, now = request.user, entry.challenge, timezone.now()
    team = list(entry.team.select_related("member").exclude(status=TeamStatus.DECLINED))
    my_score = None
    if user.is_authenticated:
        my_score = Score.objects.filter(entry=entry, member=user).first()
    refused = refusal(permissions.check_score_entry, user, entry)
    return {
        **_score_context(user, entry, now, my_score=my_score, refused=refused),
        "images": list(entry.images.all()),
        "files": list(entry.files.all()),
        "team": team,
        "my_membership": next((m for m in team if m.member_id == user.pk), None),
        "shows_shares": permissions.can_see_shares(user, entry),
        "can_change": permissions.can_change_entry(user, entry) and challenge.takes_entries(now),
        "is_staff": is_staff(user),
        **extra,
    }


@require_GET
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.get_entry_for(request.user, pk)
    return render_page(request, "challenges/entries/entry.html", _entry_context(request, found))


@login_required
@require_http_methods(["GET", "POST"])
def enter(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = queries.get_challenge_for(request.user, slug)
    reason = refusal(permissions.check_enter_challenge, request.user, challenge)
    if not challenge.takes_entries():
        reason = _("This challenge takes no entries now.")
    form = EnterForm(request.POST or None, request.FILES or None)
    context = {"challenge": challenge, "form": form, "refused": reason}
    if request.method == "GET" or reason:
        return render_page(
            request, "challenges/entries/enter.html", context, status=403 if reason else 200
        )
    if not form.is_valid():
        return render_page(request, "challenges/entries/enter.html", context, status=400)
    data = form.cleaned_data
    try:
        created = actions.submit_entry(
            challenge,
            author=request.user,
            title=data["title"],
            description=data["description"],
            images=data["images"],
            files=data["files"],
            accept_terms=data["accept_terms"],
        )
    except ValidationError as refused:
        form.add_error(None, refused)
        return render_page(request, "challenges/entries/enter.html", context, status=409)
    messages.success(request, _("Your entry is in. You can edit it until the deadline."))
    return redirect(created)


def _owned_entry(request: HttpRequest, pk: int) -> Any:
    found = queries.get_entry_for(request.user, pk)
    permissions.check_change_entry(request.user, found)
    return found


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = _owned_entry(request, pk)
    initial = {"title": found.title, "description": found.description}
    form = EditEntryForm(request.POST or None, request.FILES or None, entry=found, initial=initial)
    context = _entry_context(request, found, form=form, invite_form=InviteForm())
    if request.method == "GET":
        return render_page(request, "challenges/entries/edit.html", context)
    if not form.is_valid():
        return render_page(request, "challenges/entries/edit.html", context, status=400)
    data = form.cleaned_data
    try:
        actions.edit_entry(
            found,
            editor=request.user,
            title=data["title"],
            description=data["description"],
            new_images=data["new_images"],
            remove_images=data["remove_images"],
            image_order=data["image_order"],
            new_files=data["new_files"],
            remove_files=data["remove_files"],
        )
    except ValidationError as refused:
        form.add_error(None, refused)
        return render_page(request, "challenges/entries/edit.html", context, status=409)
    messages.success(request, _("Your entry is saved."))
    return redirect(found)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    found = _owned_entry(request, pk)
    try:
        actions.withdraw_entry(found, member=request.user)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect(found)
    messages.success(request, _("Your entry is withdrawn."))
    return redirect(found)


@login_required
@require_POST
def disqualify(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.check_disqualify_entry(request.user)
    found = queries.get_entry_for(request.user, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        context = _entry_context(request, found, disqualify_form=form)
        return render_page(request, "challenges/entries/entry.html", context, status=400)
    actions.disqualify_entry(found, actor=request.user, reason=form.cleaned_data["reason"])
    messages.success(request, _("The entry is disqualified; its team is told why."))
    return redirect(found)


@login_required
@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    found = _owned_entry(request, pk)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            actions.invite_teammate(
                found,
                author=request.user,
                username=form.cleaned_data["username"],
                share=form.cleaned_data["share"],
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("Invited: they join once they confirm."))
            return redirect("challenges:entry_edit", found.pk)
    edit_form = EditEntryForm(
        entry=found, initial={"title": found.title, "description": found.description}
    )
    context = _entry_context(request, found, form=edit_form, invite_form=form)
    return render_page(request, "challenges/entries/edit.html", context, status=400)


@login_required
@require_POST
def team_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(EntryMember.objects.select_related("entry", "member"), pk=pk)
    found = _owned_entry(request, membership.entry_id)
    membership.entry = found
    try:
        actions.remove_teammate(membership, author=request.user)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, _("Removed from the team."))
    return redirect("challenges:entry_edit", found.pk)


@login_required
@require_POST
def team_answer(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(EntryMember, pk=pk, member=request.user)
    found = queries.get_entry_for(request.user, membership.entry_id)
    membership.entry = found
    accept = request.POST.get("answer") == "confirm"
    try:
        actions.answer_invitation(membership, member=request.user, accept=accept)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(
            request, _("You are on the team.") if accept else _("You declined the invitation.")
        )
    return redirect(found)


@login_required
@require_POST
def score(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.get_entry_for(request.user, pk)
    form = ScoreForm(request.POST)
    status, error, saved = 200, "", None
    if not form.is_valid():
        status, error = 400, _("A score is a whole number from 0 to 5.")
    else:
        try:
            saved = scoring.score_entry(
                found,
                member=request.user,
                value=form.cleaned_data["score"],
                network=scoring.network_of(request.META.get("REMOTE_ADDR", "")),
            )
        except ValidationError as refused:
            status, error = 409, " ".join(refused.messages)
        except PermissionDenied as refused:
            status, error = 403, str(refused)
    if not getattr(request, "htmx", False):
        if error:
            messages.error(request, error)
        else:
            messages.success(
                request, _("Your score is saved. You can change it until scoring closes.")
            )
        return redirect(found)
    # htmx swaps in the panel alone: only what it shows is read again.
    found.refresh_from_db(fields=["score_count", "community_score", "status"])
    my_score = saved or Score.objects.filter(entry=found, member=request.user).first()
    refused = "" if saved else refusal(permissions.check_score_entry, request.user, found)
    context = {
        **_score_context(request.user, found, timezone.now(), my_score=my_score, refused=refused),
        "score_error": error,
        "score_saved": not error,
    }
    return TemplateResponse(request, "challenges/entries/_score.html", context, status=status)


@require_GET
@cache_anonymous_page(queries.GALLERY_CONTENT, timeout=60)
def gallery(request: HttpRequest, slug: str) -> HttpResponse:
    """Visitors' pages are cached: a new, edited or withdrawn entry shows at
    once, new scores within a minute."""
    challenge = queries.get_challenge_for(request.user, slug)
    sort = queries.clean_sort(request.GET.get("sort", ""), request.user, challenge)
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    seed = queries.random_seed(request.user, challenge) if sort == "random" else 0
    entries = queries.gallery_entries(request.user, challenge, sort=sort, seed=seed)
    page = queries.gallery_page(entries, number)
    context = {
        "challenge": challenge,
        "page": page,
        "sort": sort,
        "sorts": _sorts(request.user, challenge),
        "my_scores": queries.my_scores(request.user, page.entries),
        "shows_scores": queries.scores_shown(request.user, challenge),
        "can_enter": challenge.takes_entries()
        and permissions.can_enter_challenge(request.user, challenge),
    }
    return render_page(
        request,
        "challenges/entries/gallery.html",
        context,
        partial="challenges/entries/_gallery_page.html",
    )


def _sorts(user: Any, challenge: Any) -> list[tuple[str, str]]:
    sorts = [("new", _("Newest")), ("random", _("Shuffled"))]
    if queries.scores_shown(user, challenge):
        sorts.insert(1, ("score", _("Top scored")))
    return sorts


@login_required
@require_GET
def flagged(request: HttpRequest, slug: str) -> HttpResponse:
    permissions.check_review_scores(request.user)
    challenge = queries.get_challenge_for(request.user, slug)
    context = {"challenge": challenge, "scores": list(queries.flagged_scores(challenge))}
    return render_page(request, "challenges/entries/flagged.html", context)


@login_required
@require_POST
def review_score(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.check_review_scores(request.user)
    found = get_object_or_404(Score.objects.select_related("challenge"), pk=pk)
    decision = request.POST.get("decision")
    if decision == "void":
        scoring.void_score(found, actor=request.user)
        messages.success(request, _("The score is void: it no longer counts."))
    elif decision == "clear":
        scoring.clear_flag(found, actor=request.user)
        messages.success(request, _("The flag is cleared: the score counts."))
    else:
        return HttpResponseBadRequest(_("Choose to void the score or to clear its flag."))
    return redirect("challenges:flagged", found.challenge.slug)
