from html import unescape

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from cocreate.forum.models import Bilingual

from .enums import IdeaStatus

IDEAS_PER_PAGE = 25


class Tag(Bilingual):
    """A topic staff attach ideas to ("camera", "battery"), named in English
    and, optionally, Chinese."""

    slug = models.SlugField(_("slug"), unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("idea tag")
        verbose_name_plural = _("idea tags")
        ordering = ["position", "name"]


class ProductIdeaSettings(models.Model):
    """How a product takes ideas: the board their discussions live on, and the
    support threshold (LEGO style) that sends an idea to review by itself."""

    product = models.OneToOneField(
        "forum.Product",
        verbose_name=_("product"),
        on_delete=models.CASCADE,
        related_name="idea_settings",
    )
    board = models.OneToOneField(
        "forum.Board",
        verbose_name=_("ideas board"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="idea_settings",
        help_text=_("Where each idea's discussion is a thread; created with the first idea."),
    )
    threshold_supports = models.PositiveIntegerField(
        _("support threshold"),
        default=0,
        help_text=_(
            "An idea with this many supports goes to review by itself; 0 turns the threshold off."
        ),
    )
    threshold_days = models.PositiveIntegerField(
        _("days to reach it"),
        default=60,
        help_text=_("How long after its submission an idea may gather them."),
    )
    archive_unreached = models.BooleanField(
        _("archive ideas that miss it"),
        default=False,
        help_text=_("New ideas still short of the threshold when their time is up are archived."),
    )

    class Meta:
        verbose_name = _("product idea settings")
        verbose_name_plural = _("product idea settings")

    def __str__(self) -> str:
        return str(self.product)

    @property
    def has_threshold(self) -> bool:
        return self.threshold_supports > 0 and self.threshold_days > 0


class Idea(models.Model):
    """Something a member proposes for a product. Its discussion is a forum
    thread (replies, likes, quotes, flags and moderation work as anywhere in
    the forum); its supports are counted on the row."""

    product = models.ForeignKey(
        "forum.Product", verbose_name=_("product"), on_delete=models.PROTECT, related_name="ideas"
    )
    thread = models.OneToOneField(
        "forum.Thread",
        verbose_name=_("discussion"),
        on_delete=models.PROTECT,
        related_name="idea",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="ideas",
    )
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), max_length=10000)
    description_html = models.TextField(_("HTML"), editable=False)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="ideas")
    status = models.CharField(
        _("status"), max_length=20, choices=IdeaStatus.choices, default=IdeaStatus.NEW
    )
    support_count = models.PositiveIntegerField(_("supports"), default=0)
    hot_score = models.FloatField(_("hot score"), default=0)
    created_at = models.DateTimeField(_("submitted"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    response = models.TextField(_("latest response"), blank=True)
    response_html = models.TextField(_("latest response (HTML)"), blank=True, editable=False)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-hot_score", "-id"], name="idea_hot"),
            models.Index(fields=["-support_count", "-id"], name="idea_top"),
            models.Index(fields=["-created_at", "-id"], name="idea_new"),
            models.Index(fields=["product", "-hot_score", "-id"], name="idea_product_hot"),
            models.Index(fields=["product", "-support_count", "-id"], name="idea_product_top"),
            models.Index(fields=["product", "-created_at", "-id"], name="idea_product_new"),
            models.Index(fields=["product", "status", "-status_changed_at"], name="idea_status"),
            models.Index(fields=["author", "-created_at"], name="idea_author"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ideas:detail", args=[self.pk])

    @property
    def status_choice(self) -> IdeaStatus:
        return IdeaStatus(self.status)

    @property
    def response_text(self) -> str:
        """The team's latest response as one line of plain text, for excerpts."""
        return " ".join(unescape(strip_tags(self.response_html)).split())


class Support(models.Model):
    """One member's support for one idea: at most one each.

    Three indexes serve every read, and each support insert updates only
    them: (idea, member), the unique constraint, for an idea's supporters;
    (member, idea) for a member's supports and the demand by tier; (time,
    idea) for trending. The foreign keys' own indexes would be prefixes of
    the first two."""

    idea = models.ForeignKey(
        Idea,
        verbose_name=_("idea"),
        on_delete=models.CASCADE,
        related_name="supports",
        db_index=False,
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="idea_supports",
        db_index=False,
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(fields=["idea", "member"], name="support_unique"),
        ]
        indexes = [
            models.Index(fields=["member", "idea"], name="support_member_idea"),
            models.Index(fields=["created_at", "idea"], name="support_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.idea_id}"


class StatusChange(models.Model):
    """One step of an idea's public status timeline, with the team's response."""

    idea = models.ForeignKey(
        Idea, verbose_name=_("idea"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=IdeaStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=IdeaStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the site changed it (support threshold)."),
    )
    response = models.TextField(_("response"), blank=True)
    response_html = models.TextField(_("response (HTML)"), blank=True, editable=False)
    duplicate_of = models.ForeignKey(
        Idea,
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["idea", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.idea_id}: {self.from_status} → {self.to_status}"

    @property
    def status(self) -> IdeaStatus:
        return IdeaStatus(self.to_status)
