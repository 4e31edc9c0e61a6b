"""``{% load reputation %}``: a member's standing and tier badges."""

from django import template
from django.utils.html import format_html

from ..enums import Tier
from ..queries import Standing, standing_of

register = template.Library()


@register.simple_tag
def standing(member: object) -> Standing:
    """``{% standing member as standing %}`` — level, progress, tier and medals."""
    return standing_of(member)


@register.simple_tag
def tier_badge(tier: str) -> str:
    """``{% tier_badge "vip" %}`` — the tier's name as a coloured badge."""
    choice = Tier(tier)
    return format_html('<span class="badge tier tier-{}">{}</span>', choice.value, choice.label)
