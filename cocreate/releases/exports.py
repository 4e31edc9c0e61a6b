"""A release's four-grid reports as CSV, for the product team's spreadsheets
(written by `ideas.exports.csv_response`: UTF-8 with a byte order mark, and
text that would run as a formula made inert)."""

from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext as _

from .models import ExperienceReport, Release


def report_rows(
    release: Release, reports: Iterable[ExperienceReport], *, site: str
) -> Iterator[list[Any]]:
    """A header, then one line per report (picks and problems prefetched by
    queries.reports_of): picks joined by " | ", problems as "[severity] text"."""
    yield [
        _("Release"),
        _("Report"),
        _("Member"),
        _("Filed"),
        _("Updated"),
        _("Score"),
        _("Liked most"),
        _("Why"),
        _("Liked least"),
        _("Why not"),
        _("Problems"),
        _("Screenshots"),
        _("Want next"),
        _("Idea wanted"),
    ]
    for report in reports:
        picks = list(report.picks.all())
        problems = list(report.problems.all())
        idea = report.want_next_idea
        yield [
            release.version,
            report.pk,
            report.member.username,
            report.created_at.isoformat(timespec="minutes"),
            report.updated_at.isoformat(timespec="minutes"),
            report.score,
            " | ".join(pick.entry.title for pick in picks if pick.liked),
            report.liked_comment,
            " | ".join(pick.entry.title for pick in picks if not pick.liked),
            report.disliked_comment,
            " | ".join(f"[{p.get_severity_display()}] {p.text}" for p in problems),
            " | ".join(site + p.screenshot.url for p in problems if p.screenshot),
            report.want_next,
            site + idea.get_absolute_url() if idea else "",
        ]
