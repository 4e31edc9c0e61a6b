from datetime import timedelta

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .activity import fan_out
from .models import Activity, OutboundEmail

MAX_EMAIL_ATTEMPTS = 5


@task()
def fan_out_activity(activity_id: int) -> None:
    activity = Activity.objects.select_related("actor").filter(pk=activity_id).first()
    if activity is not None:
        fan_out(activity)


@task()
def deliver_email(email_id: int) -> bool:
    """Send one outbox message; a message already sent is left alone."""
    with transaction.atomic():
        email = (
            OutboundEmail.objects.select_for_update()
            .filter(pk=email_id, sent_at__isnull=True)
            .first()
        )
        if email is None:
            return False
        message = mail.EmailMultiAlternatives(
            subject=email.subject,
            body=email.body,
            from_email=email.from_email,
            to=email.to,
            cc=email.cc,
            bcc=email.bcc,
            headers=email.headers,
            connection=mail.get_connection(settings.EMAIL_DELIVERY_BACKEND),
        )
        if email.html_body:
            message.attach_alternative(email.html_body, "text/html")
        email.attempts += 1
        try:
            message.send()
        except Exception as exc:
            email.last_error = str(exc)[:2000]
            email.save(update_fields=["attempts", "last_error"])
            raise
        email.sent_at = timezone.now()
        email.save(update_fields=["attempts", "sent_at", "last_error"])
    return True


@task()
def retry_unsent_email() -> int:
    """Re-enqueue outbox messages that were never delivered (a worker killed
    mid-task, a mail server that was down). Delivery is idempotent."""
    stale = timezone.now() - timedelta(minutes=2)
    ids = list(
        OutboundEmail.objects.filter(
            sent_at__isnull=True, created_at__lt=stale, attempts__lt=MAX_EMAIL_ATTEMPTS
        ).values_list("pk", flat=True)[:500]
    )
    for pk in ids:
        deliver_email.enqueue(pk)
    return len(ids)
