"""`{{ rate|rate_percent }}`: a royalty rate (0.0125) as a percent (1.25%)."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def rate_percent(rate: Decimal) -> str:
    percent = (Decimal(rate) * 100).normalize()
    places = max(0, -percent.as_tuple().exponent)  # type: ignore[operator]
    return f"{number_format(percent, decimal_pos=places)}%"
