from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cocreate.forum.forms import BODY_HELP
from cocreate.reputation.enums import Tier

from .actions import RESPONSE_MAX
from .enums import STAFF_SET, IdeaSort, IdeaStatus
from .models import Idea
from .queries import active_products, tags

# The submit page's form: fields placed after the similar ideas (which hold
# forms of their own, and forms cannot nest) join it by this id.
IDEA_FORM_ID = "idea-form"
SHOW = (("mine", _("My ideas")), ("supported", _("Supported")))


class IdeaListForm(forms.Form):
    """The query string of an idea list."""

    sort = forms.ChoiceField(choices=IdeaSort.choices, required=False)
    product = forms.ModelChoiceField(
        queryset=active_products(), to_field_name="slug", required=False
    )
    status = forms.ChoiceField(choices=IdeaStatus.choices, required=False)
    tag = forms.ModelChoiceField(queryset=tags(), to_field_name="slug", required=False)
    show = forms.ChoiceField(choices=SHOW, required=False)
    page = forms.IntegerField(min_value=1, max_value=100_000, required=False)

    def clean(self):
        data = super().clean()
        data["sort"] = data.get("sort") or IdeaSort.HOT
        data["page"] = data.get("page") or 1
        return data


class RoadmapForm(forms.Form):
    """`/ideas/roadmap/?product=…`: one product's roadmap, or every product's."""

    product = forms.ModelChoiceField(
        queryset=active_products(), to_field_name="slug", required=False
    )


class DemandForm(forms.Form):
    """The demand pages' query string: the ideas lists' filters, and the tier
    whose wishes to rank (VIPs unless another is asked for)."""

    product = forms.ModelChoiceField(
        queryset=active_products(), to_field_name="slug", required=False
    )
    status = forms.ChoiceField(choices=IdeaStatus.choices, required=False)
    tag = forms.ModelChoiceField(queryset=tags(), to_field_name="slug", required=False)
    tier = forms.ChoiceField(choices=Tier.choices, required=False)

    def clean(self):
        data = super().clean()
        data["tier"] = Tier(data.get("tier") or Tier.VIP)
        return data


class IdeaForm(forms.Form):
    """Proposing an idea (with its product) or editing one (without)."""

    product = forms.ModelChoiceField(
        label=_("Product"),
        queryset=active_products(),
        to_field_name="slug",
        empty_label=None,
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=Idea._meta.get_field("title").max_length,
        help_text=_("One sentence: what should the product do?"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=Idea._meta.get_field("description").max_length,
        widget=forms.Textarea(attrs={"rows": 8, "form": IDEA_FORM_ID}),
        help_text=format_lazy("{} {}", _("Why it matters and how it would work."), BODY_HELP),
    )
    tags = forms.ModelMultipleChoiceField(
        label=_("Tags"),
        queryset=tags(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"form": IDEA_FORM_ID}),
    )

    def __init__(self, *args, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["product"]

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Give your idea a title."))
        return title


class SimilarForm(forms.Form):
    """`/ideas/similar?q=…&product=…`; the submit form's title field sends `title`."""

    q = forms.CharField(max_length=200, required=False)
    title = forms.CharField(max_length=200, required=False)
    product = forms.ModelChoiceField(
        queryset=active_products(), to_field_name="slug", required=False
    )

    def clean(self):
        data = super().clean()
        data["text"] = data.get("q") or data.get("title") or ""
        return data


class SupportForm(forms.Form):
    supported = forms.BooleanField(required=False)
    next = forms.CharField(max_length=500, required=False)


class StatusForm(forms.Form):
    """The team's status change. Every status the team sets is accepted here,
    so a move the workflow forbids is refused with the workflow's reason; the
    menu offers only the allowed ones."""

    status = forms.ChoiceField(
        label=_("New status"), choices=[(s.value, s.label) for s in STAFF_SET]
    )
    response = forms.CharField(
        label=_("Public response"),
        max_length=RESPONSE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Everyone following the idea reads it. Markdown."),
    )

    def __init__(self, *args, idea: Idea, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        allowed = [s for s in STAFF_SET if IdeaStatus(idea.status).can_become(s)]
        self.fields["status"].widget.choices = [(s.value, s.label) for s in allowed]


class MergeForm(forms.Form):
    into = forms.IntegerField(
        label=_("Original idea number"),
        min_value=1,
        max_value=2**63 - 1,
        help_text=_("The number in the original's address: /ideas/<number>/."),
    )
    response = forms.CharField(
        label=_("Note for its supporters"),
        max_length=RESPONSE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
