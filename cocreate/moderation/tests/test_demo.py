import pytest
from django.urls import reverse

from cocreate.accounts.models import User
from cocreate.accounts.tests.factories import UserFactory
from cocreate.core.models import Activity
from cocreate.forum import demo as forum_demo
from cocreate.forum.models import Thread
from cocreate.moderation import demo
from cocreate.moderation.enums import ReviewStatus
from cocreate.moderation.models import Flag, Guidelines, LogEntry, ModeratorAssignment, Review
from cocreate.moderation.permissions import needs_guidelines
from cocreate.reputation import demo as reputation_demo

pytestmark = pytest.mark.django_db

NAMES = ["admin", "moderator", "alice", "bob", "lilei", "hanmeimei", "carlos", "wangfang"]


@pytest.fixture
def members():
    members = {name: UserFactory(username=name, is_staff=name == "admin") for name in NAMES}
    reputation_demo.load(members)
    forum_demo.load(members)
    return members


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (Guidelines, ModeratorAssignment, Review, Flag, LogEntry, Activity, User)
    )


def test_demo_loads_moderation_cases_once(members):
    demo.load(members)
    first = counts()
    demo.load(members)

    assert counts() == first


def test_demo_members_accepted_the_bilingual_guidelines(members):
    demo.load(members)

    guidelines = Guidelines.objects.get()
    assert guidelines.version == 1 and "# 社区准则" in guidelines.body_zh
    for member in members.values():
        member.refresh_from_db()
        assert not needs_guidelines(member)


def test_demo_moderators_look_after_the_phone_boards(members):
    demo.load(members)

    assert set(ModeratorAssignment.objects.values_list("member__username", "board__slug")) == {
        ("moderator", "phone-14-chat"),
        ("moderator", "phone-14-help"),
    }


def test_demo_has_a_queue_decisions_a_lock_a_warning_and_a_suspension(members):
    demo.load(members)

    pending = Review.objects.filter(status=ReviewStatus.PENDING)
    assert pending.count() == 2
    hidden = pending.get(auto_hidden=True)
    assert hidden.post.hidden_at is not None and hidden.flag_count == 3
    assert set(
        Review.objects.exclude(status=ReviewStatus.PENDING).values_list("status", flat=True)
    ) == {ReviewStatus.AGREED, ReviewStatus.DISAGREED}
    assert Thread.objects.get(title="刷机后无法收到短信").is_locked
    assert LogEntry.objects.get(action="lock").reason.startswith("Fixed in build 24.20")
    assert LogEntry.objects.get(action="warn").member.username == "bob"
    assert LogEntry.objects.get(action="suspend").member.username == "orange_deals"
    assert User.objects.get(username="orange_deals").is_suspended
    assert all(entry.reason for entry in LogEntry.objects.exclude(action="appoint"))


def test_demo_moderation_pages_and_api_answer(members, client):
    demo.load(members)

    assert client.get("/api/v1/moderation/log").json()["count"] >= 6
    assert client.get("/api/v1/guidelines").json()["version"] == 1
    client.force_login(members["moderator"])
    assert client.get("/api/v1/moderation/queue").json()["count"] == 2
    assert client.get(reverse("moderation:log")).status_code == 200
    assert client.get(reverse("moderation:queue")).status_code == 200


def test_demo_members_are_told_in_their_notifications(members, commit_and_work):
    from cocreate.notifications.models import Notification
    from cocreate.notifications.text import describe

    with commit_and_work():
        demo.load(members)

    told: dict[str, list[str]] = {}
    for notification in Notification.objects.filter(kind="moderation").select_related("recipient"):
        told.setdefault(notification.recipient.username, []).append(describe(notification))
    assert {text.split(":")[0] for text in told["bob"]} == {
        "A moderator warned you",
        "A moderator hid your post in “Four-grid report for build 24.18”",
    }
    assert told["lilei"] == [
        "A moderator locked your thread “刷机后无法收到短信”: "
        + LogEntry.objects.get(action="lock").reason
    ]
    assert any(text.startswith("You are suspended until") for text in told["orange_deals"])
    assert any("hidden after members flagged it: Spam" in text for text in told["orange_deals"])
