"""The jury's pages: set-up and queue (`judging`), scoring one entry
(`judge_entry`), the ranking and the winners' confirmation (`ranking`), and
the public results (`results`).

HTTP only: parse → query → check → action → render. The rules are in
permissions/judging.py and actions/judging.py.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cocreate.core.htmx import render_page

from ..actions import judging as actions
from ..enums import ChallengeStatus
from ..forms.judging import ConfirmForm, CriterionForm, JudgeForm, JudgementForm, ShortlistForm
from ..models import Challenge, Criterion, Entry, Judge
from ..permissions import judging as permissions
from ..permissions.visibility import can_see_entry, is_judge, visible_challenges
from ..queries import judging as queries

# Refusals that are about what the input says (400), not the state (409).
BAD_INPUT = {"weight", "name", "unknown_member", "entries", "invalid", "assignments"}


def _status(refusal: ValidationError) -> int:
    return 400 if getattr(refusal, "code", None) in BAD_INPUT else 409


def _challenge(request: HttpRequest, slug: str) -> Challenge:
    return get_object_or_404(visible_challenges(request.user).select_related("product"), slug=slug)


def _posted_pk(request: HttpRequest, name: str) -> int:
    value = request.POST.get(name, "")
    if not value.isdigit():
        raise Http404
    return int(value)


# Set-up and queue -------------------------------------------------------------------


def _judging_context(request: HttpRequest, challenge: Challenge, **forms: Any) -> dict[str, Any]:
    user = request.user
    manages = permissions.can_manage_judging(user, challenge)
    criteria = queries.criteria_of(challenge)
    phase = challenge.current_status(timezone.now())
    context: dict[str, Any] = {
        "challenge": challenge,
        "phase": phase,
        "manages": manages,
        "criteria": criteria,
        "weight_total": sum(criterion.weight for criterion in criteria),
    }
    if manages:
        candidates = (
            queries.shortlist_candidates(challenge)
            if phase not in (ChallengeStatus.DRAFT, ChallengeStatus.OPEN)
            else []
        )
        proposed = queries.proposed_shortlist(challenge, candidates)
        context.update(
            locked=queries.criteria_locked(challenge),
            judges=queries.judges_of(challenge),
            candidates=candidates,
            proposed=proposed,
            criterion_form=forms.get("criterion_form") or CriterionForm(),
            judge_form=forms.get("judge_form") or JudgeForm(),
            shortlist_form=forms.get("shortlist_form")
            or ShortlistForm(candidates=candidates, initial={"entries": sorted(proposed)}),
            errors=forms.get("errors", []),
        )
    if is_judge(user, challenge):
        queue = queries.judge_queue(challenge, user)
        context["queue"] = [
            {
                "item": item,
                "criteria": [(criterion, criterion.pk in item.done) for criterion in criteria],
                "done": item.is_done(criteria),
            }
            for item in queue
        ]
        context["queue_done"] = sum(1 for row in context["queue"] if row["done"])
    return context


def _criterion_fields(form: CriterionForm) -> dict[str, Any]:
    return dict(form.cleaned_data)


def _add_criterion(request: HttpRequest, challenge: Challenge) -> Any:
    form = CriterionForm(request.POST)
    if form.is_valid():
        try:
            actions.add_criterion(challenge, actor=request.user, **_criterion_fields(form))
        except ValidationError as refused:
            form.add_error(None, refused)
            return {"criterion_form": form}, _status(refused)
        messages.success(request, _("The criterion is added."))
        return None
    return {"criterion_form": form}, 400


def _edit_criterion(request: HttpRequest, challenge: Challenge) -> Any:
    criterion = get_object_or_404(
        Criterion, challenge=challenge, pk=_posted_pk(request, "criterion")
    )
    form = CriterionForm(request.POST)
    if not form.is_valid():
        return {"errors": [e for errors in form.errors.values() for e in errors]}, 400
    actions.edit_criterion(criterion, actor=request.user, **_criterion_fields(form))
    messages.success(request, _("The criterion is saved."))
    return None


def _remove_criterion(request: HttpRequest, challenge: Challenge) -> Any:
    criterion = get_object_or_404(
        Criterion, challenge=challenge, pk=_posted_pk(request, "criterion")
    )
    actions.remove_criterion(criterion, actor=request.user)
    messages.success(request, _("The criterion is removed."))
    return None


def _move_criterion(request: HttpRequest, challenge: Challenge) -> Any:
    criterion = get_object_or_404(
        Criterion, challenge=challenge, pk=_posted_pk(request, "criterion")
    )
    actions.move_criterion(criterion, actor=request.user, up=request.POST.get("direction") == "up")
    return None


def _add_judge(request: HttpRequest, challenge: Challenge) -> Any:
    form = JudgeForm(request.POST)
    if form.is_valid():
        try:
            judge = actions.assign_judge(
                challenge, actor=request.user, username=form.cleaned_data["username"]
            )
        except ValidationError as refused:
            form.add_error("username", refused)
            return {"judge_form": form}, _status(refused)
        messages.success(request, _("%(name)s is a judge now.") % {"name": judge.member.name})
        return None
    return {"judge_form": form}, 400


def _remove_judge(request: HttpRequest, challenge: Challenge) -> Any:
    judge = get_object_or_404(Judge, challenge=challenge, pk=_posted_pk(request, "judge"))
    actions.remove_judge(judge, actor=request.user)
    messages.success(request, _("The judge is removed."))
    return None


def _set_shortlist(request: HttpRequest, challenge: Challenge) -> Any:
    form = ShortlistForm(request.POST, candidates=queries.shortlist_candidates(challenge))
    if form.is_valid():
        try:
            size = actions.set_shortlist(
                challenge, actor=request.user, entry_ids=form.cleaned_data["entries"]
            )
        except ValidationError as refused:
            form.add_error(None, refused)
            return {"shortlist_form": form}, _status(refused)
        messages.success(request, _("The shortlist has %(count)d entries.") % {"count": size})
        return None
    return {"shortlist_form": form}, 400


SETUP: dict[str, Callable[[HttpRequest, Challenge], Any]] = {
    "add_criterion": _add_criterion,
    "edit_criterion": _edit_criterion,
    "remove_criterion": _remove_criterion,
    "move_criterion": _move_criterion,
    "add_judge": _add_judge,
    "remove_judge": _remove_judge,
    "shortlist": _set_shortlist,
}


@login_required
@require_http_methods(["GET", "POST"])
def judging(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff: criteria, judges and shortlist. A judge: their queue."""
    challenge = _challenge(request, slug)
    permissions.check_see_queue(request.user, challenge)
    forms: dict[str, Any] = {}
    status = 200
    if request.method == "POST":
        permissions.check_manage_judging(request.user, challenge)
        handler = SETUP.get(request.POST.get("do", ""))
        if handler is None:
            return HttpResponse(_("Choose what to change."), status=400, content_type="text/plain")
        try:
            outcome = handler(request, challenge)
        except ValidationError as refused:
            outcome = {"errors": refused.messages}, _status(refused)
        if outcome is None:
            return redirect("challenges:judging", challenge.slug)
        forms, status = outcome
    context = _judging_context(request, challenge, **forms)
    return render_page(request, "challenges/judging/judging.html", context, status=status)


# One entry --------------------------------------------------------------------------


def _entry_context(request: HttpRequest, entry: Entry, form: JudgementForm) -> dict[str, Any]:
    try:
        actions.check_judging_open(entry)
        closed = ""
    except ValidationError as refused:
        closed = " ".join(refused.messages)
    queue = queries.judge_queue(entry.challenge, request.user)
    criteria = form.criteria
    waiting = [
        item.entry
        for item in queue
        if not item.conflict and not item.is_done(criteria) and item.entry.pk != entry.pk
    ]
    return {
        "challenge": entry.challenge,
        "entry": entry,
        "images": list(entry.images.all()),
        "files": list(entry.files.all()),
        "form": form,
        "closed": closed,
        "next_entry": waiting[0] if waiting else None,
        "position": next((i for i, item in enumerate(queue, 1) if item.entry.pk == entry.pk), 0),
        "queue_size": len(queue),
    }


@login_required
@require_http_methods(["GET", "POST"])
def judge_entry(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(
        Entry.objects.select_related("challenge", "challenge__product"), pk=pk
    )
    if not can_see_entry(request.user, entry):
        raise Http404
    permissions.check_judge_entry(request.user, entry)
    criteria = queries.criteria_of(entry.challenge)
    given = queries.judgements_by(entry, request.user)
    if request.method == "GET":
        form = JudgementForm(criteria=criteria, given=given)
        return render_page(
            request, "challenges/judging/judge_entry.html", _entry_context(request, entry, form)
        )
    form = JudgementForm(request.POST, criteria=criteria, given=given)
    status = 400
    if form.is_valid():
        try:
            actions.judge_entry(entry, judge=request.user, marks=form.marks())
        except ValidationError as refused:
            if hasattr(refused, "error_dict"):
                form.add_action_errors(refused.message_dict)
            else:
                form.add_error(None, refused)
                status = 409
        else:
            messages.success(
                request, _("Your judgement of “%(title)s” is saved.") % {"title": entry.title}
            )
            following = request.POST.get("next", "")
            if following.isdigit():
                return redirect("challenges:judge_entry", int(following))
            return redirect("challenges:judging", entry.challenge.slug)
    context = _entry_context(request, entry, form)
    return render_page(request, "challenges/judging/judge_entry.html", context, status=status)


# Ranking and winners ----------------------------------------------------------------


def _ranking_context(challenge: Challenge, form: ConfirmForm | None = None) -> dict[str, Any]:
    ranked = queries.ranking(challenge)
    prizes = queries.prizes_of(challenge)
    if form is None:
        initial = {
            f"prize_{prize.rank}": ranked[prize.rank - 1].entry.pk
            for prize in prizes
            if prize.rank <= len(ranked)
        }
        form = ConfirmForm(prizes=prizes, entries=[row.entry for row in ranked], initial=initial)
    phase = challenge.current_status(timezone.now())
    return {
        "challenge": challenge,
        "ranked": ranked,
        "prizes": {prize.rank: prize for prize in prizes},
        "phase": phase,
        "can_confirm": phase is ChallengeStatus.JUDGING and bool(ranked),
        "complete": all(row.is_complete for row in ranked),
        "tie_rule": queries.TIE_RULE,
        "form": form,
    }


@login_required
@require_http_methods(["GET", "POST"])
def ranking(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = _challenge(request, slug)
    permissions.check_manage_judging(request.user, challenge)
    if request.method == "GET":
        return render_page(request, "challenges/judging/ranking.html", _ranking_context(challenge))
    ranked = queries.ranking(challenge)
    form = ConfirmForm(
        request.POST, prizes=queries.prizes_of(challenge), entries=[row.entry for row in ranked]
    )
    status = 400
    if form.is_valid():
        try:
            actions.confirm_winners(
                challenge,
                actor=request.user,
                assignments=form.assignments() if form.names_winners() else None,
                despite_missing=form.cleaned_data["despite_missing"],
            )
        except ValidationError as refused:
            form.add_error(None, refused)
            status = _status(refused)
        else:
            messages.success(request, _("The winners are announced."))
            return redirect("challenges:results", challenge.slug)
    context = _ranking_context(challenge, form)
    return render_page(request, "challenges/judging/ranking.html", context, status=status)


# Results ----------------------------------------------------------------------------


@require_GET
def results(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = _challenge(request, slug)
    if not permissions.can_see_results(request.user, challenge):
        raise Http404
    criteria = queries.criteria_of(challenge)
    rows = queries.results(challenge, criteria)
    winners = sorted((row for row in rows if row.award), key=lambda row: row.award.prize.rank)
    context = {
        "challenge": challenge,
        "winners": winners,
        "mentions": [row for row in rows if not row.award],
        "criteria": criteria,
        "announced": challenge.status_choice.is_finished,
        "shows_content": challenge.is_design,
    }
    return render_page(request, "challenges/judging/results.html", context)
