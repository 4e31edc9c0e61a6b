"""An e-mail backend that writes to the outbox instead of talking SMTP.

Messages are stored in the sender's transaction and delivered by the worker
(`deliver_email`), so a request never waits on a mail server and a message the
user was promised survives a crash.
"""

from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from .models import OutboundEmail


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
            transaction.on_commit(lambda pk=email.pk: deliver_email.enqueue(pk))
            count += 1
        return count
