"""The weekly participation rules, on a controllable clock: Sunday 24:00 in
the program's time zone (Asia/Shanghai, UTC+8)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import translation

from cocreate.accounts.tests.factories import UserFactory
from cocreate.betas import actions, permissions, rules
from cocreate.betas.models import BetaEvaluation, BetaMembership
from cocreate.betas.tasks import evaluate_beta_programs
from cocreate.core.schedule import SCHEDULE
from cocreate.forum import actions as forum
from cocreate.notifications.models import Notification
from cocreate.notifications.text import describe
from cocreate.releases.enums import Channel
from cocreate.releases.models import ExperienceReport
from cocreate.releases.tests.fixtures import make_release

from .fixtures import eligible, join, make_program

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A Wednesday; the week ends on Monday 3 March 2025 at 00:00 in Shanghai.
WEDNESDAY = datetime(2025, 2, 26, 10, 0, tzinfo=SHANGHAI)
FRIDAY = datetime(2025, 2, 28, 18, 0, tzinfo=SHANGHAI)
SUNDAY_24 = datetime(2025, 3, 3, 0, 0, tzinfo=SHANGHAI)


def at(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def week(product, django_capture_on_commit_callbacks):
    """A program created on Wednesday with three members: `skipper` (joined a
    month ago, files nothing), `reporter` (joined a month ago, reports on
    Friday's build) and `newcomer` (joined on Tuesday of this week)."""
    with at(WEDNESDAY), django_capture_on_commit_callbacks(execute=True):
        program = make_program(product, capacity=0)
        members = {}
        for name, days in (("skipper", 30), ("reporter", 30), ("newcomer", 1)):
            members[name] = eligible(UserFactory(username=name))
            join(program, members[name], days_ago=days)
    with at(FRIDAY):
        build = make_release(product, version="3.3.0-beta.1", channel=Channel.BETA)
        build.published_at = FRIDAY
        build.save(update_fields=["published_at"])
        ExperienceReport.objects.create(release=build, member=members["reporter"], score=4)
    return program, members


def _status(program, user):
    return BetaMembership.objects.filter(program=program, member=user).latest("joined_at").status


def test_the_week_ends_on_sunday_at_24_in_the_programs_time_zone(program):
    assert rules.week_end(program, SUNDAY_24) == SUNDAY_24
    assert rules.week_end(program, SUNDAY_24 - timedelta(seconds=1)) == SUNDAY_24 - timedelta(
        days=7
    )
    assert rules.week_start(program, SUNDAY_24) == SUNDAY_24 - timedelta(days=7)
    assert rules.next_week_end(program, WEDNESDAY) == SUNDAY_24


def test_a_tester_who_skipped_a_week_is_removed_on_sunday_night_and_waits_30_days(
    week, django_capture_on_commit_callbacks
):
    program, members = week
    skipper = members["skipper"]

    # given: one second before the end of the week, nobody is removed
    with at(SUNDAY_24 - timedelta(seconds=1)), django_capture_on_commit_callbacks(execute=True):
        evaluate_beta_programs.call()
    assert _status(program, skipper) == "active"

    # when: the hourly task runs at Sunday 24:00 in Shanghai
    with at(SUNDAY_24), django_capture_on_commit_callbacks(execute=True):
        result = evaluate_beta_programs.call()
        again = evaluate_beta_programs.call()

    # then: the skipper is removed, the reporter kept, the newcomer exempt
    assert result["evaluated"] == 1 and again["evaluated"] == 0
    assert _status(program, skipper) == "removed"
    assert _status(program, members["reporter"]) == "active"
    assert _status(program, members["newcomer"]) == "active"
    removed = BetaMembership.objects.get(program=program, member=skipper)
    assert removed.end_reason == "missed_rules" and "3.3.0-beta.1" in removed.reason
    assert removed.may_reapply_at == SUNDAY_24 + timedelta(days=30)
    evaluation = BetaEvaluation.objects.get(program=program, period_end=SUNDAY_24)
    assert (evaluation.kept_count, evaluation.removed_count, evaluation.exempt_count) == (1, 1, 1)
    program.refresh_from_db()
    assert program.member_count == 2
    notice = Notification.objects.get(recipient=skipper, kind="beta", data__event="removed")
    assert datetime.fromisoformat(notice.data["until"]) == SUNDAY_24 + timedelta(days=30)
    # what they missed reads in each reader's language
    with translation.override("zh-hans"):
        assert "未提交 3.3.0-beta.1 的体验报告" in describe(notice)
    with translation.override("en"):
        assert "no experience report on 3.3.0-beta.1" in describe(notice)

    # and: they cannot re-apply for 30 days, the date in the message; on day 31 they can
    with (
        at(SUNDAY_24 + timedelta(days=29, hours=23)),
        pytest.raises(PermissionDenied, match="apply to this program again from"),
    ):
        permissions.check_apply_to_program(skipper, program)
    with at(SUNDAY_24 + timedelta(days=30, hours=1)):
        permissions.check_apply_to_program(skipper, program)
        application = actions.apply_to_program(program, member=skipper, risk_version=1)
    assert application.status == "pending"


def test_members_who_are_behind_are_warned_once_before_the_evaluation(
    week, django_capture_on_commit_callbacks
):
    program, members = week

    with at(SUNDAY_24 - timedelta(hours=25)), django_capture_on_commit_callbacks(execute=True):
        early = evaluate_beta_programs.call()
    with at(SUNDAY_24 - timedelta(hours=23)), django_capture_on_commit_callbacks(execute=True):
        first = evaluate_beta_programs.call()
    with at(SUNDAY_24 - timedelta(hours=1)), django_capture_on_commit_callbacks(execute=True):
        second = evaluate_beta_programs.call()

    assert (early["warned"], first["warned"], second["warned"]) == (0, 1, 0)
    warned = Notification.objects.filter(kind="beta", data__event="warned")
    assert [n.recipient for n in warned] == [members["skipper"]]
    assert datetime.fromisoformat(warned[0].data["until"]) == SUNDAY_24
    evaluation = BetaEvaluation.objects.get(program=program, period_end=SUNDAY_24)
    assert evaluation.warned_count == 1 and evaluation.evaluated_at is None


def test_the_first_week_after_joining_is_exempt_and_the_next_is_not(
    product, django_capture_on_commit_callbacks
):
    with at(WEDNESDAY):
        program = make_program(product, capacity=0)
        newcomer = eligible(UserFactory(username="newbie"))
        join(program, newcomer, days_ago=0)
    with at(SUNDAY_24):
        build = make_release(product, version="b1", channel=Channel.BETA)
        build.published_at = SUNDAY_24 + timedelta(days=4)
        build.save(update_fields=["published_at"])
    with at(SUNDAY_24), django_capture_on_commit_callbacks(execute=True):
        evaluate_beta_programs.call()
    assert _status(program, newcomer) == "active"
    with at(SUNDAY_24 + timedelta(days=7)), django_capture_on_commit_callbacks(execute=True):
        evaluate_beta_programs.call()
    assert _status(program, newcomer) == "removed"


def test_feedback_posts_and_bug_reports_count_for_the_weekly_minimum(
    product, board, django_capture_on_commit_callbacks
):
    with at(WEDNESDAY):
        program = make_program(
            product, capacity=0, requires_report_each_release=False, min_feedback_posts=2
        )
        poster, quiet = (eligible(UserFactory(username=n)) for n in ("poster", "quiet"))
        join(program, poster)
        join(program, quiet)
        build = make_release(product, version="b1", channel=Channel.BETA)
    with at(FRIDAY):
        forum.create_thread(board, author=poster, title="Night mode", body="Works well")
        actions.file_bug(
            build,
            reporter=poster,
            title="Crash",
            steps="s",
            expected="e",
            actual="a",
            severity="low",
        )
        forum.create_thread(board, author=quiet, title="Hello", body="Only one post")
    with at(SUNDAY_24), django_capture_on_commit_callbacks(execute=True):
        evaluate_beta_programs.call()

    assert _status(program, poster) == "active"
    assert _status(program, quiet) == "removed"
    removed = BetaMembership.objects.get(program=program, member=quiet)
    assert "1 of 2 feedback posts" in removed.reason


def test_the_waiting_list_moves_up_when_the_evaluation_removes_a_member(
    product, django_capture_on_commit_callbacks
):
    with at(WEDNESDAY), django_capture_on_commit_callbacks(execute=True):
        program = make_program(product, kind="open", capacity=1)
        skipper, waiting = (eligible(UserFactory(username=n)) for n in ("skip", "wait"))
        join(program, skipper)
        queued = actions.apply_to_program(program, member=waiting, risk_version=1)
        make_release(product, version="b1", channel=Channel.BETA).save()
    assert queued.status == "waitlisted"
    from cocreate.releases.models import Release

    Release.objects.update(published_at=FRIDAY)
    with at(SUNDAY_24), django_capture_on_commit_callbacks(execute=True):
        evaluate_beta_programs.call()

    assert _status(program, skipper) == "removed"
    assert _status(program, waiting) == "active"
    program.refresh_from_db()
    assert (program.member_count, program.waitlist_count) == (1, 0)
    assert Notification.objects.filter(recipient=waiting, data__event="accepted").exists()


def test_the_scheduler_runs_the_evaluation_every_hour():
    assert (timedelta(hours=1), evaluate_beta_programs) in SCHEDULE
