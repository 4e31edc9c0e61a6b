from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cocreate.forum.images import make_post_image
from cocreate.releases.enums import Severity
from cocreate.releases.models import Release

from .actions import REASON_MAX, RESPONSE_MAX
from .enums import ApplicationStatus, BugStatus
from .models import BetaApplication, BugReport
from .queries import releases_for_bugs, releases_of_product

SHOW = (("mine", _("My reports")), ("program", _("My programs")), ("queue", _("Triage queue")))
DECISIONS = (
    (ApplicationStatus.ACCEPTED.value, _("Accept")),
    (ApplicationStatus.WAITLISTED.value, _("Waitlist")),
    (ApplicationStatus.REJECTED.value, _("Reject")),
)
TRIAGE = (
    (BugStatus.CONFIRMED.value, BugStatus.CONFIRMED.label),
    (BugStatus.FIXED.value, BugStatus.FIXED.label),
    (BugStatus.WONT_FIX.value, BugStatus.WONT_FIX.label),
)


class ApplyForm(forms.Form):
    """Applying: the risk statement's version read, acknowledged, and a few words."""

    risk_version = forms.IntegerField(min_value=1, max_value=1_000_000, widget=forms.HiddenInput)
    accept_risk = forms.BooleanField(
        label=_("I have read the risk statement and accept it."),
        error_messages={"required": _("Tick the box to accept the risk statement.")},
    )
    motivation = forms.CharField(
        label=_("Why you want to test"),
        max_length=BetaApplication._meta.get_field("motivation").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    device = forms.CharField(
        label=_("Your device"),
        max_length=BetaApplication._meta.get_field("device").max_length,
        required=False,
    )

    def cleaned_data_for_action(self) -> dict[str, Any]:
        """The keywords of actions.apply_to_program."""
        return {
            "risk_version": self.cleaned_data["risk_version"],
            "motivation": self.cleaned_data["motivation"],
            "device": self.cleaned_data["device"],
        }


class DecisionForm(forms.Form):
    status = forms.ChoiceField(label=_("Decision"), choices=DECISIONS)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX,
        required=False,
        help_text=_("Required to reject; the applicant reads it."),
    )


class RemoveForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX,
        help_text=_("The member reads it."),
    )


class RiskForm(forms.Form):
    text = forms.CharField(
        label=_("Risk statement"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )
    text_zh = forms.CharField(
        label=_("Risk statement (Chinese)"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class BugForm(forms.Form):
    """A bug on one of the builds the member may report on."""

    release = forms.ModelChoiceField(label=_("Build"), queryset=Release.objects.none())
    title = forms.CharField(
        label=_("Title"), max_length=BugReport._meta.get_field("title").max_length
    )
    steps = forms.CharField(
        label=_("Steps to reproduce"),
        max_length=BugReport._meta.get_field("steps").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    expected = forms.CharField(
        label=_("What you expected"),
        max_length=BugReport._meta.get_field("expected").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    actual = forms.CharField(
        label=_("What happened instead"),
        max_length=BugReport._meta.get_field("actual").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    severity = forms.ChoiceField(
        label=_("Severity"), choices=Severity.choices, initial=Severity.MEDIUM
    )
    screenshot = forms.FileField(
        label=_("Screenshot"),
        required=False,
        help_text=_("Optional. A JPEG, PNG, GIF or WebP image."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["release"].queryset = releases_for_bugs(user)  # type: ignore[attr-defined]

    def clean_screenshot(self) -> Any:
        """Checked and re-encoded here, so a bad image is a form error."""
        upload = self.cleaned_data.get("screenshot")
        if not upload:
            return None
        try:
            return make_post_image(upload)
        except ValidationError as error:
            raise ValidationError(error.messages) from error


class BugListForm(forms.Form):
    show = forms.ChoiceField(choices=SHOW, required=False)
    status = forms.ChoiceField(choices=BugStatus.choices, required=False)
    severity = forms.ChoiceField(choices=Severity.choices, required=False)
    release = forms.IntegerField(min_value=1, max_value=2**63 - 1, required=False)
    page = forms.IntegerField(min_value=1, max_value=100_000, required=False)


class TriageForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=TRIAGE)
    fixed_in = forms.ModelChoiceField(
        label=_("Fixed in"),
        queryset=Release.objects.none(),
        required=False,
        help_text=_("The release that fixes it, when fixed."),
    )
    response = forms.CharField(
        label=_("Response"),
        max_length=RESPONSE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The reporter reads it."),
    )

    def __init__(self, *args: Any, bug: BugReport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fixed_in"].queryset = releases_of_product(bug.release.product_id)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == BugStatus.FIXED and not data.get("fixed_in"):
            self.add_error("fixed_in", _("Choose the release that fixes it."))
        return data
