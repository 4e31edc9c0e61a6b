"""Notification e-mails: one at a time or as a digest, always in the member's
language and with a one-click unsubscribe link. Written to the outbox in the
caller's transaction; the worker delivers them."""

from collections.abc import Sequence

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.urls import reverse

from cocreate.accounts.models import User
from cocreate.core.mail import render_email

from .enums import NotificationKind
from .models import Notification

UNSUBSCRIBE_SALT = "cocreate.notifications.unsubscribe"


def unsubscribe_token(member: User, kind: str = "") -> str:
    """A signed token that turns off e-mails about `kind` ("" for all of them)."""
    return signing.dumps({"m": member.pk, "k": kind}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(member id, kind) from a genuine token; None for anything else."""
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict):
        return None
    member_id, kind = value.get("m"), value.get("k")
    if not isinstance(member_id, int) or kind not in {"", *NotificationKind.values}:
        return None
    return member_id, kind


def send_notification_email(notification: Notification) -> None:
    member = notification.recipient
    _send(
        member,
        "notifications/email/notification",
        {"notification": notification},
        kind=notification.kind,
    )


def send_digest(member: User, notifications: Sequence[Notification], frequency: str) -> None:
    _send(
        member,
        "notifications/email/digest",
        {"notifications": notifications, "frequency": frequency},
        kind="",
    )


def _send(member: User, template: str, context: dict, *, kind: str) -> None:
    if not member.email:
        return
    unsubscribe_url = settings.SITE_URL + reverse(
        "notifications:unsubscribe", args=[unsubscribe_token(member, kind)]
    )
    subject, body = render_email(member, template, {**context, "unsubscribe_url": unsubscribe_url})
    EmailMessage(
        subject,
        body,
        None,
        [member.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    ).send()
