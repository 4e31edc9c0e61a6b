"""The hourly feature-of-the-week task, with a controllable clock."""

from datetime import timedelta

import time_machine

from cocreate.core.models import Activity
from cocreate.releases.actions import reports as actions
from cocreate.releases.actions.reports import ReportIn
from cocreate.releases.models import FeatureAward
from cocreate.releases.tasks import award_features_of_the_week
from cocreate.releases.tests.fixtures import make_release


def test_the_task_awards_each_closed_release_once(product, member, camera_team):
    release = make_release(product, version="3.2.1")
    later = make_release(product, version="3.2.2")
    later.reports_close_at += timedelta(days=7)
    later.save(update_fields=["reports_close_at"])
    silent = make_release(product, version="3.2.0")  # nobody liked anything
    entry = release.entries.order_by("position").last()
    entry.team = camera_team
    entry.save(update_fields=["team"])
    actions.file_report(release, member=member, data=ReportIn(score=5, liked=[entry.pk]))
    actions.file_report(
        later, member=member, data=ReportIn(score=5, liked=[later.entries.first().pk])
    )

    assert award_features_of_the_week.call() == 0  # every window is still open

    with time_machine.travel(release.reports_close_at + timedelta(hours=1), tick=False):
        assert award_features_of_the_week.call() == 1
        assert award_features_of_the_week.call() == 0  # idempotent

    award = FeatureAward.objects.get()
    assert award.release == release and award.entry == entry and award.team == camera_team
    assert not FeatureAward.objects.filter(release__in=[later, silent]).exists()
    camera_team.refresh_from_db()
    assert camera_team.award_count == 1
    assert Activity.objects.filter(verb="release.feature_awarded").count() == 1


def test_the_summary_shows_the_award_once_the_window_closed(client, product, member):
    release = make_release(product, version="3.2.1")
    first = release.entries.order_by("position").first()
    actions.file_report(release, member=member, data=ReportIn(score=4, liked=[first.pk]))
    with time_machine.travel(release.reports_close_at + timedelta(hours=2), tick=False):
        award_features_of_the_week.call()
        html = client.get(f"/releases/{release.pk}/summary/").content.decode()
    assert "Feature of the week" in html and first.title in html
    assert "Provisional" not in html and "Final" in html
