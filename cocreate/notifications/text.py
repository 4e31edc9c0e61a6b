"""One sentence per notification, shared by the list page, e-mails and the API."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocreate.core.bilingual import localized
from cocreate.reputation.enums import Tier

from .enums import NotificationKind
from .models import Notification


def describe(notification: Notification) -> str:
    data = notification.data
    values = {
        "actor": notification.actor.name if notification.actor else _("Someone"),
        "others": notification.others,
        "title": data.get("title") or _("a post"),
    }
    kind = notification.kind
    if kind == NotificationKind.MENTION:
        return _("%(actor)s mentioned you in “%(title)s”") % values
    if kind == NotificationKind.REPLY:
        return _("%(actor)s replied to “%(title)s”") % values
    if kind == NotificationKind.QUOTE:
        return _("%(actor)s quoted you in “%(title)s”") % values
    if kind == NotificationKind.REACTION and data.get("reaction", "like") == "like":
        if not values["others"]:
            return _("%(actor)s liked your post in “%(title)s”") % values
        return (
            ngettext(
                "%(actor)s and %(others)d other liked your post in “%(title)s”",
                "%(actor)s and %(others)d others liked your post in “%(title)s”",
                values["others"],
            )
            % values
        )
    if kind == NotificationKind.REACTION:
        if not values["others"]:
            return _("%(actor)s reacted to your post in “%(title)s”") % values
        return (
            ngettext(
                "%(actor)s and %(others)d other reacted to your post in “%(title)s”",
                "%(actor)s and %(others)d others reacted to your post in “%(title)s”",
                values["others"],
            )
            % values
        )
    if kind == NotificationKind.WATCHED:
        if not values["others"]:
            return _("%(actor)s posted in “%(title)s”") % values
        return (
            ngettext(
                "%(actor)s and %(others)d other posted in “%(title)s”",
                "%(actor)s and %(others)d others posted in “%(title)s”",
                values["others"],
            )
            % values
        )
    if kind == NotificationKind.MODERATION:
        if reason := data.get("reason"):
            return _("A moderator acted on “%(title)s”: %(reason)s") % {**values, "reason": reason}
        return _("A moderator acted on “%(title)s”") % values
    if kind == NotificationKind.LEVEL_UP:
        return _("You reached Lv.%(level)s") % {"level": data.get("level", "?")}
    if kind == NotificationKind.TIER_CHANGED:
        tier = data.get("tier", "")
        return _("Your tier is now %(tier)s") % {"tier": dict(Tier.choices).get(tier, tier)}
    return _("You were awarded the medal “%(medal)s”") % {
        "medal": localized(data, "title") or data.get("medal")
    }
