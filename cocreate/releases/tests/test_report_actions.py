"""Filing and editing four-grid reports: the tallies on the release and its
entries stay exact (checked against `recount`), one report per member, the
window, bad input, activities, points and streak medals."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from cocreate.accounts.tests.factories import UserFactory
from cocreate.core.models import Activity
from cocreate.releases.actions import reports as actions
from cocreate.releases.actions.reports import ProblemIn, ReportIn
from cocreate.releases.models import ExperienceReport, ReportPick, ReportProblem
from cocreate.releases.tests.fixtures import make_release
from cocreate.reputation.models import MedalGrant, MemberStats, PointsEntry


def _ids(release):
    return list(release.entries.order_by("position").values_list("pk", flat=True))


def _recount_clean():
    out = StringIO()
    call_command("recount", "--only", "releases.", stdout=out)
    return out.getvalue()


def test_filing_a_report_counts_it_on_the_release_and_its_entries(release, member):
    first, second, third = _ids(release)
    data = ReportIn(
        score=4,
        liked=[first, second],
        disliked=[third],
        liked_comment="Smooth",
        problems=[ProblemIn(text="Camera crashes", severity="high")],
    )

    report, created = actions.file_report(release, member=member, data=data)

    assert created
    release.refresh_from_db()
    assert (release.report_count, release.score_total, release.score_4) == (1, 4, 1)
    assert release.problem_count == 1
    counts = dict(release.entries.values_list("pk", "liked_count"))
    assert counts == {first: 1, second: 1, third: 0}
    assert release.entries.get(pk=third).disliked_count == 1
    assert report.problems.get().severity == "high"
    assert "All 11 counters match." in _recount_clean()


def test_editing_a_report_moves_the_tallies_by_the_difference(release, member, other_member):
    first, second, third = _ids(release)
    actions.file_report(
        release,
        member=member,
        data=ReportIn(
            score=2, liked=[first], disliked=[second], problems=[ProblemIn("A"), ProblemIn("B")]
        ),
    )
    actions.file_report(release, member=other_member, data=ReportIn(score=5, liked=[first]))

    report, created = actions.file_report(
        release,
        member=member,
        data=ReportIn(score=4, liked=[second], disliked=[first, third], problems=[ProblemIn("C")]),
    )

    assert not created
    release.refresh_from_db()
    assert release.report_count == 2
    assert release.score_total == 9
    assert release.score_counts == [0, 0, 0, 1, 1]
    assert release.problem_count == 1
    entries = {e.pk: (e.liked_count, e.disliked_count) for e in release.entries.all()}
    assert entries == {first: (1, 1), second: (1, 0), third: (0, 1)}
    assert ExperienceReport.objects.count() == 2
    assert list(report.problems.values_list("text", flat=True)) == ["C"]
    assert "All 11 counters match." in _recount_clean()


def test_editing_records_an_edit_and_earns_nothing_more(release, member, commit_and_work):
    with commit_and_work():
        actions.file_report(release, member=member, data=ReportIn(score=3))
    with commit_and_work():
        actions.file_report(release, member=member, data=ReportIn(score=5))

    verbs = list(Activity.objects.order_by("pk").values_list("verb", flat=True))
    assert verbs.count("report.filed") == 1
    assert verbs.count("report.edited") == 1
    assert list(PointsEntry.objects.filter(member=member).values_list("verb", "points")) == [
        ("report.filed", 10)
    ]


def test_a_first_report_earns_points_and_the_first_report_medal(release, member, commit_and_work):
    with commit_and_work():
        actions.file_report(release, member=member, data=ReportIn(score=4))

    assert MemberStats.objects.get(member=member).points == 10
    assert MedalGrant.objects.filter(member=member, medal__slug="first-report").exists()


def test_four_consecutive_releases_reported_earn_the_regular_medal(
    product, member, commit_and_work
):
    # given four published releases of the development channel, a week apart
    releases = []
    for week in range(4):
        release = make_release(product, version=f"3.{week}.0")
        release.published_at = timezone.now() - timedelta(days=7 * (4 - week))
        release.save(update_fields=["published_at"])
        releases.append(release)
    # when the member reports on the first three, then the fourth
    with commit_and_work():
        for release in releases[:3]:
            actions.file_report(release, member=member, data=ReportIn(score=4))
    assert MemberStats.objects.get(member=member).best_report_streak == 3
    assert not MedalGrant.objects.filter(member=member, medal__slug="orange-friday-regular")
    with commit_and_work():
        actions.file_report(releases[3], member=member, data=ReportIn(score=5))
    # then the run of four earns the medal, and not yet the one for twelve
    assert MemberStats.objects.get(member=member).best_report_streak == 4
    slugs = set(MedalGrant.objects.filter(member=member).values_list("medal__slug", flat=True))
    assert "orange-friday-regular" in slugs
    assert "orange-friday-devotee" not in slugs


def test_a_skipped_release_breaks_the_streak(product, member):
    releases = []
    for week in range(3):
        release = make_release(product, version=f"4.{week}.0")
        release.published_at = timezone.now() - timedelta(days=7 * (3 - week))
        release.save(update_fields=["published_at"])
        releases.append(release)
    actions.file_report(releases[0], member=member, data=ReportIn(score=4))
    actions.file_report(releases[2], member=member, data=ReportIn(score=4))

    activity = Activity.objects.filter(verb="report.filed").latest("pk")
    assert activity.data["streak"] == 1


def test_a_closed_window_refuses_the_report_and_writes_nothing(release, member):
    closed = release.reports_close_at + timedelta(seconds=1)
    with time_machine.travel(closed, tick=False), pytest.raises(ValidationError) as refused:
        actions.file_report(release, member=member, data=ReportIn(score=4))
    assert refused.value.code == "window_closed"
    assert not ExperienceReport.objects.exists()
    release.refresh_from_db()
    assert release.report_count == 0


def test_a_draft_takes_no_report(product, member):
    draft = make_release(product, version="9.9.9", published=False)
    with pytest.raises(ValidationError) as refused:
        actions.file_report(draft, member=member, data=ReportIn(score=4))
    assert refused.value.code == "window_closed"


@pytest.mark.parametrize(
    "change",
    [
        {"score": 0},
        {"score": 6},
        {"liked": "other"},
        {"liked": "both"},
        {"problems": [ProblemIn("a"), ProblemIn("b"), ProblemIn("c"), ProblemIn("d")]},
        {"problems": [ProblemIn("   ")]},
        {"problems": [ProblemIn("ok", severity="apocalyptic")]},
        {"want_next": "x" * 2001},
    ],
)
def test_input_that_does_not_fit_the_release_is_refused(product, release, member, change):
    other = make_release(product, version="0.0.1")
    first = _ids(release)[0]
    if change.get("liked") == "other":
        change = {"liked": _ids(other)[:1]}
    elif change.get("liked") == "both":
        change = {"liked": [first], "disliked": [first]}
    data = ReportIn(**{"score": 3, **change})

    with pytest.raises(ValidationError) as refused:
        actions.file_report(release, member=member, data=data)

    assert "window_closed" not in str(refused.value) and hasattr(refused.value, "error_dict")
    assert not ExperienceReport.objects.exists()
    assert not ReportPick.objects.exists() and not ReportProblem.objects.exists()


def test_an_idea_of_another_product_cannot_be_wanted_next(release, member, idea):
    from cocreate.forum.models import Product

    other = Product.objects.create(slug="watch", name="Watch")
    idea.product = other
    idea.save(update_fields=["product"])
    with pytest.raises(ValidationError):
        actions.file_report(release, member=member, data=ReportIn(score=3, want_next_idea=idea))


def test_one_report_per_member_per_release(release, member):
    actions.file_report(release, member=member, data=ReportIn(score=3))
    actions.file_report(release, member=member, data=ReportIn(score=4))
    assert ExperienceReport.objects.filter(member=member).count() == 1
    release.refresh_from_db()
    assert release.report_count == 1
    assert release.score_counts == [0, 0, 0, 1, 0]


def test_the_feature_of_the_week_goes_to_the_best_net_liking_once(release, member, camera_team):
    first, second, _third = _ids(release)
    release.entries.filter(pk=second).update(team=camera_team)
    fans = [UserFactory() for _ in range(3)]
    actions.file_report(release, member=member, data=ReportIn(score=4, liked=[first, second]))
    for fan in fans:
        actions.file_report(
            release, member=fan, data=ReportIn(score=4, liked=[second], disliked=[first])
        )

    assert actions.award_feature_of_the_week(release) is None  # the window is still open
    with time_machine.travel(release.reports_close_at + timedelta(hours=1), tick=False):
        award = actions.award_feature_of_the_week(release)
        again = actions.award_feature_of_the_week(release)

    assert award.entry_id == second and award.team == camera_team and award.net_liking == 4
    assert again is None
    camera_team.refresh_from_db()
    assert camera_team.award_count == 1
    assert Activity.objects.filter(verb="release.feature_awarded").count() == 1


def test_ties_go_to_the_more_liked_then_the_earlier_entry(release, member, other_member):
    first, second, third = _ids(release)
    # second: 2 liked, 1 disliked (net 1); third: 1 liked (net 1); first: 1 liked (net 1)
    actions.file_report(release, member=member, data=ReportIn(score=4, liked=[second, third]))
    actions.file_report(release, member=other_member, data=ReportIn(score=4, liked=[second, first]))
    extra = UserFactory()
    actions.file_report(release, member=extra, data=ReportIn(score=4, disliked=[second]))
    with time_machine.travel(release.reports_close_at, tick=False):
        award = actions.award_feature_of_the_week(release)
    assert award.entry_id == second
