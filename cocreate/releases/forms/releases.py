"""The release pages' forms: list filters, a release's header, a changelog
entry with the ideas it ships, and the publishing time."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.forum.models import Product
from cocreate.ideas.models import Idea

from ..enums import Channel, EntryKind
from ..models import ChangelogEntry, Release, Team
from ..queries.releases import release_products

VERSION_PATTERN = r"^[0-9A-Za-z][0-9A-Za-z.+_-]*$"


class ReleaseListForm(forms.Form):
    """`/releases/?product=…&channel=…&page=…`."""

    product = forms.ModelChoiceField(
        queryset=release_products(), to_field_name="slug", required=False
    )
    channel = forms.ChoiceField(choices=Channel.choices, required=False)
    page = forms.IntegerField(min_value=1, max_value=100_000, required=False)

    def clean(self):
        data = super().clean()
        data["page"] = data.get("page") or 1
        if not data.get("product"):
            data["product"] = release_products().first()
        return data


class CalendarForm(forms.Form):
    product = forms.ModelChoiceField(
        queryset=release_products(), to_field_name="slug", required=False
    )

    def clean(self):
        data = super().clean()
        if not data.get("product"):
            data["product"] = release_products().first()
        return data


class ReleaseForm(forms.Form):
    """A release's header and notes; the product only when drafting."""

    product = forms.ModelChoiceField(
        label=_("Product"),
        queryset=Product.objects.filter(is_active=True),
        to_field_name="slug",
        empty_label=None,
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    version = forms.RegexField(
        label=_("Version"),
        regex=VERSION_PATTERN,
        max_length=Release._meta.get_field("version").max_length,
        help_text=_("For example 3.2.1 or 3.3.0-beta.1: letters, digits, dots and dashes."),
        error_messages={"invalid": _("Use letters, digits, dots and dashes only.")},
    )
    codename = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=Release._meta.get_field("codename").max_length,
        help_text=_("Optional: what people will call this build."),
    )
    release_date = forms.DateField(
        label=_("Release date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Its day on the release calendar."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=Release._meta.get_field("notes").max_length,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What testers should know about this build. Markdown."),
    )

    def __init__(self, *args, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["product"]


class IdeaNumbersField(forms.Field):
    """Ideas by number: every value sent under the field's name (a text box
    of numbers, checkboxes from the search), split on commas and spaces."""

    widget = forms.TextInput

    default_error_messages = {
        "invalid": _("Write idea numbers separated by commas, like 12, 15."),
        "missing": _("There is no idea %(numbers)s."),
    }

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "numeric", "autocomplete": "off"}

    def to_python(self, value) -> list[Idea]:
        values = value if isinstance(value, list | tuple) else [value or ""]
        words = [word for text in values for word in re.split(r"[\s,，#]+", str(text)) if word]
        if not all(word.isdigit() and len(word) < 19 for word in words):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        numbers = list(dict.fromkeys(int(word) for word in words))
        found = Idea.objects.in_bulk(numbers)
        missing = [str(number) for number in numbers if number not in found]
        if missing:
            raise forms.ValidationError(
                self.error_messages["missing"],
                code="missing",
                params={"numbers": ", ".join(missing)},
            )
        return [found[number] for number in numbers]

    def prepare_value(self, value) -> str:
        if isinstance(value, list | tuple):
            return ", ".join(str(getattr(idea, "pk", idea)) for idea in value)
        return value or ""


class IdeaNumbersInput(forms.TextInput):
    """Reads every value sent under its name (the box and the search's checkboxes)."""

    def value_from_datadict(self, data, files, name):
        getlist = getattr(data, "getlist", None)
        return getlist(name) if getlist else data.get(name)


class EntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EntryKind.choices)
    title = forms.CharField(
        label=_("Title"), max_length=ChangelogEntry._meta.get_field("title").max_length
    )
    title_zh = forms.CharField(
        label=_("Title (Chinese)"),
        required=False,
        max_length=ChangelogEntry._meta.get_field("title_zh").max_length,
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=ChangelogEntry._meta.get_field("description").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    description_zh = forms.CharField(
        label=_("Description (Chinese)"),
        required=False,
        max_length=ChangelogEntry._meta.get_field("description_zh").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    ideas = IdeaNumbersField(
        label=_("Ideas it ships"),
        widget=IdeaNumbersInput,
        help_text=_(
            "Numbers of open ideas of this product, separated by commas; or search below. "
            "Publishing the release marks them shipped."
        ),
    )

    def __init__(self, *args, product: Product, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(product=product)  # type: ignore[attr-defined]

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Give the change a title."))
        return title


class MoveForm(forms.Form):
    offset = forms.TypedChoiceField(choices=[("-1", "up"), ("1", "down")], coerce=int)


class IdeaSearchForm(forms.Form):
    q = forms.CharField(max_length=100, required=False)


class ScheduleForm(forms.Form):
    """When to publish, read as a time where the product lives."""

    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, zone: ZoneInfo, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.fields["publish_at"].help_text = _("In the product's time zone, %(zone)s.") % {
            "zone": zone.key
        }

    def clean_publish_at(self) -> datetime:
        # The field read the time in the site's zone: take the wall-clock
        # time it typed and place it in the product's.
        value = self.cleaned_data["publish_at"]
        return timezone.make_naive(value).replace(tzinfo=self.zone)
