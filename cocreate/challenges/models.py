"""Challenges: design contests and solution challenges, their entries and
teams, community scores, jury judgements, prizes, adoptions and the ledger
of what each creator is owed.

Counters are kept on the rows (a challenge's entries and scores; an entry's
score sums, flags and judgements) and recounted by `counters.py`. Community
scores are weighted in hundredths (100 = one ordinary member's score), so
sums are integers and a recount is exact; amounts of money are `Decimal`.
"""

from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.core.bilingual import pick
from cocreate.forum.models import Bilingual
from cocreate.releases.models import default_timezone
from cocreate.reputation.enums import Tier

from .enums import ChallengeKind, ChallengeStatus, EntryStatus, LedgerKind, ScoreFlag, TeamStatus

# A community score counts this many hundredths of a vote, unless the
# challenge weighs scores by tier (see scoring.weight_for).
ORDINARY_WEIGHT = 100
MAX_SCORE = 5
MAX_JUDGEMENT = 10


class Challenge(Bilingual):
    """A contest or a problem a product team puts to the community.

    `description` is the one-paragraph summary shown on cards; `brief`,
    `rules` and `ip_terms` are the full texts (Markdown, rendered on save
    into the `*_html` fields). Deadlines are instants; `time_zone` is how
    they are shown and entered."""

    product = models.ForeignKey(
        "forum.Product",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="challenges",
    )
    slug = models.SlugField(_("slug"), unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=ChallengeKind.choices, default=ChallengeKind.DESIGN
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ChallengeStatus.choices, default=ChallengeStatus.DRAFT
    )
    cover = models.ImageField(_("cover image"), upload_to="challenges/%Y/%m/", blank=True)
    brief = models.TextField(_("brief"), max_length=20000)
    brief_zh = models.TextField(_("brief (Chinese)"), blank=True, max_length=20000)
    brief_html = models.TextField(editable=False, blank=True)
    brief_zh_html = models.TextField(editable=False, blank=True)
    rules = models.TextField(_("rules"), blank=True, max_length=20000)
    rules_zh = models.TextField(_("rules (Chinese)"), blank=True, max_length=20000)
    rules_html = models.TextField(editable=False, blank=True)
    rules_zh_html = models.TextField(editable=False, blank=True)
    ip_terms = models.TextField(
        _("IP terms"),
        max_length=20000,
        help_text=_("The license or assignment every entrant accepts."),
    )
    ip_terms_zh = models.TextField(_("IP terms (Chinese)"), blank=True, max_length=20000)
    ip_terms_html = models.TextField(editable=False, blank=True)
    ip_terms_zh_html = models.TextField(editable=False, blank=True)
    # Eligibility: the same three rules as beta programs.
    min_level = models.PositiveSmallIntegerField(_("minimum level"), default=1)
    min_tier = models.CharField(
        _("minimum tier"), max_length=20, choices=Tier.choices, default=Tier.MEMBER
    )
    min_account_days = models.PositiveIntegerField(_("minimum account age (days)"), default=0)
    # Timeline.
    time_zone = models.CharField(_("timezone"), max_length=64, default=default_timezone)
    opens_at = models.DateTimeField(_("opens"))
    submissions_close_at = models.DateTimeField(_("entries close"))
    scoring_closes_at = models.DateTimeField(
        _("community scoring closes"),
        null=True,
        blank=True,
        help_text=_("Design contests only: scoring runs from the entry deadline to this."),
    )
    judging_closes_at = models.DateTimeField(_("judging ends (planned)"))
    announced_at = models.DateTimeField(_("winners announced"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Scoring and ranking.
    hide_scores_until_closed = models.BooleanField(
        _("hide scores until scoring closes"), default=True
    )
    weight_by_tier = models.BooleanField(_("weigh community scores by tier"), default=False)
    jury_share = models.PositiveSmallIntegerField(
        _("jury's share of the final score (%)"),
        default=70,
        validators=[MaxValueValidator(100)],
        help_text=_("The community's share is the rest; solution challenges use the jury only."),
    )
    prior_mean = models.DecimalField(
        _("prior mean score"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("2.50"),
        help_text=_("What an entry with few scores is pulled towards."),
    )
    prior_votes = models.PositiveSmallIntegerField(
        _("prior weight (scores)"),
        default=10,
        help_text=_("How many ordinary scores the prior mean counts as."),
    )
    royalty_rate = models.DecimalField(
        _("royalty rate"),
        max_digits=5,
        decimal_places=4,
        default=Decimal("0.0100"),
        help_text=_("Share of net revenue paid to an adopted entry's creators; 0.0100 is 1%."),
    )
    # Counters.
    entry_count = models.PositiveIntegerField(_("entries"), default=0)
    score_count = models.PositiveIntegerField(_("scores"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["-opens_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-opens_at"], name="challenge_status"),
            models.Index(fields=["product", "status", "-opens_at"], name="challenge_product"),
        ]

    def get_absolute_url(self) -> str:
        return reverse("challenges:detail", args=[self.slug])

    @property
    def kind_choice(self) -> ChallengeKind:
        return ChallengeKind(self.kind)

    @property
    def is_design(self) -> bool:
        return self.kind == ChallengeKind.DESIGN

    @property
    def status_choice(self) -> ChallengeStatus:
        return ChallengeStatus(self.status)

    @property
    def community_share(self) -> int:
        return 0 if not self.is_design else 100 - self.jury_share

    def current_status(self, now: datetime | None = None) -> ChallengeStatus:
        """The phase the deadlines put the challenge in at `now`: the server
        enforces these, whatever `status` says until the minute task has
        caught up. Draft, announced and closed change only by staff."""
        status = self.status_choice
        if status in (ChallengeStatus.DRAFT, *(s for s in ChallengeStatus if s.is_finished)):
            return status
        now = now or timezone.now()
        if now < self.submissions_close_at:
            return ChallengeStatus.OPEN
        if self.is_design and self.scoring_closes_at and now < self.scoring_closes_at:
            return ChallengeStatus.SCORING
        return ChallengeStatus.JUDGING

    def is_upcoming(self, now: datetime | None = None) -> bool:
        """Published, but not open for entries yet."""
        return self.status != ChallengeStatus.DRAFT and (now or timezone.now()) < self.opens_at

    def takes_entries(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.current_status(now).takes_entries and not self.is_upcoming(now)

    @property
    def display_brief_html(self) -> str:
        return pick(self.brief_html, self.brief_zh_html)

    @property
    def display_rules_html(self) -> str:
        return pick(self.rules_html, self.rules_zh_html)

    @property
    def display_ip_terms_html(self) -> str:
        return pick(self.ip_terms_html, self.ip_terms_zh_html)


class ChallengeAttachment(models.Model):
    """A file of the brief: specifications, templates, brand assets."""

    challenge = models.ForeignKey(
        Challenge,
        verbose_name=_("challenge"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to="challenges/files/%Y/%m/", max_length=200)
    name = models.CharField(_("name"), max_length=150)
    size = models.PositiveIntegerField(_("size (bytes)"))
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["challenge", "name"]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    """One thing the jury judges, with its weight in the jury score."""

    challenge = models.ForeignKey(
        Challenge, verbose_name=_("challenge"), on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("name"), max_length=80)
    name_zh = models.CharField(_("name (Chinese)"), max_length=80, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    description_zh = models.CharField(_("description (Chinese)"), max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["challenge", "position", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return pick(self.name, self.name_zh)

    @property
    def display_description(self) -> str:
        return pick(self.description, self.description_zh)


class Judge(models.Model):
    challenge = models.ForeignKey(
        Challenge, verbose_name=_("challenge"), on_delete=models.CASCADE, related_name="judges"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="judge_seats",
    )
    created_at = models.DateTimeField(_("assigned"), default=timezone.now)

    class Meta:
        verbose_name = _("judge")
        verbose_name_plural = _("judges")
        constraints = [
            models.UniqueConstraint(fields=["challenge", "member"], name="judge_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} @ {self.challenge_id}"


class Prize(models.Model):
    """What the entry ranked `rank` wins: cash (split by the team's shares),
    points (to every confirmed teammate) and a medal."""

    challenge = models.ForeignKey(
        Challenge, verbose_name=_("challenge"), on_delete=models.CASCADE, related_name="prizes"
    )
    rank = models.PositiveSmallIntegerField(_("rank"), validators=[MinValueValidator(1)])
    label = models.CharField(_("label"), max_length=80)
    label_zh = models.CharField(_("label (Chinese)"), max_length=80, blank=True)
    cash = models.DecimalField(_("cash"), max_digits=12, decimal_places=2, default=Decimal("0.00"))
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    points = models.PositiveIntegerField(_("points"), default=0)
    medal = models.ForeignKey(
        "reputation.Medal",
        verbose_name=_("medal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("prize")
        verbose_name_plural = _("prizes")
        ordering = ["challenge", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "rank"], name="prize_rank_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.challenge_id} #{self.rank}"

    @property
    def display_label(self) -> str:
        return pick(self.label, self.label_zh)


class Entry(models.Model):
    """A member's (or a team's) submission to a challenge.

    The cover's thumbnail is copied onto the row so a gallery page is one
    query. `score_sum` and `score_weight` are in hundredths of a vote over
    the scores that are not void; `community_score` is their Bayesian
    average (see scoring.py), `jury_score` the weighted mean of judgements
    (0–10), `final_score` and `rank` are set when the challenge is ranked."""

    challenge = models.ForeignKey(
        Challenge, verbose_name=_("challenge"), on_delete=models.CASCADE, related_name="entries"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="challenge_entries",
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=10000)
    description_html = models.TextField(editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.SUBMITTED
    )
    thumbnail = models.ImageField(
        _("thumbnail"), upload_to="entries/thumbs/%Y/%m/", blank=True, max_length=200
    )
    terms_accepted_at = models.DateTimeField(_("IP terms accepted"))
    is_shortlisted = models.BooleanField(_("shortlisted"), default=False)
    score_count = models.PositiveIntegerField(_("scores"), default=0)
    score_sum = models.PositiveBigIntegerField(_("weighted score sum"), default=0)
    score_weight = models.PositiveBigIntegerField(_("weight of scores"), default=0)
    community_score = models.FloatField(_("community score"), default=0)
    flagged_count = models.PositiveIntegerField(_("flagged scores"), default=0)
    judgement_count = models.PositiveIntegerField(_("judgements"), default=0)
    jury_score = models.FloatField(_("jury score"), null=True, blank=True)
    final_score = models.FloatField(_("final score"), null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["challenge", "status", "-created_at", "-id"], name="entry_new"),
            models.Index(
                fields=["challenge", "status", "-community_score", "-id"], name="entry_score"
            ),
            models.Index(fields=["challenge", "rank"], name="entry_rank"),
            models.Index(fields=["author", "-created_at"], name="entry_author"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("challenges:entry", args=[self.pk])

    @property
    def status_choice(self) -> EntryStatus:
        return EntryStatus(self.status)

    @property
    def is_active(self) -> bool:
        return self.status == EntryStatus.SUBMITTED


class EntryImage(models.Model):
    """An image of an entry, re-encoded, with a thumbnail for the gallery."""

    entry = models.ForeignKey(
        Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="images"
    )
    image = models.ImageField(_("image"), upload_to="entries/%Y/%m/", max_length=200)
    thumbnail = models.ImageField(_("thumbnail"), upload_to="entries/thumbs/%Y/%m/", max_length=200)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("entry image")
        verbose_name_plural = _("entry images")
        ordering = ["entry", "position", "id"]

    def __str__(self) -> str:
        return str(self.image.name)


class EntryFile(models.Model):
    """A file of an entry (a source file, a PDF of a solution), type- and
    size-limited."""

    entry = models.ForeignKey(
        Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("file"), upload_to="entries/files/%Y/%m/", max_length=200)
    name = models.CharField(_("name"), max_length=150)
    size = models.PositiveIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("type"), max_length=100)
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("entry file")
        verbose_name_plural = _("entry files")
        ordering = ["entry", "name"]

    def __str__(self) -> str:
        return self.name


class EntryMember(models.Model):
    """A member of an entry's team with their share (percent) of any prize
    and royalty. The author is a confirmed member too; shares are split
    among the confirmed members in proportion (see ledger.split_amount)."""

    entry = models.ForeignKey(
        Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="team"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="entry_teams",
    )
    share = models.DecimalField(
        _("share (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=TeamStatus.choices, default=TeamStatus.INVITED
    )
    is_author = models.BooleanField(_("author"), default=False)
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["entry", "-is_author", "invited_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "member"], name="entry_member_unique"),
        ]
        indexes = [models.Index(fields=["member", "status"], name="entry_member_member")]

    def __str__(self) -> str:
        return f"{self.member_id} ∈ {self.entry_id}"


class Score(models.Model):
    """One member's community score of one entry, changeable while scoring
    is open. `weight` is in hundredths of a vote; `network` is a hash of
    the scorer's network (never the address) for spotting bursts."""

    entry = models.ForeignKey(
        Entry,
        verbose_name=_("entry"),
        on_delete=models.CASCADE,
        related_name="scores",
        db_index=False,
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="entry_scores",
        db_index=False,
    )
    challenge = models.ForeignKey(
        Challenge,
        verbose_name=_("challenge"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    value = models.PositiveSmallIntegerField(_("score"), validators=[MaxValueValidator(MAX_SCORE)])
    weight = models.PositiveSmallIntegerField(_("weight"), default=ORDINARY_WEIGHT)
    network = models.CharField(_("network"), max_length=16, blank=True)
    flag = models.CharField(
        _("flag"), max_length=20, choices=ScoreFlag.choices, default=ScoreFlag.NONE, blank=True
    )
    is_void = models.BooleanField(_("void"), default=False)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("scored"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["entry", "member"], name="score_unique"),
        ]
        indexes = [
            models.Index(fields=["member", "challenge"], name="score_member_challenge"),
            models.Index(fields=["challenge", "network", "created_at"], name="score_network"),
            models.Index(
                fields=["challenge", "flag"],
                name="score_flagged",
                condition=~models.Q(flag=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.entry_id}: {self.value}"


class Judgement(models.Model):
    """A judge's score (0–10) of a shortlisted entry on one criterion."""

    entry = models.ForeignKey(
        Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="judgements"
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("judge"),
        on_delete=models.CASCADE,
        related_name="judgements",
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="judgements"
    )
    value = models.PositiveSmallIntegerField(
        _("score"), validators=[MaxValueValidator(MAX_JUDGEMENT)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("judged"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("judgement")
        verbose_name_plural = _("judgements")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "judge", "criterion"], name="judgement_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.judge_id} → {self.entry_id}/{self.criterion_id}: {self.value}"


class Award(models.Model):
    """A confirmed winner: the entry that took a prize."""

    challenge = models.ForeignKey(
        Challenge, verbose_name=_("challenge"), on_delete=models.CASCADE, related_name="awards"
    )
    prize = models.ForeignKey(
        Prize, verbose_name=_("prize"), on_delete=models.PROTECT, related_name="awards"
    )
    entry = models.OneToOneField(
        Entry, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="award"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("confirmed"), default=timezone.now)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["challenge", "prize__rank"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "prize"], name="award_prize_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} #{self.prize_id}"


class Adoption(models.Model):
    """An entry the company makes into a product, earning its creators
    `royalty_rate` of each recorded sales period's revenue."""

    entry = models.OneToOneField(
        Entry, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="adoption"
    )
    product = models.ForeignKey(
        "forum.Product", verbose_name=_("product"), on_delete=models.PROTECT, related_name="+"
    )
    product_name = models.CharField(_("product name"), max_length=120)
    royalty_rate = models.DecimalField(_("royalty rate"), max_digits=5, decimal_places=4)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("adopted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    adopted_at = models.DateTimeField(_("adopted"), default=timezone.now)

    class Meta:
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        ordering = ["-adopted_at"]

    def __str__(self) -> str:
        return self.product_name


class SalesPeriod(models.Model):
    """Sales of an adopted design over a period, as staff record them."""

    adoption = models.ForeignKey(
        Adoption, verbose_name=_("adoption"), on_delete=models.PROTECT, related_name="periods"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    units = models.PositiveIntegerField(_("units sold"))
    revenue = models.DecimalField(_("net revenue"), max_digits=14, decimal_places=2)
    royalty = models.DecimalField(_("royalty"), max_digits=14, decimal_places=2)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("sales period")
        verbose_name_plural = _("sales periods")
        ordering = ["adoption", "-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["adoption", "starts_on"], name="sales_period_unique"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="sales_period_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.adoption_id} {self.starts_on}–{self.ends_on}"


class LedgerEntry(models.Model):
    """What one member is owed: their share of a prize or of a sales
    period's royalty. Rows are written once and never edited but to record
    the payment."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=LedgerKind.choices)
    entry = models.ForeignKey(
        Entry, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="ledger_entries"
    )
    award = models.ForeignKey(
        Award,
        verbose_name=_("award"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    sales_period = models.ForeignKey(
        SalesPeriod,
        verbose_name=_("sales period"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    share = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["member", "-created_at"], name="ledger_member")]
        constraints = [
            models.UniqueConstraint(fields=["award", "member"], name="ledger_award_member"),
            models.UniqueConstraint(fields=["sales_period", "member"], name="ledger_period_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.kind} {self.amount} {self.currency}"
