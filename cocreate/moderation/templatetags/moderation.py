from typing import Any

from django import template

from cocreate.moderation.permissions import can_see_review_queue

register = template.Library()


@register.filter
def sees_review_queue(user: Any) -> bool:
    """`{% if user|sees_review_queue %}`: staff, board moderators and seniors."""
    return can_see_review_queue(user)
