"""What the notifications app does when an activity is fanned out to it."""

from typing import Any

from django.db import models

from cocreate.accounts.models import User
from cocreate.core.activity import Consumer
from cocreate.core.models import Activity
from cocreate.core.navigation import reverse_or_none

from .actions import notify, notify_many
from .enums import NotificationKind


def url_of(target: models.Model | None) -> str:
    get_absolute_url = getattr(target, "get_absolute_url", None)
    return get_absolute_url() if get_absolute_url else "/"


def notify_about_thread(activity: Activity) -> None:
    """Tell the members mentioned in a thread's opening post."""
    thread = activity.target
    if thread is None:
        return
    about = {"title": activity.data.get("title", ""), "thread": thread.pk}
    for member in User.objects.filter(pk__in=activity.data.get("mentions") or []):
        notify(
            member,
            kind=NotificationKind.MENTION,
            actor=activity.actor,
            target=thread,
            url=url_of(thread),
            data=about,
        )


def notify_about_post(activity: Activity) -> None:
    """Tell each person concerned by a new post once, by the most direct reason:
    mentioned, quoted, replied to, or watching the thread or its board."""
    from cocreate.forum.queries import muted_by, watchers_of

    post, data = activity.target, activity.data
    if post is None:
        return
    reasons: dict[int, str] = {}
    for member_id in data.get("mentions") or []:
        reasons.setdefault(member_id, NotificationKind.MENTION)
    if data.get("quoted_author"):
        reasons.setdefault(data["quoted_author"], NotificationKind.QUOTE)
    if data.get("thread_author"):
        reasons.setdefault(data["thread_author"], NotificationKind.REPLY)
    thread = getattr(post, "thread", None)
    if thread is not None:
        for watcher_id in watchers_of(thread).values_list("pk", flat=True):
            reasons.setdefault(watcher_id, NotificationKind.WATCHED)
    members = User.objects.in_bulk(list(reasons))
    about = {"title": data.get("title", ""), "thread": data.get("thread")}
    for member_id, kind in reasons.items():
        member = members.get(member_id)
        if member is None:
            continue
        if (
            kind != NotificationKind.WATCHED
            and thread is not None
            and thread.pk in muted_by(member)
        ):
            continue
        notify(
            member,
            kind=kind,
            actor=activity.actor,
            # New posts in a watched thread fold into one notification per thread.
            target=thread if kind == NotificationKind.WATCHED and thread is not None else post,
            url=url_of(post),
            data=about,
        )


def notify_about_reaction(activity: Activity) -> None:
    data = activity.data
    author = User.objects.filter(pk=data.get("post_author")).first()
    if author is None or activity.target is None:
        return
    notify(
        author,
        kind=NotificationKind.REACTION,
        actor=activity.actor,
        target=activity.target,
        url=url_of(activity.target),
        data={
            "title": data.get("title", ""),
            "thread": data.get("thread"),
            "reaction": data.get("kind"),
        },
    )


def _notify_member_of_their_own(kind: str, *fields: str) -> Consumer:
    """A consumer for news about the member themselves (a level, a tier, a
    medal): nobody else acted, so no actor, and it links to their profile."""

    def consume(activity: Activity) -> None:
        member = activity.target if isinstance(activity.target, User) else activity.actor
        if member is None:
            return
        data: dict[str, Any] = {field: activity.data.get(field) for field in fields}
        notify(
            member,
            kind=kind,
            actor=None,
            target=activity.target,
            url=reverse_or_none("profile", member.username) or "/",
            data=data,
        )

    consume.__name__ = f"notify_{kind}"
    return consume


CONSUMERS = {
    "thread.created": [notify_about_thread],
    "post.created": [notify_about_post],
    "reaction.added": [notify_about_reaction],
    "level.reached": [_notify_member_of_their_own(NotificationKind.LEVEL_UP, "level")],
    "tier.changed": [
        _notify_member_of_their_own(NotificationKind.TIER_CHANGED, "tier", "previous")
    ],
    "medal.awarded": [
        _notify_member_of_their_own(NotificationKind.MEDAL, "title", "title_zh", "medal")
    ],
}


# Moderation ------------------------------------------------------------------
# The member concerned hears what a moderator did to their post, thread or
# account, and why. The moderator is not named (the public log does that) and
# is not the notification's actor: muting a moderator must not silence them.


def _moderation_notice(action: str) -> Consumer:
    """A consumer telling `data.member` about a moderation `action`, unless
    they took it themselves (deleting or locking their own thread)."""

    def consume(activity: Activity) -> None:
        data = activity.data
        member_id = data.get("member")
        if not member_id or member_id == activity.actor_id:
            return
        if action == "locked" and not data.get("locked"):
            return  # unlocking is good news nobody needs to be told
        member = User.objects.filter(pk=member_id).first()
        if member is None:
            return
        notify(
            member,
            kind=NotificationKind.MODERATION,
            actor=None,
            target=activity.target,
            url=_moderation_url(action, activity),
            data=_moderation_data(action, activity),
        )

    consume.__name__ = f"notify_{action}"
    return consume


def _moderation_data(action: str, activity: Activity) -> dict[str, Any]:
    data = activity.data
    about: dict[str, Any] = {
        "action": action,
        "title": data.get("title", ""),
        "thread": data.get("thread"),
        "reason": data.get("reason", ""),
    }
    if data.get("by_flags"):
        about["by_flags"] = True
        about["flag_reason"] = data.get("flag_reason", "")
    if action == "deleted":
        about["first"] = bool(data.get("first"))
    if action == "moved":
        from cocreate.forum.models import Board

        board = Board.objects.filter(pk=data.get("board")).first()
        about["board"] = board.name if board else ""
        about["board_zh"] = board.name_zh if board else ""
    if action == "merged":
        about["into"] = getattr(activity.target, "title", "")
    if action == "suspended":
        about["until"] = data.get("until")
    return about


def _moderation_url(action: str, activity: Activity) -> str:
    """Where the member sees what happened: the post or thread while it
    exists, the guidelines otherwise."""
    target = activity.target
    if action in ("warned", "suspended") or target is None:
        return reverse_or_none("guidelines") or "/"
    if action == "deleted":
        thread = getattr(target, "thread", None)
        if activity.data.get("first") or thread is None or thread.deleted_at:
            return reverse_or_none("guidelines") or "/"
        return url_of(thread)
    return url_of(target)


CONSUMERS.update(
    {
        "post.hidden": [_moderation_notice("hidden")],
        "post.restored": [_moderation_notice("restored")],
        "post.deleted": [_moderation_notice("deleted")],
        "thread.locked": [_moderation_notice("locked")],
        "thread.moved": [_moderation_notice("moved")],
        "thread.merged": [_moderation_notice("merged")],
        "member.warned": [_moderation_notice("warned")],
        "member.suspended": [_moderation_notice("suspended")],
    }
)


# Ideas -----------------------------------------------------------------------
# An idea's author hears about each step of it; its supporters about each
# change of status, all in one bulk insert however many they are; the team
# when an idea reaches its support threshold. The team speaks as the team:
# no actor, so muting one staff member does not silence an idea's news.

# Supporters fetched and notified per batch, so the worker's memory and each
# statement stay bounded.
SUPPORTERS_BATCH = 1000


def _idea_news(action: str) -> Consumer:
    """A consumer telling an idea's author and supporters that it changed
    (`action`: "status", "threshold", "merged" or "archived")."""

    def consume(activity: Activity) -> None:
        idea, data = activity.target, activity.data
        if idea is None:
            return
        about: dict[str, Any] = {
            "action": action,
            "idea": idea.pk,
            "title": data.get("title", ""),
            "status": data.get("status", ""),
            "previous": data.get("previous", ""),
            "response": data.get("response", ""),
        }
        if action in ("threshold", "archived"):
            about.update(supports=data.get("supports"), days=data.get("days"))
        if action == "merged":
            about.update(into=data.get("into"), into_title=data.get("into_title", ""))
        if data.get("version"):  # shipped by a release
            about.update(version=data["version"], release=data.get("release"))
        url = url_of(idea)
        author_id = data.get("author")
        author = User.objects.filter(pk=author_id).first()
        if author is not None and author.pk != activity.actor_id:
            notify(
                author,
                kind=NotificationKind.IDEA_STATUS,
                actor=None,
                target=idea,
                url=url,
                data=about,
            )
        if action == "archived":
            return
        _notify_supporters(idea, activity, author_id, url, about)

    consume.__name__ = f"notify_idea_{action}"
    return consume


def _notify_supporters(
    idea: models.Model, activity: Activity, author_id: int | None, url: str, about: dict
) -> None:
    if activity.verb == "idea.merged":
        # The duplicate's supports moved away: its supporters were named then.
        ids = [pk for pk in activity.data.get("supporters") or [] if pk != author_id]
        batches = [ids[n : n + SUPPORTERS_BATCH] for n in range(0, len(ids), SUPPORTERS_BATCH)]
    else:
        from cocreate.ideas.queries import supporter_ids

        batches = _id_batches(supporter_ids(idea.pk).exclude(member_id=author_id))
    for batch in batches:
        notify_many(
            User.objects.filter(pk__in=batch).exclude(pk=activity.actor_id),
            kind=NotificationKind.IDEA_SUPPORTED,
            actor=None,
            target=idea,
            url=url,
            data=about,
        )


def _id_batches(ids: models.QuerySet) -> list[list[int]]:
    ordered = list(ids.order_by("member_id"))
    return [ordered[n : n + SUPPORTERS_BATCH] for n in range(0, len(ordered), SUPPORTERS_BATCH)]


def notify_team_of_threshold(activity: Activity) -> None:
    """Tell the product team (staff) that an idea went to review by itself."""
    idea = activity.target
    if idea is None:
        return
    notify_many(
        User.objects.filter(is_staff=True),
        kind=NotificationKind.IDEA_REVIEW,
        actor=None,
        target=idea,
        url=url_of(idea),
        data={
            "idea": idea.pk,
            "title": activity.data.get("title", ""),
            "supports": activity.data.get("supports"),
            "days": activity.data.get("days"),
        },
    )


CONSUMERS.update(
    {
        **{
            verb: [_idea_news("status")]
            for verb in (
                "idea.under_review",
                "idea.planned",
                "idea.in_progress",
                "idea.shipped",
                "idea.declined",
            )
        },
        "idea.threshold_reached": [_idea_news("threshold"), notify_team_of_threshold],
        "idea.merged": [_idea_news("merged")],
        "idea.archived": [_idea_news("archived")],
    }
)
