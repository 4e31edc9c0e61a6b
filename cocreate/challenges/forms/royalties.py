"""The royalty pages' forms: adopting an entry, recording a sales period,
the ledger's filters and the rows to mark paid. They parse; the rules are
in actions.royalties."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.forum.models import Product

from ..enums import LedgerKind


class AdoptForm(forms.Form):
    product = forms.ModelChoiceField(
        label=_("Product line"),
        queryset=Product.objects.filter(is_active=True).order_by("position", "name"),
    )
    product_name = forms.CharField(label=_("Product name"), max_length=120)
    royalty_rate = forms.DecimalField(
        label=_("Royalty rate"),
        min_value=Decimal("0"),
        max_value=Decimal("1"),
        max_digits=5,
        decimal_places=4,
        help_text=_("Share of net revenue paid to the creators; 0.0100 is 1%."),
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, min_length=3, initial="CNY")


class SalesPeriodForm(forms.Form):
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    units = forms.IntegerField(label=_("Units sold"), min_value=0, max_value=2_000_000_000)
    revenue = forms.DecimalField(
        label=_("Net revenue"), min_value=Decimal("0"), max_digits=14, decimal_places=2
    )


PAID_CHOICES = [("", _("Paid and owed")), ("owed", _("Owed")), ("paid", _("Paid"))]


class LedgerFilterForm(forms.Form):
    """`/challenges/ledger/?member=…&kind=…&paid=…&challenge=…&page=…`."""

    member = forms.CharField(label=_("Member"), max_length=150, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("Prizes and royalties")), *LedgerKind.choices],
        required=False,
    )
    paid = forms.ChoiceField(label=_("Payment"), choices=PAID_CHOICES, required=False)
    challenge = forms.SlugField(label=_("Challenge"), required=False)
    page = forms.IntegerField(min_value=1, max_value=100_000, required=False)


class MarkPaidForm(forms.Form):
    rows = forms.TypedMultipleChoiceField(coerce=int, choices=[], required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any row id parses; the action marks only unpaid rows that exist.
        self.fields["rows"].valid_value = lambda value: str(value).isdigit()  # type: ignore[attr-defined]
