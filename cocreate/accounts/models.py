import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A member. Profile fields live on the row itself: every page that shows
    a member needs them, and a second table would cost a join everywhere."""

    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    bio = models.TextField(_("bio"), max_length=2000, blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Leave empty to follow your browser."),
    )
    avatar = models.ImageField(_("avatar"), upload_to="avatars/", blank=True)
    avatar_thumbnail = models.ImageField(_("avatar thumbnail"), upload_to="avatars/", blank=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    # Kept by cocreate.notifications.actions in the transaction that changes it,
    # so the bell in the header reads one column.
    unread_notifications = models.PositiveIntegerField(
        _("unread notifications"), default=0, editable=False
    )
    # Kept by cocreate.moderation.actions, read by every write permission.
    suspended_until = models.DateTimeField(
        _("suspended until"), null=True, blank=True, editable=False
    )
    suspension_reason = models.CharField(
        _("suspension reason"), max_length=500, blank=True, editable=False
    )
    guidelines_accepted = models.PositiveIntegerField(
        _("guidelines version accepted"), default=0, editable=False
    )

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")

    @property
    def name(self) -> str:
        if self.deleted_at:
            return str(_("deleted member"))
        return self.display_name or self.username

    @property
    def is_suspended(self) -> bool:
        return bool(self.suspended_until and self.suspended_until > timezone.now())

    @property
    def initial(self) -> str:
        return (self.name[:1] or "?").upper()


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> "ApiTokenQuerySet":
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the member sees the
    token once, when it is created."""

    PREFIX = "cct_"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("member"),
    )
    name = models.CharField(_("name"), max_length=80)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(_("hint"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def generate_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)
