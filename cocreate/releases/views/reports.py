"""Pages of four-grid reports: the member's report form (filing and editing
it while the window is open, reading it afterwards), the release's summary
for everyone who sees the release (with every report for the product
team), and the team's CSV export.

HTTP only: parse → query → check → action → render. Rules are in
permissions.reports, writes in actions.reports.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cocreate.core import fragments
from cocreate.core.htmx import render_page
from cocreate.core.pagecache import cache_anonymous_page, stamps
from cocreate.ideas.exports import csv_response

from .. import charts, exports
from ..actions import reports as actions
from ..forms.reports import ReportForm
from ..models import ExperienceReport, ProductReleaseSettings, Release
from ..permissions import reports as permissions
from ..queries import reports as queries
from ..queries.releases import get_release_for
from ..queries.reports import SUMMARY_CONTENT


def _grid_labels(release: Release) -> dict[str, str]:
    """The product's wording of the four grids (joined by get_release_for)."""
    try:
        settings = release.product.release_settings
    except ProductReleaseSettings.DoesNotExist:
        settings = ProductReleaseSettings(product=release.product)
    return settings.grid_labels


# The report form -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """GET the member's report form (or, once the window has closed, their
    report to read); POST files it or replaces the one they filed."""
    release = get_release_for(request.user, pk)
    own = queries.report_of(request.user, release)
    entries = queries.entries_of(release)
    if own is not None:
        _with_picks(own)
    posted = request.method == "POST"
    is_open = permissions.report_window_open(release)
    if posted:
        permissions.check_file_report(request.user, release)
    form = ReportForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        release=release,
        entries=entries,
        user=request.user,
        report=own,
    )
    context: dict[str, Any] = {
        "release": release,
        "report": own,
        "form": form,
        "labels": _grid_labels(release),
        "is_open": is_open,
        "cannot_file": permissions.reason_cannot_file_report(request.user, release),
    }
    if not posted:
        return render_page(request, "releases/report.html", context)
    if not is_open:
        messages.error(request, _("The report window of this release has closed."))
        return render_page(request, "releases/report.html", context, status=409)
    if not form.is_valid():
        return render_page(request, "releases/report.html", context, status=400)
    try:
        _report, created = actions.file_report(
            release, member=request.user, data=form.report_input()
        )
    except ValidationError as refused:
        if getattr(refused, "code", None) == "window_closed":
            messages.error(request, refused.messages[0])
            return render_page(request, "releases/report.html", context, status=409)
        for field, errors in refused.message_dict.items():
            form.add_error(None if field not in form.fields else field, errors)
        return render_page(request, "releases/report.html", context, status=400)
    messages.success(
        request,
        _("Thank you: your report is in. Here is what everyone thinks so far.")
        if created
        else _("Your report is updated."),
    )
    return redirect("releases:summary", pk=release.pk)


def _with_picks(report: ExperienceReport) -> ExperienceReport:
    """Set the report's liked and disliked entries (its picks prefetched
    with their entries), in the changelog's order."""
    picks = sorted(report.picks.all(), key=lambda pick: (pick.entry.position, pick.entry_id))
    report.liked_entries = [pick.entry for pick in picks if pick.liked]  # type: ignore[attr-defined]
    report.disliked_entries = [pick.entry for pick in picks if not pick.liked]  # type: ignore[attr-defined]
    return report


# The summary ------------------------------------------------------------------------------


@require_GET
@cache_anonymous_page(*SUMMARY_CONTENT)
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    """The release's aggregate: the same for everyone who sees it (rendered
    once per change of the reports, see decision 18), with the member's own
    call to action around it and, for the product team, every report."""
    release = get_release_for(request.user, pk)
    user = request.user
    body = fragments.cached(
        ("report-summary", release.pk),
        stamps(SUMMARY_CONTENT),
        lambda: _summary_body(release),
    )
    context: dict[str, Any] = {
        "release": release,
        "summary_body": body,
        "is_open": permissions.report_window_open(release),
        "can_file": permissions.can_file_report(user, release),
        "has_report": bool(
            user.is_authenticated
            and ExperienceReport.objects.filter(release=release, member=user).exists()
        ),
        "can_see_details": permissions.can_see_report_details(user),
    }
    if context["can_see_details"]:
        page = Paginator(queries.reports_of(release), queries.REPORTS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        for each in page.object_list:
            _with_picks(each)
        context["reports"] = page
        context["labels"] = _grid_labels(release)
    return render_page(request, "releases/summary.html", context)


def _summary_body(release: Release) -> str:
    summary = queries.summary_of(release)
    return render_to_string(
        "releases/_summary_body.html",
        {
            "release": release,
            "summary": summary,
            "labels": _grid_labels(release),
            "score_chart": charts.score_chart(summary.scores),
            "trend_chart": charts.trend_chart(summary.trend) if len(summary.trend) > 1 else "",
            "closes_in_future": bool(
                release.reports_close_at and release.reports_close_at > timezone.now()
            ),
        },
    )


@require_GET
def reports_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """Every report on the release, one line each, for a spreadsheet."""
    permissions.check_see_report_details(request.user)
    release = get_release_for(request.user, pk)
    filename = f"reports-{release.product.slug}-{release.channel}-{release.version}.csv"
    site = request.build_absolute_uri("/").rstrip("/")
    return csv_response(
        filename.replace("/", "-").replace('"', ""),
        exports.report_rows(release, queries.reports_of(release), site=site),
    )
