from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.core.bilingual import pick

from .enums import FlagReason, LogAction, Outcome, ReviewStatus


class ModeratorAssignment(models.Model):
    """A member staff appointed to keep one board orderly: they see and act
    on that board's flags and threads, and on no other board."""

    board = models.ForeignKey(
        "forum.Board",
        verbose_name=_("board"),
        on_delete=models.CASCADE,
        related_name="moderator_assignments",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        on_delete=models.CASCADE,
        related_name="moderated_boards",
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("appointed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("appointed"), default=timezone.now)

    class Meta:
        verbose_name = _("board moderator")
        verbose_name_plural = _("board moderators")
        ordering = ["board", "member"]
        constraints = [
            models.UniqueConstraint(fields=["board", "member"], name="moderator_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.member} @ {self.board}"


class Review(models.Model):
    """A flagged post waiting in (or taken out of) the review queue. Flags
    on the same post gather on its one pending review; their weights add up,
    and past the site's threshold the post is hidden until a decision."""

    post = models.ForeignKey(
        "forum.Post", verbose_name=_("post"), on_delete=models.CASCADE, related_name="reviews"
    )
    # Copied from the post's thread, so the queue is scoped without a join.
    board = models.ForeignKey(
        "forum.Board", verbose_name=_("board"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    weight = models.PositiveIntegerField(_("flag weight"), default=0)
    flag_count = models.PositiveIntegerField(_("flags"), default=0)
    auto_hidden = models.BooleanField(_("hidden by flags"), default=False)
    created_at = models.DateTimeField(_("first flagged"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField(_("outcome"), max_length=16, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-weight", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["post"],
                condition=models.Q(status=ReviewStatus.PENDING),
                name="review_one_pending_per_post",
            ),
        ]
        indexes = [
            models.Index(
                fields=["board", "-weight", "created_at"],
                condition=models.Q(status=ReviewStatus.PENDING),
                name="review_queue",
            ),
            models.Index(fields=["-resolved_at"], name="review_resolved"),
        ]

    def __str__(self) -> str:
        return f"{self.post_id} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status == ReviewStatus.PENDING

    @property
    def outcome_label(self) -> str:
        return str(Outcome(self.outcome).label) if self.outcome else ""


class Flag(models.Model):
    """One member's report of a post. Its reporter is never shown publicly."""

    review = models.ForeignKey(
        Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="flags"
    )
    post = models.ForeignKey(
        "forum.Post", verbose_name=_("post"), on_delete=models.CASCADE, related_name="flags"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="flags",
    )
    reason = models.CharField(_("reason"), max_length=16, choices=FlagReason.choices)
    text = models.CharField(_("details"), max_length=500, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["post", "reporter"], name="flag_once_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.post_id}: {self.reason}"


class LogEntry(models.Model):
    """One line of the public moderation log: who acted, on what, and why.
    Reporters never appear here."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=16, choices=LogAction.choices)
    board = models.ForeignKey(
        "forum.Board",
        verbose_name=_("board"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    thread = models.ForeignKey(
        "forum.Thread",
        verbose_name=_("thread"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    post = models.ForeignKey(
        "forum.Post",
        verbose_name=_("post"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member concerned"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="modlog_latest"),
            models.Index(fields=["board", "-created_at"], name="modlog_board"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.action} ({self.created_at:%Y-%m-%d})"


class Guidelines(models.Model):
    """A version of the community guidelines. The newest is in force; a
    member accepts it before their first post, and again when it changes."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    body = models.TextField(_("text (Markdown)"))
    body_zh = models.TextField(_("text in Chinese (Markdown)"), blank=True)
    changes = models.CharField(_("what changed"), max_length=300, blank=True)
    changes_zh = models.CharField(_("what changed (Chinese)"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("community guidelines")
        verbose_name_plural = _("community guidelines")
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"v{self.version}"

    @property
    def display_body(self) -> str:
        return pick(self.body, self.body_zh)

    @property
    def display_changes(self) -> str:
        return pick(self.changes, self.changes_zh)
