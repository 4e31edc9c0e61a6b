from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _


class Activity(models.Model):
    """One row per action anyone took: the spine that reputation,
    notifications, webhooks, analytics and the public stream read."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    verb = models.CharField(_("verb"), max_length=64)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    public = models.BooleanField(_("public"), default=False)
    # The product the activity is about, if any: per-product streams, points
    # and analytics filter on it. Indexed with the time, below.
    product = models.ForeignKey(
        "forum.Product",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
        db_index=False,
    )
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["verb", "-created_at"]),
            models.Index(fields=["actor", "-created_at"]),
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["-id"], condition=models.Q(public=True), name="activity_public"),
            models.Index(fields=["product", "-created_at"], name="activity_product"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.verb} {self.target_type_id}:{self.target_id}"


def default_level_thresholds() -> list[int]:
    return [0, 20, 60, 150, 350, 700, 1200, 2000, 3500, 6000]


def default_tier_thresholds() -> dict[str, dict[str, int]]:
    return {
        "vip": {"level": 4, "days_visited": 10, "posts": 20, "likes_received": 10},
        "senior": {"level": 7, "days_visited": 60, "posts": 150, "likes_received": 100},
    }


def default_flag_weights() -> dict[str, int]:
    return {
        "member": 1,
        "certified": 1,
        "club_member": 2,
        "vip": 2,
        "senior": 3,
        "moderator": 5,
    }


class SiteSettings(models.Model):
    """Knobs staff change at run time, in the admin. One row, cached with a
    version stamp so every server process sees a change at once."""

    CACHE_KEY = "site-settings:v1"

    site_name = models.CharField(_("site name"), max_length=80, default="Cocreate")
    tagline = models.CharField(
        _("tagline"),
        max_length=200,
        default="Design, test and ship it together.",
    )
    tagline_zh = models.CharField(
        _("tagline (Chinese)"), max_length=200, default="与粉丝一起设计、测试、发布好产品。"
    )
    company_name = models.CharField(_("company name"), max_length=80, default="Cocreate")
    signup_open = models.BooleanField(_("sign-up open"), default=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    level_thresholds = models.JSONField(
        _("level thresholds"),
        default=default_level_thresholds,
        help_text=_("Points needed for Lv.1, Lv.2, … Lv.10, in rising order."),
    )
    tier_thresholds = models.JSONField(
        _("tier promotion thresholds"),
        default=default_tier_thresholds,
        help_text=_(
            "For each tier members earn (vip, senior): the least level and stats "
            "(days_visited, posts, threads, likes_received, likes_given, flags_agreed)."
        ),
    )
    flag_weights = models.JSONField(
        _("flag weights"),
        default=default_flag_weights,
        help_text=_("How much a flag counts, by the flagger's tier."),
    )
    flag_hide_threshold = models.PositiveSmallIntegerField(
        _("flag weight that hides a post"),
        default=5,
        help_text=_("A post whose pending flags weigh this much is hidden until reviewed."),
    )
    spam_words = models.TextField(
        _("spam words"),
        blank=True,
        help_text=_(
            "One word or phrase a line. Members below Lv.3 cannot post text containing them."
        ),
    )
    search_dictionary = models.TextField(
        _("search dictionary"),
        blank=True,
        help_text=_(
            "Chinese product names and terms that search should keep whole, one a line "
            "(e.g. 橙子手机). New and edited content is read with them at once; run "
            "“manage.py rebuild_search_index” to read older content again."
        ),
    )
    guidelines_version = models.PositiveIntegerField(
        _("guidelines version in force"), default=0, editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self) -> str:
        return str(_("Site settings"))

    @classmethod
    def get(cls) -> "SiteSettings":
        found = cache.get(cls.CACHE_KEY)
        if found is None:
            found, _created = cls.objects.get_or_create(pk=1)
            cache.set(cls.CACHE_KEY, found, 60)
        return found

    @classmethod
    def forget(cls) -> None:
        """Drop the cached row, so the next `get()` reads the change."""
        cache.delete(cls.CACHE_KEY)


class OutboundEmail(models.Model):
    """The e-mail outbox: a message is written here in the transaction that
    caused it and delivered by the worker, exactly once."""

    subject = models.CharField(_("subject"), max_length=998)
    from_email = models.CharField(_("from"), max_length=254)
    to = models.JSONField(_("to"), default=list)
    cc = models.JSONField(_("cc"), default=list, blank=True)
    bcc = models.JSONField(_("bcc"), default=list, blank=True)
    body = models.TextField(_("body"))
    html_body = models.TextField(_("HTML body"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outbound e-mail")
        verbose_name_plural = _("outbound e-mails")
        ordering = ["-id"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True),
                name="outbox_unsent",
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class CacheStamp(models.Model):
    """A version number per kind of content. Cached anonymous pages are keyed
    by the stamps they depend on; bumping a stamp invalidates them in every
    server process at once, whatever the cache backend."""

    name = models.CharField(max_length=40, primary_key=True)
    version = models.PositiveBigIntegerField(default=1)

    class Meta:
        verbose_name = _("cache stamp")
        verbose_name_plural = _("cache stamps")

    def __str__(self) -> str:
        return f"{self.name}@{self.version}"
