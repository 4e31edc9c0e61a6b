from django.db import models
from django.utils.translation import gettext_lazy as _


class FlagReason(models.TextChoices):
    SPAM = "spam", _("Spam")
    OFF_TOPIC = "off_topic", _("Off-topic")
    ABUSIVE = "abusive", _("Abusive or rude")
    OTHER = "other", _("Something else")


class ReviewStatus(models.TextChoices):
    """A flagged post waits in the queue until a moderator decides."""

    PENDING = "pending", _("Waiting for review")
    AGREED = "agreed", _("Flags agreed")
    DISAGREED = "disagreed", _("Flags declined")

    @property
    def allowed_next(self) -> tuple["ReviewStatus", ...]:
        if self is ReviewStatus.PENDING:
            return (ReviewStatus.AGREED, ReviewStatus.DISAGREED)
        return ()


class Outcome(models.TextChoices):
    """What a moderator decides about a flagged post."""

    HIDE = "hide", _("Agree: keep the post hidden")
    DELETE = "delete", _("Agree: delete the post")
    KEEP = "keep", _("Decline: the post stays visible")

    @property
    def status(self) -> ReviewStatus:
        return ReviewStatus.DISAGREED if self is Outcome.KEEP else ReviewStatus.AGREED


class LogAction(models.TextChoices):
    """Every kind of entry in the public moderation log."""

    HIDE = "hide", _("hid a post")
    RESTORE = "restore", _("restored a post")
    DELETE = "delete", _("deleted a post")
    LOCK = "lock", _("locked a thread")
    UNLOCK = "unlock", _("unlocked a thread")
    PIN = "pin", _("pinned a thread")
    UNPIN = "unpin", _("unpinned a thread")
    MOVE = "move", _("moved a thread")
    MERGE = "merge", _("merged threads")
    WARN = "warn", _("warned a member")
    SUSPEND = "suspend", _("suspended a member")
    UNSUSPEND = "unsuspend", _("lifted a suspension")
    AGREE = "agree", _("agreed with flags")
    DISAGREE = "disagree", _("declined flags")
    APPOINT = "appoint", _("appointed a moderator")
    DISMISS = "dismiss", _("removed a moderator")
    GUIDELINES = "guidelines", _("published new guidelines")
