"""Every write of four-grid reports: filing or editing one, and awarding the
feature of the week.

A report's tallies live on the rows the summary reads: `Release`
(report_count, score_total, score_1..5, problem_count) and `ChangelogEntry`
(liked_count, disliked_count). Filing adds the report's share; editing adds
the difference between the new report and the old one, all with F()
expressions in the same transaction, so they stay exact however many
members file at once (`recount` checks them). Who may file is the caller's
to check (permissions); the window and the input's consistency with the
release are checked here, and refused with a ValidationError whose `code`
the API answers with (`window_closed`, `invalid`).
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.core.activity import record
from cocreate.core.pagecache import bump
from cocreate.forum.images import PostImageFile
from cocreate.ideas.models import Idea

from ..enums import ReleaseStatus, Severity
from ..models import (
    ChangelogEntry,
    ExperienceReport,
    FeatureAward,
    Release,
    ReportPick,
    ReportProblem,
    Team,
)
from ..permissions.reports import report_window_open
from ..queries import reports as queries
from ..queries.reports import REPORTS_CONTENT

MAX_PROBLEMS = 3
TEXT_MAX = 2000


@dataclass(frozen=True)
class ProblemIn:
    """A problem as typed: `screenshot` a re-encoded image (forum.images), or
    `keep_screenshot_of` the place (from 0) of the report's old problem whose
    screenshot it keeps."""

    text: str
    severity: str = Severity.MEDIUM
    screenshot: PostImageFile | None = None
    keep_screenshot_of: int | None = None


@dataclass(frozen=True)
class ReportIn:
    """A whole report: filing or editing replaces everything the member said."""

    score: int
    liked: Sequence[int] = ()
    disliked: Sequence[int] = ()
    liked_comment: str = ""
    disliked_comment: str = ""
    problems: Sequence[ProblemIn] = field(default_factory=tuple)
    want_next: str = ""
    want_next_idea: Idea | None = None


# Checks ---------------------------------------------------------------------


def _invalid(field_name: str, message: str) -> ValidationError:
    return ValidationError({field_name: [ValidationError(message, code="invalid")]})


def check_report_input(release: Release, data: ReportIn, *, entry_ids: set[int]) -> None:
    """Refuse a report that does not fit the release (one error at a time,
    naming its field): the forms check the same things field by field."""
    if not isinstance(data.score, int) or not 1 <= data.score <= 5:
        raise _invalid("score", _("Give the build a score from 1 to 5."))
    for name, picked in (("liked", data.liked), ("disliked", data.disliked)):
        if len(set(picked)) != len(picked) or not set(picked) <= entry_ids:
            raise _invalid(name, _("Pick entries of this release's changelog."))
    if set(data.liked) & set(data.disliked):
        raise _invalid("disliked", _("An entry cannot be liked most and least at once."))
    if len(data.problems) > MAX_PROBLEMS:
        raise _invalid("problems", _("List at most %(count)d problems.") % {"count": MAX_PROBLEMS})
    for problem in data.problems:
        if not problem.text.strip():
            raise _invalid("problems", _("Describe each problem you list."))
        if problem.severity not in Severity.values:
            raise _invalid("problems", _("Choose how bad each problem is."))
    texts = [data.liked_comment, data.disliked_comment, data.want_next]
    if any(len(text) > TEXT_MAX for text in [*texts, *(p.text for p in data.problems)]):
        raise _invalid(
            "__all__",
            _("Keep each text under %(count)d characters.") % {"count": TEXT_MAX},
        )
    idea = data.want_next_idea
    if idea is not None and idea.product_id != release.product_id:
        raise _invalid("want_next_idea", _("Link an idea for this product."))


def _check_window(release: Release) -> None:
    if not report_window_open(release):
        message = (
            _("This release is not out yet: reports open when it is published.")
            if release.status != ReleaseStatus.PUBLISHED
            else _("The report window of this release has closed.")
        )
        raise ValidationError(message, code="window_closed")


# Filing and editing -----------------------------------------------------------


def file_report(release: Release, *, member: Any, data: ReportIn) -> tuple[ExperienceReport, bool]:
    """File the member's report on `release`, or replace the one they filed.
    Returns the report and whether it is new. Raises ValidationError: code
    `window_closed` outside the release's window, `invalid` for input that
    does not fit the release.

    The release row is locked first, so the reports of one release are
    tallied one after another, always locking release, report, then entries
    (no deadlocks); a double submission finds the first one's row and
    updates it."""
    entry_ids = set(release.entries.values_list("pk", flat=True))
    check_report_input(release, data, entry_ids=entry_ids)
    with transaction.atomic():
        locked = Release.objects.select_for_update().get(pk=release.pk)
        _check_window(locked)
        report = _locked_report(release, member)
        created = False
        if report is None:
            report, created = _create_report(release, member, data)
        if created:
            _tally(release, old=None, new=data)
            _move_picks({}, _picks(data))
            _write_details(report, data, old_problems=None)
            record(
                actor=member,
                verb="report.filed",
                target=report,
                product=release.product_id,
                release=release.pk,
                version=release.version,
                score=data.score,
                streak=_longest_run(release, member),
            )
        else:
            removed = _update_report(release, report, data)
            if removed:
                transaction.on_commit(partial(_delete_files, removed))
        bump(REPORTS_CONTENT)
    return report, created


def _locked_report(release: Release, member: Any) -> ExperienceReport | None:
    return (
        ExperienceReport.objects.select_for_update().filter(release=release, member=member).first()
    )


def _create_report(release: Release, member: Any, data: ReportIn) -> tuple[ExperienceReport, bool]:
    """A new report row; when a double submission raced this one in, the
    other's row (locked), to be updated instead."""
    now = timezone.now()
    try:
        with transaction.atomic():
            report = ExperienceReport.objects.create(
                release=release,
                member=member,
                created_at=now,
                updated_at=now,
                **_own_fields(data),
            )
    except IntegrityError:
        found = _locked_report(release, member)
        assert found is not None  # the unique constraint said so
        return found, False
    return report, True


def _own_fields(data: ReportIn) -> dict[str, Any]:
    return {
        "score": data.score,
        "liked_comment": data.liked_comment.strip(),
        "disliked_comment": data.disliked_comment.strip(),
        "want_next": data.want_next.strip(),
        "want_next_idea": data.want_next_idea,
    }


def _picks(data: ReportIn) -> dict[int, bool]:
    return {**dict.fromkeys(data.liked, True), **dict.fromkeys(data.disliked, False)}


def _update_report(release: Release, report: ExperienceReport, data: ReportIn) -> list[str]:
    """Replace the locked report's content and move the tallies by the
    difference. Returns the screenshot files no longer used."""
    old_score = report.score
    old_picks = dict(report.picks.values_list("entry_id", "liked"))
    old_problems = list(report.problems.order_by("position", "id"))
    _tally(release, old=(old_score, len(old_problems)), new=data)
    _move_picks(old_picks, _picks(data))
    for name, value in _own_fields(data).items():
        setattr(report, name, value)
    report.updated_at = timezone.now()
    report.save()
    kept = _write_details(report, data, old_problems=old_problems)
    record(
        actor=report.member,
        verb="report.edited",
        target=report,
        product=release.product_id,
        release=release.pk,
        version=release.version,
        score=data.score,
        previous_score=old_score,
    )
    names = [problem.screenshot.name for problem in old_problems if problem.screenshot]
    return [name for name in names if name and name not in kept]


def _tally(release: Release, *, old: tuple[int, int] | None, new: ReportIn) -> None:
    """Move the release's tallies from the `old` report's (score, problems),
    or from nothing, to the `new` one's: one UPDATE."""
    steps: Counter[str] = Counter()
    if old is None:
        steps["report_count"] += 1
    else:
        old_score, old_problems = old
        steps[f"score_{old_score}"] -= 1
        steps["score_total"] -= old_score
        steps["problem_count"] -= old_problems
    steps[f"score_{new.score}"] += 1
    steps["score_total"] += new.score
    steps["problem_count"] += len(new.problems)
    changes = {name: F(name) + step for name, step in steps.items() if step}
    if changes:
        Release.objects.filter(pk=release.pk).update(**changes)


def _move_picks(old: dict[int, bool], new: dict[int, bool]) -> None:
    """Move the entries' tallies from the `old` picks to the `new` ones
    (entry id → liked): one UPDATE per direction and tally."""
    steps: Counter[tuple[str, int]] = Counter()
    for entry_id, liked in old.items():
        if new.get(entry_id) is not liked:
            steps[("liked_count" if liked else "disliked_count", entry_id)] -= 1
    for entry_id, liked in new.items():
        if old.get(entry_id) is not liked:
            steps[("liked_count" if liked else "disliked_count", entry_id)] += 1
    groups: dict[tuple[str, int], list[int]] = {}
    for (name, entry_id), step in steps.items():
        if step:
            groups.setdefault((name, step), []).append(entry_id)
    for (name, step), ids in sorted(groups.items()):
        ChangelogEntry.objects.filter(pk__in=ids).update(**{name: F(name) + step})


def _write_details(
    report: ExperienceReport, data: ReportIn, *, old_problems: list[ReportProblem] | None
) -> set[str]:
    """The report's picks and problems, replacing those it had (`old_problems`
    None: a new report, which has none). Returns the names of the old
    screenshots kept."""
    if old_problems is None:
        old_problems = []
    else:
        report.picks.all().delete()
        report.problems.all().delete()
    ReportPick.objects.bulk_create(
        [
            ReportPick(report=report, entry_id=entry_id, liked=liked)
            for entry_id, liked in _picks(data).items()
        ]
    )
    kept: set[str] = set()
    for position, problem in enumerate(data.problems):
        row = ReportProblem(
            report=report, text=problem.text.strip(), severity=problem.severity, position=position
        )
        if problem.screenshot is not None:
            row.screenshot.save(problem.screenshot.name, problem.screenshot.content, save=False)
        elif problem.keep_screenshot_of is not None and problem.keep_screenshot_of < len(
            old_problems
        ):
            name = old_problems[problem.keep_screenshot_of].screenshot.name
            if name and name not in kept:
                row.screenshot = name
                kept.add(name)
        row.save()
    return kept


def _delete_files(names: Iterable[str]) -> None:
    storage = ReportProblem._meta.get_field("screenshot").storage  # type: ignore[attr-defined]
    for name in names:
        storage.delete(name)


def _longest_run(release: Release, member: Any) -> int:
    """The longest run of consecutive published releases of the release's
    product and channel that the member reported on (two queries): what the
    streak medals count."""
    releases = Release.objects.filter(
        product_id=release.product_id,
        channel=release.channel,
        status=ReleaseStatus.PUBLISHED,
    ).order_by("published_at", "pk")
    reported = set(
        ExperienceReport.objects.filter(
            member=member, release__in=releases.values("pk")
        ).values_list("release_id", flat=True)
    )
    longest = run = 0
    for release_id in releases.values_list("pk", flat=True):
        run = run + 1 if release_id in reported else 0
        longest = max(longest, run)
    return longest


# Feature of the week ------------------------------------------------------------


@transaction.atomic
def award_feature_of_the_week(release: Release) -> FeatureAward | None:
    """Give the release's feature-of-the-week award to its leading entry and
    that entry's team, once its report window has closed. Returns the new
    award, or None when there is nothing to award (already awarded, window
    still open, no entry liked)."""
    locked = Release.objects.select_for_update().filter(pk=release.pk).first()
    if locked is None or report_window_open(locked) or not locked.is_published:
        return None
    if FeatureAward.objects.filter(release=locked).exists():
        return None
    first = queries.leader(queries.ranked_entries(locked, queries.entries_of(locked)))
    if first is None:
        return None
    entry = first.entry
    award = FeatureAward.objects.create(
        release=locked, entry=entry, team=entry.team, net_liking=entry.net_liking
    )
    if entry.team_id:
        Team.objects.filter(pk=entry.team_id).update(award_count=F("award_count") + 1)
    record(
        actor=None,
        verb="release.feature_awarded",
        target=award,
        product=locked.product_id,
        release=locked.pk,
        version=locked.version,
        entry=entry.pk,
        title=entry.title,
        team=entry.team_id,
        net_liking=entry.net_liking,
    )
    bump(REPORTS_CONTENT)
    return award
