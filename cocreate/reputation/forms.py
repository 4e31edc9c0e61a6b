from django import forms
from django.utils.translation import gettext_lazy as _


class CertificationRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Why should we certify you?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class LeaderboardForm(forms.Form):
    window = forms.ChoiceField(
        choices=[("week", _("This week")), ("month", _("This month")), ("all", _("All time"))],
        required=False,
    )
    product = forms.SlugField(required=False)
