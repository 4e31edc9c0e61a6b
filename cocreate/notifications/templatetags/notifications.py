from django import template

from cocreate.notifications.models import Notification
from cocreate.notifications.text import describe as describe_notification

register = template.Library()


@register.filter
def describe(notification: Notification) -> str:
    """``{{ notification|describe }}`` — the notification as one sentence."""
    return describe_notification(notification)
