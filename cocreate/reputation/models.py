from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .enums import RequestStatus, Tier


class PointsRule(models.Model):
    """How many points an activity is worth, and to whom: data staff tune in
    the admin, so the pyramid can change without code."""

    ACTOR = "actor"

    verb = models.CharField(_("verb"), max_length=64)
    who = models.CharField(
        _("who earns"),
        max_length=40,
        default=ACTOR,
        help_text=_('"actor", or the key in the activity\'s data naming the member who earns.'),
    )
    points = models.IntegerField(_("points"))
    daily_cap = models.PositiveIntegerField(
        _("daily cap"),
        default=0,
        help_text=_("Most points a member gets or loses from this rule in a day; 0 for no cap."),
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("points rule")
        verbose_name_plural = _("points rules")
        ordering = ["verb", "who"]
        constraints = [models.UniqueConstraint(fields=["verb", "who"], name="points_rule_unique")]

    def __str__(self) -> str:
        return f"{self.verb} → {self.who}: {self.points:+d}"


class PointsEntry(models.Model):
    """One line of the append-only points ledger."""

    STAFF_GRANT = "staff.grant"

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="points_entries",
    )
    points = models.IntegerField(_("points"))
    verb = models.CharField(_("verb"), max_length=64)
    activity = models.ForeignKey(
        "core.Activity",
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    product = models.ForeignKey(
        "forum.Product",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("points entry")
        verbose_name_plural = _("points entries")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["member", "verb", "created_at"]),
            models.Index(fields=["created_at"]),
            models.Index(fields=["product", "created_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "member", "verb"],
                condition=models.Q(activity__isnull=False),
                name="points_entry_once_per_activity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.points:+d} {self.verb}"


class MemberStats(models.Model):
    """Everything reputation needs to know about a member, counted once by
    actions and read everywhere. A member without a row is a Lv.1 member."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="reputation",
    )
    points = models.IntegerField(_("points"), default=0)
    level = models.PositiveSmallIntegerField(_("level"), default=1)
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices, default=Tier.MEMBER)
    tier_locked = models.BooleanField(
        _("tier locked"),
        default=False,
        help_text=_("Automatic promotion leaves a locked tier alone."),
    )
    threads = models.PositiveIntegerField(_("threads"), default=0)
    posts = models.PositiveIntegerField(_("posts"), default=0)
    likes_given = models.PositiveIntegerField(_("likes given"), default=0)
    likes_received = models.PositiveIntegerField(_("likes received"), default=0)
    days_visited = models.PositiveIntegerField(_("days visited"), default=0)
    last_visit_date = models.DateField(_("last visit"), null=True, blank=True)
    flags_agreed = models.PositiveIntegerField(_("flags agreed"), default=0)
    medals = models.PositiveSmallIntegerField(_("medals"), default=0)
    best_report_streak = models.PositiveSmallIntegerField(
        _("longest report streak"),
        default=0,
        help_text=_("Most consecutive releases of one channel the member filed a report on."),
    )

    class Meta:
        verbose_name = _("member stats")
        verbose_name_plural = _("member stats")
        indexes = [
            models.Index(fields=["-points"], name="stats_points"),
            models.Index(fields=["tier"], name="stats_tier"),
        ]

    def __str__(self) -> str:
        return str(self.member_id)

    @property
    def tier_choice(self) -> Tier:
        return Tier(self.tier)


class ProcessedActivity(models.Model):
    """A receipt: this activity has been turned into points and counters, so a
    retried fan-out does not count it twice."""

    activity = models.OneToOneField(
        "core.Activity", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("processed activity")
        verbose_name_plural = _("processed activities")

    def __str__(self) -> str:
        return str(self.activity_id)


class TierChange(models.Model):
    """History: every change of a member's tier, automatic or by staff."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="tier_changes",
    )
    previous = models.CharField(_("from"), max_length=20, choices=Tier.choices)
    tier = models.CharField(_("to"), max_length=20, choices=Tier.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty for an automatic promotion."),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("tier change")
        verbose_name_plural = _("tier changes")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.previous} → {self.tier}"


class Medal(models.Model):
    """A badge, with the rule that earns it as data: {"stat": "posts", "gte": 10}
    compares a member's stats row; {"verb": "thread.created", "count_gte": 1}
    counts their activities."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=80)
    name_zh = models.CharField(_("name (Chinese)"), max_length=80, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    description_zh = models.CharField(_("description (Chinese)"), max_length=300, blank=True)
    icon = models.CharField(_("icon"), max_length=8, help_text=_("An emoji or a short text."))
    criteria = models.JSONField(_("criteria"), default=dict)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    holder_count = models.PositiveIntegerField(_("holders"), default=0)

    class Meta:
        verbose_name = _("medal")
        verbose_name_plural = _("medals")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.name_zh if self.name_zh and _is_chinese() else self.name

    @property
    def display_description(self) -> str:
        return self.description_zh if self.description_zh and _is_chinese() else self.description


def _is_chinese() -> bool:
    return (get_language() or "").startswith("zh")


class MedalGrant(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="medal_grants",
    )
    medal = models.ForeignKey(
        Medal, verbose_name=_("medal"), on_delete=models.CASCADE, related_name="grants"
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        verbose_name = _("medal grant")
        verbose_name_plural = _("medal grants")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "medal"], name="medal_grant_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.medal_id}"


class CertificationRequest(models.Model):
    """A member asks to be certified; staff approve or reject."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="certification_requests",
    )
    message = models.TextField(_("message"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)

    class Meta:
        verbose_name = _("certification request")
        verbose_name_plural = _("certification requests")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(status="pending"),
                name="one_pending_certification_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} ({self.status})"
