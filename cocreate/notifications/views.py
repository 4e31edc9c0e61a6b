from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreate.accounts.models import User
from cocreate.core.htmx import render_page

from . import actions, emails, queries
from .enums import NotificationKind
from .forms import PreferencesForm

PER_PAGE = 30


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    return _render_list(request)


@login_required
@require_POST
def read(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark the notification read and go where it points."""
    notification = get_object_or_404(queries.notifications_for(request.user), pk=notification_id)
    actions.mark_read(notification, actor=request.user)
    if url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.url)
    return redirect("notifications:list")


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    actions.mark_all_read(request.user)
    if request.htmx:
        return _render_list(request)
    messages.success(request, _("All notifications are marked read."))
    return redirect("notifications:list")


@require_GET
@never_cache
def count(request: HttpRequest) -> HttpResponse:
    """The bell's badge, polled by htmx: reads the member's counter column only."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)  # nothing to swap in
    return HttpResponse(
        render_to_string("notifications/_bell.html", {"count": request.user.unread_notifications})
    )


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm.for_preferences(
        queries.preferences_of(request.user), request.POST if request.method == "POST" else None
    )
    if not form.is_valid():
        status = 400 if form.is_bound else 200
        return render_page(request, "notifications/preferences.html", {"form": form}, status=status)
    actions.update_preferences(
        request.user,
        actor=request.user,
        channels=form.channels(),
        digest=form.cleaned_data["digest"],
        muted=form.cleaned_data["muted"],
    )
    messages.success(request, _("Your notification preferences were saved."))
    return redirect("notifications:preferences")


# The signed token is the credential, not a session: mail clients send the
# one-click unsubscribe POST (RFC 8058) without a form or cookies.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    found = emails.read_unsubscribe_token(token)
    member = found and User.objects.filter(pk=found[0], is_active=True).first()
    scope = request.POST.get("scope", "kind")
    if not found or member is None or scope not in {"kind", "all"}:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    kind = found[1]
    context = {"member": member, "kind": kind, "kind_label": _kind_label(kind), "token": token}
    if request.method == "GET":
        return render(request, "notifications/unsubscribe.html", context)
    actions.unsubscribe(member, kind="" if scope == "all" else kind)
    return render(request, "notifications/unsubscribe.html", {**context, "done": scope})


def _kind_label(kind: str) -> str:
    return str(NotificationKind(kind).label) if kind else ""


def _render_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.notifications_for(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render_page(request, "notifications/list.html", {"page": page})
