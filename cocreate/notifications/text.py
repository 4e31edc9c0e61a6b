"""One sentence per notification, shared by the list page, e-mails and the API."""

from datetime import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocreate.betas.rules import describe_shortfall
from cocreate.core.bilingual import localized
from cocreate.ideas.enums import IdeaStatus
from cocreate.moderation.enums import FlagReason
from cocreate.reputation.enums import Tier

from .enums import NotificationKind
from .models import Notification

IDEA_KINDS = (
    NotificationKind.IDEA_STATUS,
    NotificationKind.IDEA_SUPPORTED,
    NotificationKind.IDEA_REVIEW,
)

CHALLENGE_KINDS = (
    NotificationKind.CHALLENGE,
    NotificationKind.ENTRY_TEAM,
    NotificationKind.JUDGING,
    NotificationKind.ROYALTY,
)


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
        return _describe_moderation(data, values)
    if kind in IDEA_KINDS:
        return _describe_idea(kind, data)
    if kind == NotificationKind.RELEASE:
        return _("%(version)s of %(product)s is out: try it and file your report") % {
            "version": data.get("version", "?"),
            "product": localized(data, "product"),
        }
    if kind == NotificationKind.BETA:
        return _describe_beta(data)
    if kind == NotificationKind.BUG_REPORT:
        return _describe_bug(data)
    if kind in CHALLENGE_KINDS:
        return _describe_challenge(data, values["actor"])
    if kind == NotificationKind.LEVEL_UP:
        return _("You reached Lv.%(level)s") % {"level": data.get("level", "?")}
    if kind == NotificationKind.TIER_CHANGED:
        tier = data.get("tier", "")
        return _("Your tier is now %(tier)s") % {"tier": dict(Tier.choices).get(tier, tier)}
    return _("You were awarded the medal “%(medal)s”") % {
        "medal": localized(data, "title") or data.get("medal")
    }


def _describe_moderation(data: dict, values: dict) -> str:
    """What a moderator did to the member's post, thread or account, then why."""
    action = data.get("action")
    if action == "hidden" and data.get("by_flags"):
        what = _("Your post in “%(title)s” was hidden after members flagged it") % values
    elif action == "hidden":
        what = _("A moderator hid your post in “%(title)s”") % values
    elif action == "restored":
        what = _("A moderator restored your post in “%(title)s”") % values
    elif action == "deleted" and data.get("first"):
        what = _("A moderator deleted your thread “%(title)s”") % values
    elif action == "deleted":
        what = _("A moderator deleted your post in “%(title)s”") % values
    elif action == "locked":
        what = _("A moderator locked your thread “%(title)s”") % values
    elif action == "moved":
        what = _("A moderator moved your thread “%(title)s” to %(board)s") % {
            **values,
            "board": localized(data, "board") or _("another board"),
        }
    elif action == "merged":
        what = _("A moderator merged your thread “%(title)s” into “%(into)s”") % {
            **values,
            "into": data.get("into") or _("another thread"),
        }
    elif action == "warned":
        what = _("A moderator warned you")
    elif action == "suspended":
        what = _("You are suspended until %(until)s") % {"until": _moment(data.get("until"))}
    else:
        what = _("A moderator acted on “%(title)s”") % values
    if reason := data.get("reason") or _flag_reason(data.get("flag_reason")):
        return _("%(what)s: %(reason)s") % {"what": what, "reason": reason}
    return what


def _describe_beta(data: dict) -> str:
    """What happened to the member in a beta program, then why."""
    values = {
        "program": localized(data, "program") or _("a beta program"),
        "until": _moment(data.get("until")),
    }
    event = data.get("event")
    if event == "accepted":
        what = _("Welcome to %(program)s: your application was accepted") % values
    elif event == "rejected":
        what = _("Your application to %(program)s was not accepted") % values
    elif event == "waitlisted":
        what = _("%(program)s is full: you are on its waiting list") % values
    elif event == "warned":
        what = (
            _(
                "%(program)s checks its participation rules at %(until)s, and you do not meet "
                "them yet"
            )
            % values
        )
    elif event == "removed":
        what = _("You were removed from %(program)s and may re-apply from %(until)s") % values
    else:
        what = _("Your membership of %(program)s changed") % values
    if shortfall := data.get("shortfall"):
        reason = describe_shortfall(**shortfall)
    else:
        reason = data.get("reason")
    if reason:
        return _("%(what)s: %(reason)s") % {"what": what, "reason": reason}
    return what


def _describe_bug(data: dict) -> str:
    """The team's triage of the member's bug report, then their response."""
    values = {"title": data.get("title") or _("a bug"), "version": data.get("version", "")}
    status = data.get("status")
    if status == "confirmed":
        what = _("The team confirmed your bug “%(title)s”") % values
    elif status == "fixed" and values["version"]:
        what = _("Your bug “%(title)s” is fixed in %(version)s") % values
    elif status == "fixed":
        what = _("Your bug “%(title)s” is fixed") % values
    elif status == "wont_fix":
        what = _("The team will not fix your bug “%(title)s”") % values
    else:
        what = _("The team looked at your bug “%(title)s”") % values
    if response := data.get("response"):
        return _("%(what)s: %(reason)s") % {"what": what, "reason": response}
    return what


def _describe_challenge(data: dict, actor: str) -> str:
    """News of a challenge the member entered, judges or earns from, or of
    their entry's team, by the event the action recorded."""
    values = {
        "actor": actor,
        "entry": data.get("entry") or _("an entry"),
        "share": data.get("share", ""),
        "reason": data.get("reason", ""),
        "challenge": localized(data, "challenge") or _("a challenge"),
        "title": data.get("title") or _("your entry"),
        "until": _moment(data.get("until")),
        "entries": data.get("entries", 0),
        "product": data.get("product_name", ""),
        "amount": data.get("amount", ""),
        "currency": data.get("currency", ""),
    }
    event = data.get("event")
    if event == "entries_closed":
        return (
            _("Entries to %(challenge)s are closed: the jury judges them until %(until)s") % values
        )
    if event == "scoring_opened":
        return _("Community scoring of %(challenge)s is open until %(until)s") % values
    if event == "announced":
        return _("The winners of %(challenge)s are announced") % values
    if event == "judge_assigned":
        return _("You are a judge of %(challenge)s") % values
    if event == "shortlist_set":
        return (
            ngettext(
                "The shortlist of %(challenge)s is ready: %(entries)d entry to judge",
                "The shortlist of %(challenge)s is ready: %(entries)d entries to judge",
                values["entries"],
            )
            % values
        )
    if event == "invited":
        return (
            _(
                "%(actor)s invites you to the team of “%(entry)s” in %(challenge)s, "
                "with a share of %(share)s %%"
            )
            % values
        )
    if event == "confirmed":
        return _("%(actor)s joined the team of “%(entry)s”") % values
    if event == "declined":
        return _("%(actor)s declined to join the team of “%(entry)s”") % values
    if event == "removed":
        return _("%(actor)s removed you from the team of “%(entry)s”") % values
    if event == "disqualified":
        return _("“%(entry)s” was disqualified from %(challenge)s: %(reason)s") % values
    if event == "adopted":
        return _("Your design “%(title)s” was adopted as %(product)s") % values
    if event == "sales":
        return _("You earned %(amount)s %(currency)s in royalties on “%(title)s”") % values
    return _("News of %(challenge)s") % values


def _flag_reason(value: str | None) -> str:
    """The flags' reason (spam, off-topic…) in the reader's language."""
    return str(FlagReason(value).label) if value in FlagReason.values else ""


def _moment(value: str | None) -> str:
    """An ISO time from notification data, in the reader's time zone and format."""
    try:
        moment = datetime.fromisoformat(value or "")
    except ValueError:
        return "?"
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _describe_idea(kind: str, data: dict) -> str:
    """What happened to an idea: to its author ("your idea"), to a supporter
    ("which you support") or to the team; then the team's response."""
    supports = data.get("supports") or 0
    values = {
        "title": data.get("title") or _("an idea"),
        "status": _status(data.get("status")),
        "into": data.get("into_title") or _("another idea"),
        "supports": supports,
        "version": data.get("version", ""),
    }
    action, own = data.get("action"), kind == NotificationKind.IDEA_STATUS
    if kind == NotificationKind.IDEA_REVIEW:
        what = ngettext(
            "“%(title)s” reached %(supports)d support in time and waits for the team's review",
            "“%(title)s” reached %(supports)d supports in time and waits for the team's review",
            supports,
        )
    elif action == "merged" and own:
        what = _("Your idea “%(title)s” was merged into “%(into)s”")
    elif action == "merged":
        what = _(
            "“%(title)s”, which you supported, was merged into “%(into)s”: "
            "your support counts there now"
        )
    elif action == "archived":
        what = ngettext(
            "Your idea “%(title)s” was archived: it did not reach %(supports)d support in time",
            "Your idea “%(title)s” was archived: it did not reach %(supports)d supports in time",
            supports,
        )
    elif action == "threshold" and own:
        what = _("Your idea “%(title)s” reached its support goal and is now under review")
    elif action == "threshold":
        what = _("“%(title)s”, which you support, reached its support goal and is now under review")
    elif data.get("version") and own:
        what = _("Your idea “%(title)s” shipped in %(version)s")
    elif data.get("version"):
        what = _("“%(title)s”, which you support, shipped in %(version)s")
    elif own:
        what = _("Your idea “%(title)s” is now %(status)s")
    else:
        what = _("“%(title)s”, which you support, is now %(status)s")
    what = what % values
    # A release's own response only repeats the version.
    if (response := data.get("response")) and not data.get("version"):
        return _("%(what)s: %(reason)s") % {"what": what, "reason": response}
    return what


def _status(value: str | None) -> str:
    """An idea's status in the reader's language."""
    return str(IdeaStatus(value).label) if value in IdeaStatus.values else "?"
