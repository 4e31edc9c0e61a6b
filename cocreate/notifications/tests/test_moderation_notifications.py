"""The member concerned hears about moderation of their posts, threads and
account, through the real fan-out in the worker."""

import pytest
from django.urls import reverse
from django.utils import translation

from cocreate.accounts.tests.factories import UserFactory
from cocreate.core.models import SiteSettings
from cocreate.forum import actions as forum
from cocreate.forum.models import Board
from cocreate.moderation import actions
from cocreate.notifications.actions import update_preferences
from cocreate.notifications.enums import NotificationKind
from cocreate.notifications.models import Notification
from cocreate.notifications.text import describe

pytestmark = pytest.mark.django_db


def hide_at_weight(weight: int) -> None:
    SiteSettings.objects.update_or_create(pk=1, defaults={"flag_hide_threshold": weight})
    SiteSettings.forget()


@pytest.fixture
def board(db):
    return Board.objects.create(slug="chat", name="Chat", name_zh="闲聊")


@pytest.fixture
def thread(board, member):
    """Ada's thread."""
    return forum.create_thread(board, author=member, title="Night photos", body="So sharp!")


@pytest.fixture
def reply(thread, other_member):
    """Grace's reply."""
    return forum.reply_to_thread(thread, author=other_member, body="Buy cheap watches!")


def notices_for(user):
    return list(
        Notification.objects.filter(recipient=user, kind=NotificationKind.MODERATION).order_by("id")
    )


def the_notice_for(user) -> Notification:
    [notice] = notices_for(user)
    return notice


def test_a_hidden_post_tells_its_author_what_and_why(reply, other_member, staff, commit_and_work):
    with commit_and_work():
        actions.hide_post(reply, actor=staff, reason="Advertising is not allowed")

    notice = the_notice_for(other_member)
    assert describe(notice) == (
        "A moderator hid your post in “Night photos”: Advertising is not allowed"
    )
    assert notice.actor is None and notice.url == reply.get_absolute_url()
    assert notice.data["reason"] == "Advertising is not allowed"


def test_a_post_hidden_by_flags_says_so(reply, member, other_member, staff, commit_and_work):
    hide_at_weight(1)

    with commit_and_work():
        actions.flag_post(reply, reporter=member, reason="spam")

    notice = the_notice_for(other_member)
    assert notice.data["by_flags"] is True
    assert describe(notice) == (
        "Your post in “Night photos” was hidden after members flagged it: Spam"
    )
    # Nothing names the reporter.
    assert notice.actor is None
    assert set(notice.data) == {"action", "title", "thread", "reason", "by_flags", "flag_reason"}


def test_a_restored_post_tells_its_author(reply, other_member, staff, commit_and_work):
    actions.hide_post(reply, actor=staff, reason="Spam")

    with commit_and_work():
        actions.restore_post(reply, actor=staff, reason="It was a real review")

    assert describe(notices_for(other_member)[-1]) == (
        "A moderator restored your post in “Night photos”: It was a real review"
    )


def test_a_deleted_post_tells_its_author_but_not_when_they_deleted_it(
    thread, reply, member, other_member, staff, commit_and_work
):
    own = forum.reply_to_thread(thread, author=member, body="Oops")

    with commit_and_work():
        actions.delete_post(reply, actor=staff, reason="Spam")
        forum.delete_post(own, actor=member)

    assert describe(the_notice_for(other_member)) == (
        "A moderator deleted your post in “Night photos”: Spam"
    )
    assert the_notice_for(other_member).url == thread.get_absolute_url()
    assert notices_for(member) == []


def test_a_deleted_thread_links_to_the_guidelines(thread, member, staff, commit_and_work):
    with commit_and_work():
        actions.delete_post(thread.posts.get(number=1), actor=staff, reason="Off-topic")

    notice = the_notice_for(member)
    assert describe(notice) == "A moderator deleted your thread “Night photos”: Off-topic"
    assert notice.url == "/guidelines/"


def test_locking_tells_the_author_and_unlocking_does_not(thread, member, staff, commit_and_work):
    with commit_and_work():
        actions.lock_thread(thread, actor=staff, reason="Solved in build 24.19")
        actions.lock_thread(thread, actor=staff, reason="Reopened", locked=False)

    notice = the_notice_for(member)
    assert describe(notice) == (
        "A moderator locked your thread “Night photos”: Solved in build 24.19"
    )
    assert notice.url == thread.get_absolute_url()


def test_locking_your_own_thread_tells_nobody(thread, member, commit_and_work):
    with commit_and_work():
        forum.lock_thread(thread, actor=member, reason="Done")

    assert not Notification.objects.filter(kind=NotificationKind.MODERATION).exists()


def test_moving_names_the_new_board_in_the_readers_language(thread, member, staff, commit_and_work):
    camera = Board.objects.create(slug="camera", name="Camera", name_zh="相机")

    with commit_and_work():
        actions.move_thread(thread, actor=staff, board=camera, reason="Camera talk")

    notice = the_notice_for(member)
    assert describe(notice) == (
        "A moderator moved your thread “Night photos” to Camera: Camera talk"
    )
    with translation.override("zh-hans"):
        assert "相机" in describe(notice)


def test_merging_names_the_thread_that_received_the_posts(
    thread, board, member, other_member, staff, commit_and_work
):
    duplicate = forum.create_thread(board, author=other_member, title="Night shots", body="Same")

    with commit_and_work():
        actions.merge_threads(duplicate, into=thread, actor=staff, reason="Duplicate")

    notice = the_notice_for(other_member)
    assert describe(notice) == (
        "A moderator merged your thread “Night shots” into “Night photos”: Duplicate"
    )
    assert notice.url == thread.get_absolute_url()
    assert notices_for(member) == []


def test_a_warning_is_told_and_e_mailed(other_member, staff, commit_and_work, mailoutbox):
    with commit_and_work():
        actions.warn_member(other_member, actor=staff, reason="Please stay on topic")

    assert describe(the_notice_for(other_member)) == "A moderator warned you: Please stay on topic"
    [message] = [m for m in mailoutbox if m.to == [other_member.email]]
    assert "A moderator warned you: Please stay on topic" in message.subject
    assert "Please stay on topic" in message.body
    assert "/guidelines/" in message.body and "/moderation/log/" in message.body


def test_a_suspension_says_until_when(other_member, staff, commit_and_work, mailoutbox):
    with commit_and_work():
        actions.suspend_member(other_member, actor=staff, reason="Spam", days=3)

    notice = the_notice_for(other_member)
    other_member.refresh_from_db()
    assert notice.data["until"] == other_member.suspended_until.isoformat()
    assert describe(notice).startswith("You are suspended until ")
    assert describe(notice).endswith(": Spam")
    assert str(other_member.suspended_until.year) in describe(notice)
    [message] = [m for m in mailoutbox if m.to == [other_member.email]]
    assert "you can read everything, but not post" in message.body


def test_moderation_e_mails_follow_preferences(
    reply, other_member, staff, commit_and_work, mailoutbox
):
    update_preferences(other_member, actor=other_member, channels={"moderation": {"email": False}})

    with commit_and_work():
        actions.hide_post(reply, actor=staff, reason="Spam")

    assert the_notice_for(other_member)
    assert not [m for m in mailoutbox if m.to == [other_member.email]]


def test_muting_the_moderator_does_not_silence_moderation(
    reply, other_member, staff, commit_and_work
):
    update_preferences(other_member, actor=other_member, muted=[staff])

    with commit_and_work():
        actions.hide_post(reply, actor=staff, reason="Spam")

    assert the_notice_for(other_member)


def test_a_moderator_acting_on_their_own_post_is_not_told(board, commit_and_work):
    moderator = UserFactory(username="mo", is_staff=True)
    found = forum.create_thread(board, author=moderator, title="Rules", body="Be kind")

    with commit_and_work():
        actions.lock_thread(found, actor=moderator, reason="Read only")
        actions.hide_post(found.posts.get(), actor=moderator, reason="Draft")

    assert notices_for(moderator) == []


def test_a_notice_without_a_reason_still_reads_well(reply, other_member, staff, commit_and_work):
    with commit_and_work():
        forum.delete_post(reply, actor=staff)

    assert describe(the_notice_for(other_member)) == (
        "A moderator deleted your post in “Night photos”"
    )


def test_the_notification_list_shows_what_happened_and_why(
    member_client, thread, staff, commit_and_work
):
    with commit_and_work():
        actions.lock_thread(thread, actor=staff, reason="Solved")

    page = member_client.get(reverse("notifications:list")).content.decode()

    assert "A moderator locked your thread “Night photos”: Solved" in page
