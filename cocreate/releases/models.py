from datetime import time

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.core.bilingual import pick
from cocreate.forum.models import Bilingual

from .enums import Channel, CreditRole, EntryKind, ReleaseStatus, Severity

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


def default_timezone() -> str:
    return settings.TIME_ZONE


class ProductReleaseSettings(models.Model):
    """A product's release rhythm and its four-grid report: the weekday and
    time builds come out, the timezone those are read in, the weekday the
    report window closes (at 24:00), and the grids' wording (empty: the
    standard wording)."""

    product = models.OneToOneField(
        "forum.Product",
        verbose_name=_("product"),
        on_delete=models.CASCADE,
        related_name="release_settings",
    )
    time_zone = models.CharField(_("timezone"), max_length=64, default=default_timezone)
    release_weekday = models.PositiveSmallIntegerField(
        _("release day"), choices=WEEKDAYS, default=4
    )
    release_time = models.TimeField(_("release time"), default=time(18, 0))
    report_closes_weekday = models.PositiveSmallIntegerField(
        _("reports close on"),
        choices=WEEKDAYS,
        default=1,
        help_text=_("A release's report window closes at the end of this day after it."),
    )
    liked_label = models.CharField(_("grid 1 (liked most)"), max_length=80, blank=True)
    liked_label_zh = models.CharField(_("grid 1 (Chinese)"), max_length=80, blank=True)
    disliked_label = models.CharField(_("grid 2 (liked least)"), max_length=80, blank=True)
    disliked_label_zh = models.CharField(_("grid 2 (Chinese)"), max_length=80, blank=True)
    problems_label = models.CharField(_("grid 3 (problems found)"), max_length=80, blank=True)
    problems_label_zh = models.CharField(_("grid 3 (Chinese)"), max_length=80, blank=True)
    next_label = models.CharField(_("grid 4 (want next)"), max_length=80, blank=True)
    next_label_zh = models.CharField(_("grid 4 (Chinese)"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("product release settings")
        verbose_name_plural = _("product release settings")

    def __str__(self) -> str:
        return str(self.product)

    @property
    def grid_labels(self) -> dict[str, str]:
        """The four grids' titles in the reader's language."""
        return {
            "liked": pick(self.liked_label, self.liked_label_zh) or str(_("Liked most")),
            "disliked": pick(self.disliked_label, self.disliked_label_zh) or str(_("Liked least")),
            "problems": pick(self.problems_label, self.problems_label_zh)
            or str(_("Problems found")),
            "next": pick(self.next_label, self.next_label_zh) or str(_("Want next")),
        }


class Team(Bilingual):
    """A team of the company that owns changelog entries and wins the
    feature-of-the-week award."""

    product = models.ForeignKey(
        "forum.Product", verbose_name=_("product"), on_delete=models.CASCADE, related_name="teams"
    )
    slug = models.SlugField(_("slug"))
    award_count = models.PositiveIntegerField(_("awards"), default=0)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["product", "slug"], name="team_product_slug"),
        ]


class Release(models.Model):
    """One build of a product on a channel. Its report tallies are counted on
    the row by the report actions: how many reports, the sum of their scores
    and how many gave each score, and how many problems they listed."""

    product = models.ForeignKey(
        "forum.Product",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="releases",
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    version = models.CharField(_("version"), max_length=40)
    codename = models.CharField(_("name"), max_length=80, blank=True)
    release_date = models.DateField(
        _("release date"), help_text=_("Its day on the release calendar.")
    )
    notes = models.TextField(_("notes"), blank=True, max_length=20000)
    notes_html = models.TextField(_("notes (HTML)"), blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=ReleaseStatus.choices, default=ReleaseStatus.DRAFT
    )
    publish_at = models.DateTimeField(
        _("publish at"), null=True, blank=True, help_text=_("When a scheduled release goes out.")
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    reports_close_at = models.DateTimeField(_("reports close"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    audience_count = models.PositiveIntegerField(
        _("audience"),
        default=0,
        help_text=_("Members expected to report, counted when it was published."),
    )
    report_count = models.PositiveIntegerField(_("reports"), default=0)
    score_total = models.PositiveIntegerField(_("sum of scores"), default=0)
    score_1 = models.PositiveIntegerField(_("scores of 1"), default=0)
    score_2 = models.PositiveIntegerField(_("scores of 2"), default=0)
    score_3 = models.PositiveIntegerField(_("scores of 3"), default=0)
    score_4 = models.PositiveIntegerField(_("scores of 4"), default=0)
    score_5 = models.PositiveIntegerField(_("scores of 5"), default=0)
    problem_count = models.PositiveIntegerField(_("problems"), default=0)

    class Meta:
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        ordering = ["-release_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "channel", "version"], name="release_version_unique"
            ),
        ]
        indexes = [
            models.Index(
                fields=["product", "channel", "status", "-published_at"], name="release_channel"
            ),
            models.Index(fields=["status", "-published_at"], name="release_published"),
            models.Index(fields=["status", "publish_at"], name="release_due"),
            models.Index(fields=["product", "release_date"], name="release_calendar"),
        ]

    def __str__(self) -> str:
        return f"{self.version} ({self.get_channel_display()})"

    def get_absolute_url(self) -> str:
        return reverse("releases:detail", args=[self.pk])

    @property
    def status_choice(self) -> ReleaseStatus:
        return ReleaseStatus(self.status)

    @property
    def channel_choice(self) -> Channel:
        return Channel(self.channel)

    @property
    def is_published(self) -> bool:
        return self.status == ReleaseStatus.PUBLISHED

    @property
    def average_score(self) -> float | None:
        return self.score_total / self.report_count if self.report_count else None

    @property
    def score_counts(self) -> list[int]:
        """How many reports gave 1, 2, 3, 4 and 5."""
        return [self.score_1, self.score_2, self.score_3, self.score_4, self.score_5]


class ChangelogEntry(models.Model):
    """One line of a release's changelog, with the ideas it ships and its
    four-grid tallies: how many reports liked it most and how many least."""

    release = models.ForeignKey(
        Release, verbose_name=_("release"), on_delete=models.CASCADE, related_name="entries"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    title = models.CharField(_("title"), max_length=150)
    title_zh = models.CharField(_("title (Chinese)"), max_length=150, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    description_zh = models.TextField(_("description (Chinese)"), blank=True, max_length=5000)
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="entries",
    )
    ideas = models.ManyToManyField(
        "ideas.Idea", verbose_name=_("ideas it ships"), blank=True, related_name="changelog_entries"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    liked_count = models.PositiveIntegerField(_("liked most"), default=0)
    disliked_count = models.PositiveIntegerField(_("liked least"), default=0)

    class Meta:
        verbose_name = _("changelog entry")
        verbose_name_plural = _("changelog entries")
        ordering = ["release", "position", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        return pick(self.title, self.title_zh)

    @property
    def display_description(self) -> str:
        return pick(self.description, self.description_zh)

    @property
    def net_liking(self) -> int:
        return self.liked_count - self.disliked_count


class ExperienceReport(models.Model):
    """A member's four-grid experience report on one release: what they liked
    most and least (picked entries, in `ReportPick`), the problems they found
    (`ReportProblem`), what they want next, and a score from 1 to 5."""

    release = models.ForeignKey(
        Release, verbose_name=_("release"), on_delete=models.CASCADE, related_name="reports"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="experience_reports",
    )
    score = models.PositiveSmallIntegerField(_("overall score"))
    liked_comment = models.TextField(_("why you liked them"), blank=True, max_length=2000)
    disliked_comment = models.TextField(_("why you did not"), blank=True, max_length=2000)
    want_next = models.TextField(_("what you want next"), blank=True, max_length=2000)
    want_next_idea = models.ForeignKey(
        "ideas.Idea",
        verbose_name=_("idea you want next"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("filed"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("experience report")
        verbose_name_plural = _("experience reports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["release", "member"], name="report_one_per_member"),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="report_score_1_to_5"
            ),
        ]
        indexes = [models.Index(fields=["member", "-created_at"], name="report_member")]

    def __str__(self) -> str:
        return f"{self.member_id} on {self.release_id}"


class ReportPick(models.Model):
    """An entry a report liked most (`liked`) or least (not `liked`); an entry
    is picked at most once per report."""

    report = models.ForeignKey(
        ExperienceReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="picks"
    )
    entry = models.ForeignKey(
        ChangelogEntry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="picks"
    )
    liked = models.BooleanField(_("liked most"))

    class Meta:
        verbose_name = _("report pick")
        verbose_name_plural = _("report picks")
        constraints = [
            models.UniqueConstraint(fields=["report", "entry"], name="pick_once_per_report"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {'+' if self.liked else '-'} {self.entry_id}"


class ReportProblem(models.Model):
    """A problem a report found: what happened, how bad, and a screenshot."""

    report = models.ForeignKey(
        ExperienceReport,
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        related_name="problems",
    )
    text = models.TextField(_("problem"), max_length=2000)
    severity = models.CharField(
        _("severity"), max_length=20, choices=Severity.choices, default=Severity.MEDIUM
    )
    screenshot = models.ImageField(
        _("screenshot"), upload_to="reports/%Y/%m/", blank=True, max_length=200
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("reported problem")
        verbose_name_plural = _("reported problems")
        ordering = ["report", "position", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class FeatureAward(models.Model):
    """Feature of the week: the entry of a release with the best net liking
    when its report window closed, and the team behind it."""

    release = models.OneToOneField(
        Release, verbose_name=_("release"), on_delete=models.CASCADE, related_name="award"
    )
    entry = models.ForeignKey(
        ChangelogEntry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="+"
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="awards",
    )
    net_liking = models.IntegerField(_("net liking"))
    awarded_at = models.DateTimeField(_("awarded"), default=timezone.now)

    class Meta:
        verbose_name = _("feature of the week")
        verbose_name_plural = _("features of the week")
        ordering = ["-awarded_at"]

    def __str__(self) -> str:
        return f"{self.release_id}: {self.entry_id}"


class ReleaseCredit(models.Model):
    """A member who co-created a release, and how: written when it is
    published (idea authors, early supporters) and when a bug is marked fixed
    in it, so profiles and the credits page read one indexed table."""

    release = models.ForeignKey(
        Release, verbose_name=_("release"), on_delete=models.CASCADE, related_name="credits"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="release_credits",
    )
    role = models.CharField(_("role"), max_length=20, choices=CreditRole.choices)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("co-creator credit")
        verbose_name_plural = _("co-creator credits")
        ordering = ["release", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "member", "role"], name="credit_once_per_role"
            ),
        ]
        indexes = [models.Index(fields=["member", "-release"], name="credit_member")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.role} {self.release_id}"
