from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cocreate.core.ratelimit import hit, is_limited

from .images import check_image
from .models import User


class ProfileForm(forms.Form):
    """The public profile. A plain form, not a ModelForm: validating must not
    touch the member until `update_profile` saves the change."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=60,
        required=False,
        help_text=_("Shown instead of your username. Leave empty to use your username."),
    )
    bio = forms.CharField(
        label=_("Bio"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("A few words about you. Markdown is allowed."),
    )
    city = forms.CharField(label=_("City"), max_length=80, required=False)
    language = forms.ChoiceField(
        label=_("Preferred language"),
        required=False,
        choices=[("", _("Follow my browser")), *settings.LANGUAGES],
    )

    @classmethod
    def for_member(cls, member: User, data=None) -> "ProfileForm":
        return cls(data, initial={name: getattr(member, name) for name in cls.base_fields})


class AvatarForm(forms.Form):
    avatar = forms.FileField(
        label=_("New avatar"),
        help_text=_("A JPEG, PNG, GIF or WebP image. It is cropped to a square."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}),
    )

    def clean_avatar(self):
        upload = self.cleaned_data["avatar"]
        check_image(upload)
        return upload


class DeleteAccountForm(forms.Form):
    """Deleting an account cannot be undone, so the member types their
    username and proves they know the password. Wrong passwords are rate
    limited like logins: a borrowed session must not become a password oracle."""

    username = forms.CharField(label=_("Your username"), max_length=150)
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, member: User, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.member = member
        self.fields["username"].help_text = _("Type “%(username)s” to confirm.") % {
            "username": member.username
        }

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if username != self.member.username:
            raise forms.ValidationError(
                _("Type your username exactly as shown to confirm."), code="mismatch"
            )
        return username

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        scope, ident, rate = "delete-account", str(self.member.pk), settings.LOGIN_RATE_LIMIT
        if is_limited(scope, ident, rate):
            raise forms.ValidationError(
                _("Too many failed attempts. Try again later."), code="rate_limited"
            )
        if not self.member.check_password(password):
            hit(scope, ident, rate)
            raise forms.ValidationError(_("The password is not correct."), code="wrong_password")
        return password
