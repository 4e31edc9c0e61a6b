"""Four-grid experience reports: file (or replace) yours, read a release's
summary.

The same queries, permissions and actions as the report pages. Input that
does not fit the release (an entry of another release, one liked and
disliked at once, a score out of 1–5, an idea of another product) answers
400 `invalid`; a release whose report window is closed or not yet open
answers 409 `window_closed`.
"""

from datetime import datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status

from cocreate.core import fragments
from cocreate.core.pagecache import stamps
from cocreate.ideas.queries import ideas_visible_to
from cocreate.releases.actions import reports as actions
from cocreate.releases.models import ExperienceReport, Release
from cocreate.releases.permissions import reports as permissions
from cocreate.releases.permissions.reports import report_window_open
from cocreate.releases.queries import reports as queries
from cocreate.releases.queries.releases import get_release_for
from cocreate.releases.queries.reports import SUMMARY_CONTENT

from ..errors import ApiError
from ..schemas import ERRORS, ErrorOut
from .ideas import token_session_or_anonymous

router = Router(tags=["releases"])

Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
ObjectId = Annotated[int, Field(ge=1, le=2**63 - 1)]
REFUSALS = {400: ErrorOut, 409: ErrorOut}


class ProblemIn(Schema):
    text: str
    severity: str = Field("medium", description="low, medium, high or critical.")


class ReportIn(Schema):
    score: int = Field(description="1 to 5.")
    liked: list[ObjectId] = Field([], description="Ids of the release's entries liked most.")
    disliked: list[ObjectId] = Field([], description="Ids of entries liked least.")
    liked_comment: str = ""
    disliked_comment: str = ""
    problems: list[ProblemIn] = Field([], description="At most 3.")
    want_next: str = ""
    want_next_idea: ObjectId | None = Field(None, description="An idea of the release's product.")


class ProblemOut(Schema):
    text: str
    severity: str
    screenshot: str | None


class ReportOut(Schema):
    id: int
    release: int
    score: int
    liked: list[int]
    disliked: list[int]
    liked_comment: str
    disliked_comment: str
    problems: list[ProblemOut]
    want_next: str
    want_next_idea: int | None
    created_at: datetime
    updated_at: datetime


class EntryOut(Schema):
    id: int
    title: str
    kind: str
    team: str | None
    liked: int
    disliked: int
    net: int
    liked_share: float = Field(description="Percent of the reports that liked it most.")
    disliked_share: float


class TrendOut(Schema):
    release: int
    version: str
    average: float | None
    response_rate: float | None
    report_count: int


class TermOut(Schema):
    term: str
    count: int = Field(description="How many problems mention it.")


class FeatureOut(Schema):
    entry: int
    title: str
    team: str | None
    net: int
    liked: int
    provisional: bool = Field(description="True while the window is open: the leader so far.")


class SummaryOut(Schema):
    release: int
    version: str
    is_open: bool
    reports_close_at: datetime | None
    report_count: int
    audience_count: int
    response_rate: float | None = Field(description="Percent of the audience that reported.")
    average: float | None
    scores: dict[str, int] = Field(description="How many reports gave each score.")
    problem_count: int
    entries: list[EntryOut] = Field(description="By net liking, best first.")
    trend: list[TrendOut] = Field(description="The channel's last releases, oldest first.")
    terms: list[TermOut]
    feature: FeatureOut | None


def _report_out(report: ExperienceReport) -> dict[str, Any]:
    picks = list(report.picks.all())
    return {
        "id": report.pk,
        "release": report.release_id,
        "score": report.score,
        "liked": sorted(pick.entry_id for pick in picks if pick.liked),
        "disliked": sorted(pick.entry_id for pick in picks if not pick.liked),
        "liked_comment": report.liked_comment,
        "disliked_comment": report.disliked_comment,
        "problems": [
            {
                "text": problem.text,
                "severity": problem.severity,
                "screenshot": problem.screenshot.url if problem.screenshot else None,
            }
            for problem in report.problems.all()
        ],
        "want_next": report.want_next,
        "want_next_idea": report.want_next_idea_id,
        "created_at": report.created_at,
        "updated_at": report.updated_at,
    }


def _refused(refusal: ValidationError) -> ApiError:
    if getattr(refusal, "code", None) == "window_closed":
        return ApiError(409, "window_closed", " ".join(refusal.messages))
    return ApiError(400, "invalid", " ".join(refusal.messages))


@router.post(
    "/releases/{release_id}/reports",
    response={201: ReportOut, 200: ReportOut, **REFUSALS, **ERRORS},
)
def file_report(request, release_id: Id, payload: ReportIn):
    """File your four-grid report on a release: 201 when new, 200 when it
    replaced the one you filed (the whole report is replaced)."""
    release = get_release_for(request.auth, release_id)
    permissions.check_file_report(request.auth, release)
    idea = None
    if payload.want_next_idea is not None:
        idea = (
            ideas_visible_to(request.auth)
            .filter(pk=payload.want_next_idea, product_id=release.product_id)
            .first()
        )
        if idea is None:
            raise ApiError(400, "invalid", _("No idea of this product has that number."))
    data = actions.ReportIn(
        score=payload.score,
        liked=payload.liked,
        disliked=payload.disliked,
        liked_comment=payload.liked_comment,
        disliked_comment=payload.disliked_comment,
        problems=[actions.ProblemIn(text=p.text, severity=p.severity) for p in payload.problems],
        want_next=payload.want_next,
        want_next_idea=idea,
    )
    try:
        report, created = actions.file_report(release, member=request.auth, data=data)
    except ValidationError as refusal:
        raise _refused(refusal) from refusal
    report = queries.report_of(request.auth, release)
    return Status(201 if created else 200, _report_out(report))


def _summary_out(release: Release) -> dict[str, Any]:
    summary = queries.summary_of(release)
    feature = summary.feature
    return {
        "release": release.pk,
        "version": release.version,
        "reports_close_at": release.reports_close_at,
        "report_count": release.report_count,
        "audience_count": release.audience_count,
        "response_rate": summary.response_rate,
        "average": round(summary.average, 2) if summary.average is not None else None,
        "scores": {str(bar.score): bar.count for bar in reversed(summary.scores)},
        "problem_count": release.problem_count,
        "entries": [
            {
                "id": item.entry.pk,
                "title": item.entry.display_title,
                "kind": item.entry.kind,
                "team": item.entry.team.slug if item.entry.team else None,
                "liked": item.liked,
                "disliked": item.disliked,
                "net": item.net,
                "liked_share": item.liked_percent,
                "disliked_share": item.disliked_percent,
            }
            for item in summary.entries
        ],
        "trend": [
            {
                "release": point.release_id,
                "version": point.version,
                "average": round(point.average, 2) if point.average is not None else None,
                "response_rate": point.response_rate,
                "report_count": point.report_count,
            }
            for point in summary.trend
        ],
        "terms": [{"term": term, "count": count} for term, count in summary.terms],
        "feature": None
        if feature is None
        else {
            "entry": feature.entry.pk,
            "title": feature.entry.display_title,
            "team": feature.entry.team.slug if feature.entry.team else None,
            "net": feature.net,
            "liked": feature.liked,
            "provisional": feature.provisional,
        },
    }


@router.get(
    "/releases/{release_id}/report-summary",
    auth=token_session_or_anonymous,
    response={200: SummaryOut, **ERRORS},
)
def report_summary(request, release_id: Id):
    """The release's reports in aggregate, for whoever sees the release."""
    release = get_release_for(request.auth, release_id)
    body = fragments.cached(
        ("report-summary-api", release.pk), stamps(SUMMARY_CONTENT), lambda: _summary_out(release)
    )
    return {**body, "is_open": report_window_open(release)}
