from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import CONSOLIDATED, DEFAULT_CHANNELS, DigestFrequency, NotificationKind

UNREAD = models.Q(read_at__isnull=True)


class Notification(models.Model):
    """One thing a member should know about. Unread notifications of a
    consolidated kind about the same target share one row whose `count` grows."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("latest actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    url = models.CharField(_("link"), max_length=500, default="/")
    data = models.JSONField(_("data"), default=dict, blank=True)
    count = models.PositiveIntegerField(_("count"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-updated_at", "-id"], name="notification_recent"),
            models.Index(
                fields=["recipient", "-updated_at"], condition=UNREAD, name="notification_unread"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "target_type", "target_id"],
                condition=UNREAD & models.Q(kind__in=sorted(CONSOLIDATED)),
                name="notification_consolidated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    @property
    def others(self) -> int:
        """How many people besides the latest actor did the same thing."""
        return max(self.count - 1, 0)


class Preferences(models.Model):
    """A member's choices: which kinds reach them in the app and by e-mail,
    their digest, and members whose actions never notify them. A member
    without a row gets the defaults."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    channels = models.JSONField(
        _("channels"),
        default=dict,
        blank=True,
        help_text=_('Choices that differ from the defaults: {"reply": {"email": false}}.'),
    )
    digest = models.CharField(
        _("digest"), max_length=10, choices=DigestFrequency.choices, default=DigestFrequency.NONE
    )
    last_digest_at = models.DateTimeField(_("last digest"), null=True, blank=True)
    muted = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("muted members"), blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification preferences")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.member)

    def wants(self, kind: str, channel: str) -> bool:
        """Whether `kind` reaches the member through `channel` ("in_app" or "email")."""
        in_app, email = DEFAULT_CHANNELS[kind]
        default = in_app if channel == "in_app" else email
        return bool(self.channels.get(kind, {}).get(channel, default))
