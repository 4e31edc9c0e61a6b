from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from . import registry
from .queries import MAX_PAGE, MAX_QUERY_LENGTH


class SearchForm(forms.Form):
    """The query string of the search page. The words themselves are checked
    by `queries.parse_query` when searching, which says what is wrong."""

    q = forms.CharField(
        label=_("Search for"),
        required=False,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "maxlength": MAX_QUERY_LENGTH,
                "autocomplete": "off",
                "enterkeyhint": "search",
                "placeholder": _("Words in titles, posts and ideas"),
            }
        ),
    )
    type = forms.ChoiceField(label=_("Type"), required=False)
    product = forms.ChoiceField(label=_("Product"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    page = forms.IntegerField(min_value=1, max_value=MAX_PAGE, required=False)

    def __init__(self, *args: Any, products: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.products = {product.slug: product for product in products}
        self.fields["type"].choices = [
            ("", _("Everything")),
            *((kind, source.label_plural) for kind, source in registry.sources().items()),
        ]
        self.fields["product"].choices = [
            ("", _("All products")),
            *((product.slug, product.display_name) for product in products),
        ]
        self.fields["status"].choices = [("", _("Any status")), *registry.status_choices()]
        for name in ("type", "product", "status"):
            self.fields[name].error_messages["invalid_choice"] = _(
                "This filter has no such choice."
            )

    @property
    def product_id(self) -> int | None:
        product = self.products.get(self.cleaned_data.get("product") or "")
        return product.pk if product else None

    def filters(self) -> dict[str, str]:
        """The filters in force, for the pagination links."""
        return {
            name: self.cleaned_data[name]
            for name in ("q", "type", "product", "status")
            if self.cleaned_data.get(name)
        }
