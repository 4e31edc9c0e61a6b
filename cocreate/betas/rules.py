"""A program's participation rules: the weeks they are checked over, and who
meets them. Reads only; the evaluation that acts on it is in actions.py.

A week runs from Monday 00:00 to Sunday 24:00 (the next Monday 00:00) in the
program's time zone, whatever daylight saving does in between. A member is
held to the rules of a week once `exempt_days` have passed since they joined,
counted back from the week's end: with the default 7 days, the week they join
in is exempt.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocreate.forum.models import Post
from cocreate.releases.enums import ReleaseStatus
from cocreate.releases.models import ExperienceReport, Release

from .enums import MembershipStatus
from .models import BetaMembership, BetaProgram, BugReport


def week_end(program: BetaProgram, moment: datetime) -> datetime:
    """The latest Sunday 24:00 in the program's time zone at or before `moment`."""
    zone = ZoneInfo(program.time_zone)
    local = moment.astimezone(zone)
    monday = local.date() - timedelta(days=local.weekday())
    return datetime.combine(monday, time(0), tzinfo=zone)


def week_start(program: BetaProgram, end: datetime) -> datetime:
    """The Monday 00:00 a week ending at `end` began (local, so 167 or 169
    hours before across a daylight-saving change)."""
    zone = ZoneInfo(program.time_zone)
    return datetime.combine(end.astimezone(zone).date() - timedelta(days=7), time(0), tzinfo=zone)


def next_week_end(program: BetaProgram, moment: datetime) -> datetime:
    """The first Sunday 24:00 after `moment`."""
    zone = ZoneInfo(program.time_zone)
    end = week_end(program, moment)
    return datetime.combine(end.date() + timedelta(days=7), time(0), tzinfo=zone)


def has_rules(program: BetaProgram) -> bool:
    return program.requires_report_each_release or program.min_feedback_posts > 0


@dataclass
class Verdict:
    """How one member stands with a week's rules."""

    membership: BetaMembership
    exempt: bool = False
    missing_reports: list[str] = field(default_factory=list)
    feedback: int = 0
    feedback_needed: int = 0

    @property
    def meets(self) -> bool:
        return self.exempt or (not self.missing_reports and self.feedback >= self.feedback_needed)

    def shortfall(self) -> dict[str, Any]:
        """What the member missed, as data: kept with notifications, so each
        reader gets it in their own language through `describe_shortfall`."""
        return {
            "missing": self.missing_reports,
            "feedback": self.feedback,
            "needed": self.feedback_needed,
        }


def describe_shortfall(missing: list[str], feedback: int, needed: int) -> str:
    """What a member missed of a week's rules, in the current language."""
    parts = []
    if missing:
        parts.append(_("no experience report on %(versions)s") % {"versions": ", ".join(missing)})
    if feedback < needed:
        parts.append(
            _("%(count)d of %(needed)d feedback posts") % {"count": feedback, "needed": needed}
        )
    return "; ".join(parts)


def week_releases(program: BetaProgram, start: datetime, end: datetime) -> list[Release]:
    """The builds of the program's product and channel published in the week."""
    return list(
        Release.objects.filter(
            product_id=program.product_id,
            channel=program.channel,
            status=ReleaseStatus.PUBLISHED,
            published_at__gte=start,
            published_at__lt=end,
        ).order_by("published_at", "id")
    )


def verdicts(program: BetaProgram, end: datetime) -> list[Verdict]:
    """Every active member's verdict for the week ending at `end`, in a
    fixed number of queries however many members there are."""
    start = week_start(program, end)
    memberships = list(
        BetaMembership.objects.filter(program=program, status=MembershipStatus.ACTIVE)
        .select_related("member")
        .order_by("joined_at", "id")
    )
    exempt_from = end - timedelta(days=program.exempt_days)
    held = [m.member_id for m in memberships if m.joined_at < exempt_from]
    releases = week_releases(program, start, end) if program.requires_report_each_release else []
    reported: dict[int, set[int]] = {}
    if releases and held:
        for member_id, release_id in ExperienceReport.objects.filter(
            release__in=releases, member_id__in=held
        ).values_list("member_id", "release_id"):
            reported.setdefault(member_id, set()).add(release_id)
    feedback: dict[int, int] = {}
    if program.min_feedback_posts and held:
        feedback = _feedback_counts(program, held, start, end)
    result = []
    for membership in memberships:
        verdict = Verdict(membership, feedback_needed=program.min_feedback_posts)
        if membership.member_id not in held:
            verdict.exempt = True
        else:
            done = reported.get(membership.member_id, set())
            verdict.missing_reports = [r.version for r in releases if r.pk not in done]
            verdict.feedback = feedback.get(membership.member_id, 0)
        result.append(verdict)
    return result


def _feedback_counts(
    program: BetaProgram, member_ids: list[int], start: datetime, end: datetime
) -> dict[int, int]:
    """Posts on the product's boards plus bug reports on its builds, per member."""
    counts: dict[int, int] = {}
    posts = (
        Post.objects.filter(
            author_id__in=member_ids,
            thread__board__product_id=program.product_id,
            created_at__gte=start,
            created_at__lt=end,
            deleted_at__isnull=True,
        )
        .values("author_id")
        .annotate(n=Count("id"))
    )
    bugs = (
        BugReport.objects.filter(
            reporter_id__in=member_ids,
            release__product_id=program.product_id,
            created_at__gte=start,
            created_at__lt=end,
        )
        .values("reporter_id")
        .annotate(n=Count("id"))
    )
    for post in posts:
        counts[post["author_id"]] = counts.get(post["author_id"], 0) + post["n"]
    for bug in bugs:
        counts[bug["reporter_id"]] = counts.get(bug["reporter_id"], 0) + bug["n"]
    return counts


def rules_in_words(program: BetaProgram) -> list[str]:
    """The participation rules as sentences with their numbers."""
    lines: list[Any] = []
    if program.requires_report_each_release:
        lines.append(
            _(
                "File a four-grid experience report on every %(channel)s build published "
                "in the week."
            )
            % {"channel": program.get_channel_display()}
        )
    if program.min_feedback_posts:
        lines.append(
            ngettext(
                "Write at least %(count)d post on the product's boards, or bug report, each week.",
                "Write at least %(count)d posts on the product's boards, or bug reports, "
                "each week.",
                program.min_feedback_posts,
            )
            % {"count": program.min_feedback_posts}
        )
    lines.append(
        _(
            "The rules are checked every Sunday at 24:00 (%(zone)s); you are warned "
            "%(hours)d hours before if you do not meet them yet."
        )
        % {"zone": program.time_zone, "hours": program.warn_hours}
    )
    lines.append(
        ngettext(
            "Your first %(days)d day after joining is exempt.",
            "Your first %(days)d days after joining are exempt.",
            program.exempt_days,
        )
        % {"days": program.exempt_days}
    )
    lines.append(
        _(
            "Members who miss the rules are removed and may re-apply after %(removed)d "
            "days; members who leave may re-apply after %(left)d days."
        )
        % {"removed": program.removed_cooldown_days, "left": program.left_cooldown_days}
    )
    return [str(line) for line in lines]
