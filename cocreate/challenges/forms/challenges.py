"""The challenge pages' forms: the index's filters, a challenge (with its
deadlines read in its own time zone), a prize, an attachment and a
workflow step. They validate input; the actions decide and write."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.forum.models import Product
from cocreate.reputation.enums import Tier
from cocreate.reputation.models import Medal

from ..actions.challenges import TIMELINE_FIELDS, PrizeData, check_time_zone
from ..enums import ChallengeKind, ChallengeStatus
from ..models import Challenge, Prize
from ..queries.challenges import TABS, challenge_products

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ChallengeListForm(forms.Form):
    """`/challenges/?tab=…&product=…&page=…`."""

    tab = forms.ChoiceField(choices=list(TABS.items()), required=False)
    product = forms.ModelChoiceField(
        queryset=challenge_products(), to_field_name="slug", required=False
    )
    page = forms.IntegerField(min_value=1, max_value=100_000, required=False)

    def clean(self):
        data = super().clean()
        data["tab"] = data.get("tab") or "open"
        data["page"] = data.get("page") or 1
        return data


def _text(label, field: str, *, rows: int = 8, required: bool = False, help_text: Any = ""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=Challenge._meta.get_field(field).max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


class ChallengeForm(forms.Form):
    """A challenge as staff write it. The deadlines are typed as wall-clock
    times where the challenge lives (`time_zone`) and stored as instants."""

    product = forms.ModelChoiceField(
        label=_("Product"),
        queryset=Product.objects.filter(is_active=True),
        to_field_name="slug",
        empty_label=None,
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=ChallengeKind.choices,
        help_text=_(
            "A design contest has a public gallery the community scores; a solution "
            "challenge keeps entries private to the team and the jury."
        ),
    )
    slug = forms.SlugField(
        label=_("Address"),
        max_length=50,
        help_text=_("Letters, digits and dashes: /challenges/<address>/."),
    )
    name = forms.CharField(label=_("Name"), max_length=80)
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=80, required=False)
    description = forms.CharField(
        label=_("Summary"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One paragraph for the cards."),
    )
    description_zh = forms.CharField(
        label=_("Summary (Chinese)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    cover = forms.ImageField(
        label=_("Cover image"),
        required=False,
        help_text=_("A wide picture for the top of the page; JPEG, PNG or WebP."),
    )
    brief = _text(_("Brief"), "brief", rows=10, help_text=_("Markdown."))
    brief_zh = _text(_("Brief (Chinese)"), "brief_zh", rows=10)
    rules = _text(_("Rules"), "rules", help_text=_("Markdown."))
    rules_zh = _text(_("Rules (Chinese)"), "rules_zh")
    ip_terms = _text(
        _("IP terms"), "ip_terms", help_text=_("The license or assignment every entrant accepts.")
    )
    ip_terms_zh = _text(_("IP terms (Chinese)"), "ip_terms_zh")
    min_level = forms.IntegerField(label=_("Minimum level"), min_value=1, max_value=100, initial=1)
    min_tier = forms.ChoiceField(label=_("Minimum tier"), choices=Tier.choices, initial=Tier.MEMBER)
    min_account_days = forms.IntegerField(
        label=_("Minimum account age (days)"), min_value=0, max_value=3650, initial=0
    )
    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        help_text=_("Deadlines are entered and shown in it, like Asia/Shanghai."),
    )
    opens_at = forms.DateTimeField(label=_("Opens"), widget=DATETIME_WIDGET)
    submissions_close_at = forms.DateTimeField(label=_("Entries close"), widget=DATETIME_WIDGET)
    scoring_closes_at = forms.DateTimeField(
        label=_("Community scoring closes"),
        widget=DATETIME_WIDGET,
        required=False,
        help_text=_("Design contests only."),
    )
    judging_closes_at = forms.DateTimeField(
        label=_("Judging ends (planned)"), widget=DATETIME_WIDGET
    )
    hide_scores_until_closed = forms.BooleanField(
        label=_("Hide scores until scoring closes"), required=False, initial=True
    )
    weight_by_tier = forms.BooleanField(label=_("Weigh community scores by tier"), required=False)
    jury_share = forms.IntegerField(
        label=_("Jury's share of the final score (%)"), min_value=0, max_value=100, initial=70
    )
    prior_mean = forms.DecimalField(
        label=_("Prior mean score"), min_value=0, max_value=5, decimal_places=2, initial="2.50"
    )
    prior_votes = forms.IntegerField(
        label=_("Prior weight (scores)"), min_value=0, max_value=10_000, initial=10
    )
    royalty_rate = forms.DecimalField(
        label=_("Royalty rate"),
        min_value=0,
        max_value=1,
        decimal_places=4,
        initial="0.0100",
        help_text=_("Share of net revenue paid to an adopted entry's creators; 0.0100 is 1%."),
    )

    FIELDSETS = (
        (
            _("The challenge"),
            (
                "product",
                "kind",
                "slug",
                "name",
                "name_zh",
                "description",
                "description_zh",
                "cover",
            ),
        ),
        (
            _("Brief, rules and IP terms"),
            ("brief", "brief_zh", "rules", "rules_zh", "ip_terms", "ip_terms_zh"),
        ),
        (_("Timeline"), ("time_zone", *TIMELINE_FIELDS)),
        (_("Who may enter"), ("min_level", "min_tier", "min_account_days")),
        (
            _("Scoring and ranking"),
            (
                "hide_scores_until_closed",
                "weight_by_tier",
                "jury_share",
                "prior_mean",
                "prior_votes",
                "royalty_rate",
            ),
        ),
    )

    def __init__(self, *args, challenge: Challenge | None = None, **kwargs) -> None:
        if challenge is not None:
            kwargs.setdefault("initial", initial_of(challenge))
        super().__init__(*args, **kwargs)
        self.challenge = challenge
        if challenge is not None:
            del self.fields["product"]
            if challenge.status != ChallengeStatus.DRAFT:
                self.fields["kind"].disabled = True
                self.fields["kind"].help_text = _("Fixed once the challenge is published.")

    def fieldsets(self):
        for title, names in self.FIELDSETS:
            yield title, [self[name] for name in names if name in self.fields]

    def clean_time_zone(self) -> str:
        name = self.cleaned_data["time_zone"].strip()
        try:
            check_time_zone(name)
        except forms.ValidationError as refused:
            raise forms.ValidationError(refused.messages[0]) from None
        return name

    def clean(self):
        data = super().clean()
        zone = data.get("time_zone")
        if zone:
            for name in TIMELINE_FIELDS:
                if data.get(name):
                    data[name] = self._kept(name, _in_zone(data[name], ZoneInfo(zone)))
        return data

    def _kept(self, name: str, moment: datetime) -> datetime:
        """The stored instant when the minute typed is the one shown: the
        form has no seconds, and saving must not move a deadline by them."""
        stored = getattr(self.challenge, name, None)
        if stored is not None and stored.replace(second=0, microsecond=0) == moment:
            return stored
        return moment

    def values(self) -> dict[str, Any]:
        """The keywords of create_challenge / update_challenge."""
        values = dict(self.cleaned_data)
        values.pop("product", None)
        values.pop("cover", None)
        return values


def _in_zone(value: datetime, zone: ZoneInfo) -> datetime:
    # The field read the time in the site's zone: take the wall-clock time
    # typed and place it in the challenge's.
    return timezone.make_naive(value).replace(tzinfo=zone)


def initial_of(challenge: Challenge) -> dict[str, Any]:
    zone = ZoneInfo(challenge.time_zone)
    initial = {name: getattr(challenge, name) for name in ChallengeForm.base_fields}
    initial.pop("cover")
    for name in TIMELINE_FIELDS:
        moment = getattr(challenge, name)
        initial[name] = moment.astimezone(zone).replace(tzinfo=None) if moment else None
    return initial


class PrizeForm(forms.Form):
    rank = forms.IntegerField(label=_("Rank"), min_value=1, max_value=1000)
    label = forms.CharField(label=_("Label"), max_length=80)
    label_zh = forms.CharField(label=_("Label (Chinese)"), max_length=80, required=False)
    cash = forms.DecimalField(
        label=_("Cash"), min_value=0, max_digits=12, decimal_places=2, initial="0.00"
    )
    currency = forms.RegexField(
        label=_("Currency"),
        regex=r"^[A-Z]{3}$",
        initial="CNY",
        error_messages={"invalid": _("Three capital letters, like CNY or USD.")},
    )
    points = forms.IntegerField(label=_("Points"), min_value=0, max_value=1_000_000, initial=0)
    medal = forms.ModelChoiceField(
        label=_("Medal"), queryset=Medal.objects.filter(is_active=True), required=False
    )

    def __init__(self, *args, prize: Prize | None = None, **kwargs) -> None:
        if prize is not None:
            kwargs.setdefault("initial", {name: getattr(prize, name) for name in self.base_fields})
        super().__init__(*args, **kwargs)

    def prize_data(self) -> PrizeData:
        return PrizeData(**self.cleaned_data)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        max_length=200,
        help_text=_("PDF, PNG, JPEG, ZIP, text or Markdown; at most 20 MB."),
    )


class TransitionForm(forms.Form):
    action = forms.ChoiceField(choices=(("publish", _("Publish")), ("close", _("Close"))))
