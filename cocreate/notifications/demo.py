"""Demo notification preferences; the forum demo makes the notifications
themselves through the real fan-out."""

from .actions import update_preferences
from .enums import DigestFrequency, NotificationKind
from .models import Preferences


def load(members: dict) -> None:
    """Give every demo member a preferences row; Alice reads a weekly digest
    and wants reactions by e-mail. Safe to run again."""
    for member in members.values():
        Preferences.objects.get_or_create(member=member)
    alice = members["alice"]
    if Preferences.objects.filter(member=alice, digest=DigestFrequency.WEEKLY).exists():
        return
    update_preferences(
        alice,
        actor=alice,
        channels={NotificationKind.REACTION: {"email": True}},
        digest=DigestFrequency.WEEKLY,
    )
