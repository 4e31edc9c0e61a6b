import pytest

from cocreate.notifications import actions
from cocreate.notifications.enums import NotificationKind
from cocreate.notifications.models import Notification, Preferences

pytestmark = pytest.mark.django_db


def unread_of(user):
    user.refresh_from_db(fields=["unread_notifications"])
    return user.unread_notifications


def notify(recipient, actor, *, kind=NotificationKind.MENTION, target=None, **data):
    return actions.notify(
        recipient, kind=kind, actor=actor, target=target, url="/somewhere/", data=data
    )


def test_a_notification_counts_as_unread(member, other_member):
    notification = notify(member, other_member, title="Hello")

    assert notification.recipient == member and notification.count == 1
    assert notification.data == {"title": "Hello", "actors": [other_member.pk]}
    assert unread_of(member) == 1


def test_nobody_is_notified_about_their_own_action(member):
    assert notify(member, member) is None
    assert not Notification.objects.exists() and unread_of(member) == 0


def test_a_muted_member_notifies_nobody(member, other_member, staff):
    actions.update_preferences(member, actor=member, muted=[other_member])

    assert notify(member, other_member) is None
    assert notify(member, staff) is not None
    assert unread_of(member) == 1


def test_a_kind_turned_off_in_the_app_makes_no_row(member, other_member):
    actions.update_preferences(
        member, actor=member, channels={NotificationKind.MENTION: {"in_app": False}}
    )

    assert notify(member, other_member) is None
    assert unread_of(member) == 0


def test_reactions_to_one_post_fold_into_one_row_counting_people(
    member, other_member, staff, make_member
):
    third = make_member("linus")
    for actor in (other_member, staff, other_member, third):
        notify(member, actor, kind=NotificationKind.REACTION, target=member, title="Post")

    notification = Notification.objects.get()
    assert notification.count == 3  # grace reacting twice is one person
    assert notification.actor == third
    assert notification.data["actors"] == [third.pk, other_member.pk, staff.pk]
    assert unread_of(member) == 1


def test_a_read_consolidated_row_is_not_folded_into_again(member, other_member, staff):
    first = notify(member, other_member, kind=NotificationKind.REACTION, target=member)
    actions.mark_read(first, actor=member)

    second = notify(member, staff, kind=NotificationKind.REACTION, target=member)

    assert second.pk != first.pk and second.count == 1
    assert unread_of(member) == 1


def test_mentions_are_never_folded(member, other_member):
    notify(member, other_member, target=member)
    notify(member, other_member, target=member)

    assert Notification.objects.count() == 2 and unread_of(member) == 2


def test_mark_read_counts_once(member, other_member):
    notification = notify(member, other_member)

    assert actions.mark_read(notification, actor=member) is True
    assert actions.mark_read(notification, actor=member) is False
    assert notification.read_at is not None and unread_of(member) == 0


def test_only_the_recipient_marks_a_notification_read(member, other_member):
    from django.core.exceptions import PermissionDenied

    notification = notify(member, other_member)

    with pytest.raises(PermissionDenied):
        actions.mark_read(notification, actor=other_member)
    assert unread_of(member) == 1


def test_mark_all_read_leaves_the_counter_exact(member, other_member, staff):
    for actor in (other_member, staff, other_member):
        notify(member, actor)
    notify(other_member, staff)
    actions.mark_read(Notification.objects.filter(recipient=member).first(), actor=member)

    assert actions.mark_all_read(member) == 2
    assert member.unread_notifications == 0 and unread_of(member) == 0
    assert unread_of(other_member) == 1
    assert actions.mark_all_read(member) == 0


def test_pruning_keeps_the_newest_and_uncounts_the_unread_it_drops(member, other_member):
    for _ in range(5):
        notify(member, other_member)
    newest = list(Notification.objects.values_list("pk", flat=True)[:2])

    assert actions.prune_notifications(member.pk, keep=2) == 3
    assert sorted(Notification.objects.values_list("pk", flat=True)) == sorted(newest)
    assert unread_of(member) == 2


def test_preferences_keep_the_choices_not_given(member):
    actions.update_preferences(member, actor=member, channels={"reply": {"email": False}})
    preferences = actions.update_preferences(
        member, actor=member, channels={"reply": {"in_app": False}}, digest="daily"
    )

    assert preferences.channels == {"reply": {"email": False, "in_app": False}}
    assert preferences.digest == "daily"
    assert Preferences(member=member).wants("reply", "email") is True  # the default


def test_unsubscribing_from_everything_also_stops_the_digest(member):
    actions.update_preferences(member, actor=member, digest="weekly")

    preferences = actions.unsubscribe(member)

    assert preferences.digest == "none"
    assert not any(preferences.wants(kind, "email") for kind in NotificationKind.values)
    assert all(preferences.wants(kind, "in_app") for kind in NotificationKind.values)


def test_the_demo_loads_twice_without_duplicates(member, other_member):
    from cocreate.notifications import demo

    members = {"alice": member, "bob": other_member}
    demo.load(members)
    demo.load(members)

    assert Preferences.objects.count() == 2
    assert Preferences.objects.get(member=member).digest == "weekly"
