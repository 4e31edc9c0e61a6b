"""Beta program pages: the programs, one program with its risk, rules and
your standing, applying and leaving; the team's application queue, the
member list with removal, and bug reports (filing, lists, triage).

HTTP only: parse → query → check → action → render. The rules are in
permissions.py, the writes in actions.py.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreate.core.htmx import render_page
from cocreate.releases.enums import Severity
from cocreate.reputation.eligibility import eligibility

from . import actions, permissions, queries, rules
from .enums import ApplicationStatus, BugStatus
from .forms import (
    ApplyForm,
    BugForm,
    BugListForm,
    DecisionForm,
    RemoveForm,
    RiskForm,
    TriageForm,
)
from .models import BetaProgram

# Programs ------------------------------------------------------------------------------


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    programs = list(queries.programs())
    ids = [program.pk for program in programs]
    standings = queries.standings(request.user, ids)
    for program in programs:
        program.standing = standings[program.pk]  # type: ignore[attr-defined]
    context = {
        "programs": programs,
        "can_file_bug": permissions.can_file_bug(request.user),
    }
    return render_page(request, "betas/index.html", context)


def _detail_context(request: HttpRequest, program: BetaProgram, **extra: Any) -> dict[str, Any]:
    user = request.user
    standing = queries.standings(user, [program.pk])[program.pk]
    risk = queries.current_risk(program)
    manages = permissions.can_manage_program(user, program)
    cannot_apply = permissions.reason_cannot_apply(user, program)
    context: dict[str, Any] = {
        "program": program,
        "risk": risk,
        "rules": rules.rules_in_words(program),
        "has_rules": rules.has_rules(program),
        "standing": standing,
        "conditions": eligibility(user, program),
        "cannot_apply": cannot_apply,
        "apply_form": ApplyForm(initial={"risk_version": risk.version if risk else None}),
        "manages": manages,
        "moderates": permissions.can_moderate_program(user, program),
        "can_file_bug": standing.membership is not None,
        "evaluations": queries.evaluations(program) if manages else [],
        "risk_form": RiskForm(
            initial={"text": risk.text, "text_zh": risk.text_zh} if risk else None
        )
        if manages
        else None,
    }
    context.update(extra)
    return context


@require_GET
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    program = queries.get_program(slug)
    return render_page(request, "betas/detail.html", _detail_context(request, program))


@login_required
@require_POST
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    program = queries.get_program(slug)
    permissions.check_apply_to_program(request.user, program)
    form = ApplyForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, program, apply_form=form)
        return render_page(request, "betas/detail.html", context, status=400)
    try:
        application = actions.apply_to_program(
            program, member=request.user, **form.cleaned_data_for_action()
        )
    except ValidationError as refused:
        form.add_error(None, refused)
        context = _detail_context(request, program, apply_form=form)
        return render_page(request, "betas/detail.html", context, status=409)
    messages.success(request, _applied_message(application.status))
    return redirect(program)


def _applied_message(status: str) -> str:
    if status == ApplicationStatus.ACCEPTED:
        return _("Welcome to the program: the beta builds are yours to test.")
    if status == ApplicationStatus.WAITLISTED:
        return _("The program is full: you are on its waiting list.")
    return _("Your application is in: the team will decide soon.")


@login_required
@require_POST
def withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    program = queries.get_program(slug)
    application = queries.waiting_application(request.user, program)
    if application is None:
        return HttpResponse(
            _("You have no waiting application here."), status=409, content_type="text/plain"
        )
    permissions.check_withdraw_application(request.user, application)
    actions.withdraw_application(application, member=request.user)
    messages.success(request, _("Your application is withdrawn."))
    return redirect(program)


@login_required
@require_http_methods(["GET", "POST"])
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    """Confirm, then leave."""
    program = queries.get_program(slug)
    membership = queries.active_membership(request.user, program)
    permissions.check_leave_program(request.user, membership)
    if request.method == "GET":
        return render_page(request, "betas/leave.html", {"program": program})
    assert membership is not None
    actions.leave_program(membership, member=request.user)
    messages.success(
        request,
        _("You left %(program)s. You may apply again in %(days)d days.")
        % {"program": program.display_name, "days": program.left_cooldown_days},
    )
    return redirect(program)


@login_required
@require_POST
def publish_risk(request: HttpRequest, slug: str) -> HttpResponse:
    program = queries.get_program(slug)
    permissions.check_manage_program(request.user, program)
    form = RiskForm(request.POST)
    if form.is_valid():
        try:
            risk = actions.publish_risk(program, actor=request.user, **form.cleaned_data)
        except ValidationError as refused:
            form.add_error("text", refused)
        else:
            messages.success(
                request,
                _("Risk statement version %(version)d is published.") % {"version": risk.version},
            )
            return redirect(program)
    context = _detail_context(request, program, risk_form=form)
    return render_page(request, "betas/detail.html", context, status=400)


# The team's queue and the member list ---------------------------------------------------


@login_required
@require_GET
def applications(request: HttpRequest, slug: str) -> HttpResponse:
    program = queries.get_program(slug)
    permissions.check_manage_program(request.user, program)
    status = request.GET.get("status") or ""
    if status and status not in (ApplicationStatus.PENDING, ApplicationStatus.WAITLISTED):
        return HttpResponse(
            _("Choose pending or waitlisted."), status=400, content_type="text/plain"
        )
    page = Paginator(queries.applications_waiting(program, status or None), queries.PER_PAGE)
    context = {
        "program": program,
        "page": page.get_page(request.GET.get("page")),
        "status": status,
        "decision_form": DecisionForm(),
    }
    return render_page(request, "betas/applications.html", context)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """One row of the queue: accept, waitlist or reject (htmx swaps the row)."""
    application = queries.get_application(pk)
    program = application.program
    permissions.check_manage_program(request.user, program)
    form = DecisionForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            actions.decide_application(application, actor=request.user, **form.cleaned_data)
        except ValidationError as refused:
            form.add_error("reason" if refused.code == "reason_required" else None, refused)
            status = 409 if refused.code in ("full", "invalid_transition") else 400
        else:
            status = 200
    if not request.htmx:
        if status == 200:
            return redirect(reverse("betas:applications", args=[program.slug]))
        return HttpResponse(
            " ".join(str(e) for errors in form.errors.values() for e in errors),
            status=status,
            content_type="text/plain",
        )
    context = {"application": application, "program": program, "decision_form": form}
    return TemplateResponse(request, "betas/_application_row.html", context, status=status)


@login_required
@require_GET
def members(request: HttpRequest, slug: str) -> HttpResponse:
    program = queries.get_program(slug)
    permissions.check_moderate_program(request.user, program)
    page = Paginator(queries.active_members(program), queries.PER_PAGE)
    context = {
        "program": program,
        "page": page.get_page(request.GET.get("page")),
        "past": queries.past_members(program)[: queries.PER_PAGE],
        "remove_form": RemoveForm(),
    }
    return render_page(request, "betas/members.html", context)


@login_required
@require_POST
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = queries.get_membership(pk)
    program = membership.program
    permissions.check_moderate_program(request.user, program)
    form = RemoveForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            removed = actions.remove_member(
                membership, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as refused:
            form.add_error("reason", refused)
        else:
            status = 200 if removed else 409
            if not removed:
                form.add_error(None, _("This member is no longer in the program."))
    if not request.htmx:
        if status == 200:
            return redirect(reverse("betas:members", args=[program.slug]))
        return HttpResponse(
            " ".join(str(e) for errors in form.errors.values() for e in errors),
            status=status,
            content_type="text/plain",
        )
    context = {"membership": membership, "program": program, "remove_form": form}
    return TemplateResponse(request, "betas/_member_row.html", context, status=status)


# Bug reports -------------------------------------------------------------------------------


@login_required
@require_GET
def bugs(request: HttpRequest) -> HttpResponse:
    form = BugListForm(request.GET)
    user = request.user
    can_triage = permissions.can_triage_bug(user)
    context: dict[str, Any] = {
        "form": form,
        "can_triage": can_triage,
        "statuses": BugStatus.choices,
        "severities": Severity.choices,
        "can_file_bug": permissions.can_file_bug(user),
    }
    if not form.is_valid():
        return render_page(request, "betas/bugs.html", context, status=400)
    data = form.cleaned_data
    show = data["show"] or ("queue" if can_triage else "mine")
    if show == "queue":
        permissions.check_triage_bug(user)
    release = None
    if data["release"]:
        release = queries.releases_for_bugs(user).filter(pk=data["release"]).first()
        if release is None:
            return HttpResponse(_("There is no such build."), status=400, content_type="text/plain")
    found = queries.bug_list(
        user, show=show, status=data["status"], severity=data["severity"], release=release
    )
    filters = {k: data[k] for k in ("status", "severity") if data[k]}
    if release is not None:
        filters["release"] = str(release.pk)
    context.update(
        show=show,
        page=Paginator(found, queries.PER_PAGE).get_page(data["page"]),
        query=urlencode({"show": show, **filters}),
        filters=urlencode(filters),
        release=release,
        releases=queries.releases_for_bugs(user)[:30],
    )
    return render_page(request, "betas/bugs.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def file_bug(request: HttpRequest) -> HttpResponse:
    permissions.check_file_bug(request.user)
    posted = request.POST if request.method == "POST" else None
    initial = {"release": request.GET.get("release")} if posted is None else None
    form = BugForm(posted, request.FILES or None, user=request.user, initial=initial)
    context = {"form": form}
    if not form.is_valid():
        return render_page(request, "betas/bug_new.html", context, status=400 if posted else 200)
    data = form.cleaned_data
    permissions.check_file_bug(request.user, data["release"])
    bug = actions.file_bug(
        data["release"],
        reporter=request.user,
        title=data["title"],
        steps=data["steps"],
        expected=data["expected"],
        actual=data["actual"],
        severity=data["severity"],
        screenshot=data["screenshot"],
    )
    messages.success(request, _("Thank you: the team reads every bug report."))
    return redirect(reverse("betas:bug", args=[bug.pk]))


def _bug_context(request: HttpRequest, bug: Any, **extra: Any) -> dict[str, Any]:
    can_triage = permissions.can_triage_bug(request.user, bug)
    context = {
        "bug": bug,
        "can_triage": can_triage,
        "triage_form": TriageForm(
            initial={"status": bug.status if bug.status != BugStatus.NEW else BugStatus.CONFIRMED},
            bug=bug,
        )
        if can_triage
        else None,
    }
    context.update(extra)
    return context


@login_required
@require_GET
def bug(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.get_bug_for(request.user, pk)
    return render_page(request, "betas/bug.html", _bug_context(request, found))


@login_required
@require_POST
def triage(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.get_bug_for(request.user, pk)
    permissions.check_triage_bug(request.user, found)
    form = TriageForm(request.POST, bug=found)
    if form.is_valid():
        try:
            actions.triage_bug(found, actor=request.user, **form.cleaned_data)
        except ValidationError as refused:
            form.add_error(
                "response" if str(refused.code).startswith("response") else None, refused
            )
        else:
            messages.success(request, _("Triaged: the reporter is told."))
            return redirect(reverse("betas:bug", args=[found.pk]))
    context = _bug_context(request, found, triage_form=form)
    return render_page(request, "betas/bug.html", context, status=400)
