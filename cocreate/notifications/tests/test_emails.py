import re
from datetime import timedelta

import pytest
from django.utils import timezone

from cocreate.core.activity import record
from cocreate.core.models import OutboundEmail
from cocreate.notifications import actions, queries, tasks
from cocreate.notifications.emails import unsubscribe_token
from cocreate.notifications.enums import NotificationKind
from cocreate.notifications.models import Notification, Preferences

pytestmark = pytest.mark.django_db


def mention(recipient, actor):
    return actions.notify(
        recipient,
        kind=NotificationKind.MENTION,
        actor=actor,
        target=None,
        url="/forum/t/1/",
        data={"title": "Battery life"},
    )


def unsubscribe_url_in(body):
    return re.search(r"http\S+/notifications/unsubscribe/\S+/", body).group(0)


def test_a_mention_is_e_mailed_by_the_worker_with_an_unsubscribe_link(
    member, other_member, commit_and_work, mailoutbox
):
    with commit_and_work():
        record(
            actor=other_member,
            verb="post.created",
            target=other_member,
            thread=None,
            title="Battery life",
            thread_author=None,
            quoted_author=None,
            mentions=[member.pk],
        )

    [message] = mailoutbox
    assert message.to == [member.email]
    assert "mentioned you in “Battery life”" in message.subject
    assert "/notifications/unsubscribe/" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert Notification.objects.get(recipient=member).kind == NotificationKind.MENTION


def test_the_e_mail_is_in_the_recipients_language(
    member, other_member, django_capture_on_commit_callbacks, run_worker, mailoutbox
):
    member.language = "zh-hans"
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        mention(member, other_member)
    run_worker()

    assert "/notifications/unsubscribe/" in mailoutbox[0].body
    assert "Hello" not in mailoutbox[0].body


def test_reactions_are_not_e_mailed_by_default(member, other_member, mailoutbox, run_worker):
    actions.notify(
        member, kind=NotificationKind.REACTION, actor=other_member, target=member, url="/", data={}
    )
    run_worker()

    assert mailoutbox == []


def test_e_mail_only_kinds_still_send_mail(
    member, other_member, django_capture_on_commit_callbacks, run_worker, mailoutbox
):
    actions.update_preferences(member, actor=member, channels={"mention": {"in_app": False}})
    with django_capture_on_commit_callbacks(execute=True):
        assert mention(member, other_member) is None
    run_worker()

    assert len(mailoutbox) == 1 and not Notification.objects.exists()


def test_the_unsubscribe_link_asks_then_turns_that_kind_off(client, member):
    url = f"/notifications/unsubscribe/{unsubscribe_token(member, 'mention')}/"

    page = client.get(url)
    assert page.status_code == 200 and b'name="scope"' in page.content
    assert not Preferences.objects.exists()

    response = client.post(url, {"scope": "kind"})

    preferences = Preferences.objects.get(member=member)
    assert response.status_code == 200
    assert not preferences.wants("mention", "email") and preferences.wants("reply", "email")


def test_one_click_unsubscribe_from_a_digest_stops_all_mail(client, member):
    actions.update_preferences(member, actor=member, digest="daily")

    response = client.post(
        f"/notifications/unsubscribe/{unsubscribe_token(member)}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    preferences = Preferences.objects.get(member=member)
    assert response.status_code == 200 and preferences.digest == "none"
    assert not preferences.wants("reply", "email")


@pytest.mark.parametrize(
    "token",
    ["nonsense", "eyJtIjoxfQ:1abc:forged", "{forged}"],
)
def test_a_bad_unsubscribe_token_is_refused_and_changes_nothing(client, member, token):
    for response in (
        client.get(f"/notifications/unsubscribe/{token}/"),
        client.post(f"/notifications/unsubscribe/{token}/", {"scope": "all"}),
    ):
        assert response.status_code == 400
    assert not Preferences.objects.exists()


def test_a_token_signed_for_another_purpose_is_refused(client, member):
    from django.core import signing

    token = signing.dumps({"m": member.pk, "k": ""}, salt="something-else")

    assert client.post(f"/notifications/unsubscribe/{token}/").status_code == 400
    assert (
        client.post(
            f"/notifications/unsubscribe/{unsubscribe_token(member)}/", {"scope": "everything"}
        ).status_code
        == 400
    )
    assert not Preferences.objects.exists()


def test_the_daily_digest_is_sent_once(member, other_member, staff, mailoutbox, commit_and_work):
    actions.update_preferences(member, actor=member, digest="daily")
    actions.update_preferences(staff, actor=staff, digest="daily")  # nothing unread: no mail
    mention(member, other_member)
    mailoutbox.clear()

    with commit_and_work():
        assert tasks.send_digests.call() == 1
        assert tasks.send_digests.call() == 0

    [message] = mailoutbox
    assert "1 unread notification" in message.subject
    assert message.to == [member.email]
    assert "mentioned you in “Battery life”" in message.body
    assert unsubscribe_url_in(message.body)


def test_a_digest_lists_only_what_came_since_the_last_one(member, other_member, staff):
    preferences = actions.update_preferences(member, actor=member, digest="daily")
    mention(member, other_member)
    Notification.objects.update(updated_at=timezone.now() - timedelta(days=2))
    Preferences.objects.filter(pk=preferences.pk).update(
        last_digest_at=timezone.now() - timedelta(days=1)
    )
    preferences.refresh_from_db()
    actions.notify(
        member, kind="reply", actor=staff, target=None, url="/", data={"title": "Screens"}
    )
    OutboundEmail.objects.all().delete()

    assert actions.send_digest(preferences, due_before=timezone.now()) is True

    body = OutboundEmail.objects.get().body
    assert "“Screens”" in body and "Battery life" not in body


def test_weekly_digests_go_out_on_mondays_only(member, other_member, monkeypatch):
    actions.update_preferences(member, actor=member, digest="weekly")
    mention(member, other_member)
    tuesday = timezone.now().replace(year=2025, month=1, day=7, hour=9)
    monkeypatch.setattr(tasks.timezone, "localtime", lambda: tuesday)
    assert tasks.send_digests.call() == 0

    monkeypatch.setattr(tasks.timezone, "localtime", lambda: tuesday - timedelta(days=1))
    assert tasks.send_digests.call() == 1


def test_pruning_runs_over_members_over_the_cap(member, other_member, monkeypatch):
    monkeypatch.setattr(queries, "KEEP_PER_MEMBER", 2)
    for _ in range(4):
        mention(member, other_member)
    mention(other_member, member)

    assert tasks.prune_notifications.call() == 2
    member.refresh_from_db()
    assert member.unread_notifications == 2
    assert Notification.objects.filter(recipient=member).count() == 2
