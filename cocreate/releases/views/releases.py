"""Release pages: the index per product and channel, the weekly calendar, a
release with its changelog, its co-creator credits, and the product team's
tools (drafting, the changelog, scheduling, publishing).

HTTP only: parse → query → check → action → render. Who may act is in
permissions/releases.py, the writes in actions/releases.py."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreate.betas.permissions import can_file_bug
from cocreate.core.htmx import render_page
from cocreate.core.pagecache import cache_anonymous_page

from .. import calendar
from ..actions import releases as actions
from ..enums import Channel
from ..forms.releases import (
    CalendarForm,
    EntryForm,
    IdeaSearchForm,
    MoveForm,
    ReleaseForm,
    ReleaseListForm,
    ScheduleForm,
)
from ..models import ChangelogEntry, Release
from ..permissions import releases as permissions
from ..permissions.reports import report_window_open
from ..queries import releases as queries
from ..queries.releases import RELEASES_CONTENT

# Lists ------------------------------------------------------------------------------


@require_GET
@cache_anonymous_page(*RELEASES_CONTENT)
def index(request: HttpRequest) -> HttpResponse:
    """A product's releases, newest first, on one channel or all."""
    form = ReleaseListForm(request.GET)
    context: dict[str, Any] = {"form": form, "products": queries.release_products()}
    if not form.is_valid():
        return render_page(request, "releases/index.html", context, status=400)
    data = form.cleaned_data
    product = data["product"]
    if product is None:
        return render_page(request, "releases/index.html", context)
    channels = queries.visible_channels(request.user, product)
    channel = data["channel"] if data["channel"] in channels else ""
    releases = queries.release_list(request.user, product, channel or None)
    page = Paginator(releases, queries.RELEASES_PER_PAGE).get_page(data["page"])
    context.update(
        product=product,
        channels=channels,
        channel=channel,
        page=page,
        query=urlencode({"product": product.slug, **({"channel": channel} if channel else {})})
        + "&",
        can_manage=permissions.can_manage_releases(request.user),
    )
    return render_page(request, "releases/index.html", context)


@require_GET
@cache_anonymous_page(*RELEASES_CONTENT)
def calendar_page(request: HttpRequest) -> HttpResponse:
    """The product's weekly release days: the past weeks' builds and the
    coming ones, in the product's time zone."""
    form = CalendarForm(request.GET)
    context: dict[str, Any] = {"form": form, "products": queries.release_products()}
    if not form.is_valid():
        return render_page(request, "releases/calendar.html", context, status=400)
    product = form.cleaned_data["product"]
    if product is None:
        return render_page(request, "releases/calendar.html", context)
    release_settings = queries.settings_of(product)
    now = timezone.now()
    slots = calendar.weekly_slots(release_settings, now)
    releases = queries.calendar_releases(request.user, product, *calendar.slots_range(slots))
    by_slot: dict[Any, list[Release]] = {slot: [] for slot in slots}
    for release in releases:
        slot = calendar.slot_of(slots, release.release_date)
        if slot is not None:
            by_slot[slot].append(release)
    coming = calendar.coming_slot(release_settings, now)
    context.update(
        product=product,
        settings=release_settings,
        zone=calendar.zone(release_settings).key,
        weeks=[
            {
                "day": slot,
                "moment": calendar.release_moment(release_settings, slot),
                "releases": by_slot[slot],
                "is_past": slot < coming,
                "is_coming": slot == coming,
            }
            for slot in slots
        ],
        can_manage=permissions.can_manage_releases(request.user),
    )
    return render_page(request, "releases/calendar.html", context)


# One release ------------------------------------------------------------------------


@require_GET
@cache_anonymous_page(*RELEASES_CONTENT)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    release = queries.get_release_for(request.user, pk)
    return _render_detail(request, release)


def _detail_context(request: HttpRequest, release: Release, **extra: Any) -> dict[str, Any]:
    entries = queries.changelog(release)
    can_manage = permissions.can_manage_releases(request.user)
    context = {
        "release": release,
        "product": release.product,
        "entry_count": len(entries),
        "groups": queries.changelog_by_kind(entries),
        "entries": entries,
        "can_manage": can_manage,
        "can_edit_changelog": can_manage and not release.is_published,
        "reports_open": report_window_open(release),
        "can_file_bug": release.is_published
        and release.channel_choice.is_restricted
        and can_file_bug(request.user, release),
        "zone": calendar.zone(queries.settings_of(release.product)),
        **extra,
    }
    if can_manage and "schedule_form" not in extra:
        context["schedule_form"] = _schedule_form(release)
    return context


def _render_detail(request: HttpRequest, release: Release, status: int = 200, **extra: Any):
    context = _detail_context(request, release, **extra)
    return render_page(request, "releases/detail.html", context, status=status)


@require_GET
@cache_anonymous_page(*RELEASES_CONTENT)
def credits(request: HttpRequest, pk: int) -> HttpResponse:
    """Who co-created the release."""
    release = queries.get_release_for(request.user, pk)
    context = {
        "release": release,
        "product": release.product,
        "credits": queries.credits_of(release),
    }
    return render_page(request, "releases/credits.html", context)


# Drafting and editing ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    permissions.check_manage_releases(request.user)
    posted = request.POST if request.method == "POST" else None
    initial = {
        "product": request.GET.get("product"),
        "channel": request.GET.get("channel") or Channel.DEVELOPMENT,
        "release_date": request.GET.get("date") or timezone.localdate(),
    }
    form = ReleaseForm(posted, initial=initial)
    context: dict[str, Any] = {"form": form}
    if not form.is_valid():
        return render_page(
            request, "releases/release_form.html", context, status=400 if posted else 200
        )
    data = form.cleaned_data
    try:
        release = actions.draft_release(data.pop("product"), actor=request.user, **data)
    except ValidationError as refused:
        form.add_error("version", refused)
        return render_page(request, "releases/release_form.html", context, status=400)
    messages.success(request, _("Draft saved: add its changelog, then schedule or publish it."))
    return redirect(release)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.check_manage_releases(request.user)
    release = queries.get_release_for(request.user, pk)
    posted = request.POST if request.method == "POST" else None
    initial = {
        name: getattr(release, name)
        for name in ("channel", "version", "codename", "release_date", "notes")
    }
    form = ReleaseForm(posted, initial=initial, editing=True)
    context = {"form": form, "release": release}
    if not form.is_valid():
        return render_page(
            request, "releases/release_form.html", context, status=400 if posted else 200
        )
    try:
        actions.edit_release(release, actor=request.user, **form.cleaned_data)
    except ValidationError as refused:
        form.add_error("version", refused)
        return render_page(request, "releases/release_form.html", context, status=400)
    return redirect(release)


# The changelog ----------------------------------------------------------------------


def _entry_data(form: EntryForm) -> actions.EntryData:
    return actions.EntryData(**form.cleaned_data)


def _entry_form_page(request: HttpRequest, release: Release, entry: ChangelogEntry | None):
    posted = request.POST if request.method == "POST" else None
    initial = None
    if entry is not None:
        initial = {
            name: getattr(entry, name)
            for name in ("kind", "title", "title_zh", "description", "description_zh", "team")
        }
        initial["ideas"] = list(entry.ideas.all())
    form = EntryForm(posted, initial=initial, product=release.product)
    context = {
        "form": form,
        "release": release,
        "entry": entry,
        "choices": queries.idea_choices(release.product),
    }
    if not form.is_valid():
        return render_page(
            request, "releases/entry_form.html", context, status=400 if posted else 200
        )
    try:
        if entry is None:
            actions.add_entry(release, actor=request.user, entry=_entry_data(form))
        else:
            actions.edit_entry(entry, actor=request.user, entry=_entry_data(form))
    except ValidationError as refused:
        field = "ideas" if refused.code in ("idea_closed", "other_product") else None
        form.add_error(field, refused)
        return render_page(request, "releases/entry_form.html", context, status=400)
    return redirect(f"{release.get_absolute_url()}#changelog")


def _managed_release(request: HttpRequest, pk: int) -> Release:
    permissions.check_manage_releases(request.user)
    return queries.get_release_for(request.user, pk)


def _managed_entry(request: HttpRequest, pk: int, entry_id: int) -> ChangelogEntry:
    release = _managed_release(request, pk)
    entry = get_object_or_404(ChangelogEntry.objects.filter(release=release), pk=entry_id)
    entry.release = release
    return entry


@login_required
@require_http_methods(["GET", "POST"])
def entry_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _entry_form_page(request, _managed_release(request, pk), None)


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    entry = _managed_entry(request, pk, entry_id)
    return _entry_form_page(request, entry.release, entry)


@login_required
@require_GET
def idea_search(request: HttpRequest, pk: int) -> HttpResponse:
    """Open ideas of the release's product matching the words or number typed."""
    release = _managed_release(request, pk)
    form = IdeaSearchForm(request.GET)
    if not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
    context = {"choices": queries.idea_choices(release.product, form.cleaned_data["q"])}
    return TemplateResponse(request, "releases/_idea_choices.html", context)


def _changelog_answer(request: HttpRequest, release: Release, refused: ValidationError | None):
    """After a change to the changelog: its part of the page for htmx, the
    page otherwise; 400 with the reason when it was refused."""
    if refused is None and not request.htmx:
        return redirect(f"{release.get_absolute_url()}#changelog")
    status = 400 if refused else 200
    error = " ".join(refused.messages) if refused else ""
    if request.htmx:
        context = _detail_context(request, release, changelog_error=error)
        return TemplateResponse(request, "releases/_changelog.html", context, status=status)
    return _render_detail(request, release, status=status, changelog_error=error)


@login_required
@require_POST
def entry_remove(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    entry = _managed_entry(request, pk, entry_id)
    try:
        actions.remove_entry(entry, actor=request.user)
    except ValidationError as refused:
        return _changelog_answer(request, entry.release, refused)
    return _changelog_answer(request, entry.release, None)


@login_required
@require_POST
def entry_move(request: HttpRequest, pk: int, entry_id: int) -> HttpResponse:
    entry = _managed_entry(request, pk, entry_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
    try:
        actions.move_entry(entry, actor=request.user, offset=form.cleaned_data["offset"])
    except ValidationError as refused:
        return _changelog_answer(request, entry.release, refused)
    return _changelog_answer(request, entry.release, None)


# Scheduling and publishing ----------------------------------------------------------


def _schedule_form(release: Release, data: Any = None) -> ScheduleForm:
    release_settings = queries.settings_of(release.product)
    zone = calendar.zone(release_settings)
    moment = release.publish_at or calendar.release_moment(release_settings, release.release_date)
    initial = {"publish_at": moment.astimezone(zone).replace(tzinfo=None)}
    return ScheduleForm(data, initial=initial, zone=zone)


def _tool_refused(request: HttpRequest, release: Release, refused: ValidationError, **extra):
    status = 409 if refused.code == "published" else 400
    return _render_detail(
        request, release, status=status, tool_error=" ".join(refused.messages), **extra
    )


@login_required
@require_POST
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    release = _managed_release(request, pk)
    form = _schedule_form(release, request.POST)
    if not form.is_valid():
        return _render_detail(request, release, status=400, schedule_form=form)
    try:
        actions.schedule_release(
            release, actor=request.user, publish_at=form.cleaned_data["publish_at"]
        )
    except ValidationError as refused:
        return _tool_refused(request, release, refused, schedule_form=form)
    messages.success(request, _("Scheduled: it will be published by itself at that time."))
    return redirect(release)


@login_required
@require_POST
def unschedule(request: HttpRequest, pk: int) -> HttpResponse:
    release = _managed_release(request, pk)
    try:
        actions.unschedule_release(release, actor=request.user)
    except ValidationError as refused:
        return _tool_refused(request, release, refused)
    messages.success(request, _("Back to draft: it will not be published by itself."))
    return redirect(release)


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    release = _managed_release(request, pk)
    try:
        actions.publish_release(release, actor=request.user)
    except ValidationError as refused:
        return _tool_refused(request, release, refused)
    messages.success(
        request, _("%(version)s is published: its testers are told.") % {"version": release.version}
    )
    return redirect(release)
