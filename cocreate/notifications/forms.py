import re

from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import User

from .enums import CHANNELS, DigestFrequency, NotificationKind
from .models import Preferences


class PreferencesForm(forms.Form):
    """A checkbox per kind and channel, the digest, and the muted members."""

    digest = forms.ChoiceField(
        label=_("Digest of unread notifications"), choices=DigestFrequency.choices
    )
    muted = forms.CharField(
        label=_("Muted members"),
        required=False,
        max_length=2000,
        help_text=_("Usernames separated by spaces or commas. Nothing they do notifies you."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind in NotificationKind.values:
            for channel in CHANNELS:
                self.fields[f"{channel}_{kind}"] = forms.BooleanField(required=False)

    @classmethod
    def for_preferences(cls, preferences: Preferences, data=None) -> "PreferencesForm":
        initial = {
            f"{channel}_{kind}": preferences.wants(kind, channel)
            for kind in NotificationKind.values
            for channel in CHANNELS
        }
        initial["digest"] = preferences.digest
        if preferences.pk:
            initial["muted"] = " ".join(preferences.muted.values_list("username", flat=True))
        return cls(data, initial=initial)

    def clean_muted(self) -> list[User]:
        names = {
            name.lstrip("@") for name in re.split(r"[\s,，]+", self.cleaned_data["muted"]) if name
        }
        members = list(User.objects.filter(username__in=names, is_active=True))
        if unknown := names - {member.username for member in members}:
            raise forms.ValidationError(
                _("No member is called %(names)s."), params={"names": ", ".join(sorted(unknown))}
            )
        return members

    def channels(self) -> dict[str, dict[str, bool]]:
        return {
            kind: {channel: self.cleaned_data[f"{channel}_{kind}"] for channel in CHANNELS}
            for kind in NotificationKind.values
        }

    def rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        """(label, in-app checkbox, e-mail checkbox) per kind, for the table."""
        return [
            (label, self[f"in_app_{kind}"], self[f"email_{kind}"])
            for kind, label in NotificationKind.choices
        ]

    def other_fields(self) -> list[forms.BoundField]:
        return [self["digest"], self["muted"]]
