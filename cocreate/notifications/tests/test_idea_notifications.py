"""An idea's author, its supporters and the team hear about it, through the
real fan-out in the worker; supporters are notified in bulk."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.accounts.tests.factories import UserFactory
from cocreate.ideas import actions as ideas
from cocreate.ideas.models import Idea
from cocreate.notifications.actions import notify_many, update_preferences
from cocreate.notifications.enums import NotificationKind
from cocreate.notifications.models import Notification
from cocreate.notifications.text import describe

pytestmark = pytest.mark.django_db

STATUS, SUPPORTED, REVIEW = (
    NotificationKind.IDEA_STATUS,
    NotificationKind.IDEA_SUPPORTED,
    NotificationKind.IDEA_REVIEW,
)


def notices(kind, **filters):
    return list(Notification.objects.filter(kind=kind, **filters).order_by("recipient_id"))


@pytest.fixture
def fans(idea):
    members = [UserFactory(username=f"fan{n}") for n in range(3)]
    for fan in members:
        ideas.support_idea(idea, member=fan)
    return members


def test_a_status_change_tells_the_author_and_every_supporter(
    idea, fans, member, staff, commit_and_work, mailoutbox
):
    with commit_and_work():
        ideas.change_status(idea, actor=staff, status="planned", response="This summer.")

    [mine] = notices(STATUS)
    assert mine.recipient == member and mine.actor is None and mine.url == f"/ideas/{idea.pk}/"
    assert describe(mine) == (
        "Your idea “Night mode for the camera app” is now Planned: This summer."
    )
    supported = notices(SUPPORTED)
    assert [n.recipient for n in supported] == fans
    assert describe(supported[0]) == (
        "“Night mode for the camera app”, which you support, is now Planned: This summer."
    )
    assert [
        fan.unread_notifications for fan in User.objects.filter(username__startswith="fan")
    ] == [
        1,
        1,
        1,
    ]
    # The author's news comes by e-mail too; supporters' only when they ask.
    assert [message.to for message in mailoutbox] == [[member.email]]


def test_supporters_choices_are_respected(idea, fans, staff, commit_and_work, mailoutbox):
    quiet, emailed, muting = fans
    update_preferences(quiet, actor=quiet, channels={SUPPORTED: {"in_app": False}})
    update_preferences(emailed, actor=emailed, channels={SUPPORTED: {"email": True}})
    update_preferences(muting, actor=muting, muted=[staff])

    with commit_and_work():
        ideas.change_status(idea, actor=staff, status="declined", response="Not now.")

    assert [n.recipient for n in notices(SUPPORTED)] == [emailed, muting]
    assert emailed.email in [message.to[0] for message in mailoutbox]
    assert quiet.email not in [message.to[0] for message in mailoutbox]


def test_notify_many_costs_the_same_for_three_or_thirty(idea, staff):
    members = [UserFactory(username=f"many{n}") for n in range(30)]

    def send(count):
        return notify_many(
            User.objects.filter(pk__in=[m.pk for m in members[:count]]),
            kind=SUPPORTED,
            actor=staff,
            target=idea,
            url="/",
            data={"title": "T", "status": "planned"},
        )

    with CaptureQueriesContext(connection) as three:
        assert send(3) == 3
    with CaptureQueriesContext(connection) as thirty:
        assert send(30) == 30
    assert len(three.captured_queries) == len(thirty.captured_queries) <= 6
    assert Notification.objects.filter(data__actors=[staff.pk]).count() == 33


def test_reaching_the_threshold_tells_the_team_the_author_and_supporters(
    idea, threshold, staff, member, commit_and_work
):
    with commit_and_work():
        for n in range(2):
            ideas.support_idea(idea, member=UserFactory(username=f"tip{n}"))

    [team] = notices(REVIEW)
    assert team.recipient == staff
    assert describe(team) == (
        "“Night mode for the camera app” reached 3 supports in time and waits for the team's review"
    )
    [mine] = notices(STATUS)
    assert describe(mine) == (
        "Your idea “Night mode for the camera app” reached its support goal and is now under review"
    )
    assert len(notices(SUPPORTED)) == 2


def test_a_merge_tells_the_duplicates_supporters_where_their_support_went(
    idea, other_idea, fans, idea_moderator, other_member, commit_and_work
):
    newcomer = UserFactory(username="newcomer")
    ideas.support_idea(other_idea, member=newcomer)
    ideas.support_idea(other_idea, member=fans[0])

    with commit_and_work():
        ideas.merge_idea(other_idea, into=idea, actor=idea_moderator, response="Same idea")

    [mine] = notices(STATUS)
    assert mine.recipient == other_member
    assert describe(mine) == (
        "Your idea “希望增加息屏显示功能” was merged into "
        "“Night mode for the camera app”: Same idea"
    )
    assert [n.recipient for n in notices(SUPPORTED)] == [fans[0], newcomer]
    assert describe(notices(SUPPORTED)[0]).startswith(
        "“希望增加息屏显示功能”, which you supported, was merged into"
    )


def test_an_archived_idea_tells_only_its_author(idea, fans, threshold, member, commit_and_work):
    Idea.objects.filter(pk=idea.pk).update(created_at=timezone.now() - timedelta(days=31))
    threshold.threshold_supports = 10
    threshold.save()

    with commit_and_work():
        ideas.archive_idea(idea, settings=threshold)

    [mine] = notices(STATUS)
    assert describe(mine) == (
        "Your idea “Night mode for the camera app” was archived: "
        "it did not reach 10 supports in time"
    )
    assert not notices(SUPPORTED)


def test_statuses_are_kept_as_values_and_named_in_the_readers_language(
    idea, staff, commit_and_work
):
    with commit_and_work():
        ideas.change_status(idea, actor=staff, status="under_review", response="Looking")

    [mine] = notices(STATUS)
    assert (mine.data["status"], mine.data["previous"]) == ("under_review", "new")
    assert "is now Under review: Looking" in describe(mine)
