import pytest

from cocreate.core.activity import record
from cocreate.core.models import Activity
from cocreate.forum.models import Watch
from cocreate.notifications import actions
from cocreate.notifications.consumers import CONSUMERS, notify_about_post, notify_about_reaction
from cocreate.notifications.enums import NotificationKind
from cocreate.notifications.models import Notification
from cocreate.notifications.text import describe

pytestmark = pytest.mark.django_db


def post_created(post, *, mentions=(), quoted_author=None) -> Activity:
    """The activity exactly as the forum records it for a reply."""
    thread = post.thread
    return record(
        actor=post.author,
        verb="post.created",
        target=post,
        public=True,
        thread=thread.pk,
        title=thread.title,
        product=None,
        thread_author=thread.author_id,
        quoted_author=quoted_author.pk if quoted_author else None,
        mentions=[member.pk for member in mentions],
    )


def kinds_by_recipient():
    return {n.recipient.username: n.kind for n in Notification.objects.select_related("recipient")}


def test_a_reply_tells_the_thread_author(member, other_member, make_post):
    notify_about_post(post_created(make_post(other_member)))

    notification = Notification.objects.get()
    assert (notification.recipient, notification.kind) == (member, NotificationKind.REPLY)
    assert notification.actor == other_member
    assert notification.data["title"] == "Battery life"


def test_everyone_concerned_is_told_once_by_the_most_direct_reason(
    member, other_member, staff, make_member, make_post, watch
):
    quoted, watcher = make_member("quoted"), make_member("watcher")
    for user in (member, staff, quoted, watcher):
        watch(user)

    notify_about_post(post_created(make_post(other_member), mentions=[staff], quoted_author=quoted))

    assert kinds_by_recipient() == {
        "admin": NotificationKind.MENTION,
        "quoted": NotificationKind.QUOTE,
        "ada": NotificationKind.REPLY,
        "watcher": NotificationKind.WATCHED,
    }


def test_the_author_is_not_told_about_their_own_post(member, make_post, watch):
    watch(member)

    notify_about_post(post_created(make_post(member), mentions=[member], quoted_author=member))

    assert not Notification.objects.exists()


def test_new_posts_in_a_watched_thread_fold_into_one(
    member, other_member, staff, make_member, make_post, watch
):
    watcher = make_member("watcher")
    watch(watcher)
    first = make_post(other_member, number=2)
    notify_about_post(post_created(first))
    notify_about_post(post_created(make_post(staff, number=3)))

    notification = Notification.objects.get(recipient=watcher)
    assert notification.count == 2 and notification.actor == staff
    assert notification.target == first.thread


def test_a_muted_thread_or_member_tells_nothing(member, other_member, staff, make_post, watch):
    watch(member, level=Watch.Level.MUTED)
    notify_about_post(post_created(make_post(other_member)))
    assert not Notification.objects.exists()

    Watch.objects.all().delete()
    actions.update_preferences(member, actor=member, muted=[staff])
    notify_about_post(post_created(make_post(staff, number=3)))
    assert not Notification.objects.exists()


def test_reactions_fold_into_n_people_liked_your_post(
    member, other_member, staff, make_member, make_post
):
    post = make_post(member)
    for reactor in (other_member, staff, make_member("linus")):
        activity = record(
            actor=reactor,
            verb="reaction.added",
            target=post,
            kind="like",
            post_author=member.pk,
            thread=post.thread_id,
            title="Battery life",
            product=None,
        )
        notify_about_reaction(activity)

    notification = Notification.objects.get()
    assert notification.count == 3
    assert str(notification.actor.name) in describe(notification)
    assert "and 2 others liked your post in “Battery life”" in describe(notification)


def test_reaction_preferences_are_respected(member, other_member, make_post):
    actions.update_preferences(member, actor=member, channels={"reaction": {"in_app": False}})
    post = make_post(member)

    notify_about_reaction(
        record(
            actor=other_member,
            verb="reaction.added",
            target=post,
            kind="like",
            post_author=member.pk,
            thread=post.thread_id,
            title="t",
        )
    )

    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("verb", "data", "kind", "text"),
    [
        ("level.reached", {"level": 3}, NotificationKind.LEVEL_UP, "You reached Lv.3"),
        (
            "tier.changed",
            {"tier": "vip", "previous": "member"},
            NotificationKind.TIER_CHANGED,
            "Your tier is now VIP",
        ),
        (
            "medal.awarded",
            {"title": "First post", "medal": "first-post"},
            NotificationKind.MEDAL,
            "You were awarded the medal “First post”",
        ),
    ],
)
def test_news_about_the_member_themselves(member, verb, data, kind, text):
    activity = record(actor=member, verb=verb, target=member, **data)

    for consumer in CONSUMERS[verb]:
        consumer(activity)

    notification = Notification.objects.get()
    assert (notification.recipient, notification.kind, notification.actor) == (member, kind, None)
    assert notification.url == f"/u/{member.username}/"
    assert describe(notification) == text


def test_the_fan_out_notifies_in_the_worker(member, other_member, commit_and_work):
    with commit_and_work():
        record(actor=other_member, verb="level.reached", target=other_member, level=2)

    assert Notification.objects.get().recipient == other_member


def test_a_mention_in_a_new_threads_opening_post_notifies_through_the_worker(
    member, other_member, commit_and_work
):
    from cocreate.forum.actions import create_thread
    from cocreate.forum.models import Board

    board = Board.objects.create(name="Ideas chat", slug="ideas-chat")
    with commit_and_work():
        thread = create_thread(
            board, author=member, title="Night mode", body="What do you think @grace?"
        )

    notification = Notification.objects.get(recipient=other_member)
    assert notification.kind == NotificationKind.MENTION
    assert notification.url == thread.get_absolute_url()
