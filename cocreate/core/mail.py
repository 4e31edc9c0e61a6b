"""An e-mail backend that writes to the outbox instead of talking SMTP.

Messages are stored in the sender's transaction and delivered by the worker
(`deliver_email`), so a request never waits on a mail server and a message the
user was promised survives a crash.
"""

from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .models import OutboundEmail, SiteSettings


class OutboxEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        from .tasks import deliver_email

        count = 0
        for message in email_messages:
            html = next(
                (
                    content
                    for content, mimetype in getattr(message, "alternatives", [])
                    if mimetype == "text/html"
                ),
                "",
            )
            email = OutboundEmail.objects.create(
                subject=message.subject,
                from_email=message.from_email,
                to=list(message.to),
                cc=list(message.cc),
                bcc=list(message.bcc),
                body=message.body,
                html_body=html,
                headers={str(k): str(v) for k, v in message.extra_headers.items()},
            )
            transaction.on_commit(partial(deliver_email.enqueue, email.pk))
            count += 1
        return count


def render_email(member: Any, template: str, context: dict) -> tuple[str, str]:
    """(subject, body) of `template`_subject.txt and `template`.txt, rendered in
    the member's language with the site's settings and address in context."""
    with translation.override(member.language or settings.LANGUAGE_CODE):
        context = {
            **context,
            "member": member,
            "site_settings": SiteSettings.get(),
            "site_url": settings.SITE_URL,
        }
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    return " ".join(subject.split()), body
