"""Every write to notifications and their preferences goes through these functions.

`User.unread_notifications` changes in the same transaction as the rows it
counts, always by the number of rows that actually changed state.
"""

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.core.activity import record

from . import emails, queries
from .enums import CHANNELS, CONSOLIDATED, DigestFrequency, NotificationKind
from .models import UNREAD, Notification, Preferences

# Latest actors remembered on a consolidated notification.
ACTORS_KEPT = 10
# Notifications listed in one digest e-mail at most.
DIGEST_SIZE = 50
# Rows inserted per statement when many members hear the same thing.
NOTIFY_BATCH = 500


@transaction.atomic
def notify(
    recipient: User,
    *,
    kind: str,
    actor: User | None,
    target: models.Model | None,
    url: str,
    data: Mapping[str, Any],
) -> Notification | None:
    """Tell `recipient` about something, in the app and/or by e-mail as they
    chose. Nobody is told about their own action or about a member they muted.
    Returns the notification row, if the member wants one in the app."""
    if actor is not None and actor.pk == recipient.pk:
        return None
    if not recipient.is_active or recipient.deleted_at is not None:
        return None
    preferences = queries.preferences_of(recipient)
    if actor is not None and queries.is_muted(preferences, actor):
        return None
    notification, is_new = None, True
    if preferences.wants(kind, "in_app"):
        notification, is_new = _store(recipient, kind, actor, target, url, dict(data))
    if is_new and preferences.wants(kind, "email"):
        emails.send_notification_email(
            notification
            or Notification(recipient=recipient, kind=kind, actor=actor, url=url, data=dict(data))
        )
    return notification


def _store(
    recipient: User,
    kind: str,
    actor: User | None,
    target: models.Model | None,
    url: str,
    data: dict[str, Any],
) -> tuple[Notification, bool]:
    """Add a row, or fold into the unread row about the same target; returns
    (row, whether it is new)."""
    about = {
        "recipient": recipient,
        "kind": kind,
        "target_type": ContentType.objects.get_for_model(target) if target is not None else None,
        "target_id": target.pk if target is not None else None,
    }
    if actor is not None:
        data["actors"] = [actor.pk]
    if kind in CONSOLIDATED and target is not None:
        if existing := _consolidate(about, actor, data):
            return existing, False
        try:
            with transaction.atomic():
                notification = Notification.objects.create(**about, actor=actor, url=url, data=data)
        except IntegrityError:  # another worker created the row meanwhile: fold into it
            return _store(recipient, kind, actor, target, url, data)
    else:
        notification = Notification.objects.create(**about, actor=actor, url=url, data=data)
    User.objects.filter(pk=recipient.pk).update(unread_notifications=F("unread_notifications") + 1)
    return notification, True


def _consolidate(
    about: dict[str, Any], actor: User | None, data: dict[str, Any]
) -> Notification | None:
    """Fold a new event into the unread row about the same target. `count` is
    the number of people, so a repeat by a recent actor only refreshes the row."""
    existing = Notification.objects.select_for_update().filter(UNREAD, **about).first()
    if existing is None:
        return None
    actors: list[int] = existing.data.get("actors", [])
    is_new_actor = actor is None or actor.pk not in actors
    if actor is not None:
        actors = [actor.pk, *(pk for pk in actors if pk != actor.pk)][:ACTORS_KEPT]
    existing.data = {**existing.data, **data, "actors": actors}
    existing.actor = actor
    existing.updated_at = timezone.now()
    Notification.objects.filter(pk=existing.pk).update(
        data=existing.data,
        actor=actor,
        updated_at=existing.updated_at,
        count=F("count") + int(is_new_actor),
    )
    existing.count += int(is_new_actor)
    return existing


@transaction.atomic
def notify_many(
    recipients: models.QuerySet[User],
    *,
    kind: str,
    actor: User | None,
    target: models.Model | None,
    url: str,
    data: Mapping[str, Any],
) -> int:
    """Tell many members the same thing (an idea's supporters): their rows
    are inserted in batches and their unread counts moved with one UPDATE per
    batch, whatever their number. The same rules as `notify`: never the
    actor, nor members who muted them or turned the kind off; e-mail for
    those who want it. Not for consolidated kinds. Returns how many rows."""
    assert kind not in CONSOLIDATED
    members = recipients.filter(is_active=True, deleted_at__isnull=True)
    if actor is not None:
        members = members.exclude(pk=actor.pk).exclude(notification_preferences__muted=actor)
    in_app, by_email = [], []
    for member_id, channels in members.values_list("pk", "notification_preferences__channels"):
        preferences = Preferences(channels=channels or {})
        if preferences.wants(kind, "in_app"):
            in_app.append(member_id)
        if preferences.wants(kind, "email"):
            by_email.append(member_id)
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    rows = dict(data, **({"actors": [actor.pk]} if actor is not None else {}))
    created: dict[int, Notification] = {}
    for start in range(0, len(in_app), NOTIFY_BATCH):
        batch = in_app[start : start + NOTIFY_BATCH]
        for notification in Notification.objects.bulk_create(
            Notification(
                recipient_id=member_id,
                kind=kind,
                actor=actor,
                target_type=target_type,
                target_id=target.pk if target is not None else None,
                url=url,
                data=rows,
            )
            for member_id in batch
        ):
            created[notification.recipient_id] = notification
        User.objects.filter(pk__in=batch).update(unread_notifications=F("unread_notifications") + 1)
    for start in range(0, len(by_email), NOTIFY_BATCH):
        for member in User.objects.filter(pk__in=by_email[start : start + NOTIFY_BATCH]):
            notification = created.get(member.pk) or Notification(
                kind=kind, actor=actor, url=url, data=rows
            )
            notification.recipient = member
            emails.send_notification_email(notification)
    return len(created)


@transaction.atomic
def mark_read(notification: Notification, *, actor: User) -> bool:
    """Mark one of the actor's own notifications read; returns whether it was unread.

    No Activity is recorded: reading is not an event anyone else reacts to."""
    if actor.pk != notification.recipient_id:
        raise PermissionDenied
    now = timezone.now()
    changed = Notification.objects.filter(UNREAD, pk=notification.pk).update(read_at=now)
    if changed:
        notification.read_at = now
        _uncount(actor, changed)
    return bool(changed)


@transaction.atomic
def mark_all_read(user: User) -> int:
    """Mark every unread notification of the member read; returns how many."""
    changed = Notification.objects.filter(UNREAD, recipient=user).update(read_at=timezone.now())
    if changed:
        _uncount(user, changed)
    return changed


@transaction.atomic
def prune_notifications(member_id: int, *, keep: int) -> int:
    """Delete all but the member's `keep` newest notifications; returns how many went."""
    old = list(
        Notification.objects.filter(recipient_id=member_id)
        .order_by("-updated_at", "-id")
        .values_list("pk", flat=True)[keep:]
    )
    if not old:
        return 0
    unread, _ = Notification.objects.filter(UNREAD, pk__in=old).delete()
    read, _ = Notification.objects.filter(pk__in=old).delete()
    if unread:
        User.objects.filter(pk=member_id).update(
            unread_notifications=F("unread_notifications") - unread
        )
    return unread + read


def _uncount(user: User, number: int) -> None:
    User.objects.filter(pk=user.pk).update(unread_notifications=F("unread_notifications") - number)
    user.unread_notifications = max(user.unread_notifications - number, 0)


@transaction.atomic
def update_preferences(
    member: User,
    *,
    actor: User,
    channels: Mapping[str, Mapping[str, bool]] | None = None,
    digest: str | None = None,
    muted: Iterable[User] | None = None,
) -> Preferences:
    """Save the member's choices; only the arguments given change."""
    if actor.pk != member.pk:
        raise PermissionDenied
    preferences, _ = Preferences.objects.select_for_update().get_or_create(member=member)
    if channels is not None:
        merged = {kind: dict(values) for kind, values in preferences.channels.items()}
        for kind, values in channels.items():
            if kind not in NotificationKind.values or set(values) - set(CHANNELS):
                raise ValueError(f"Not a notification channel: {kind} {sorted(values)}")
            merged.setdefault(kind, {}).update({name: bool(on) for name, on in values.items()})
        preferences.channels = merged
    if digest is not None:
        preferences.digest = DigestFrequency(digest)
    preferences.save()
    if muted is not None:
        preferences.muted.set([other for other in muted if other.pk != member.pk])
    record(actor=actor, verb="notifications.preferences_changed", target=member)
    return preferences


@transaction.atomic
def unsubscribe(member: User, *, kind: str = "") -> Preferences:
    """Stop e-mails about `kind`, or every notification e-mail and the digest
    when `kind` is empty. Called from a signed link, so the member is the actor."""
    if kind:
        return update_preferences(member, actor=member, channels={kind: {"email": False}})
    return update_preferences(
        member,
        actor=member,
        channels={kind: {"email": False} for kind in NotificationKind.values},
        digest=DigestFrequency.NONE,
    )


@transaction.atomic
def send_digest(preferences: Preferences, *, due_before: datetime) -> bool:
    """E-mail the member their unread notifications since the last digest,
    unless a digest went out after `due_before`; returns whether one was sent.
    The stamp is claimed first, so running twice sends once."""
    previous = preferences.last_digest_at
    claimed = (
        Preferences.objects.filter(pk=preferences.pk)
        .filter(models.Q(last_digest_at__isnull=True) | models.Q(last_digest_at__lt=due_before))
        .update(last_digest_at=timezone.now())
    )
    if not claimed:
        return False
    unread = list(queries.unread_since(preferences.member, previous)[:DIGEST_SIZE])
    if unread:
        emails.send_digest(preferences.member, unread, preferences.digest)
    return bool(unread)
