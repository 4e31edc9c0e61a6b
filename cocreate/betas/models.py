from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.core.bilingual import pick
from cocreate.forum.models import Bilingual
from cocreate.releases.enums import Channel, Severity
from cocreate.releases.models import default_timezone
from cocreate.reputation.enums import Tier

from .enums import ApplicationStatus, BugStatus, MembershipStatus, ProgramKind, RemovalReason


class BetaProgram(Bilingual):
    """A group of members who take a product's builds on one channel before
    everyone else, knowing the risk, and keep to its participation rules.
    Every number of the rules is a field here, so staff tune them per
    program. Member, waiting-list and pending counts are kept on the row."""

    product = models.ForeignKey(
        "forum.Product",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="beta_programs",
    )
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.BETA
    )
    slug = models.SlugField(_("slug"), unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=ProgramKind.choices, default=ProgramKind.CLOSED
    )
    is_active = models.BooleanField(_("taking applications"), default=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), default=0, help_text=_("How many members at most; 0 for no limit.")
    )
    min_level = models.PositiveSmallIntegerField(_("minimum level"), default=1)
    min_tier = models.CharField(
        _("minimum tier"), max_length=20, choices=Tier.choices, default=Tier.MEMBER
    )
    min_account_days = models.PositiveIntegerField(_("minimum account age (days)"), default=0)
    time_zone = models.CharField(_("timezone"), max_length=64, default=default_timezone)
    # Participation rules, evaluated every week at the end of Sunday.
    requires_report_each_release = models.BooleanField(
        _("a report for every release of the week"), default=True
    )
    min_feedback_posts = models.PositiveSmallIntegerField(
        _("feedback posts a week"),
        default=0,
        help_text=_("Posts on the product's boards or bug reports; 0 for no such rule."),
    )
    exempt_days = models.PositiveSmallIntegerField(_("days exempt after joining"), default=7)
    removed_cooldown_days = models.PositiveSmallIntegerField(
        _("days before a removed member may re-apply"), default=30
    )
    left_cooldown_days = models.PositiveSmallIntegerField(
        _("days before a member who left may re-apply"), default=14
    )
    warn_hours = models.PositiveSmallIntegerField(
        _("hours of warning before the evaluation"), default=24
    )
    member_count = models.PositiveIntegerField(_("members"), default=0)
    waitlist_count = models.PositiveIntegerField(_("on the waiting list"), default=0)
    pending_count = models.PositiveIntegerField(_("applications waiting"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("beta program")
        verbose_name_plural = _("beta programs")
        ordering = ["product", "name"]
        indexes = [models.Index(fields=["product", "channel"], name="beta_product_channel")]

    def get_absolute_url(self) -> str:
        return reverse("betas:detail", args=[self.slug])

    @property
    def is_full(self) -> bool:
        return bool(self.capacity) and self.member_count >= self.capacity


class RiskStatement(models.Model):
    """What a program's members risk, as versioned text: an applicant
    acknowledges the version current when they apply."""

    program = models.ForeignKey(
        BetaProgram, verbose_name=_("program"), on_delete=models.CASCADE, related_name="risks"
    )
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"), max_length=10000)
    text_zh = models.TextField(_("text (Chinese)"), blank=True, max_length=10000)
    created_at = models.DateTimeField(_("published"), default=timezone.now)

    class Meta:
        verbose_name = _("risk statement")
        verbose_name_plural = _("risk statements")
        ordering = ["program", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["program", "version"], name="risk_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.program_id} v{self.version}"

    @property
    def display_text(self) -> str:
        return pick(self.text, self.text_zh)


class BetaApplication(models.Model):
    program = models.ForeignKey(
        BetaProgram,
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="applications",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="beta_applications",
    )
    risk = models.ForeignKey(
        RiskStatement,
        verbose_name=_("risk acknowledged"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    motivation = models.TextField(_("why you want to test"), blank=True, max_length=2000)
    device = models.CharField(_("device"), max_length=100, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when a rule decided."),
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("applied"), default=timezone.now)

    class Meta:
        verbose_name = _("beta application")
        verbose_name_plural = _("beta applications")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "member"],
                condition=models.Q(status__in=["pending", "waitlisted"]),
                name="application_one_waiting",
            ),
        ]
        indexes = [
            models.Index(fields=["program", "status", "created_at"], name="application_queue"),
            models.Index(fields=["member", "-created_at"], name="application_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.program_id} ({self.status})"


class BetaMembership(models.Model):
    """A member's time in a program: active until they leave or are removed,
    then kept as history with the day they may re-apply."""

    program = models.ForeignKey(
        BetaProgram,
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="beta_memberships",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MembershipStatus.choices,
        default=MembershipStatus.ACTIVE,
    )
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    end_reason = models.CharField(
        _("why it ended"), max_length=20, choices=RemovalReason.choices, blank=True
    )
    reason = models.CharField(_("note"), max_length=500, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("removed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    may_reapply_at = models.DateTimeField(_("may re-apply from"), null=True, blank=True)

    class Meta:
        verbose_name = _("beta membership")
        verbose_name_plural = _("beta memberships")
        ordering = ["-joined_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "member"],
                condition=models.Q(status="active"),
                name="membership_one_active",
            ),
        ]
        indexes = [
            models.Index(fields=["program", "status", "joined_at"], name="membership_program"),
            models.Index(fields=["member", "status"], name="membership_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} in {self.program_id} ({self.status})"


class BetaEvaluation(models.Model):
    """One weekly evaluation of a program's participation rules, for the week
    ending at `period_end`: written when members are warned, completed when
    the rules are applied, so neither happens twice."""

    program = models.ForeignKey(
        BetaProgram,
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    period_end = models.DateTimeField(_("week ending"))
    warned_at = models.DateTimeField(_("warned"), null=True, blank=True)
    warned_count = models.PositiveIntegerField(_("warned"), default=0)
    evaluated_at = models.DateTimeField(_("evaluated"), null=True, blank=True)
    kept_count = models.PositiveIntegerField(_("kept"), default=0)
    removed_count = models.PositiveIntegerField(_("removed"), default=0)
    exempt_count = models.PositiveIntegerField(_("exempt"), default=0)

    class Meta:
        verbose_name = _("beta evaluation")
        verbose_name_plural = _("beta evaluations")
        ordering = ["program", "-period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "period_end"], name="evaluation_once_a_week"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program_id} {self.period_end:%Y-%m-%d}"


class BugReport(models.Model):
    """A bug a beta member found in a build, and how the team triaged it."""

    release = models.ForeignKey(
        "releases.Release",
        verbose_name=_("build"),
        on_delete=models.CASCADE,
        related_name="bug_reports",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        on_delete=models.CASCADE,
        related_name="bug_reports",
    )
    title = models.CharField(_("title"), max_length=150)
    steps = models.TextField(_("steps to reproduce"), max_length=5000)
    expected = models.TextField(_("expected"), max_length=2000)
    actual = models.TextField(_("actual"), max_length=2000)
    severity = models.CharField(
        _("severity"), max_length=20, choices=Severity.choices, default=Severity.MEDIUM
    )
    screenshot = models.ImageField(
        _("screenshot"), upload_to="bugs/%Y/%m/", blank=True, max_length=200
    )
    status = models.CharField(
        _("status"), max_length=20, choices=BugStatus.choices, default=BugStatus.NEW
    )
    fixed_in = models.ForeignKey(
        "releases.Release",
        verbose_name=_("fixed in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fixed_bugs",
    )
    response = models.TextField(_("team response"), blank=True, max_length=5000)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("triaged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    triaged_at = models.DateTimeField(_("triaged"), null=True, blank=True)
    created_at = models.DateTimeField(_("filed"), default=timezone.now)

    class Meta:
        verbose_name = _("bug report")
        verbose_name_plural = _("bug reports")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["release", "status"], name="bug_release"),
            models.Index(fields=["reporter", "-created_at"], name="bug_reporter"),
            models.Index(fields=["status", "-created_at"], name="bug_queue"),
        ]

    def __str__(self) -> str:
        return self.title
