from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    MENTION = "mention", _("Mentions")
    REPLY = "reply", _("Replies to your threads")
    QUOTE = "quote", _("Quotes of your posts")
    REACTION = "reaction", _("Reactions to your posts")
    WATCHED = "watched", _("New posts where you watch")
    MODERATION = "moderation", _("Moderation of your posts")
    LEVEL_UP = "level_up", _("New levels")
    TIER_CHANGED = "tier_changed", _("Tier changes")
    MEDAL = "medal", _("Medals")
    IDEA_STATUS = "idea_status", _("News of your ideas")
    IDEA_SUPPORTED = "idea_supported", _("Status changes of ideas you support")
    IDEA_REVIEW = "idea_review", _("Ideas that reach their support threshold (team)")
    RELEASE = "release", _("New builds on your beta channels")
    BETA = "beta", _("Your beta programs")
    BUG_REPORT = "bug_report", _("Your bug reports")
    CHALLENGE = "challenge", _("Challenges you entered: deadlines, results, prizes")
    ENTRY_TEAM = "entry_team", _("Invitations to challenge teams and their answers")
    JUDGING = "judging", _("Entries waiting for your judgement")
    ROYALTY = "royalty", _("Royalties of your adopted designs")


# Kinds whose unread notifications about one target are folded into one row
# ("5 people liked your post"); the others get a row each.
CONSOLIDATED = frozenset({NotificationKind.REACTION, NotificationKind.WATCHED})

# What a member gets until they choose: (in-app, e-mail) per kind.
DEFAULT_CHANNELS: dict[str, tuple[bool, bool]] = {
    NotificationKind.MENTION: (True, True),
    NotificationKind.REPLY: (True, True),
    NotificationKind.QUOTE: (True, True),
    NotificationKind.REACTION: (True, False),
    NotificationKind.WATCHED: (True, False),
    NotificationKind.MODERATION: (True, True),
    NotificationKind.LEVEL_UP: (True, False),
    NotificationKind.TIER_CHANGED: (True, True),
    NotificationKind.MEDAL: (True, False),
    NotificationKind.IDEA_STATUS: (True, True),
    # Supporters may be thousands: the app by default, e-mail for those who ask.
    NotificationKind.IDEA_SUPPORTED: (True, False),
    NotificationKind.IDEA_REVIEW: (True, True),
    NotificationKind.RELEASE: (True, False),
    NotificationKind.BETA: (True, True),
    NotificationKind.BUG_REPORT: (True, True),
    NotificationKind.CHALLENGE: (True, True),
    NotificationKind.ENTRY_TEAM: (True, True),
    NotificationKind.JUDGING: (True, True),
    NotificationKind.ROYALTY: (True, True),
}

CHANNELS = ("in_app", "email")


class DigestFrequency(models.TextChoices):
    NONE = "none", _("No digest")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly (Mondays)")
