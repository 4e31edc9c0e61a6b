"""Reads shared by the pages, the API, the consumers and the tasks."""

from datetime import datetime

from django.db.models import Count, QuerySet

from cocreate.accounts.models import User

from .enums import DigestFrequency
from .models import UNREAD, Notification, Preferences

# Notifications kept per member; older ones are pruned by a scheduled task.
KEEP_PER_MEMBER = 500


def notifications_for(user: User, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The member's own notifications, newest activity first."""
    found = Notification.objects.filter(recipient=user).select_related("actor")
    return found.filter(UNREAD) if unread_only else found


def get_notification_for(user: User, notification_id: int) -> Notification:
    """One of the member's own notifications; anyone else's is DoesNotExist."""
    return notifications_for(user).get(pk=notification_id)


def preferences_of(member: User) -> Preferences:
    """The member's saved preferences, or unsaved defaults (reading writes nothing)."""
    return Preferences.objects.filter(member=member).first() or Preferences(member=member)


def is_muted(preferences: Preferences, actor: User) -> bool:
    return preferences.pk is not None and preferences.muted.filter(pk=actor.pk).exists()


def unread_since(member: User, since: datetime | None) -> QuerySet[Notification]:
    found = notifications_for(member, unread_only=True)
    return found.filter(updated_at__gt=since) if since else found


def digest_subscribers(frequency: DigestFrequency) -> QuerySet[Preferences]:
    return Preferences.objects.filter(
        digest=frequency, member__is_active=True, member__deleted_at__isnull=True
    ).select_related("member")


def members_over(keep: int) -> QuerySet:
    """Ids of members holding more than `keep` notifications."""
    return (
        Notification.objects.values("recipient")
        .annotate(total=Count("pk"))
        .filter(total__gt=keep)
        .values_list("recipient", flat=True)
    )
